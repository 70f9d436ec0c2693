import { describe, expect, it } from 'vitest';
import { notRecorded } from '../measure.ts';
import { childrenOnCpPlan, childrenOnCpPlanRate, cpVisitsWithinStandard } from './children-on-plan.ts';
import { rowsOf, tally } from './test-support.ts';
import { plan, visit } from '../test-records.ts';

describe('children on a plan at the period end', () => {
  it('counts children whose plan is open at the end of the period’s last day', () => {
    const rows = rowsOf(
      childrenOnCpPlan,
      {
        protectionPlans: [
          plan('A', '2022-01-01', null),
          plan('B', '2022-01-01', '2023-03-31'),
          plan('C', '2022-01-01', '2023-04-01'),
          plan('D', '2023-03-31', null),
          plan('E', '2023-04-01', null),
        ],
      },
      'FY2022-23',
    );
    expect(rows.map((r) => r.childId)).toEqual(['A', 'C', 'D']);
  });

  it('counts a child once, with the latest plan open, and takes their age at the period end', () => {
    const rows = rowsOf(
      childrenOnCpPlan,
      {
        protectionPlans: [
          plan('A', '2022-01-01', null),
          plan('A', '2022-06-01', null),
          plan('A', '2021-01-01', '2021-06-01'),
        ],
      },
      '2022-12',
    );
    expect(rows.map((r) => [r.recordKey, r.ageAt])).toEqual([['330|A|2022-06-01', '2022-12-31']]);
  });

  it('answers for a February that ends on the 29th', () => {
    const rows = rowsOf(
      childrenOnCpPlan,
      { protectionPlans: [plan('A', '2024-02-29', null), plan('B', '2023-01-01', '2024-02-29')] },
      '2024-02',
    );
    expect(rows.map((r) => r.childId)).toEqual(['A']);
  });

  it('leaves out a child whose open plan has an end date that failed validation', () => {
    const rows = rowsOf(
      childrenOnCpPlan,
      { protectionPlans: [plan('A', '2022-01-01', null, { problems: ['endDate'] })] },
      '2022-12',
    );
    expect(tally(rows)).toEqual({ numerator: 0, denominator: 0, leftOut: 1 });
  });

  it('has no rows when no child is on a plan', () => {
    expect(rowsOf(childrenOnCpPlan, {}, '2022-12')).toEqual([]);
  });

  it('gives the rate the same rows as the count', () => {
    const records = { protectionPlans: [plan('A', '2022-01-01', null)] };
    expect(rowsOf(childrenOnCpPlanRate, records, '2022-12')).toEqual(
      rowsOf(childrenOnCpPlan, records, '2022-12'),
    );
  });
});

describe('children on a plan visited within the standard', () => {
  const visited = (visitDates: string[], periodCode: string, settings = {}) =>
    rowsOf(
      cpVisitsWithinStandard,
      {
        protectionPlans: [plan('A', '2022-06-01', null)],
        protectionVisits: visitDates.map((d) => visit('A', '2022-06-01', d)),
      },
      periodCode,
      settings,
    )[0]!;

  // 31 Jan 2023 is a Tuesday; working days after 17 Jan up to 31 Jan: 18–20, 23–27, 30, 31 = 10.
  it('counts a child last visited exactly 10 working days before the period end', () => {
    expect(visited(['2023-01-17'], '2023-01').inNumerator).toBe(true);
  });

  it('does not count a child last visited 11 working days before the period end', () => {
    expect(visited(['2023-01-16'], '2023-01').inNumerator).toBe(false);
  });

  // Working days after 14 Dec 2022 up to Sat 31 Dec: 15, 16, 19–23, 28–30 (26 and 27 Dec bank holidays) = 10.
  it('does not count the Christmas bank holidays against the standard', () => {
    expect(visited(['2022-12-14'], '2022-12').inNumerator).toBe(true);
    expect(visited(['2022-12-13'], '2022-12').inNumerator).toBe(false);
  });

  it('takes the latest visit on or before the period end, not one after it', () => {
    const row = visited(['2023-01-03', '2023-02-02'], '2023-01');
    expect(row.dates['Latest visit']).toBe('2023-01-03');
    expect(row.inNumerator).toBe(false);
  });

  it('counts a visit on the period end day', () => {
    expect(visited(['2023-01-31'], '2023-01').inNumerator).toBe(true);
  });

  it('keeps a child with no visit during the plan in the denominator only', () => {
    const row = rowsOf(
      cpVisitsWithinStandard,
      {
        protectionPlans: [plan('A', '2023-01-20', null)],
        protectionVisits: [visit('A', '2022-06-01', '2023-01-19')],
      },
      '2023-01',
    )[0]!;
    expect(row.dates['Latest visit']).toBeNull();
    expect(tally([row])).toEqual({ numerator: 0, denominator: 1, leftOut: 0 });
  });

  it('leaves every child out when no return held records visits (only Annex A does)', () => {
    const rows = rowsOf(
      cpVisitsWithinStandard,
      { protectionPlans: [plan('A', '2023-01-02', null)] },
      '2023-01',
    );
    expect(tally(rows)).toEqual({ numerator: 0, denominator: 0, leftOut: 1 });
    expect(rows[0]!.leftOutBecause).toBe(notRecorded('protectionVisits'));
  });

  it('reads the standard from the settings', () => {
    expect(visited(['2023-01-16'], '2023-01', { protectionVisitWorkingDays: 11 }).inNumerator).toBe(true);
  });
});
