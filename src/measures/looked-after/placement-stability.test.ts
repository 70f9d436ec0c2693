import { describe, expect, it } from 'vitest';
import { placementStabilityLongTerm, placementStabilityShortTerm } from './placement-stability.ts';
import { denominator, leftOut, numerator, rowsOf } from './test-support.ts';
import { child, episode, episodes } from '../test-records.ts';

describe('placement-stability-short-term', () => {
  it('counts three placements in the year, the first open on 1 April', () => {
    const rows = rowsOf(
      placementStabilityShortTerm,
      { episodes: episodes('A', ['2023-10-01', {}], ['2024-08-01', {}], ['2025-02-01', {}]) },
      'FY2024-25',
    );
    expect(numerator(rows)).toEqual(['A']);
    expect(rows[0]!.dates).toMatchObject({
      'Placements counted from': '2024-04-01',
      'Third placement started': '2025-02-01',
    });
  });

  it('does not count legal-status changes that leave the child with the same carer as new placements', () => {
    const rows = rowsOf(
      placementStabilityShortTerm,
      {
        episodes: episodes(
          'A',
          ['2024-05-01', { legalStatus: 'V2' }],
          ['2024-06-01', { reasonNewEpisode: 'L', legalStatus: 'C1' }],
          ['2024-09-01', { reasonNewEpisode: 'L', legalStatus: 'C2' }],
          ['2024-12-01', { reasonNewEpisode: 'U', legalStatus: 'E1' }],
          ['2025-01-15', { reasonNewEpisode: 'P' }],
        ),
      },
      'FY2024-25',
    );
    expect(denominator(rows)).toEqual(['A']);
    expect(numerator(rows)).toEqual([]);
  });

  it('does not count a placement that ended on the first day of the 12 months', () => {
    const moves = (firstMove: string) =>
      episodes('A', ['2023-01-01', {}], [firstMove, {}], ['2024-10-01', {}]);
    expect(
      numerator(rowsOf(placementStabilityShortTerm, { episodes: moves('2024-04-01') }, 'FY2024-25')),
    ).toEqual([]);
    expect(
      numerator(rowsOf(placementStabilityShortTerm, { episodes: moves('2024-04-02') }, 'FY2024-25')),
    ).toEqual(['A']);
  });

  it('reads the 12 months to 29 February as starting on 1 March', () => {
    const moves = (firstMove: string) =>
      episodes('A', ['2022-01-01', {}], [firstMove, {}], ['2023-10-01', {}]);
    const rows = rowsOf(placementStabilityShortTerm, { episodes: moves('2023-03-02') }, '2024-02');
    expect(rows[0]!.dates['Placements counted from']).toBe('2023-03-01');
    expect(numerator(rows)).toEqual(['A']);
    expect(
      numerator(rowsOf(placementStabilityShortTerm, { episodes: moves('2023-03-01') }, '2024-02')),
    ).toEqual([]);
  });

  it('counts placements in an earlier period of care within the 12 months', () => {
    const rows = rowsOf(
      placementStabilityShortTerm,
      {
        episodes: [
          episode('A', '2024-05-01', { endDate: '2024-06-01', reasonEnded: 'E13' }),
          ...episodes('A', ['2024-09-01', {}], ['2024-11-01', {}]),
        ],
      },
      'FY2024-25',
    );
    expect(numerator(rows)).toEqual(['A']);
  });

  it('does not count placement for adoption with the current foster carers as a move', () => {
    const rows = rowsOf(
      placementStabilityShortTerm,
      {
        episodes: episodes(
          'A',
          ['2024-05-01', {}],
          ['2024-09-01', {}],
          ['2025-01-10', { reasonNewEpisode: 'T', placement: 'A6', legalStatus: 'E1' }],
        ),
      },
      'FY2024-25',
    );
    expect(numerator(rows)).toEqual([]);
  });

  it('does not count a temporary placement nor the return from it to the same carer', () => {
    const rows = rowsOf(
      placementStabilityShortTerm,
      {
        episodes: episodes(
          'A',
          ['2024-05-01', { urn: 'SC1' }],
          ['2024-09-01', { placement: 'T1' }],
          ['2024-09-08', { urn: 'SC1' }],
        ),
      },
      'FY2024-25',
    );
    expect(numerator(rows)).toEqual([]);
  });

  it('leaves out a child whose placement code failed validation', () => {
    const rows = rowsOf(
      placementStabilityShortTerm,
      { episodes: episodes('A', ['2024-05-01', {}], ['2024-09-01', { problems: ['placement'] }]) },
      'FY2024-25',
    );
    expect(leftOut(rows)).toEqual([['A', 'placement']]);
  });

  it('has no rows when no child is looked after at the period end', () => {
    expect(rowsOf(placementStabilityShortTerm, {}, 'FY2024-25')).toEqual([]);
  });
});

describe('placement-stability-long-term', () => {
  const under16 = child('A', { birthDate: '2012-01-01' });

  it('counts a child under 16 looked after for exactly 2½ years, in the same placement for exactly 2 years', () => {
    const rows = rowsOf(
      placementStabilityLongTerm,
      {
        children: [under16],
        episodes: episodes(
          'A',
          ['2022-09-30', {}],
          ['2023-03-31', {}],
          ['2024-01-01', { reasonNewEpisode: 'L', legalStatus: 'C1' }],
        ),
      },
      'FY2024-25',
    );
    expect(numerator(rows)).toEqual(['A']);
    expect(rows[0]!.dates['Current placement since']).toBe('2023-03-31');
  });

  it('leaves a child looked after for a day under 2½ years out of the measure', () => {
    const rows = rowsOf(
      placementStabilityLongTerm,
      { children: [under16], episodes: [episode('A', '2022-10-01')] },
      'FY2024-25',
    );
    expect(rows).toEqual([]);
  });

  it('does not count a child who moved a day less than 2 years before the period end', () => {
    const rows = rowsOf(
      placementStabilityLongTerm,
      { children: [under16], episodes: episodes('A', ['2020-01-01', {}], ['2023-04-01', {}]) },
      'FY2024-25',
    );
    expect(denominator(rows)).toEqual(['A']);
    expect(numerator(rows)).toEqual([]);
  });

  it('leaves out of the measure a child who turned 16 on the period end', () => {
    const rows = rowsOf(
      placementStabilityLongTerm,
      { children: [child('A', { birthDate: '2009-03-31' })], episodes: [episode('A', '2020-01-01')] },
      'FY2024-25',
    );
    expect(rows).toEqual([]);
  });

  it('counts a child placed for adoption whose adoptive placement and the one before together last 2 years', () => {
    const rows = rowsOf(
      placementStabilityLongTerm,
      {
        children: [under16],
        episodes: episodes(
          'A',
          ['2021-06-01', {}],
          ['2023-01-01', {}],
          ['2024-11-01', { reasonNewEpisode: 'T', placement: 'A4', legalStatus: 'E1' }],
        ),
      },
      'FY2024-25',
    );
    expect(numerator(rows)).toEqual(['A']);
    expect(rows[0]!.dates['Current placement since']).toBe('2023-01-01');
  });

  it('counts the time in care before the 29 February of a leap year at the end of February', () => {
    const rows = rowsOf(
      placementStabilityLongTerm,
      { children: [under16], episodes: [episode('A', '2021-08-29')] },
      '2024-02',
    );
    expect(numerator(rows)).toEqual(['A']);
    expect(
      rowsOf(
        placementStabilityLongTerm,
        { children: [under16], episodes: [episode('A', '2021-08-30')] },
        '2024-02',
      ),
    ).toEqual([]);
  });

  it('leaves out a child whose date of birth is unknown', () => {
    const rows = rowsOf(
      placementStabilityLongTerm,
      { children: [child('A', { birthDate: null })], episodes: [episode('A', '2020-01-01')] },
      'FY2024-25',
    );
    expect(leftOut(rows)).toEqual([['A', 'birthDate']]);
  });
});
