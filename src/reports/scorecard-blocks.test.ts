import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../domain/periods.ts';
import { buildScorecardSection, type StoredFigure } from '../domain/scorecard.ts';
import { RATIO_INDICATOR } from '../../test/support/scorecard-indicators.ts';
import type { Block, ReportTable } from './document.ts';
import { scorecardBlocks } from './scorecard-blocks.ts';

const assessments = RATIO_INDICATOR;

const figure = (breakdown: string, numerator: number, denominator: number): StoredFigure => ({
  period: '2017-05',
  breakdown,
  value: (100 * numerator) / denominator,
  numerator,
  denominator,
  status: 'validated',
  revision: 2,
});

function tableOf(blocks: Block[]): ReportTable {
  const block = blocks.find((b) => b.type === 'table');
  if (block?.type !== 'table') throw new Error('no table');
  return block.table;
}

describe('scorecardBlocks', () => {
  const section = buildScorecardSection(parsePeriod('2017-05')!, {
    indicator: assessments,
    figures: [figure('', 30, 40), figure('locality=EAST', 27, 30), figure('locality=WEST', 3, 10)],
    targets: { '2017-18': { kind: 'value', value: 70, tolerance: 5 } },
    populations: [],
    series: [],
    commentary: 'Better in the east.\n\nWest is recruiting.',
  });
  const blocks = scorecardBlocks(section);
  const table = tableOf(blocks);
  const row = (label: string) => table.rows.findIndex((r) => r.cells[0]!.text === label);
  // Columns: 0 the measure, 1 the six-month comparison, 2 the month, 3 EAST, 4 WEST.

  it('lays the grid out as the page does, with the figures behind each cell', () => {
    expect(table.columns.map((c) => c.label)).toEqual([
      'Measure',
      'Prev. 6 months average',
      'May-17',
      'EAST',
      'WEST',
    ]);
    expect(table.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['In time', '', '30', '27', '3'],
      ['Late', '', '10', '3', '7'],
      ['Total', '', '40', '30', '10'],
      ['% in time', '', '75%', '90%', '30%'],
    ]);
    expect(table.rows[row('In time')]!.cells[2]).toMatchObject({
      value: 30,
      isCount: true,
      format: { kind: 'count', decimals: 0 },
      source: { indicator: 'R1', period: '2017-05', breakdown: '', revision: 2 },
    });
    expect(table.rows[row('% in time')]!.cells[3]).toMatchObject({
      value: 90,
      format: { kind: 'percent', decimals: 0 },
      source: { breakdown: 'locality=EAST' },
    });
  });

  it('says each percentage is worked out from its own column’s numerator and total', () => {
    expect(table.rows[row('% in time')]!.cells[4]!.derivedFrom).toEqual([
      { row: row('In time'), column: 4 },
      { row: row('Total'), column: 4 },
    ]);
    expect(table.rows[row('% in time')]!.cells[4]!.isCount).toBeUndefined();
  });

  it('says the localities add up to the month, and the numerator and the late ones to the total', () => {
    expect(table.totals).toContainEqual({
      total: { row: row('Late'), column: 2 },
      parts: [
        { row: row('Late'), column: 3 },
        { row: row('Late'), column: 4 },
      ],
    });
    expect(table.totals).toContainEqual({
      total: { row: row('Total'), column: 4 },
      parts: [
        { row: row('In time'), column: 4 },
        { row: row('Late'), column: 4 },
      ],
    });
    // A percentage never adds up to anything.
    expect(table.totals!.some((t) => t.total.row === row('% in time'))).toBe(false);
  });

  it('claims no sums for an indicator whose localities do not add up', () => {
    const notAdditive = scorecardBlocks({ ...section, isAdditive: false });
    const relations = tableOf(notAdditive).totals!;
    expect(relations.every((t) => t.total.row === row('Total'))).toBe(true);
  });

  it('follows the grid with the target, the rating in words and colour, the trend and the commentary', () => {
    expect(blocks[0]).toEqual({ type: 'heading', text: 'R1: Assessments in time' });
    const summary = blocks.find((b) => b.type === 'summary');
    expect(summary).toMatchObject({
      items: [
        { label: 'Target', text: '70%' },
        {
          label: 'Performance rating',
          text: expect.stringMatching(/^Better than target\. /),
          rating: 'green',
        },
        { label: 'Trend', text: expect.stringContaining('Not available') },
      ],
    });
    expect(
      blocks.filter((b) => b.type === 'paragraph' && !b.isNote).map((b) => b.type === 'paragraph' && b.text),
    ).toEqual(['Better in the east.', 'West is recruiting.']);
  });
});
