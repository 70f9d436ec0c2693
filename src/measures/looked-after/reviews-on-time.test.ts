import { describe, expect, it } from 'vitest';
import { reviewsOnTime } from './reviews-on-time.ts';
import { denominator, leftOut, numerator, rowsOf } from './test-support.ts';
import { episode, review } from '../test-records.ts';

const dueOf = (rows: ReturnType<typeof rowsOf>, reviewDate: string) =>
  rows.find((r) => r.dates['Review held'] === reviewDate)!.dates['Review due'];

describe('reviews-on-time', () => {
  it('allows the first review 20 working days, skipping the Christmas and New Year bank holidays', () => {
    // Looked after from Tuesday 10 December 2024: 25, 26 December and 1 January are not working days.
    const care = [episode('A', '2024-12-10')];
    const onTime = rowsOf(
      reviewsOnTime,
      { episodes: care, careReviews: [review('A', '2025-01-10')] },
      '2025-01',
    );
    expect(dueOf(onTime, '2025-01-10')).toBe('2025-01-10');
    expect(numerator(onTime)).toEqual(['A']);
    const late = rowsOf(
      reviewsOnTime,
      { episodes: care, careReviews: [review('A', '2025-01-13')] },
      '2025-01',
    );
    expect(denominator(late)).toEqual(['A']);
    expect(numerator(late)).toEqual([]);
  });

  it('counts a first review held on the day the child became looked after as on time', () => {
    const rows = rowsOf(
      reviewsOnTime,
      { episodes: [episode('A', '2025-03-03')], careReviews: [review('A', '2025-03-03')] },
      '2025-03',
    );
    expect(numerator(rows)).toEqual(['A']);
  });

  it('allows the second review 3 months after the first, and later ones 6 months after the one before', () => {
    const rows = rowsOf(
      reviewsOnTime,
      {
        episodes: [episode('A', '2024-01-02')],
        careReviews: [
          review('A', '2024-01-25'),
          review('A', '2024-04-25'),
          review('A', '2024-10-25'),
          review('A', '2025-04-28'),
        ],
      },
      'CY2024',
    );
    expect(rows.map((r) => [r.dates['Review held'], r.dates['Review due'], r.inNumerator])).toEqual([
      ['2024-01-25', '2024-01-30', true],
      ['2024-04-25', '2024-04-25', true],
      ['2024-10-25', '2024-10-25', true],
    ]);
    const next = rowsOf(
      reviewsOnTime,
      {
        episodes: [episode('A', '2024-01-02')],
        careReviews: [
          review('A', '2024-01-25'),
          review('A', '2024-04-25'),
          review('A', '2024-10-25'),
          review('A', '2025-04-28'),
        ],
      },
      'FY2025-26',
    );
    expect(next.map((r) => [r.dates['Review due'], r.inNumerator])).toEqual([['2025-04-25', false]]);
  });

  it('dates a review due 3 months after 30 November at the end of February, 29 February in a leap year', () => {
    const rows = rowsOf(
      reviewsOnTime,
      {
        episodes: [episode('A', '2023-11-06')],
        careReviews: [review('A', '2023-11-30'), review('A', '2024-02-29')],
      },
      '2024-02',
    );
    expect(dueOf(rows, '2024-02-29')).toBe('2024-02-29');
    expect(numerator(rows)).toEqual(['A']);
  });

  it('restarts the schedule when the child starts a new period of care', () => {
    const rows = rowsOf(
      reviewsOnTime,
      {
        episodes: [
          episode('A', '2024-01-02', { endDate: '2024-03-01', reasonEnded: 'E13' }),
          episode('A', '2024-09-02'),
        ],
        careReviews: [review('A', '2024-01-20'), review('A', '2024-09-20')],
      },
      '2024-09',
    );
    expect(rows.map((r) => [r.dates['Previous review'], r.dates['Review due']])).toEqual([
      [null, '2024-09-30'],
    ]);
  });

  it('does not count reviews of children looked after for short breaks', () => {
    const rows = rowsOf(
      reviewsOnTime,
      {
        episodes: [episode('A', '2024-01-02', { legalStatus: 'V3' })],
        careReviews: [review('A', '2024-01-20')],
      },
      '2024-01',
    );
    expect(rows).toEqual([]);
  });

  it('leaves out a review held when the child was not looked after, and one whose previous review failed validation', () => {
    const rows = rowsOf(
      reviewsOnTime,
      {
        episodes: [episode('A', '2024-05-01'), episode('B', '2024-01-02')],
        careReviews: [
          review('A', '2024-04-20'),
          review('B', '2024-01-20', { problems: ['reviewDate'] }),
          review('B', '2024-04-20'),
        ],
      },
      '2024-04',
    );
    expect(leftOut(rows)).toEqual([
      ['A', 'reviewDate'],
      ['B', 'reviewDate'],
    ]);
    expect(denominator(rows)).toEqual([]);
  });

  it('has no rows when no review was held in the period', () => {
    expect(rowsOf(reviewsOnTime, { episodes: [episode('A', '2024-01-02')] }, '2024-04')).toEqual([]);
  });
});
