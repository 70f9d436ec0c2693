import { describe, expect, it } from 'vitest';
import type { ReportTable } from '../document.ts';
import { buildPanelBlocks, headlineFigure, NOT_AVAILABLE, tableBlocks } from './build-panel.ts';
import { describeBars } from './comparison-chart.ts';
import {
  comparatorKey,
  placeKey,
  placesOf,
  type ComparatorPlace,
  type FigurePlace,
  type IndicatorFacts,
  type InfographicPanel,
  type PanelFigures,
  type TableSpec,
} from './panel.ts';
import { CSC_2017_05, EDUCATION_2017_05, INFOGRAPHIC_PANELS, PANEL_CHOICES } from './panels.ts';

const INDICATORS: IndicatorFacts[] = [
  { ref: 'COUNT', title: 'A count', unit: 'count', decimals: 0 },
  { ref: 'PCT', title: 'A percentage', unit: 'percent', decimals: 1 },
  { ref: 'MONEY', title: 'A budget', unit: 'money', decimals: 0 },
];

function data(figures: [FigurePlace, number][], comparators: [ComparatorPlace, number][] = []): PanelFigures {
  return {
    indicators: new Map(INDICATORS.map((i) => [i.ref, i])),
    figures: new Map(
      figures.map(([place, value]) => [
        placeKey(place),
        { value, numerator: null, denominator: null, revision: 1 },
      ]),
    ),
    comparators: new Map(comparators.map(([place, value]) => [comparatorKey(place), value])),
  };
}

const at = (ref: string, breakdown = ''): FigurePlace => ({ ref, period: '2017-05', breakdown });

describe('headlineFigure', () => {
  it('shows a rounded headline and keeps the exact figure as the value, named in the label', () => {
    const figure = headlineFigure(
      {
        label: '{0} children supported',
        figures: [at('COUNT')],
        rounding: { to: 100, direction: 'nearest' },
        isCount: true,
      },
      data([[at('COUNT'), 1849]]),
    );
    expect(figure).toEqual({
      label: '1,849 children supported',
      text: '1,800',
      value: 1849,
      format: { kind: 'count', decimals: 0 },
      isCount: true,
      source: { indicator: 'COUNT', period: '2017-05', breakdown: '', revision: 1 },
    });
  });

  it('rounds down for a headline that reads as a lower bound (10,454 as 10,000+)', () => {
    const spec = { label: 'Places', figures: [at('COUNT')], suffix: '+' };
    expect(
      headlineFigure({ ...spec, rounding: { to: 1000, direction: 'down' } }, data([[at('COUNT'), 10_954]]))
        .text,
    ).toBe('10,000+');
    expect(
      headlineFigure({ ...spec, rounding: { to: 1000, direction: 'nearest' } }, data([[at('COUNT'), 10_954]]))
        .text,
    ).toBe('11,000+');
  });

  it('adds several figures into one box, which then has no single source', () => {
    const figure = headlineFigure(
      {
        label: '{0} plans and {1} statements',
        figures: [at('COUNT', 'k=a'), at('COUNT', 'k=b')],
        rounding: { to: 100, direction: 'nearest' },
      },
      data([
        [at('COUNT', 'k=a'), 5224],
        [at('COUNT', 'k=b'), 2388],
      ]),
    );
    expect(figure).toMatchObject({ label: '5,224 plans and 2,388 statements', text: '7,600', value: 7612 });
    expect(figure.source).toBeUndefined();
  });

  it('shows money in millions and a percentage beside its comparator', () => {
    expect(
      headlineFigure(
        { label: 'Budget', figures: [at('MONEY')], millions: { decimals: 1 } },
        data([[at('MONEY'), 162_500_000]]),
      ),
    ).toMatchObject({ text: '£162.5m', value: 162_500_000, format: { kind: 'money', decimals: 0 } });
    expect(
      headlineFigure(
        {
          label: 'Reoffending',
          figures: [at('PCT')],
          comparison: { label: 'England and Wales', benchmark: 'national_average' },
        },
        data([[at('PCT'), 35.8]], [[{ ...at('PCT'), benchmark: 'national_average' }, 38]]),
      ),
    ).toMatchObject({ text: '35.8%', comparison: 'England and Wales: 38.0%' });
  });

  it('shows a figure it cannot read as not available, never as zero, and leaves out a missing comparator', () => {
    expect(
      headlineFigure({ label: '{0} children', figures: [at('COUNT')], isCount: true }, data([])),
    ).toEqual({
      label: 'not available children',
      text: NOT_AVAILABLE,
      value: null,
      isCount: true,
    });
    const figure = headlineFigure(
      {
        label: 'Rate',
        figures: [at('PCT')],
        comparison: { label: 'England', benchmark: 'national_average' },
      },
      data([[at('PCT'), 12]]),
    );
    expect(figure.comparison).toBeUndefined();
  });
});

describe('tableBlocks', () => {
  const spec: TableSpec = {
    caption: 'Schools by type',
    ref: 'COUNT',
    period: '2017-05',
    corner: 'Phase',
    rowDimension: 'phase',
    columnDimension: 'type',
    rows: [
      { item: 'primary', label: 'Primary' },
      { item: 'pru', label: 'PRU' },
      { item: null, label: 'Total' },
    ],
    columns: [
      { item: 'la', label: 'LA' },
      { item: 'academy', label: 'Academy' },
      { item: null, label: 'Total' },
    ],
    isCount: false,
  };
  const cells: [FigurePlace, number][] = [
    [at('COUNT', 'phase=primary;type=la'), 10],
    [at('COUNT', 'phase=primary;type=academy'), 5],
    [at('COUNT', 'phase=primary'), 15],
    [at('COUNT', 'phase=pru'), 1],
    [at('COUNT', 'type=la'), 10],
    [at('COUNT', 'type=academy'), 5],
    [at('COUNT', ''), 16],
  ];

  it('lays out rows by columns, blank where no figure is stored, with totals tied to their parts', () => {
    const [block] = tableBlocks(spec, data(cells));
    const table = (block as { table: ReportTable }).table;
    expect(table.columns).toEqual([
      { label: 'Phase', isNumeric: false },
      { label: 'LA', isNumeric: true },
      { label: 'Academy', isNumeric: true },
      { label: 'Total', isNumeric: true },
    ]);
    expect(table.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['Primary', '10', '5', '15'],
      ['PRU', '', '', '1'],
      ['Total', '10', '5', '16'],
    ]);
    expect(table.rows[1]!.cells[1]).toMatchObject({ value: null, isCount: false });
    expect(table.rows[0]!.cells[2]).toMatchObject({
      value: 5,
      format: { kind: 'count', decimals: 0 },
      source: { indicator: 'COUNT', breakdown: 'phase=primary;type=academy' },
    });
    expect(table.rows.map((r) => r.isTotal ?? false)).toEqual([false, false, true]);
    expect(table.totals).toEqual([
      {
        total: { row: 0, column: 3 },
        parts: [
          { row: 0, column: 1 },
          { row: 0, column: 2 },
        ],
      },
      {
        total: { row: 1, column: 3 },
        parts: [
          { row: 1, column: 1 },
          { row: 1, column: 2 },
        ],
      },
      {
        total: { row: 2, column: 3 },
        parts: [
          { row: 2, column: 1 },
          { row: 2, column: 2 },
        ],
      },
      {
        total: { row: 2, column: 1 },
        parts: [
          { row: 0, column: 1 },
          { row: 1, column: 1 },
        ],
      },
      {
        total: { row: 2, column: 2 },
        parts: [
          { row: 0, column: 2 },
          { row: 1, column: 2 },
        ],
      },
      {
        total: { row: 2, column: 3 },
        parts: [
          { row: 0, column: 3 },
          { row: 1, column: 3 },
        ],
      },
    ]);
  });

  it('says where the parts do not add up to the total, and which row has only a total', () => {
    const notes = tableBlocks(spec, data(cells)).flatMap((b) => (b.type === 'paragraph' ? [b.text] : []));
    expect(notes).toEqual([
      'PRU: only the total (1) is given.',
      'Total: LA and Academy add up to 15; the total given is 16.',
    ]);
  });
});

describe('comparison bars', () => {
  it('describes every value in words, naming a missing one', () => {
    expect(
      describeBars({
        title: 'School population',
        categories: ['BME', 'EAL'],
        series: [
          { name: 'Birmingham', colour: '#1d70b8', values: [66.6, 35.8], texts: ['66.6%', '35.8%'] },
          { name: 'England', colour: '#505a5f', values: [28.9, null], texts: ['28.9%', ''] },
        ],
      }),
    ).toBe(
      'School population. BME: Birmingham 66.6%, England 28.9%; EAL: Birmingham 35.8%, England not available.',
    );
  });

  it('draws an SVG named by its description, with both series in the legend', () => {
    const panel: InfographicPanel = {
      id: 'test',
      title: 'Test',
      month: '2017-05',
      items: [
        {
          type: 'bars',
          bars: {
            title: 'Reoffending',
            categories: ['Rate'],
            series: [
              { name: 'Birmingham', colour: '#1d70b8', places: [at('PCT')] },
              {
                name: 'England and Wales',
                colour: '#505a5f',
                places: [{ ...at('PCT'), benchmark: 'national_average' }],
              },
            ],
          },
        },
      ],
    };
    const [block] = buildPanelBlocks(
      panel,
      data([[at('PCT'), 35.8]], [[{ ...at('PCT'), benchmark: 'national_average' }, 38]]),
    );
    expect(block!.type).toBe('chart');
    const chart = (block as { chart: { svg: string; description: string; width: number; height: number } })
      .chart;
    expect(chart.description).toBe('Reoffending. Rate: Birmingham 35.8%, England and Wales 38.0%.');
    expect(chart.svg).toMatch(
      /^<svg role="img" aria-label="Reoffending\. Rate: Birmingham 35\.8%, England and Wales 38\.0%\."/,
    );
    expect(chart.svg).toContain('England and Wales');
    expect(chart.svg).toContain('35.8%');
    expect(chart.svg).not.toContain('<script');
  });
});

describe('the panels', () => {
  it('registers the two May 2017 panels by id, with titles', () => {
    expect(PANEL_CHOICES).toEqual([
      { id: 'csc-2017-05', title: "Children's social care in Birmingham, May 2017" },
      { id: 'education-2017-05', title: 'Education in Birmingham, May 2017' },
    ]);
    expect(INFOGRAPHIC_PANELS.get('csc-2017-05')).toBe(CSC_2017_05);
  });

  it('names the figures and comparators each panel reads, a headline comparison included', () => {
    const places = placesOf(CSC_2017_05);
    expect(places.figures).toContainEqual(at('CSC-07'));
    expect(places.comparators).toContainEqual({
      ...at('INF-CSC-YOS-REOFFENDING'),
      benchmark: 'national_average',
    });
    expect(places.comparators).toContainEqual({
      ...at('INF-CSC-ETH-POP', 'ethnic_group=white'),
      benchmark: 'national_average',
    });
    const education = placesOf(EDUCATION_2017_05);
    // 8 rows by 4 columns of the schools table, each a figure to read.
    expect(
      education.figures.filter((p) => p.ref === 'INF-EDU-SCHOOLS' && p.period === '2017-05'),
    ).toHaveLength(8 * 4 + 1);
  });

  it('shows every box as not available when nothing can be read', () => {
    const blocks = buildPanelBlocks(EDUCATION_2017_05, {
      indicators: new Map(),
      figures: new Map(),
      comparators: new Map(),
    });
    const figures = blocks.flatMap((b) => (b.type === 'figures' ? b.figures : []));
    expect(figures.length).toBeGreaterThan(0);
    expect(figures.every((f) => f.text === NOT_AVAILABLE)).toBe(true);
    expect(blocks.some((b) => b.type === 'paragraph')).toBe(false);
  });
});
