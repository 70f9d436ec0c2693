import { describe, expect, it } from 'vitest';
import { referrals, referralsRate, reReferralsWithin12Months } from './referrals.ts';
import { rowsOf, tally } from './test-support.ts';
import { referral } from '../test-records.ts';

describe('referrals', () => {
  it('counts every referral in the period, a child referred twice counting twice', () => {
    const rows = rowsOf(
      referrals,
      {
        referrals: [
          referral('A', '2022-04-01'),
          referral('A', '2022-10-10'),
          referral('B', '2023-03-31'),
          referral('C', '2023-04-01'),
          referral('D', '2022-03-31'),
        ],
      },
      'FY2022-23',
    );
    expect(rows.map((r) => r.recordKey)).toEqual([
      '330|A|2022-04-01',
      '330|A|2022-10-10',
      '330|B|2023-03-31',
    ]);
    expect(tally(rows).numerator).toBe(3);
  });

  it('counts referrals in a quarter across the year end', () => {
    const rows = rowsOf(
      referrals,
      { referrals: [referral('A', '2022-09-30'), referral('B', '2022-10-01'), referral('C', '2022-12-31')] },
      '2022-23-Q3',
    );
    expect(tally(rows).numerator).toBe(2);
  });

  it('takes the age at the referral', () => {
    expect(rowsOf(referrals, { referrals: [referral('A', '2022-06-15')] }, 'FY2022-23')[0]!.ageAt).toBe(
      '2022-06-15',
    );
  });

  it('leaves out a referral whose date failed validation', () => {
    const rows = rowsOf(
      referrals,
      { referrals: [referral('A', '2022-06-15', { problems: ['referralDate'] })] },
      'FY2022-23',
    );
    expect(tally(rows)).toEqual({ numerator: 0, denominator: 0, leftOut: 1 });
  });

  it('gives the rate the same rows as the count', () => {
    const records = { referrals: [referral('A', '2022-06-15'), referral('B', '2021-06-15')] };
    expect(rowsOf(referralsRate, records, 'FY2022-23')).toEqual(rowsOf(referrals, records, 'FY2022-23'));
    expect(referralsRate.kind).toBe('rate_per_10k');
  });
});

describe('re-referrals within 12 months', () => {
  const reReferred = (...dates: string[]) =>
    rowsOf(reReferralsWithin12Months, { referrals: dates.map((d) => referral('A', d)) }, 'FY2023-24').map(
      (r) => r.inNumerator,
    );

  it('counts a re-referral made exactly 12 months after the previous referral', () => {
    expect(reReferred('2022-06-15', '2023-06-15')).toEqual([true]);
  });

  it('does not count a referral made 12 months and a day after the previous one', () => {
    expect(reReferred('2022-06-15', '2023-06-16')).toEqual([false]);
  });

  it('reads 12 months before 29 February as 28 February of the year before', () => {
    expect(reReferred('2023-02-28', '2024-02-29')).toEqual([true]);
    expect(reReferred('2023-02-27', '2024-02-29')).toEqual([false]);
  });

  it('counts a previous referral in an earlier collection year', () => {
    expect(reReferred('2023-03-31', '2023-04-01')).toEqual([true]);
  });

  it('judges each referral against the one before it, so a first referral is not a re-referral', () => {
    expect(reReferred('2023-05-01', '2023-09-01', '2024-03-01')).toEqual([false, true, true]);
  });

  it('does not count a first referral, nor another child’s referral', () => {
    const rows = rowsOf(
      reReferralsWithin12Months,
      { referrals: [referral('A', '2023-05-01'), referral('B', '2023-06-01')] },
      'FY2023-24',
    );
    expect(tally(rows)).toEqual({ numerator: 0, denominator: 2, leftOut: 0 });
  });

  it('does not take a referral the same day as a previous one', () => {
    const rows = rowsOf(
      reReferralsWithin12Months,
      { referrals: [referral('A', '2023-05-01'), referral('A', '2023-05-01')] },
      'FY2023-24',
    );
    expect(rows.map((r) => r.inNumerator)).toEqual([false, false]);
  });

  it('looks past a previous referral whose date failed validation', () => {
    const rows = rowsOf(
      reReferralsWithin12Months,
      {
        referrals: [
          referral('A', '2022-01-10'),
          referral('A', '2023-01-10', { problems: ['referralDate'] }),
          referral('A', '2023-06-01'),
        ],
      },
      'FY2023-24',
    );
    expect(rows[0]!.dates['Previous referral']).toBe('2022-01-10');
    expect(tally(rows)).toEqual({ numerator: 0, denominator: 1, leftOut: 0 });
  });

  it('leaves out a referral in the period whose date failed validation', () => {
    const rows = rowsOf(
      reReferralsWithin12Months,
      {
        referrals: [referral('A', '2023-01-10'), referral('A', '2023-06-01', { problems: ['referralDate'] })],
      },
      'FY2023-24',
    );
    expect(tally(rows)).toEqual({ numerator: 0, denominator: 0, leftOut: 1 });
  });

  it('has no rows without referrals in the period', () => {
    expect(
      rowsOf(reReferralsWithin12Months, { referrals: [referral('A', '2020-01-01')] }, 'FY2023-24'),
    ).toEqual([]);
  });
});
