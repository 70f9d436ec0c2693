import { describe, expect, it } from 'vitest';
import { parsePeriod, type Period } from './periods.ts';
import { isSameSeries, type SeriesStart, seriesIndexFor, seriesStartsWithin } from './series.ts';

function p(code: string): Period {
  const period = parsePeriod(code);
  if (!period) throw new Error(code);
  return period;
}

const NEW_SCORING: SeriesStart = {
  startsOn: '2016-09-01',
  definition: 'Progress 8 score',
  reason: 'Not comparable: new scoring system',
};
const EXCLUDE_18_PLUS: SeriesStart = {
  startsOn: '2015-04-01',
  definition: 'Children in care aged under 18',
  reason: 'Since April 2015 18+ are excluded from the total',
};
const MID_MONTH: SeriesStart = {
  startsOn: '2018-04-15',
  definition: 'Re-referrals within 12 months, new system',
  reason: 'Case management system replaced',
};

describe('seriesIndexFor', () => {
  it('puts every period in series 0 when the definition has never changed', () => {
    expect(seriesIndexFor(p('2017-05'), [])).toBe(0);
  });

  it('puts a period before the first start in series 0', () => {
    expect(seriesIndexFor(p('2015-03'), [EXCLUDE_18_PLUS])).toBe(0);
  });

  it('puts a period that starts on the start date in the new series', () => {
    expect(seriesIndexFor(p('2015-04'), [EXCLUDE_18_PLUS])).toBe(1);
    expect(seriesIndexFor(p('FY2015-16'), [EXCLUDE_18_PLUS])).toBe(1);
  });

  it('counts the starts on or before the period start, in whatever order they are given', () => {
    const starts = [NEW_SCORING, EXCLUDE_18_PLUS];
    expect(seriesIndexFor(p('2014-05'), starts)).toBe(0);
    expect(seriesIndexFor(p('2016-05'), starts)).toBe(1);
    expect(seriesIndexFor(p('2016-09'), starts)).toBe(2);
    expect(seriesIndexFor(p('AY2016-17'), starts)).toBe(2);
  });

  it('puts a period in the series in force at its start date, even if the definition changes part-way through', () => {
    expect(seriesIndexFor(p('FY2016-17'), [NEW_SCORING])).toBe(0);
    expect(seriesIndexFor(p('2016-07..2016-12'), [NEW_SCORING])).toBe(0);
  });

  it('keeps a month in the old series when the new definition starts mid-month', () => {
    expect(seriesIndexFor(p('2018-04'), [MID_MONTH])).toBe(0);
    expect(seriesIndexFor(p('2018-05'), [MID_MONTH])).toBe(1);
  });

  it('throws for a start that is not a real date', () => {
    expect(() => seriesIndexFor(p('2017-05'), [{ ...NEW_SCORING, startsOn: '2016-09' }])).toThrow(/2016-09/);
    expect(() => seriesIndexFor(p('2017-05'), [{ ...NEW_SCORING, startsOn: '2017-02-30' }])).toThrow(
      /2017-02-30/,
    );
  });

  it('throws for two starts on the same day', () => {
    expect(() =>
      seriesIndexFor(p('2017-05'), [NEW_SCORING, { ...NEW_SCORING, definition: 'other' }]),
    ).toThrow(/same day/);
  });
});

describe('isSameSeries', () => {
  it('compares periods on the same side of a break', () => {
    expect(isSameSeries(p('2017-05'), p('2016-09'), [NEW_SCORING])).toBe(true);
    expect(isSameSeries(p('2016-07'), p('2016-08'), [NEW_SCORING])).toBe(true);
  });

  it('never compares periods either side of a break', () => {
    expect(isSameSeries(p('2016-09'), p('2016-08'), [NEW_SCORING])).toBe(false);
    expect(isSameSeries(p('AY2016-17'), p('AY2015-16'), [NEW_SCORING])).toBe(false);
  });

  it('compares any two periods when there are no breaks', () => {
    expect(isSameSeries(p('2010-01'), p('2017-05'), [])).toBe(true);
  });

  it('separates periods two breaks apart', () => {
    expect(isSameSeries(p('2014-01'), p('2017-01'), [NEW_SCORING, EXCLUDE_18_PLUS])).toBe(false);
  });
});

describe('seriesStartsWithin', () => {
  it('finds a break inside a rolling 12 months, which mixes two definitions', () => {
    expect(seriesStartsWithin(p('2016-06..2017-05'), [NEW_SCORING, EXCLUDE_18_PLUS])).toEqual([NEW_SCORING]);
  });

  it('finds a break on the last day of the period', () => {
    const lastDay = { ...NEW_SCORING, startsOn: '2017-05-31' };
    expect(seriesStartsWithin(p('2017-05'), [lastDay])).toEqual([lastDay]);
  });

  it('does not count a break on the first day, where the whole period is in the new series', () => {
    expect(seriesStartsWithin(p('2016-09'), [NEW_SCORING])).toEqual([]);
  });

  it('lists several breaks oldest first', () => {
    const later = { ...NEW_SCORING, startsOn: '2017-01-01' };
    expect(seriesStartsWithin(p('FY2016-17'), [later, NEW_SCORING])).toEqual([NEW_SCORING, later]);
  });

  it('is empty when no break falls in the period', () => {
    expect(seriesStartsWithin(p('2017-05'), [NEW_SCORING, EXCLUDE_18_PLUS])).toEqual([]);
  });

  it('throws for a start that is not a real date', () => {
    expect(() => seriesStartsWithin(p('2017-05'), [{ ...NEW_SCORING, startsOn: 'soon' }])).toThrow(/soon/);
  });
});
