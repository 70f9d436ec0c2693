import { describe, expect, it } from 'vitest';
import { ceasedToBeLookedAfter, startedToBeLookedAfter } from './starts-and-ceases.ts';
import { leftOut, numerator, rowsOf } from './test-support.ts';
import { episode, episodes } from '../test-records.ts';

describe('started-to-be-looked-after', () => {
  it('counts periods of care starting on the first and on the last day of the period', () => {
    const rows = rowsOf(
      startedToBeLookedAfter,
      {
        episodes: [
          episode('FIRST-DAY', '2024-04-01'),
          episode('LAST-DAY', '2025-03-31'),
          episode('BEFORE', '2024-03-31'),
          episode('AFTER', '2025-04-01'),
        ],
      },
      'FY2024-25',
    );
    expect(numerator(rows)).toEqual(['FIRST-DAY', 'LAST-DAY']);
    expect(rows[0]).toMatchObject({
      ageAt: '2024-04-01',
      dates: { 'Started to be looked after': '2024-04-01' },
    });
  });

  it('does not count a legal-status change or a placement move as a new start', () => {
    const rows = rowsOf(
      startedToBeLookedAfter,
      {
        episodes: episodes(
          'A',
          ['2024-12-01', {}],
          ['2025-01-05', { reasonNewEpisode: 'L', legalStatus: 'C1' }],
          ['2025-02-10', { reasonNewEpisode: 'P' }],
        ),
      },
      'CY2025',
    );
    expect(rows).toEqual([]);
  });

  it('counts a child who started twice in the period once, by the first start', () => {
    const rows = rowsOf(
      startedToBeLookedAfter,
      {
        episodes: [
          episode('A', '2024-05-01', { endDate: '2024-06-01', reasonEnded: 'E13' }),
          episode('A', '2024-09-01'),
        ],
      },
      'FY2024-25',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.dates['Started to be looked after']).toBe('2024-05-01');
  });

  it('counts a start in a December to January range', () => {
    const rows = rowsOf(
      startedToBeLookedAfter,
      { episodes: [episode('A', '2025-01-01')] },
      '2024-12..2025-01',
    );
    expect(numerator(rows)).toEqual(['A']);
  });

  it('leaves out starts under a series of short breaks', () => {
    const rows = rowsOf(
      startedToBeLookedAfter,
      { episodes: [episode('A', '2024-05-01', { legalStatus: 'V4' })] },
      'FY2024-25',
    );
    expect(rows).toEqual([]);
  });

  it('lists a start whose first episode failed validation as left out', () => {
    const rows = rowsOf(
      startedToBeLookedAfter,
      { episodes: [episode('A', '2024-05-01', { problems: ['startDate'] })] },
      'FY2024-25',
    );
    expect(leftOut(rows)).toEqual([['A', 'startDate']]);
    expect(numerator(rows)).toEqual([]);
  });
});

describe('ceased-to-be-looked-after', () => {
  it('counts a period of care that ends in the period, not an episode that ends with care continuing (X1)', () => {
    const rows = rowsOf(
      ceasedToBeLookedAfter,
      {
        episodes: [
          ...episodes(
            'CEASED',
            ['2023-01-01', {}],
            ['2024-07-01', { reasonNewEpisode: 'L', endDate: '2025-03-31', reasonEnded: 'E41' }],
          ),
          ...episodes('CONTINUES', ['2023-01-01', {}], ['2024-07-01', { reasonNewEpisode: 'P' }]),
        ],
      },
      'FY2024-25',
    );
    expect(numerator(rows)).toEqual(['CEASED']);
    expect(rows[0]).toMatchObject({
      ageAt: '2025-03-31',
      dates: { 'Started to be looked after': '2023-01-01', 'Ceased to be looked after': '2025-03-31' },
    });
  });

  it('counts a child who ceased twice in the period once, by the last cease', () => {
    const rows = rowsOf(
      ceasedToBeLookedAfter,
      {
        episodes: [
          episode('A', '2024-05-01', { endDate: '2024-06-01', reasonEnded: 'E13' }),
          episode('A', '2024-09-01', { endDate: '2025-01-20', reasonEnded: 'E13' }),
        ],
      },
      'FY2024-25',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.dates['Ceased to be looked after']).toBe('2025-01-20');
  });

  it('counts a period that started and ended on the same day', () => {
    const rows = rowsOf(
      ceasedToBeLookedAfter,
      { episodes: [episode('A', '2025-02-03', { endDate: '2025-02-03', reasonEnded: 'E13' })] },
      '2025-02',
    );
    expect(numerator(rows)).toEqual(['A']);
  });

  it('does not count an open period or one that ended after the period', () => {
    const rows = rowsOf(
      ceasedToBeLookedAfter,
      {
        episodes: [
          episode('OPEN', '2024-05-01'),
          episode('LATER', '2024-05-01', { endDate: '2025-04-01', reasonEnded: 'E13' }),
        ],
      },
      'FY2024-25',
    );
    expect(rows).toEqual([]);
  });

  it('lists a cease whose reason failed validation as left out', () => {
    const rows = rowsOf(
      ceasedToBeLookedAfter,
      {
        episodes: [
          episode('A', '2024-05-01', {
            endDate: '2024-08-01',
            reasonEnded: 'E99',
            problems: ['reasonEnded'],
          }),
        ],
      },
      'FY2024-25',
    );
    expect(leftOut(rows)).toEqual([['A', 'reasonEnded']]);
  });
});
