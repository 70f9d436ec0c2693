/**
 * Judges one value against its target: better than target, at target,
 * missed within tolerance, missed outside tolerance, no target, no data.
 *
 * Evaluation uses the EXACT value and target, never the rounded figures a
 * page shows: 23.6% against a target of 24% (bigger is better) is below
 * target even though both print as 24%. Two numbers within 1e-9 of each
 * other count as equal, so floating-point noise (1218/1304×100 computed two
 * ways) never turns a tie into a miss.
 *
 * Tolerance is absolute, in the indicator's unit, on the side the aim counts
 * as worse (see Target in indicator.ts). Null and 0 both mean no tolerance:
 * any miss is outside tolerance. A value exactly on the tolerance limit is
 * within tolerance.
 */
import {
  AIM_LABELS,
  type Aim,
  type Benchmark,
  BENCHMARK_LABELS,
  type Target,
  type Unit,
} from './indicator.ts';
import { decimalPlacesOf, formatValue, MAX_DECIMALS } from './format.ts';

export type TargetStatus =
  'better_than_target' | 'at_target' | 'within_tolerance' | 'outside_tolerance' | 'no_target' | 'no_data';

export type RatingColour = 'green' | 'amber' | 'red' | 'grey';

export interface Evaluation {
  status: TargetStatus;
  /** True when better than or at target, false when missed (within or outside tolerance), null when there is no target or no data. */
  isAchieved: boolean | null;
  colour: RatingColour;
  label: string;
  /** One sentence a person can read: 'Value 22% is below the target of 24%; smaller is better.' */
  explanation: string;
}

/** Two numbers closer than this are equal: a tie with the target or with the tolerance limit. */
export const EQUALITY_TOLERANCE = 1e-9;

export const TARGET_STATUS_LABELS: Record<TargetStatus, string> = {
  better_than_target: 'Better than target',
  at_target: 'At target',
  within_tolerance: 'Missed, within tolerance',
  outside_tolerance: 'Missed, outside tolerance',
  no_target: 'No target',
  no_data: 'No data',
};

export const TARGET_STATUS_COLOURS: Record<TargetStatus, RatingColour> = {
  better_than_target: 'green',
  at_target: 'green',
  within_tolerance: 'amber',
  outside_tolerance: 'red',
  no_target: 'grey',
  no_data: 'grey',
};

const ACHIEVED: Record<TargetStatus, boolean | null> = {
  better_than_target: true,
  at_target: true,
  within_tolerance: false,
  outside_tolerance: false,
  no_target: null,
  no_data: null,
};

/** A target number is shown with up to this many more decimals than the indicator's, so 99.5% is not shown as 100%. */
const EXTRA_TARGET_DECIMALS = 2;

const isEqual = (a: number, b: number): boolean => Math.abs(a - b) <= EQUALITY_TOLERANCE;

/**
 * The single number a target sets: its value, or a benchmark's resolved
 * value. Null for a band (two numbers), 'trend_only', 'tbc', a benchmark not
 * yet known, and no target at all.
 */
export function effectiveTargetValue(target: Target | null): number | null {
  if (target?.kind === 'value') return target.value;
  if (target?.kind === 'benchmark') return target.resolvedValue;
  return null;
}

/** Decimal places to show target numbers with: the indicator's, or more (up to 2 more) if a target was set more precisely. */
function targetDecimals(numbers: number[], decimals: number): number {
  const wanted = numbers.map((n) => Math.min(decimalPlacesOf(n), decimals + EXTRA_TARGET_DECIMALS));
  return Math.min(MAX_DECIMALS, Math.max(decimals, ...wanted));
}

/**
 * A target as a page shows it: '24%', '80%–90%', 'National average (62%)',
 * 'National average (not yet known)', 'Trend only', 'TBC', and '' for no
 * target. Numbers use the indicator's decimals, or up to two more when the
 * target was set more precisely (99.5% on a whole-percent indicator stays
 * 99.5%). Tolerance is not shown.
 */
export function describeTarget(target: Target | null, opts: { unit: Unit; decimals: number }): string {
  if (target === null) return '';
  const show = (numbers: number[]): string[] => {
    const decimals = targetDecimals(numbers, opts.decimals);
    return numbers.map((n) => formatValue(n, { unit: opts.unit, decimals }));
  };
  switch (target.kind) {
    case 'value':
      return show([target.value]).join('');
    case 'band':
      return show([target.low, target.high]).join('–');
    case 'benchmark': {
      const known = target.resolvedValue === null ? 'not yet known' : show([target.resolvedValue]).join('');
      return `${BENCHMARK_LABELS[target.benchmark]} (${known})`;
    }
    case 'trend_only':
      return 'Trend only';
    case 'tbc':
      return 'TBC';
  }
}

// ---------------------------------------------------------------------------
// Evaluation

/** A usable target reduced to the band it sets ([t, t] for a single number), its tolerance (0 for none) and where it came from. */
interface Goal {
  low: number;
  high: number;
  tolerance: number;
  source: 'value' | 'band' | Benchmark;
}

/** The target as a Goal, or the sentence saying why there is nothing to evaluate against. */
function goalOf(target: Target | null): Goal | string {
  if (target === null) return 'No target has been set.';
  switch (target.kind) {
    case 'trend_only':
      return 'The target is to watch the trend only; there is no figure to meet.';
    case 'tbc':
      return 'The target is still to be confirmed.';
    case 'benchmark':
      if (target.resolvedValue === null) {
        return `The ${BENCHMARK_LABELS[target.benchmark].toLowerCase()} is not yet known, so there is no target to compare with.`;
      }
      return goal(target.resolvedValue, target.resolvedValue, target.tolerance, target.benchmark);
    case 'value':
      return goal(target.value, target.value, target.tolerance, 'value');
    case 'band':
      return goal(target.low, target.high, target.tolerance, 'band');
  }
}

function goal(low: number, high: number, tolerance: number | null, source: Goal['source']): Goal {
  if (!Number.isFinite(low) || !Number.isFinite(high)) throw new Error('A target must be a finite number');
  if (low > high) throw new Error(`A target band must not run backwards (${low} to ${high})`);
  if (tolerance !== null && !(tolerance >= 0 && Number.isFinite(tolerance))) {
    throw new Error(`A tolerance must be zero or a positive number, not ${tolerance}`);
  }
  return { low, high, tolerance: tolerance ?? 0, source };
}

type Format = (n: number) => string;
type Display = { unit: Unit; decimals: number };

/**
 * Formats the numbers of one sentence with the target's decimals, adding
 * places until the value never prints the same as a number it differs from
 * ('Value 23.6% is below the target of 24.0%', not '24% is below 24%').
 */
function sentenceFormat(value: number, goalNumbers: number[], limits: number[], display: Display): Format {
  const fmt = (n: number, decimals: number): string => formatValue(n, { unit: display.unit, decimals });
  const compared = [...goalNumbers, ...limits];
  let decimals = targetDecimals(goalNumbers, display.decimals);
  while (
    decimals < MAX_DECIMALS &&
    compared.some((n) => !isEqual(value, n) && fmt(value, decimals) === fmt(n, decimals))
  ) {
    decimals += 1;
  }
  return (n) => fmt(n, decimals);
}

/** How a sentence names the target: 'the target of 24%', 'the national average of 62%', 'the target band of 80%–90%', 'the plan of 100'. */
function targetPhrase(g: Goal, fmt: Format, isPlan: boolean): string {
  switch (g.source) {
    case 'value':
      return `${isPlan ? 'the plan' : 'the target'} of ${fmt(g.low)}`;
    case 'band':
      return `${isPlan ? 'the planned band' : 'the target band'} of ${fmt(g.low)}–${fmt(g.high)}`;
    default:
      return `the ${BENCHMARK_LABELS[g.source].toLowerCase()} of ${fmt(g.low)}`;
  }
}

/** The sentence for a miss: '…is below X but within tolerance (down to L); aim.' or '…and outside tolerance…'. */
function missSentence(input: {
  status: TargetStatus;
  value: string;
  position: string;
  tolerance: number;
  limit: string;
  isUp: boolean;
  aimText: string;
}): string {
  const { status, value, position, tolerance, limit, isUp, aimText } = input;
  const toleranceText = `tolerance (${isUp ? 'up' : 'down'} to ${limit})`;
  if (status === 'within_tolerance')
    return `Value ${value} ${position} but within ${toleranceText}; ${aimText}`;
  if (tolerance > 0) return `Value ${value} ${position} and outside ${toleranceText}; ${aimText}`;
  return `Value ${value} ${position}; ${aimText}`;
}

function result(status: TargetStatus, explanation: string): Evaluation {
  return {
    status,
    isAchieved: ACHIEVED[status],
    colour: TARGET_STATUS_COLOURS[status],
    label: TARGET_STATUS_LABELS[status],
    explanation,
  };
}

/** A miss by `distance` on the worse side: within tolerance when the tolerance is positive and the distance no more than it. */
function missStatus(distance: number, tolerance: number): TargetStatus {
  return tolerance > 0 && distance <= tolerance + EQUALITY_TOLERANCE
    ? 'within_tolerance'
    : 'outside_tolerance';
}

/**
 * Evaluates a value against its target for the indicator's aim.
 *
 * - A null value is 'no_data', whatever the aim or target.
 * - A 'trend_only' aim, no target, a 'trend_only' or 'tbc' target, or a
 *   benchmark whose value is not yet known is 'no_target'.
 * - bigger_is_better: above the target is better, equal is at target, up to
 *   the tolerance below it is within tolerance. A band counts from its low
 *   edge. smaller_is_better is the mirror image, from a band's high edge.
 * - stabilise and plan_is_best: inside the band (edges included; a single
 *   number is a band of one point) is at target; beyond the nearest edge by
 *   no more than the tolerance is within tolerance. Never better than target.
 * - above_zero: zero is the threshold whatever number the target sets (only
 *   its tolerance is used, and a target must still be set). Above zero is
 *   better than target; zero itself is NOT achieved: within tolerance down to
 *   −tolerance, else outside.
 *
 * `display` sets how numbers appear in the explanation (default: plain
 * whole numbers, more places where needed); it never changes the status.
 * Throws an Error for a non-finite value or target, a negative tolerance,
 * or a band whose low edge is above its high edge.
 */
export function evaluateAgainstTarget(input: {
  aim: Aim;
  value: number | null;
  target: Target | null;
  display?: Display;
}): Evaluation {
  const { aim, value, target } = input;
  const display = input.display ?? { unit: 'score', decimals: 0 };
  if (value === null) return result('no_data', 'No value has been recorded.');
  if (!Number.isFinite(value)) throw new Error(`A value must be a finite number, not ${value}`);
  if (aim === 'trend_only')
    return result('no_target', 'This indicator is monitored for its trend only; it has no target.');
  const g = goalOf(target);
  if (typeof g === 'string') return result('no_target', g);
  switch (aim) {
    case 'bigger_is_better':
    case 'smaller_is_better':
      return judgeDirectional(value, g, aim, display);
    case 'stabilise':
    case 'plan_is_best':
      return judgeBand(value, g, aim, display);
    case 'above_zero':
      return judgeAboveZero(value, g, display);
  }
}

/** bigger_is_better / smaller_is_better: one threshold (a band's low or high edge), tolerance on the worse side. */
function judgeDirectional(
  value: number,
  g: Goal,
  aim: 'bigger_is_better' | 'smaller_is_better',
  display: Display,
): Evaluation {
  const isBiggerBetter = aim === 'bigger_is_better';
  const t = isBiggerBetter ? g.low : g.high;
  const limit = isBiggerBetter ? t - g.tolerance : t + g.tolerance;
  const isBetter = isBiggerBetter ? value > t : value < t;
  const status = isEqual(value, t)
    ? 'at_target'
    : isBetter
      ? 'better_than_target'
      : missStatus(Math.abs(value - t), g.tolerance);

  const fmt = sentenceFormat(value, [g.low, g.high], g.tolerance > 0 ? [limit] : [], display);
  const target =
    g.source === 'band'
      ? `${isBiggerBetter ? 'the bottom' : 'the top'} of ${targetPhrase(g, fmt, false)}`
      : targetPhrase(g, fmt, false);
  const position = `is ${value > t ? 'above' : 'below'} ${target}`;
  const aimText = `${AIM_LABELS[aim].toLowerCase()}.`;
  if (status === 'at_target') return result(status, `Value ${fmt(value)} equals ${target}.`);
  if (status === 'better_than_target') return result(status, `Value ${fmt(value)} ${position}; ${aimText}`);
  return result(
    status,
    missSentence({
      status,
      value: fmt(value),
      position,
      tolerance: g.tolerance,
      limit: fmt(limit),
      isUp: !isBiggerBetter,
      aimText,
    }),
  );
}

/** stabilise / plan_is_best: inside the band is at target; beyond its nearest edge by up to the tolerance is within tolerance. */
function judgeBand(value: number, g: Goal, aim: 'stabilise' | 'plan_is_best', display: Display): Evaluation {
  const isAbove = value > g.high;
  const edge = isAbove ? g.high : g.low;
  const limit = isAbove ? g.high + g.tolerance : g.low - g.tolerance;
  const isInside = value >= g.low - EQUALITY_TOLERANCE && value <= g.high + EQUALITY_TOLERANCE;
  const status = isInside ? 'at_target' : missStatus(Math.abs(value - edge), g.tolerance);

  const fmt = sentenceFormat(value, [g.low, g.high], g.tolerance > 0 ? [limit] : [], display);
  const target = targetPhrase(g, fmt, aim === 'plan_is_best');
  if (status === 'at_target') {
    return result(
      status,
      g.source === 'band'
        ? `Value ${fmt(value)} is inside ${target}.`
        : `Value ${fmt(value)} equals ${target}.`,
    );
  }
  const aimText = aim === 'stabilise' ? 'neither higher nor lower is better.' : 'keeping to plan is best.';
  const position = `is ${isAbove ? 'above' : 'below'} ${target}`;
  return result(
    status,
    missSentence({
      status,
      value: fmt(value),
      position,
      tolerance: g.tolerance,
      limit: fmt(limit),
      isUp: isAbove,
      aimText,
    }),
  );
}

/** above_zero: the threshold is zero whatever the target says; zero itself is a miss. */
function judgeAboveZero(value: number, g: Goal, display: Display): Evaluation {
  const fmt = sentenceFormat(value, [0], g.tolerance > 0 ? [-g.tolerance] : [], display);
  const aimText = 'the aim is above zero.';
  if (value > EQUALITY_TOLERANCE)
    return result('better_than_target', `Value ${fmt(value)} is above zero; ${aimText}`);
  const status = missStatus(-value, g.tolerance);
  return result(
    status,
    missSentence({
      status,
      value: fmt(value),
      position: 'is not above zero',
      tolerance: g.tolerance,
      limit: fmt(-g.tolerance),
      isUp: false,
      aimText,
    }),
  );
}
