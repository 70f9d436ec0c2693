import { describe, expect, it } from 'vitest';
import { childrenMissing, missingEpisodes } from './missing-from-care.ts';
import { leftOut, numerator, rowsOf } from './test-support.ts';
import { missing } from '../test-records.ts';

describe('missing-episodes', () => {
  it('counts missing episodes starting on the first and last days of the period, not absences (A)', () => {
    const rows = rowsOf(
      missingEpisodes,
      {
        missingEpisodes: [
          missing('A', '2024-12-01', { endDate: '2024-12-02' }),
          missing('A', '2024-12-31'),
          missing('B', '2024-12-10', { kind: 'A' }),
          missing('C', '2024-11-30', { endDate: '2024-12-05' }),
        ],
      },
      '2024-12',
    );
    expect(numerator(rows)).toEqual(['A', 'A']);
    expect(rows[0]).toMatchObject({
      ageAt: '2024-12-01',
      dates: { 'Went missing': '2024-12-01', Returned: '2024-12-02' },
    });
  });

  it('counts an episode still open (no return date)', () => {
    const rows = rowsOf(missingEpisodes, { missingEpisodes: [missing('A', '2025-01-03')] }, '2024-25-Q4');
    expect(numerator(rows)).toEqual(['A']);
  });

  it('lists an episode whose kind failed validation as left out', () => {
    const rows = rowsOf(
      missingEpisodes,
      { missingEpisodes: [missing('A', '2025-01-03', { kind: null, problems: ['kind'] })] },
      '2025-01',
    );
    expect(leftOut(rows)).toEqual([['A', 'kind']]);
  });

  it('has no rows when nobody went missing', () => {
    expect(rowsOf(missingEpisodes, {}, '2025-01')).toEqual([]);
  });
});

describe('children-missing', () => {
  it('counts a child with several missing episodes once, from the first', () => {
    const rows = rowsOf(
      childrenMissing,
      {
        missingEpisodes: [
          missing('A', '2024-12-20'),
          missing('A', '2025-01-04'),
          missing('B', '2025-03-31'),
          missing('C', '2025-01-04', { kind: 'A' }),
        ],
      },
      '2024-12..2025-03',
    );
    expect(numerator(rows)).toEqual(['A', 'B']);
    expect(rows[0]!.dates['Went missing']).toBe('2024-12-20');
  });

  it('counts a child on a trusted episode even when another of theirs failed validation', () => {
    const rows = rowsOf(
      childrenMissing,
      {
        missingEpisodes: [
          missing('A', '2025-01-02', { problems: ['startDate'] }),
          missing('A', '2025-01-09'),
          missing('B', '2025-01-09', { problems: ['startDate'] }),
        ],
      },
      '2025-01',
    );
    expect(numerator(rows)).toEqual(['A']);
    expect(leftOut(rows)).toEqual([['B', 'startDate']]);
  });
});
