import { describe, expect, it } from 'vitest';
import { bandOf, heatMap, isReviewOverdue, scoreOf, type Risk } from './risks.ts';

const risk = (ref: string, overrides: Partial<Risk> = {}): Risk => ({
  id: 1,
  ref,
  title: '',
  owner: '',
  cause: '',
  consequence: '',
  inherent: null,
  residual: null,
  target: null,
  mitigations: '',
  reviewOn: null,
  isClosed: false,
  itemRefs: [],
  ...overrides,
});

describe('risk scores', () => {
  it('multiplies likelihood by impact, and has no score until both are given', () => {
    expect(scoreOf({ likelihood: 4, impact: 5 })).toBe(20);
    expect(scoreOf(null)).toBeNull();
  });

  it('bands scores at their edges: 4 low, 5 medium, 9 medium, 10 high, 15 high, 16 very high', () => {
    expect([1, 4, 5, 9, 10, 15, 16, 25].map(bandOf)).toEqual([
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
      'very_high',
      'very_high',
    ]);
  });
});

describe('the 5×5 heat map', () => {
  const map = heatMap([
    risk('R1', { residual: { likelihood: 5, impact: 1 } }),
    risk('R2', { residual: { likelihood: 1, impact: 5 } }),
    risk('R3'),
    risk('R4', { residual: { likelihood: 5, impact: 1 }, isClosed: true }),
  ]);

  it('draws likelihood 5 at the top and impact 1 at the left, placing open risks by residual score', () => {
    expect(map.rows[0]![0]).toMatchObject({ likelihood: 5, impact: 1, score: 5, refs: ['R1'] });
    expect(map.rows[4]![4]).toMatchObject({ likelihood: 1, impact: 5, refs: ['R2'] });
    expect(map.rows.flat().flatMap((c) => c.refs)).toEqual(['R1', 'R2']);
  });

  it('lists open risks not yet scored beside the map rather than guessing a place', () => {
    expect(map.unscored).toEqual(['R3']);
  });
});

describe('review dates', () => {
  it('is not overdue on the review date, is overdue the day after, and never once closed', () => {
    expect(isReviewOverdue({ reviewOn: '2023-03-31', isClosed: false }, '2023-03-31')).toBe(false);
    expect(isReviewOverdue({ reviewOn: '2023-03-31', isClosed: false }, '2023-04-01')).toBe(true);
    expect(isReviewOverdue({ reviewOn: '2023-03-31', isClosed: true }, '2023-04-01')).toBe(false);
    expect(isReviewOverdue({ reviewOn: null, isClosed: false }, '2023-04-01')).toBe(false);
  });
});
