import { describe, expect, it } from 'vitest';
import { cinOpenMoreThan2Years, unallocatedMoreThan7Days } from './open-cases.ts';
import { notRecorded } from '../measure.ts';
import { rowsOf, tally } from './test-support.ts';
import { allocation, referral } from '../test-records.ts';

describe('children in need for more than 2 years', () => {
  it('counts a child whose open episode started more than 2 years before the period end, not exactly 2 years', () => {
    const rows = rowsOf(
      cinOpenMoreThan2Years,
      { referrals: [referral('A', '2021-03-30'), referral('B', '2021-03-31'), referral('C', '2022-01-01')] },
      'FY2022-23',
    );
    expect(rows.map((r) => [r.childId, r.inNumerator])).toEqual([
      ['A', true],
      ['B', false],
      ['C', false],
    ]);
  });

  it('reads 2 years before 29 February as 28 February', () => {
    const rows = rowsOf(
      cinOpenMoreThan2Years,
      { referrals: [referral('A', '2022-02-27'), referral('B', '2022-02-28')] },
      '2024-02',
    );
    expect(rows.map((r) => r.inNumerator)).toEqual([true, false]);
  });

  it('does not count an episode closed on or before the period end', () => {
    const rows = rowsOf(
      cinOpenMoreThan2Years,
      {
        referrals: [
          referral('A', '2020-01-01', { closureDate: '2023-03-31' }),
          referral('B', '2020-01-01', { closureDate: '2023-04-01' }),
        ],
      },
      'FY2022-23',
    );
    expect(rows.map((r) => r.childId)).toEqual(['B']);
  });

  it('counts a child once, from their earliest open episode', () => {
    const rows = rowsOf(
      cinOpenMoreThan2Years,
      { referrals: [referral('A', '2022-06-01'), referral('A', '2020-06-01')] },
      'FY2022-23',
    );
    expect(rows.map((r) => [r.dates['Referral'], r.inNumerator])).toEqual([['2020-06-01', true]]);
  });

  it('leaves out an episode whose closure date failed validation', () => {
    const rows = rowsOf(
      cinOpenMoreThan2Years,
      { referrals: [referral('A', '2020-06-01', { problems: ['closureDate'] })] },
      'FY2022-23',
    );
    expect(tally(rows)).toEqual({ numerator: 0, denominator: 0, leftOut: 1 });
  });
});

describe('referrals not allocated within 7 days', () => {
  /** An Annex A extract was imported: allocations are recorded, if not for child A. */
  const ANOTHER_CHILDS = allocation('Z', '2023-01-31', { worker: 'SW9' });
  const unallocated = (
    referralDate: string,
    allocations: Parameters<typeof allocation>[] = [],
    settings = {},
  ) =>
    rowsOf(
      unallocatedMoreThan7Days,
      {
        referrals: [referral('A', referralDate)],
        allocations: [...allocations.map((a) => allocation(...a)), ANOTHER_CHILDS],
      },
      '2023-01',
      settings,
    );

  it('counts an open referral with no allocation 8 days on', () => {
    const rows = unallocated('2023-01-23');
    expect(rows[0]!.dates['Allocation due']).toBe('2023-01-30');
    expect(tally(rows)).toEqual({ numerator: 1, denominator: 1, leftOut: 0 });
  });

  it('does not yet count a referral exactly 7 days old at the period end', () => {
    expect(unallocated('2023-01-24')).toEqual([]);
  });

  it('does not count a referral allocated on the 7th day', () => {
    const rows = unallocated('2023-01-20', [
      ['A', '2023-01-31', { allocatedDate: '2023-01-27', worker: 'SW1' }],
    ]);
    expect(tally(rows)).toEqual({ numerator: 0, denominator: 1, leftOut: 0 });
  });

  it('counts a referral allocated on the 8th day, late against the standard', () => {
    const rows = unallocated('2023-01-20', [
      ['A', '2023-01-31', { allocatedDate: '2023-01-28', worker: 'SW1' }],
    ]);
    expect(rows[0]!.dates['Allocated']).toBe('2023-01-28');
    expect(tally(rows).numerator).toBe(1);
  });

  it('takes an extract showing a worker by the deadline as allocation', () => {
    expect(tally(unallocated('2023-01-20', [['A', '2023-01-25', { worker: 'SW1' }]])).numerator).toBe(0);
    expect(tally(unallocated('2023-01-20', [['A', '2023-01-25', { worker: null }]])).numerator).toBe(1);
  });

  it('ignores an allocation of another referral, or one before this referral', () => {
    const rows = unallocated('2023-01-20', [
      ['A', '2023-01-22', { referralDate: '2022-05-01', allocatedDate: '2022-05-02', worker: 'SW1' }],
      ['A', '2023-01-10', { allocatedDate: '2023-01-10', worker: 'SW1' }],
    ]);
    expect(tally(rows).numerator).toBe(1);
  });

  it('does not count a referral closed by the period end', () => {
    const rows = rowsOf(
      unallocatedMoreThan7Days,
      { referrals: [referral('A', '2023-01-02', { closureDate: '2023-01-31' })] },
      '2023-01',
    );
    expect(rows).toEqual([]);
  });

  it('leaves every referral out when no return held records allocations (only Annex A does)', () => {
    const rows = rowsOf(unallocatedMoreThan7Days, { referrals: [referral('A', '2023-01-02')] }, '2023-01');
    expect(tally(rows)).toEqual({ numerator: 0, denominator: 0, leftOut: 1 });
    expect(rows[0]!.leftOutBecause).toBe(notRecorded('allocations'));
  });

  it('reads the number of days from the settings', () => {
    expect(tally(unallocated('2023-01-27', [], { allocationDays: 3 })).numerator).toBe(1);
  });

  it('counts a referral across the year end', () => {
    const rows = rowsOf(
      unallocatedMoreThan7Days,
      { referrals: [referral('A', '2022-12-28')], allocations: [ANOTHER_CHILDS] },
      '2023-01',
    );
    expect(rows[0]!.dates['Allocation due']).toBe('2023-01-04');
    expect(tally(rows).numerator).toBe(1);
  });
});
