import { describe, expect, it } from 'vitest';
import {
  childrenLookedAfter,
  childrenLookedAfterExcludingUasc,
  childrenLookedAfterRate,
} from './children-looked-after.ts';
import { denominator, leftOut, numerator, rowsOf } from './test-support.ts';
import { child, episode, episodes } from '../test-records.ts';

describe('children-looked-after', () => {
  it('counts a child whose episode is open at the period end', () => {
    const rows = rowsOf(childrenLookedAfter, { episodes: [episode('A', '2024-06-01')] }, 'FY2024-25');
    expect(numerator(rows)).toEqual(['A']);
    expect(rows[0]!.ageAt).toBe('2025-03-31');
    expect(rows[0]!.dates).toEqual({
      'Looked after since': '2024-06-01',
      'Current episode started': '2024-06-01',
    });
  });

  it('counts a child in care across 31 March once, from the start of the period of care', () => {
    const rows = rowsOf(
      childrenLookedAfter,
      {
        episodes: episodes(
          'A',
          ['2024-11-01', {}],
          ['2025-03-31', { reasonNewEpisode: 'L', legalStatus: 'C1' }],
          ['2025-04-02', { reasonNewEpisode: 'P' }],
        ),
      },
      'FY2024-25',
    );
    expect(numerator(rows)).toEqual(['A']);
    expect(rows[0]!.dates['Looked after since']).toBe('2024-11-01');
    expect(rows[0]!.dates['Current episode started']).toBe('2025-03-31');
  });

  it('does not count a child who ceased to be looked after on the last day of the period', () => {
    const rows = rowsOf(
      childrenLookedAfter,
      { episodes: [episode('A', '2024-06-01', { endDate: '2025-03-31', reasonEnded: 'E13' })] },
      'FY2024-25',
    );
    expect(rows).toEqual([]);
  });

  it('counts a child who started on the last day of the period', () => {
    const rows = rowsOf(childrenLookedAfter, { episodes: [episode('A', '2025-03-31')] }, 'FY2024-25');
    expect(numerator(rows)).toEqual(['A']);
  });

  it('does not count a child who starts after the period end', () => {
    expect(rowsOf(childrenLookedAfter, { episodes: [episode('A', '2025-04-01')] }, 'FY2024-25')).toEqual([]);
  });

  it('leaves out children looked after under a series of short breaks (V3, V4) but counts a single s20 period (V2)', () => {
    const rows = rowsOf(
      childrenLookedAfter,
      {
        episodes: [
          episode('V3', '2025-01-01', { legalStatus: 'V3' }),
          episode('V4', '2025-01-01', { legalStatus: 'V4' }),
          episode('V2', '2025-01-01', { legalStatus: 'V2' }),
        ],
      },
      '2024-25-Q4',
    );
    expect(numerator(rows)).toEqual(['V2']);
  });

  it('counts a child whose short breaks turned into full care by the period end', () => {
    const rows = rowsOf(
      childrenLookedAfter,
      {
        episodes: episodes(
          'A',
          ['2024-12-20', { legalStatus: 'V3' }],
          ['2025-01-10', { legalStatus: 'C1', reasonNewEpisode: 'T' }],
        ),
      },
      '2024-25-Q4',
    );
    expect(numerator(rows)).toEqual(['A']);
  });

  it('lists a child whose open episode failed validation as left out, counted in neither part', () => {
    const rows = rowsOf(
      childrenLookedAfter,
      { episodes: [episode('A', '2024-06-01', { problems: ['legalStatus'] }), episode('B', '2024-06-01')] },
      'FY2024-25',
    );
    expect(leftOut(rows)).toEqual([['A', 'legalStatus']]);
    expect(denominator(rows)).toEqual(['B']);
    expect(rows.find((r) => r.childId === 'A')).toMatchObject({ inDenominator: false, inNumerator: false });
  });

  it('has no rows when no child is looked after', () => {
    expect(rowsOf(childrenLookedAfter, {}, '2025-03')).toEqual([]);
  });

  it('gives the rate the same rows as the count', () => {
    const records = { episodes: [episode('A', '2024-06-01'), episode('B', '2020-01-01')] };
    expect(rowsOf(childrenLookedAfterRate, records, 'FY2024-25')).toEqual(
      rowsOf(childrenLookedAfter, records, 'FY2024-25'),
    );
  });
});

describe('children-looked-after-excluding-uasc', () => {
  const records = {
    children: [
      child('CITIZEN'),
      child('UASC', { wasUasc: true, uascCeasedDate: null }),
      child('CEASED-MID', { wasUasc: true, uascCeasedDate: '2025-02-14' }),
      child('CEASED-END', { wasUasc: true, uascCeasedDate: '2025-03-31' }),
      child('CEASES-LATER', { wasUasc: true, uascCeasedDate: '2025-04-01' }),
    ],
    episodes: ['CITIZEN', 'UASC', 'CEASED-MID', 'CEASED-END', 'CEASES-LATER'].map((id) =>
      episode(id, '2024-09-01'),
    ),
  };

  it('counts a child who ceased to be UASC during the period, and one who ceased on its last day', () => {
    expect(numerator(rowsOf(childrenLookedAfterExcludingUasc, records, '2024-25-Q4'))).toEqual([
      'CITIZEN',
      'CEASED-MID',
      'CEASED-END',
    ]);
  });

  it('does not count the same child as not UASC in a period that ended before the status ceased', () => {
    expect(numerator(rowsOf(childrenLookedAfterExcludingUasc, records, '2024-25-Q3'))).toEqual(['CITIZEN']);
  });

  it('includes UASC children in the count that includes them', () => {
    expect(numerator(rowsOf(childrenLookedAfter, records, '2024-25-Q3'))).toHaveLength(5);
  });

  it('leaves out a child whose UASC date failed validation, and one with no child record', () => {
    const rows = rowsOf(
      childrenLookedAfterExcludingUasc,
      {
        children: [child('A', { wasUasc: true, uascCeasedDate: '2030-01-01', problems: ['uascCeasedDate'] })],
        episodes: [episode('A', '2024-09-01'), episode('B', '2024-09-01')],
      },
      '2024-25-Q4',
    );
    expect(leftOut(rows)).toEqual([
      ['A', 'uascCeasedDate'],
      ['B', 'wasUasc'],
    ]);
  });
});
