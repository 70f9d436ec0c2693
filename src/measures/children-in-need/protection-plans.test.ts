import { describe, expect, it } from 'vitest';
import {
  cpPlansEndingWithin3Months,
  cpPlansLasting2YearsOrMore,
  cpPlansSecondOrSubsequent,
  cpPlansSecondOrSubsequentWithin2Years,
  cpPlansStarted,
} from './protection-plans.ts';
import { rowsOf, tally } from './test-support.ts';
import { plan } from '../test-records.ts';

describe('plans started', () => {
  it('counts plans starting in the period, both end days included', () => {
    const rows = rowsOf(
      cpPlansStarted,
      {
        protectionPlans: [
          plan('A', '2022-03-31', null),
          plan('B', '2022-04-01', null),
          plan('C', '2023-03-31', '2023-04-02'),
        ],
      },
      'FY2022-23',
    );
    expect(rows.map((r) => r.childId)).toEqual(['B', 'C']);
  });

  it('leaves out a plan whose start date failed validation', () => {
    const rows = rowsOf(
      cpPlansStarted,
      { protectionPlans: [plan('A', '2022-05-01', null, { problems: ['startDate'] })] },
      'FY2022-23',
    );
    expect(tally(rows)).toEqual({ numerator: 0, denominator: 0, leftOut: 1 });
  });
});

describe('second or subsequent plans', () => {
  it('counts a plan for a child who had a plan before, however long ago', () => {
    const rows = rowsOf(
      cpPlansSecondOrSubsequent,
      { protectionPlans: [plan('A', '2012-01-01', '2012-06-01'), plan('A', '2022-05-01', null)] },
      'FY2022-23',
    );
    expect(tally(rows)).toEqual({ numerator: 1, denominator: 1, leftOut: 0 });
    expect(rows[0]!.dates['Previous plan started']).toBe('2012-01-01');
  });

  it('counts a plan whose record says the child had previous plans, when the records hold none', () => {
    const rows = rowsOf(
      cpPlansSecondOrSubsequent,
      { protectionPlans: [plan('A', '2022-05-01', null, { previousPlans: 2 })] },
      'FY2022-23',
    );
    expect(tally(rows).numerator).toBe(1);
  });

  it('does not count a first plan, nor trust a number of previous plans that failed validation', () => {
    const rows = rowsOf(
      cpPlansSecondOrSubsequent,
      {
        protectionPlans: [
          plan('A', '2022-05-01', null, { previousPlans: 0 }),
          plan('B', '2022-05-01', null, { previousPlans: 3, problems: ['previousPlans'] }),
        ],
      },
      'FY2022-23',
    );
    expect(tally(rows)).toEqual({ numerator: 0, denominator: 2, leftOut: 0 });
  });

  it('counts the second of two plans starting in the same period, not the first', () => {
    const rows = rowsOf(
      cpPlansSecondOrSubsequent,
      { protectionPlans: [plan('A', '2022-05-01', '2022-06-01'), plan('A', '2022-09-01', null)] },
      'FY2022-23',
    );
    expect(rows.map((r) => r.inNumerator)).toEqual([false, true]);
  });
});

describe('second or subsequent plans within 2 years', () => {
  const starting = (previousEnd: string | null, start: string, periodCode: string) =>
    rowsOf(
      cpPlansSecondOrSubsequentWithin2Years,
      { protectionPlans: [plan('A', '2019-01-01', previousEnd), plan('A', start, null)] },
      periodCode,
    ).map((r) => r.inNumerator);

  it('counts a plan starting exactly 2 years after the previous plan ended', () => {
    expect(starting('2021-06-15', '2023-06-15', 'FY2023-24')).toEqual([true]);
  });

  it('does not count a plan starting 2 years and a day after the previous plan ended', () => {
    expect(starting('2021-06-14', '2023-06-15', 'FY2023-24')).toEqual([false]);
  });

  it('reads 2 years before 29 February as 28 February', () => {
    expect(starting('2022-02-28', '2024-02-29', 'FY2023-24')).toEqual([true]);
    expect(starting('2022-02-27', '2024-02-29', 'FY2023-24')).toEqual([false]);
  });

  it('counts a plan starting the day the previous one ended', () => {
    expect(starting('2023-06-15', '2023-06-15', 'FY2023-24')).toEqual([true]);
  });

  it('does not count a plan after a previous plan still open, nor one only recorded as a number', () => {
    expect(starting(null, '2023-06-15', 'FY2023-24')).toEqual([false]);
    const rows = rowsOf(
      cpPlansSecondOrSubsequentWithin2Years,
      { protectionPlans: [plan('A', '2023-06-15', null, { previousPlans: 1 })] },
      'FY2023-24',
    );
    expect(tally(rows)).toEqual({ numerator: 0, denominator: 1, leftOut: 0 });
  });

  it('takes the latest previous plan to end, and ignores an end date that failed validation', () => {
    const rows = rowsOf(
      cpPlansSecondOrSubsequentWithin2Years,
      {
        protectionPlans: [
          plan('A', '2015-01-01', '2016-01-01'),
          plan('A', '2020-01-01', '2022-01-01', { problems: ['endDate'] }),
          plan('A', '2023-06-15', null),
        ],
      },
      'FY2023-24',
    );
    expect(rows[0]!.dates['Previous plan ended']).toBe('2016-01-01');
    expect(rows[0]!.inNumerator).toBe(false);
  });
});

describe('plans ended that lasted 2 years or more', () => {
  const ended = (start: string, end: string) =>
    rowsOf(cpPlansLasting2YearsOrMore, { protectionPlans: [plan('A', start, end)] }, 'FY2024-25').map(
      (r) => r.inNumerator,
    );

  it('counts a plan that lasted 730 days counting its first and last days (DfE: more than 729), not one of 729', () => {
    const rows = rowsOf(
      cpPlansLasting2YearsOrMore,
      { protectionPlans: [plan('A', '2024-03-01', '2026-02-28'), plan('B', '2024-03-01', '2026-02-27')] },
      'FY2025-26',
    );
    expect(rows.map((r) => [r.childId, r.inNumerator])).toEqual([
      ['A', true],
      ['B', false],
    ]);
  });

  it('counts days, not anniversaries: a plan spanning 29 February 2024 reaches 2 years a day sooner', () => {
    // 1 Apr 2023 to 30 Mar 2025 is 730 days counting both ends, because of 29 February 2024.
    expect(ended('2023-04-01', '2025-03-30')).toEqual([true]);
    // 2 Apr 2022 to 31 Mar 2024 (leap): 730 days counting both ends.
    expect(
      rowsOf(
        cpPlansLasting2YearsOrMore,
        { protectionPlans: [plan('A', '2022-04-02', '2024-03-31')] },
        'FY2023-24',
      )[0]!.inNumerator,
    ).toBe(true);
  });

  it('does not count a plan still open, or one that ended outside the period', () => {
    const rows = rowsOf(
      cpPlansLasting2YearsOrMore,
      { protectionPlans: [plan('A', '2020-01-01', null), plan('B', '2020-01-01', '2024-03-31')] },
      'FY2024-25',
    );
    expect(rows).toEqual([]);
  });

  it('leaves out a plan that ended before it started', () => {
    const rows = rowsOf(
      cpPlansLasting2YearsOrMore,
      { protectionPlans: [plan('A', '2024-06-01', '2024-05-01')] },
      'FY2024-25',
    );
    expect(rows[0]!.leftOutBecause).toBe('endDate');
    expect(tally(rows)).toEqual({ numerator: 0, denominator: 0, leftOut: 1 });
  });

  it('leaves out a plan whose start date failed validation', () => {
    const rows = rowsOf(
      cpPlansLasting2YearsOrMore,
      { protectionPlans: [plan('A', '2020-01-01', '2024-05-01', { problems: ['startDate'] })] },
      'FY2024-25',
    );
    expect(tally(rows)).toEqual({ numerator: 0, denominator: 0, leftOut: 1 });
  });
});

describe('plans ended within 3 months', () => {
  const ended = (start: string, end: string) =>
    rowsOf(cpPlansEndingWithin3Months, { protectionPlans: [plan('A', start, end)] }, 'FY2022-23').map(
      (r) => r.inNumerator,
    );

  it('does not count a plan that lasted exactly 3 months', () => {
    expect(ended('2022-05-15', '2022-08-15')).toEqual([false]);
  });

  it('counts a plan that ended the day before 3 months were up', () => {
    expect(ended('2022-05-15', '2022-08-14')).toEqual([true]);
  });

  it('reads 3 months after 30 November as 28 February', () => {
    expect(ended('2022-11-30', '2023-02-27')).toEqual([true]);
    expect(ended('2022-11-30', '2023-02-28')).toEqual([false]);
  });

  it('counts a plan that ended the day it started', () => {
    expect(ended('2022-06-01', '2022-06-01')).toEqual([true]);
  });
});
