import { describe, expect, it } from 'vitest';
import { monthsIn, parsePeriod, type Period } from './periods.ts';
import type { StoredFigure } from './scorecard.ts';
import {
  combineMethod,
  periodsEndingIn,
  periodsNeededFor,
  quartersOf,
  reportingYearSpan,
  spanFigure,
  type YearFigureIndicator,
} from './year-figures.ts';

const period = (code: string): Period => parsePeriod(code)!;

const monthly: YearFigureIndicator = {
  unit: 'percent',
  frequency: 'monthly',
  basis: 'in_period',
  comparison: 'six_month_average',
  reportingYear: 'financial',
  isRatio: true,
};

function figure(p: string, value: number | null, parts: [number, number] | null = null): StoredFigure {
  return {
    period: p,
    breakdown: '',
    value,
    numerator: parts?.[0] ?? null,
    denominator: parts?.[1] ?? null,
    status: 'validated',
    revision: 1,
  };
}

describe('reporting years and their periods', () => {
  it('reads 2017-18 as the financial, academic or calendar year (the calendar year ending inside it)', () => {
    expect(reportingYearSpan('2017-18', 'financial').code).toBe('FY2017-18');
    expect(reportingYearSpan('2017-18', 'academic').code).toBe('AY2017-18');
    expect(reportingYearSpan('2017-18', 'calendar').code).toBe('CY2017');
  });

  it('refuses a year not written as 2017-18', () => {
    expect(() => reportingYearSpan('2017-19', 'financial')).toThrow(/2017-18/);
    expect(() => reportingYearSpan('2017', 'calendar')).toThrow(/2017-18/);
    expect(() => quartersOf('2017')).toThrow(/2022-23/);
  });

  it('lists the financial quarters Q1 to Q4, Q4 in the next calendar year', () => {
    expect(quartersOf('2022-23').map((q) => [q.code, q.start])).toEqual([
      ['2022-23-Q1', '2022-04-01'],
      ['2022-23-Q2', '2022-07-01'],
      ['2022-23-Q3', '2022-10-01'],
      ['2022-23-Q4', '2023-01-01'],
    ]);
  });

  it('places a term in the quarter it ends in, and leaves a quarter no term ends in empty', () => {
    expect(periodsEndingIn('term', period('2022-23-Q3')).map((p) => p.code)).toEqual(['2022-23-autumn']);
    expect(periodsEndingIn('term', period('2022-23-Q4')).map((p) => p.code)).toEqual(['2022-23-spring']);
    expect(periodsEndingIn('term', period('2022-23-Q2')).map((p) => p.code)).toEqual(['2021-22-summer']);
    expect(periodsEndingIn('term', period('2022-23-Q1'))).toEqual([]);
  });

  it('lists the months of a financial year across the calendar year end', () => {
    expect(periodsEndingIn('month', period('FY2017-18')).map((p) => p.code)).toEqual(
      monthsIn(period('FY2017-18')),
    );
  });

  it('names every period it may read: the span itself and the periods ending in it', () => {
    expect(periodsNeededFor({ frequency: 'quarterly' }, [period('FY2022-23')])).toEqual([
      'FY2022-23',
      '2022-04..2023-03',
      '2022-23-Q1',
      '2022-23-Q2',
      '2022-23-Q3',
      '2022-23-Q4',
    ]);
  });
});

describe('combining periods', () => {
  it('sums ratios and months shown cumulatively, and averages the rest', () => {
    expect(combineMethod({ isRatio: true, comparison: 'six_month_average' })).toBe('sum');
    expect(combineMethod({ isRatio: false, comparison: 'six_month_cumulative' })).toBe('sum');
    expect(combineMethod({ isRatio: false, comparison: 'six_month_average' })).toBe('average');
  });
});

describe('the figure for a year or a quarter', () => {
  const year = period('FY2017-18');
  const months = monthsIn(year);

  it('is a ratio of sums over the months of an in-period measure, across the calendar year end', () => {
    const figures = months.map((m, i) => figure(m, null, [i === 11 ? 30 : 0, i === 11 ? 120 : 10]));
    const result = spanFigure(monthly, year, figures);
    expect(result.numerator).toBe(30);
    expect(result.denominator).toBe(230);
    expect(result.value).toBeCloseTo((30 * 100) / 230, 12);
    expect(result.figure).toBeNull();
    expect(result.figures.map((f) => f.period)).toEqual(months);
  });

  it('has no figure when a month is missing, and says which', () => {
    const figures = months.filter((m) => m !== '2018-01').map((m) => figure(m, 10, [1, 10]));
    const result = spanFigure(monthly, year, figures);
    expect(result.value).toBeNull();
    expect(result.note).toBe('Missing Jan-18.');
  });

  it('shows the figure stored for the whole year when months are missing, and says so', () => {
    const figures = [figure('2017-04', 10, [1, 10]), figure('FY2017-18', 12.5, [25, 200])];
    const result = spanFigure(monthly, year, figures);
    expect(result.value).toBe(12.5);
    expect(result.figure?.period).toBe('FY2017-18');
    expect(result.note).toMatch(/^2017-18 is the figure as reported for the whole period \(missing May-17/);
  });

  it('also finds the whole-year figure stored as its range of months', () => {
    const figures = [figure('2017-04..2018-03', 12.5, [25, 200])];
    expect(spanFigure(monthly, year, figures)).toMatchObject({
      value: 12.5,
      figure: { period: '2017-04..2018-03' },
    });
  });

  it('takes the year-end month for a snapshot (March), whatever came before', () => {
    const snapshot = { ...monthly, basis: 'snapshot' as const, isRatio: false, unit: 'count' as const };
    const figures = [figure('2018-02', 900), figure('2018-03', 1000)];
    expect(spanFigure(snapshot, year, figures)).toMatchObject({ value: 1000, figure: { period: '2018-03' } });
    expect(spanFigure(snapshot, period('2017-18-Q3'), figures)).toMatchObject({
      value: null,
      note: 'No figure for Dec-17.',
    });
  });

  it('takes the last quarter of a year-to-date quarterly measure', () => {
    const ytd = { ...monthly, frequency: 'quarterly' as const, basis: 'year_to_date' as const };
    const figures = [figure('2017-18-Q3', 40, [4, 10]), figure('2017-18-Q4', 50, [10, 20])];
    expect(spanFigure(ytd, year, figures).value).toBe(50);
  });

  it("is a quarterly indicator's own figure for its quarter, and nothing for a quarter without one", () => {
    const quarterly = { ...monthly, frequency: 'quarterly' as const };
    const figures = [figure('2022-23-Q3', 69)];
    expect(spanFigure(quarterly, period('2022-23-Q3'), figures)).toMatchObject({ value: 69, note: null });
    expect(spanFigure(quarterly, period('2022-23-Q4'), figures)).toMatchObject({
      value: null,
      note: 'No figure for Q4 22-23.',
    });
  });

  it("is an annual indicator's figure for the year", () => {
    const annual = { ...monthly, frequency: 'academic_year' as const, reportingYear: 'academic' as const };
    const figures = [figure('AY2017-18', 5.2)];
    expect(spanFigure(annual, reportingYearSpan('2017-18', 'academic'), figures).value).toBe(5.2);
  });

  it('averages a measure without parts whose months are shown as an average, and sums one shown cumulatively', () => {
    const counts = { ...monthly, isRatio: false, unit: 'count' as const };
    const q1 = period('2017-18-Q1');
    const figures = ['2017-04', '2017-05', '2017-06'].map((m, i) => figure(m, (i + 1) * 10));
    expect(spanFigure(counts, q1, figures).value).toBe(20);
    expect(spanFigure({ ...counts, comparison: 'six_month_cumulative' }, q1, figures).value).toBe(60);
  });

  it('says there is nothing to measure when the stored figure has a zero denominator', () => {
    const quarterly = { ...monthly, frequency: 'quarterly' as const };
    const result = spanFigure(quarterly, period('2022-23-Q1'), [figure('2022-23-Q1', null, [0, 0])]);
    expect(result.note).toBe('Nothing to measure in Q1 22-23: the denominator is 0.');
  });
});
