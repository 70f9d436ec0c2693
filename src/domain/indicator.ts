/**
 * The indicator catalogue's vocabulary: what an indicator is, what it aims at
 * and how its targets are expressed. Pure types and their allowed values; the
 * database, importers and web forms all validate against these lists.
 */

export const AIMS = [
  'bigger_is_better',
  'smaller_is_better',
  'stabilise',
  'trend_only',
  'plan_is_best',
  'above_zero',
] as const;
export type Aim = (typeof AIMS)[number];

export const AIM_LABELS: Record<Aim, string> = {
  bigger_is_better: 'Bigger is better',
  smaller_is_better: 'Smaller is better',
  stabilise: 'Stabilise within a band',
  trend_only: 'Trend only (no target)',
  plan_is_best: 'Plan is best',
  above_zero: 'Above zero',
};

export const UNITS = ['percent', 'count', 'days', 'rate_per_10k', 'score', 'money'] as const;
export type Unit = (typeof UNITS)[number];

export const UNIT_LABELS: Record<Unit, string> = {
  percent: 'Percentage',
  count: 'Count',
  days: 'Days',
  rate_per_10k: 'Rate per 10,000 children',
  score: 'Score',
  money: 'Money (£)',
};

export const FREQUENCIES = [
  'monthly',
  'quarterly',
  'termly',
  'academic_year',
  'financial_year',
  'calendar_year',
] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const FREQUENCY_LABELS: Record<Frequency, string> = {
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  termly: 'Termly',
  academic_year: 'Academic year',
  financial_year: 'Financial year',
  calendar_year: 'Calendar year',
};

export const BASES = [
  'snapshot',
  'in_period',
  'rolling_12_months',
  'year_to_date',
  'three_year_average',
] as const;
export type Basis = (typeof BASES)[number];

export const BASIS_LABELS: Record<Basis, string> = {
  snapshot: 'Snapshot at period end',
  in_period: 'In period',
  rolling_12_months: 'Rolling 12 months',
  year_to_date: 'Year to date',
  three_year_average: '3-year average',
};

/** How the scorecard's first column summarises the months before the current one. */
export const COMPARISONS = ['six_month_average', 'six_month_cumulative', 'previous_year_end'] as const;
export type Comparison = (typeof COMPARISONS)[number];

export const COMPARISON_LABELS: Record<Comparison, string> = {
  six_month_average: 'Previous 6 months average',
  six_month_cumulative: 'Previous 6 months cumulative',
  previous_year_end: 'Previous year end',
};

export const BENCHMARKS = ['national_average', 'statistical_neighbour_average', 'regional_average'] as const;
export type Benchmark = (typeof BENCHMARKS)[number];

export const BENCHMARK_LABELS: Record<Benchmark, string> = {
  national_average: 'National average',
  statistical_neighbour_average: 'Statistical neighbour average',
  regional_average: 'Regional average',
};

/**
 * A target for one reporting year. Tolerance is absolute, in the indicator's
 * own unit (2 means two percentage points for a percentage), and always
 * measured on the side of the target the aim counts as worse.
 */
export type Target =
  | { kind: 'value'; value: number; tolerance: number | null }
  | { kind: 'band'; low: number; high: number; tolerance: number | null }
  | { kind: 'benchmark'; benchmark: Benchmark; resolvedValue: number | null; tolerance: number | null }
  | { kind: 'trend_only' }
  | { kind: 'tbc' };

export const TARGET_KINDS = ['value', 'band', 'benchmark', 'trend_only', 'tbc'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export const VALUE_STATUSES = ['provisional', 'validated'] as const;
export type ValueStatus = (typeof VALUE_STATUSES)[number];
