import { describe, expect, it } from 'vitest';
import { adoptionA1, adoptionA2 } from './adoption-timeliness.ts';
import { leftOut, numerator, rowsOf } from './test-support.ts';
import { adoption, episode, episodes } from '../test-records.ts';

/** A child in foster care from `entered`, placed for adoption with new adopters on `placed`, adopted on `adopted`. */
const adoptedChild = (childId: string, entered: string, placed: string, adopted: string) =>
  episodes(
    childId,
    [entered, { legalStatus: 'C2' }],
    [
      placed,
      { reasonNewEpisode: 'T', legalStatus: 'E1', placement: 'A4', endDate: adopted, reasonEnded: 'E11' },
    ],
  );

const valuesOf = (rows: ReturnType<typeof rowsOf>) => rows.map((r) => [r.childId, r.value]);

describe('adoption-a1', () => {
  it('counts the days from entering care to moving in with the adopters, 29 February included', () => {
    const rows = rowsOf(
      adoptionA1,
      { episodes: adoptedChild('A', '2023-03-01', '2024-03-01', '2024-09-01') },
      'FY2024-25',
    );
    expect(valuesOf(rows)).toEqual([['A', 366]]);
    expect(rows[0]!.dates).toEqual({
      'Entered care': '2023-03-01',
      'Moved in with adopters': '2024-03-01',
      Adopted: '2024-09-01',
    });
  });

  it('takes children adopted in the 36 months ending at the period end, the day after a leap day included', () => {
    const records = {
      episodes: [
        ...adoptedChild('DAY-AFTER-LEAP', '2022-01-10', '2023-06-01', '2024-03-01'),
        ...adoptedChild('LEAP-DAY', '2022-01-10', '2023-06-01', '2024-02-29'),
        ...adoptedChild('DAY-BEFORE', '2022-01-10', '2023-06-01', '2024-02-28'),
      ],
    };
    // 36 months ending 28 February 2027 begin on 29 February 2024.
    expect(numerator(rowsOf(adoptionA1, records, '2027-02'))).toEqual(['DAY-AFTER-LEAP', 'LEAP-DAY']);
    // 36 months ending 31 March 2027 begin on 1 April 2024.
    expect(numerator(rowsOf(adoptionA1, records, 'FY2026-27'))).toEqual([]);
  });

  it('measures from the start of the period of care that ended in adoption, across legal-status changes', () => {
    const rows = rowsOf(
      adoptionA1,
      {
        episodes: [
          episode('A', '2019-01-01', { endDate: '2019-09-01', reasonEnded: 'E13' }),
          ...episodes(
            'A',
            ['2022-04-04', { legalStatus: 'V2' }],
            ['2022-05-01', { reasonNewEpisode: 'L', legalStatus: 'C1' }],
            ['2022-11-01', { reasonNewEpisode: 'L', legalStatus: 'E1' }],
            [
              '2023-01-09',
              { reasonNewEpisode: 'P', placement: 'A4', endDate: '2023-08-01', reasonEnded: 'E12' },
            ],
          ),
        ],
      },
      'FY2024-25',
    );
    expect(valuesOf(rows)).toEqual([['A', 280]]);
  });

  it('takes the day the child was placed with the foster carers who adopted them (A5, A6)', () => {
    const rows = rowsOf(
      adoptionA1,
      {
        episodes: episodes(
          'A',
          ['2023-01-02', {}],
          ['2023-02-01', { placement: 'U3' }],
          ['2023-09-01', { reasonNewEpisode: 'T', legalStatus: 'E1', placement: 'A6' }],
          [
            '2023-10-01',
            { reasonNewEpisode: 'L', placement: 'A6', endDate: '2024-02-01', reasonEnded: 'E11' },
          ],
        ),
      },
      'FY2023-24',
    );
    expect(valuesOf(rows)).toEqual([['A', 30]]);
  });

  it('takes the foster placement before the adoptive one when the adoption record says the foster carers adopted', () => {
    const rows = rowsOf(
      adoptionA1,
      {
        episodes: adoptedChild('A', '2023-01-02', '2023-09-01', '2024-02-01'),
        adoptions: [adoption('A', { decisionDate: '2023-05-01', fosterCarerAdoption: true })],
      },
      'FY2023-24',
    );
    expect(valuesOf(rows)).toEqual([['A', 0]]);
  });

  it('uses the placed-for-adoption date when no episode shows the adoptive placement, and leaves out a child with neither', () => {
    const withoutPlacement = (childId: string) =>
      episodes(childId, ['2023-01-02', { endDate: '2024-02-01', reasonEnded: 'E11' }]);
    const rows = rowsOf(
      adoptionA1,
      {
        episodes: [...withoutPlacement('A'), ...withoutPlacement('B')],
        adoptions: [adoption('A', { decisionDate: '2023-05-01', placedDate: '2023-07-03' })],
      },
      'FY2023-24',
    );
    expect(valuesOf(rows)).toEqual([
      ['A', 182],
      ['B', null],
    ]);
    expect(leftOut(rows)).toEqual([['B', 'placedDate']]);
  });

  it('does not count children who left care other than by adoption, nor a period still open', () => {
    const rows = rowsOf(
      adoptionA1,
      {
        episodes: [
          ...episodes('SGO', ['2023-01-02', { endDate: '2024-02-01', reasonEnded: 'E43' }]),
          ...episodes('OPEN', ['2023-01-02', {}], ['2023-09-01', { placement: 'A4' }]),
        ],
      },
      'FY2023-24',
    );
    expect(rows).toEqual([]);
  });
});

describe('adoption-a2', () => {
  it('counts the days from the start of legal status E1 to the match', () => {
    const rows = rowsOf(
      adoptionA2,
      {
        episodes: adoptedChild('A', '2023-01-02', '2023-09-01', '2024-03-01'),
        adoptions: [adoption('A', { decisionDate: '2023-04-01', matchDate: '2023-09-29' })],
      },
      'FY2023-24',
    );
    expect(valuesOf(rows)).toEqual([['A', 28]]);
    expect(rows[0]!.dates).toEqual({
      'Placement order': '2023-09-01',
      Matched: '2023-09-29',
      Adopted: '2024-03-01',
    });
  });

  it('prefers the placement order date the return gives', () => {
    const rows = rowsOf(
      adoptionA2,
      {
        episodes: adoptedChild('A', '2023-01-02', '2023-09-01', '2024-03-01'),
        adoptions: [
          adoption('A', {
            decisionDate: '2023-04-01',
            placementOrderDate: '2023-08-01',
            matchDate: '2023-09-29',
          }),
        ],
      },
      'FY2023-24',
    );
    expect(valuesOf(rows)).toEqual([['A', 59]]);
  });

  it('leaves children placed with consent (no placement order) out of the measure', () => {
    const rows = rowsOf(
      adoptionA2,
      {
        episodes: episodes(
          'A',
          ['2023-01-02', { legalStatus: 'V2' }],
          ['2023-09-01', { placement: 'A3', endDate: '2024-03-01', reasonEnded: 'E11' }],
        ),
        adoptions: [adoption('A', { decisionDate: '2023-04-01', matchDate: '2023-08-20' })],
      },
      'FY2023-24',
    );
    expect(rows).toEqual([]);
  });

  it('counts a match recorded before the order as made on the day of the order', () => {
    const rows = rowsOf(
      adoptionA2,
      {
        episodes: adoptedChild('A', '2023-01-02', '2023-09-01', '2024-03-01'),
        adoptions: [adoption('A', { decisionDate: '2023-04-01', matchDate: '2023-08-20' })],
      },
      'FY2023-24',
    );
    expect(valuesOf(rows)).toEqual([['A', 0]]);
  });

  it('leaves out a child whose match date is missing', () => {
    const rows = rowsOf(
      adoptionA2,
      { episodes: adoptedChild('A', '2023-01-02', '2023-09-01', '2024-03-01') },
      'FY2023-24',
    );
    expect(leftOut(rows)).toEqual([['A', 'matchDate']]);
    expect(rows[0]).toMatchObject({ inDenominator: false, inNumerator: false, value: null });
  });

  it('has no rows when no child was adopted', () => {
    expect(rowsOf(adoptionA2, {}, 'FY2023-24')).toEqual([]);
  });
});
