import { describe, expect, it } from 'vitest';
import { renderStatusBarChart, statusBars } from './status-bar-chart.ts';

const STATUSES = [
  { key: 'amber', label: 'Amber', colour: '#f47738' },
  { key: 'red', label: 'Red', colour: '#d4351c' },
  { key: 'none', label: 'Not rated', colour: '#b1b4b6' },
];

describe('the stacked status chart', () => {
  const bars = statusBars(
    [
      { label: 'A', byStatus: { amber: 3, red: 0, none: 1 } },
      { label: 'B', byStatus: { amber: 0, red: 0, none: 2 } },
    ],
    STATUSES,
  );

  it('has one segment per status some row has, counts in row order', () => {
    expect(bars).toEqual({
      rows: ['A', 'B'],
      series: [
        { name: 'Amber', colour: '#f47738', counts: [3, 0] },
        { name: 'Not rated', colour: '#b1b4b6', counts: [1, 2] },
      ],
    });
  });

  it('draws an SVG named for screen readers with every count in words', () => {
    const svg = renderStatusBarChart(bars, { title: 'Projects by status' });
    expect(svg).toMatch(
      /^<svg role="img" aria-label="Projects by status. A: 3 Amber, 1 Not rated; B: 0 Amber, 2 Not rated."/,
    );
    expect(svg).toContain('#f47738');
  });
});
