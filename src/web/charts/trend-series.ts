import type { PeriodRow } from '../../services/get-indicator.ts';

/**
 * The data behind an indicator's trend chart, oldest period first: the
 * whole-indicator figure, the target in force for each period, whether the
 * figure is provisional, and where a definition change breaks the series.
 * Pure, so the chart on the page and in a report pack are fed the same.
 */
export interface TrendSeries {
  labels: string[];
  values: (number | null)[];
  targets: (number | null)[];
  isProvisional: boolean[];
  /** Indexes of points that start a new series (the line is not drawn across them). */
  seriesBreaks: number[];
}

export function buildTrendSeries(rows: PeriodRow[]): TrendSeries {
  const ordered = [...rows].reverse();
  return {
    labels: ordered.map((r) => r.period.shortLabel),
    values: ordered.map((r) => r.total?.value ?? null),
    targets: ordered.map((r) => r.target),
    isProvisional: ordered.map((r) => r.total?.status === 'provisional'),
    seriesBreaks: ordered.flatMap((r, i) => (i > 0 && r.series !== ordered[i - 1]!.series ? [i] : [])),
  };
}
