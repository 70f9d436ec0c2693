/**
 * Partner contracts: each contractual indicator judged against the target
 * and tolerance the contract sets, in month and on a cumulative basis, and
 * the position summed up the way the council reports it:
 * "all 15 within target or tolerance: 10 better than target, 1 at target,
 * 4 missed but within tolerance".
 *
 * Pure. The rating itself is evaluateAgainstTarget's (ties within 1e-9 of
 * the target are "at target"; a miss exactly on the tolerance limit is
 * within tolerance; tolerance is absolute, in the indicator's unit, on the
 * side its aim counts as worse; 0 means none). The figures combined into a
 * cumulative value follow aggregates.ts: a ratio is Σ numerators ÷ Σ
 * denominators, anything else the mean of the monthly values, and a month
 * without its figure makes the cumulative position "no data", never a
 * figure quietly built from fewer months.
 */
import { aggregate, type Observation } from './aggregates.ts';
import {
  evaluateAgainstTarget,
  TARGET_STATUS_COLOURS,
  type RatingColour,
  type TargetStatus,
} from './evaluate-target.ts';
import type { Aim, Target, Unit } from './indicator.ts';
import { monthsIn, parsePeriod, rolling12Months, threeYearsEnding, type Period } from './periods.ts';

/**
 * How a contract measures an indicator over time, besides the month itself:
 * - rolling_12_months: the 12 months ending with the month (Nov-17 – Oct-18
 *   for October 2018), what the council calls "previous 12 month cumulative";
 * - three_year_average: the 36 months ending with the month (an adoption
 *   timeliness measure is judged on its 3-year average);
 * - none: the contract sets no cumulative measure (a re-offending rate
 *   measured on an annual cohort); the indicator is judged in month only.
 */
export const CUMULATIVE_BASES = ['rolling_12_months', 'three_year_average', 'none'] as const;
export type CumulativeBasis = (typeof CUMULATIVE_BASES)[number];

export const CUMULATIVE_BASIS_LABELS: Record<CumulativeBasis, string> = {
  rolling_12_months: 'Previous 12 months cumulative',
  three_year_average: 'Previous 3 years average',
  none: 'No cumulative measure',
};

/** The number of months a cumulative basis covers, ending with the month judged. */
export const CUMULATIVE_MONTHS: Record<CumulativeBasis, number> = {
  rolling_12_months: 12,
  three_year_average: 36,
  none: 0,
};

/** A target rating, or 'not_applicable' for the cumulative position of an indicator with no cumulative measure. */
export type ContractStatus = TargetStatus | 'not_applicable';

export const CONTRACT_STATUS_LABELS: Record<ContractStatus, string> = {
  better_than_target: 'Better than target',
  at_target: 'At target',
  within_tolerance: 'Missed but within tolerance',
  outside_tolerance: 'Missed, outside tolerance',
  no_target: 'No target',
  no_data: 'No data',
  not_applicable: 'No cumulative measure',
};

/** The statuses that count as "within target or tolerance". */
const MET: readonly ContractStatus[] = ['better_than_target', 'at_target', 'within_tolerance'];

/** One contractual indicator, its terms, and its monthly figures (the total, one per month). */
export interface ContractIndicatorInput {
  /** The indicator's number in the contract (KPI 1 … KPI 15). */
  position: number;
  ref: string;
  title: string;
  unit: Unit;
  decimals: number;
  aim: Aim;
  isRatio: boolean;
  /** The contract's target; null when none has been agreed ('no_target'). */
  target: number | null;
  /** Absolute, in the indicator's unit; 0 for none. */
  tolerance: number;
  cumulativeBasis: CumulativeBasis;
  /** Monthly figures; months outside the ones needed are ignored. */
  observations: Observation[];
}

export interface ContractRating {
  status: ContractStatus;
  label: string;
  colour: RatingColour;
  /** The exact figure judged (never rounded); null with no data or no cumulative measure. */
  value: number | null;
  /** For a ratio, the parts behind the value (summed over the months for a cumulative figure). */
  numerator: number | null;
  denominator: number | null;
  /** The months the figure covers: the month itself, or a range; null with no cumulative measure. */
  period: Period | null;
  /** One sentence for a person: why this rating. */
  explanation: string;
}

export interface ContractIndicatorPosition {
  position: number;
  ref: string;
  title: string;
  unit: Unit;
  decimals: number;
  aim: Aim;
  isRatio: boolean;
  target: number | null;
  tolerance: number;
  cumulativeBasis: CumulativeBasis;
  inMonth: ContractRating;
  cumulative: ContractRating;
}

export interface ContractSummary {
  /** How many indicators have each status. */
  counts: Record<ContractStatus, number>;
  /** Indicators judged: all but those with no cumulative measure. */
  judged: number;
  /** Better than target, at target, or missed but within tolerance. */
  withinTargetOrTolerance: number;
  /** The council's sentence: 'all 15 within target or tolerance: 10 better than target, 1 at target, 4 missed but within tolerance'. */
  text: string;
}

export interface ContractPosition {
  month: Period;
  indicators: ContractIndicatorPosition[];
  inMonth: ContractSummary;
  cumulative: ContractSummary;
}

/** A month code ('2018-10') as a Period; throws an Error for anything else. */
export function contractMonth(code: string): Period {
  const period = parsePeriod(code);
  if (!period || period.kind !== 'month') throw new Error(`Not a month (YYYY-MM): ${code}`);
  return period;
}

/** The months a cumulative basis covers for a month (12 or 36 ending with it), or null for 'none'. */
export function cumulativePeriod(month: Period, basis: CumulativeBasis): Period | null {
  switch (basis) {
    case 'rolling_12_months':
      return rolling12Months(month);
    case 'three_year_average':
      return threeYearsEnding(month);
    case 'none':
      return null;
  }
}

/** Every month code whose figures judging a contract for `month` needs, oldest first. */
export function monthsNeeded(month: Period, bases: readonly CumulativeBasis[]): string[] {
  const longest = Math.max(1, ...bases.map((b) => CUMULATIVE_MONTHS[b]));
  return monthsIn(longest === 1 ? month : longest === 12 ? rolling12Months(month) : threeYearsEnding(month));
}

function rating(
  status: ContractStatus,
  figure: Pick<ContractRating, 'value' | 'numerator' | 'denominator' | 'period'>,
  explanation: string,
): ContractRating {
  return {
    status,
    label: CONTRACT_STATUS_LABELS[status],
    colour: status === 'not_applicable' ? 'grey' : TARGET_STATUS_COLOURS[status],
    ...figure,
    explanation,
  };
}

/** Judges a value (possibly null, with the reason it is) against the contract's terms. */
function judge(
  indicator: ContractIndicatorInput,
  figure: Pick<ContractRating, 'value' | 'numerator' | 'denominator' | 'period'>,
  missingReason: string,
): ContractRating {
  const target: Target | null =
    indicator.target === null
      ? null
      : { kind: 'value', value: indicator.target, tolerance: indicator.tolerance };
  const evaluation = evaluateAgainstTarget({
    aim: indicator.aim,
    value: figure.value,
    target,
    display: { unit: indicator.unit, decimals: indicator.decimals },
  });
  return rating(
    evaluation.status,
    figure,
    evaluation.status === 'no_data' ? missingReason : evaluation.explanation,
  );
}

const shortLabels = (codes: string[]): string => codes.map((c) => parsePeriod(c)?.shortLabel ?? c).join(', ');

/**
 * The month's own figure. A ratio's value is the one recorded (computed
 * from its parts when they were given); a month whose denominator was 0, or
 * with no figure at all, is 'no_data'.
 */
function inMonth(indicator: ContractIndicatorInput, month: Period): ContractRating {
  const o = indicator.observations.find((x) => x.period === month.code);
  const figure = {
    value: o?.value ?? null,
    numerator: indicator.isRatio ? (o?.numerator ?? null) : null,
    denominator: indicator.isRatio ? (o?.denominator ?? null) : null,
    period: month,
  };
  const reason =
    o && o.denominator === 0
      ? `Nothing to measure in ${month.label}: the denominator is 0.`
      : `No figure has been recorded for ${month.label}.`;
  return judge(indicator, figure, reason);
}

/**
 * The cumulative figure: Σ numerators ÷ Σ denominators for a ratio (months
 * with a denominator of 0 add nothing), the mean of the monthly values
 * otherwise. Any month of the window without its figure (for a ratio: its
 * numerator and denominator) makes it 'no_data', as does a window whose
 * denominators total 0.
 */
function cumulative(indicator: ContractIndicatorInput, month: Period): ContractRating {
  const period = cumulativePeriod(month, indicator.cumulativeBasis);
  if (period === null) {
    return rating(
      'not_applicable',
      { value: null, numerator: null, denominator: null, period: null },
      'The contract sets no cumulative measure for this indicator; it is judged in month only.',
    );
  }
  const months = monthsIn(period);
  const wanted = new Set(months);
  const result = aggregate({
    observations: indicator.observations.filter((o) => wanted.has(o.period)),
    periods: months,
    method: indicator.isRatio ? 'sum' : 'average',
    isRatio: indicator.isRatio,
    unit: indicator.unit,
  });
  const reason =
    result.missing.length > 0
      ? `${indicator.isRatio ? 'No numerator and denominator' : 'No figure'} for ${shortLabels(result.missing)}, so there is no cumulative figure for ${period.label}.`
      : `Nothing to measure in ${period.label}: the denominators total 0.`;
  return judge(
    indicator,
    {
      value: result.value,
      numerator: indicator.isRatio ? result.numerator : null,
      denominator: indicator.isRatio ? result.denominator : null,
      period,
    },
    reason,
  );
}

/**
 * One contractual indicator for a month: in month and cumulatively.
 * Throws an Error for a negative tolerance, a non-finite figure or target,
 * or two figures for one month (as evaluateAgainstTarget and aggregate do).
 */
export function evaluateContractIndicator(
  month: Period,
  indicator: ContractIndicatorInput,
): ContractIndicatorPosition {
  if (month.kind !== 'month') throw new Error(`A contract is judged for a month, not a ${month.kind}`);
  const { observations: _observations, ...terms } = indicator;
  return { ...terms, inMonth: inMonth(indicator, month), cumulative: cumulative(indicator, month) };
}

const emptyCounts = (): Record<ContractStatus, number> => ({
  better_than_target: 0,
  at_target: 0,
  within_tolerance: 0,
  outside_tolerance: 0,
  no_target: 0,
  no_data: 0,
  not_applicable: 0,
});

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * The council's sentence for a list of statuses.
 *
 * - Indicators with no cumulative measure ('not_applicable') are not
 *   judged: they are left out of the count and named in brackets at the end
 *   ('(not counted: 1 indicator with no cumulative measure)').
 * - The opening counts those within target or tolerance (better than
 *   target, at target, or missed but within tolerance) among those judged:
 *   'all 15 within target or tolerance' when every one of two or more is;
 *   'none of 15 …' when none is; otherwise '13 of 15 …' (and '1 of 1',
 *   '0 of 1' for a single indicator). Indicators with no data or no target
 *   count among those judged: they are not within target.
 * - After a colon, the ones within target or tolerance by kind, in the
 *   order better than target, at target, missed but within tolerance;
 *   after a semicolon, the rest: outside tolerance, with no target, with
 *   no data. A kind with none is left out; no kind is ever given as 0.
 * - With nothing to judge: 'no indicators to judge'; with no data for any:
 *   'no data for any of the 15 indicators' ('… for the 1 indicator').
 */
export function summariseStatuses(statuses: readonly ContractStatus[]): ContractSummary {
  const counts = emptyCounts();
  for (const s of statuses) counts[s] += 1;
  const judged = statuses.length - counts.not_applicable;
  const met = MET.reduce((n, s) => n + counts[s], 0);
  const notCounted =
    counts.not_applicable > 0
      ? ` (not counted: ${plural(counts.not_applicable, 'indicator', 'indicators')} with no cumulative measure)`
      : '';
  const summary = (text: string): ContractSummary => ({
    counts,
    judged,
    withinTargetOrTolerance: met,
    text: text + notCounted,
  });

  if (judged === 0) return summary('no indicators to judge');
  if (counts.no_data === judged) {
    return summary(
      judged === 1 ? 'no data for the 1 indicator' : `no data for any of the ${judged} indicators`,
    );
  }
  const opening =
    judged === 1
      ? `${met} of 1`
      : met === judged
        ? `all ${judged}`
        : met === 0
          ? `none of ${judged}`
          : `${met} of ${judged}`;
  const parts = (list: [number, string][]) => list.filter(([n]) => n > 0).map(([n, text]) => `${n} ${text}`);
  const within = parts([
    [counts.better_than_target, 'better than target'],
    [counts.at_target, 'at target'],
    [counts.within_tolerance, 'missed but within tolerance'],
  ]);
  const rest = parts([
    [counts.outside_tolerance, 'outside tolerance'],
    [counts.no_target, 'with no target'],
    [counts.no_data, 'with no data'],
  ]);
  const detail = [within.join(', '), rest.join(', ')].filter(Boolean).join('; ');
  return summary(`${opening} within target or tolerance: ${detail}`);
}

/** A whole contract for a month: each indicator in month and cumulatively, and the two summaries. */
export function evaluateContract(input: {
  month: Period;
  indicators: ContractIndicatorInput[];
}): ContractPosition {
  const indicators = [...input.indicators]
    .sort((a, b) => a.position - b.position)
    .map((indicator) => evaluateContractIndicator(input.month, indicator));
  return {
    month: input.month,
    indicators,
    inMonth: summariseStatuses(indicators.map((i) => i.inMonth.status)),
    cumulative: summariseStatuses(indicators.map((i) => i.cumulative.status)),
  };
}
