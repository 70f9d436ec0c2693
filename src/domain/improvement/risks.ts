/**
 * Risks scored on a 5×5 grid: likelihood and impact from 1 (rare; minimal)
 * to 5 (almost certain; severe), each before mitigation (inherent), now
 * (residual, after the mitigations in place) and as targeted. The score is
 * likelihood × impact (1–25), banded low (1–4), medium (5–9), high (10–15)
 * and very high (16–25). A risk is placed on the heat map by its residual
 * score; one not yet scored is listed beside it, never guessed. A risk is
 * overdue for review when its review date is before the day (a review due
 * on the day is not yet overdue); closed risks are never overdue. Pure.
 */

export const SCALE = [1, 2, 3, 4, 5] as const;

export const LIKELIHOOD_LABELS = ['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain'] as const;
export const IMPACT_LABELS = ['Minimal', 'Minor', 'Moderate', 'Major', 'Severe'] as const;

export type Band = 'low' | 'medium' | 'high' | 'very_high';
export const BAND_LABELS: Record<Band, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  very_high: 'Very high',
};

export interface Score {
  likelihood: number;
  impact: number;
}

export interface Risk {
  id: number;
  ref: string;
  title: string;
  owner: string;
  cause: string;
  consequence: string;
  inherent: Score | null;
  residual: Score | null;
  target: Score | null;
  mitigations: string;
  reviewOn: string | null;
  isClosed: boolean;
  itemRefs: string[];
}

export function scoreOf(score: Score | null): number | null {
  return score ? score.likelihood * score.impact : null;
}

export function bandOf(value: number): Band {
  if (value >= 16) return 'very_high';
  if (value >= 10) return 'high';
  if (value >= 5) return 'medium';
  return 'low';
}

/** A pair of 1–5 values as a score, or null when either is missing. */
export function scoreFrom(likelihood: number | null, impact: number | null): Score | null {
  return likelihood === null || impact === null ? null : { likelihood, impact };
}

export function isReviewOverdue(risk: Pick<Risk, 'reviewOn' | 'isClosed'>, asAt: string): boolean {
  return !risk.isClosed && risk.reviewOn !== null && risk.reviewOn < asAt;
}

export interface HeatMapCell {
  likelihood: number;
  impact: number;
  score: number;
  band: Band;
  refs: string[];
}

export interface HeatMap {
  /** Rows from likelihood 5 (top) to 1, as a heat map is drawn; each row impact 1 to 5. */
  rows: HeatMapCell[][];
  /** Open risks with no residual score yet. */
  unscored: string[];
}

export function heatMap(risks: readonly Risk[]): HeatMap {
  const rows = [...SCALE].reverse().map((likelihood) =>
    SCALE.map((impact) => ({
      likelihood,
      impact,
      score: likelihood * impact,
      band: bandOf(likelihood * impact),
      refs: [] as string[],
    })),
  );
  const unscored: string[] = [];
  for (const risk of risks) {
    if (risk.isClosed) continue;
    if (!risk.residual) {
      unscored.push(risk.ref);
      continue;
    }
    rows[5 - risk.residual.likelihood]![risk.residual.impact - 1]!.refs.push(risk.ref);
  }
  return { rows, unscored };
}
