import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../domain/periods.ts';
import {
  buildScorecardSection,
  type ScorecardIndicatorDefinition,
  type StoredFigure,
} from '../domain/scorecard.ts';
import { RATIO_INDICATOR } from '../../test/support/scorecard-indicators.ts';
import { exceptionBlocks, exceptionReasons } from './exceptions.ts';

const indicator: ScorecardIndicatorDefinition = {
  ...RATIO_INDICATOR,
  ref: 'X1',
  title: 'Re-referrals',
  aim: 'smaller_is_better',
  isRatio: false,
  isAdditive: false,
  numeratorLabel: '',
  denominatorLabel: '',
  complementLabel: '',
  valueLabel: 'Re-referrals %',
  columnDimension: null,
};

const figure = (period: string, value: number): StoredFigure => ({
  period,
  breakdown: '',
  value,
  numerator: null,
  denominator: null,
  status: 'validated',
  revision: 1,
});

/** The indicator's scorecard section for a month, from monthly figures (period → value). */
const sectionFor = (month: string, values: Record<string, number>, target = 24, tolerance = 2) =>
  buildScorecardSection(parsePeriod(month)!, {
    indicator,
    figures: Object.entries(values).map(([period, value]) => figure(period, value)),
    targets: { '2017-18': { kind: 'value', value: target, tolerance } },
    populations: [],
    series: [],
    commentary: null,
  });

describe('exceptionReasons', () => {
  it('names a figure outside tolerance', () => {
    expect(exceptionReasons(sectionFor('2017-05', { '2017-04': 27, '2017-05': 27 }), undefined)).toEqual([
      'Outside tolerance',
    ]);
  });

  it('is silent at the edge of tolerance and for one worse period', () => {
    const may = sectionFor('2017-05', { '2017-04': 20, '2017-05': 26 });
    const april = sectionFor('2017-04', { '2017-03': 21, '2017-04': 20 });
    expect(exceptionReasons(may, april)).toEqual([]);
  });

  it('names an indicator worse in each of the last two periods, even within target', () => {
    const may = sectionFor('2017-05', { '2017-04': 20, '2017-05': 22 });
    const april = sectionFor('2017-04', { '2017-03': 18, '2017-04': 20 });
    expect(exceptionReasons(may, april)).toEqual(['Worse for two periods running (Apr 2017 and May 2017)']);
  });

  it('gives both reasons when both hold, and needs the earlier period to judge the second', () => {
    const may = sectionFor('2017-05', { '2017-04': 26, '2017-05': 28 });
    const april = sectionFor('2017-04', { '2017-03': 25, '2017-04': 26 });
    expect(exceptionReasons(may, april)).toEqual([
      'Outside tolerance',
      'Worse for two periods running (Apr 2017 and May 2017)',
    ]);
    expect(exceptionReasons(may, undefined)).toEqual(['Outside tolerance']);
  });
});

describe('exceptionBlocks', () => {
  it('says so when there are none', () => {
    expect(exceptionBlocks([])).toEqual([
      { type: 'paragraph', text: 'No indicator is outside tolerance or worse for two periods running.' },
    ]);
  });

  it('tabulates each exception with its figure, rating and reasons', () => {
    const section = sectionFor('2017-05', { '2017-04': 27, '2017-05': 27 });
    const [block] = exceptionBlocks([{ section, reasons: ['Outside tolerance'] }]);
    if (block?.type !== 'table') throw new Error('expected a table');
    expect(block.table.rows[0]!.cells.map((c) => c.text)).toEqual([
      'X1: Re-referrals',
      'May 2017',
      '27%',
      '24%',
      'Missed, outside tolerance',
      'Outside tolerance',
      '',
    ]);
    expect(block.table.rows[0]!.cells[2]).toMatchObject({
      value: 27,
      source: { indicator: 'X1', period: '2017-05' },
    });
    expect(block.table.rows[0]!.cells[4]!.rating).toBe('red');
  });
});
