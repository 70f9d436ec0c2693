/**
 * Figures built from parts and from several periods: percentages and rates
 * from a numerator and a denominator, and sums, averages and latest values
 * over a list of periods (previous 6 months, rolling 12 months, year to
 * date, 3-year average).
 *
 * Two rules protect the figures:
 * - No silent gaps: every period asked for must have its data, or the result
 *   is null and says which periods are missing.
 * - Ratios are ratios of sums (Σ numerators ÷ Σ denominators), never an
 *   average of monthly percentages, so a month with 10 referrals does not
 *   weigh as much as a month with 1,400.
 */
import { type Unit } from './indicator.ts';
import { comparePeriods, parsePeriod, type Period } from './periods.ts';

export interface Observation {
  /** Period code, e.g. '2017-05'. */
  period: string;
  /** Null when nothing was recorded (or, for a ratio, the denominator was 0). */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

export type AggregateMethod = 'sum' | 'average' | 'latest';

export interface AggregateResult {
  value: number | null;
  /** For a ratio: Σ numerators ('sum'), their mean ('average') or the latest one; null for other indicators and when data are missing. */
  numerator: number | null;
  /** As numerator, for denominators. */
  denominator: number | null;
  /** The periods whose data make up the value, in the order listed; empty when data are missing. */
  periodsUsed: string[];
  /** Listed periods with no observation, or with a null value (for a ratio: a null numerator or denominator), in the order listed. */
  missing: string[];
  /** Why value is null, for a person ('Missing Jan-17, Feb-17'); null when there is a value. */
  reason: string | null;
}

/** What a ratio is multiplied by: percent 100, rate_per_10k 10,000, otherwise 1 (days per child, cases per worker). */
export function scaleForUnit(unit: Unit): number {
  switch (unit) {
    case 'percent':
      return 100;
    case 'rate_per_10k':
      return 10_000;
    case 'count':
    case 'days':
    case 'score':
    case 'money':
      return 1;
  }
}

/**
 * The value a numerator and denominator give in a unit: 1,218 of 1,304
 * (percent) → 93.40…; 16,440 days for 60 children (days) → 274.
 * Computed as numerator × scale ÷ denominator, which is exact for whole
 * counts wherever the answer is. A denominator of 0 means nothing to
 * measure (no referrals this month) and gives null, not 0. A numerator of 0
 * gives 0. Throws an Error for a negative denominator or a number that is
 * not finite.
 */
export function valueFromParts(numerator: number, denominator: number, unit: Unit): number | null {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator))
    throw new Error('A numerator and denominator must be finite numbers');
  if (denominator < 0) throw new Error(`A denominator cannot be negative (${denominator})`);
  if (denominator === 0) return null;
  return (numerator * scaleForUnit(unit)) / denominator;
}

/**
 * A count per 10,000 of a population (children aged 0–17): 522 children in
 * care in EAST, population 106,296 → 49.1. Null when the count or the
 * population is null, or the population is 0 or less (no one to measure).
 */
export function ratePer10k(count: number | null, population: number | null): number | null {
  if (count === null || population === null || population <= 0) return null;
  return valueFromParts(count, population, 'rate_per_10k');
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

function finite(x: number, period: string): number {
  if (!Number.isFinite(x)) throw new Error(`Observation for ${period} is not a finite number`);
  return x;
}

/** An observation's value, or null when there is none. */
function valueOf(o: Observation | undefined): number | null {
  return o === undefined || o.value === null ? null : finite(o.value, o.period);
}

/** An observation's numerator and denominator, or null when either is missing. */
function partsOf(o: Observation | undefined): { numerator: number; denominator: number } | null {
  if (o === undefined || o.numerator === null || o.denominator === null) return null;
  const denominator = finite(o.denominator, o.period);
  if (denominator < 0) throw new Error(`Observation for ${o.period} has a negative denominator`);
  return { numerator: finite(o.numerator, o.period), denominator };
}

/**
 * Combines the observations for a list of periods into one figure.
 *
 * Every listed period must have an observation with a value (for a ratio:
 * with a numerator and a denominator; its own value may be null because its
 * denominator was 0), otherwise value, numerator and denominator are null,
 * `missing` lists the gaps and `reason` names them. Observations for periods
 * not listed are ignored.
 *
 * Ratios (isRatio): value = Σ numerators × scale ÷ Σ denominators for 'sum'
 * and 'average' alike; 'sum' reports the summed parts, 'average' the mean
 * parts (Σ ÷ number of periods, which may be fractional: 1,300.5). 'latest'
 * uses the latest period's parts. When the denominators total 0 the value is
 * null ("nothing to measure") while the parts are still reported.
 *
 * Other indicators: the sum of the values, their mean, or the value of the
 * latest period (by end date), with null parts.
 *
 * An empty list gives null with a reason. Throws an Error for a period code
 * that does not parse, a period listed twice, two observations for one
 * period, or (in a listed period) a negative denominator or a number that is
 * not finite.
 */
export function aggregate(input: {
  observations: Observation[];
  periods: string[];
  method: AggregateMethod;
  isRatio: boolean;
  unit: Unit;
}): AggregateResult {
  const { observations, periods, method, isRatio, unit } = input;
  const listed = periods.map((code): Period => {
    const period = parsePeriod(code);
    if (!period) throw new Error(`Not a period code: ${code}`);
    return period;
  });
  if (new Set(periods).size !== periods.length) throw new Error('A period is listed more than once');
  const byPeriod = new Map<string, Observation>();
  for (const o of observations) {
    if (byPeriod.has(o.period)) throw new Error(`Two observations for the period ${o.period}`);
    byPeriod.set(o.period, o);
  }
  if (listed.length === 0)
    return {
      value: null,
      numerator: null,
      denominator: null,
      periodsUsed: [],
      missing: [],
      reason: 'No periods to combine.',
    };

  const read = <T>(extract: (o: Observation | undefined) => T | null) => {
    const found = listed.map((period) => ({ period, data: extract(byPeriod.get(period.code)) }));
    const missing = found.filter((f) => f.data === null).map((f) => f.period);
    const latest = found.reduce((a, b) => (comparePeriods(b.period, a.period) > 0 ? b : a));
    const used = (method === 'latest' ? [latest] : found).flatMap((f) =>
      f.data === null ? [] : [{ period: f.period.code, data: f.data }],
    );
    return { missing, used };
  };
  const gaps = (missing: Period[]): AggregateResult => ({
    value: null,
    numerator: null,
    denominator: null,
    periodsUsed: [],
    missing: missing.map((p) => p.code),
    reason: `Missing ${missing.map((p) => p.shortLabel).join(', ')}`,
  });

  if (!isRatio) {
    const { missing, used } = read(valueOf);
    if (missing.length > 0) return gaps(missing);
    const total = sum(used.map((u) => u.data));
    return {
      value: method === 'average' ? total / used.length : total,
      numerator: null,
      denominator: null,
      periodsUsed: used.map((u) => u.period),
      missing: [],
      reason: null,
    };
  }

  const { missing, used } = read(partsOf);
  if (missing.length > 0) return gaps(missing);
  const numerators = sum(used.map((u) => u.data.numerator));
  const denominators = sum(used.map((u) => u.data.denominator));
  const divisor = method === 'average' ? used.length : 1;
  const value = valueFromParts(numerators, denominators, unit);
  return {
    value,
    numerator: numerators / divisor,
    denominator: denominators / divisor,
    periodsUsed: used.map((u) => u.period),
    missing: [],
    reason: value === null ? 'Nothing to measure: the denominator is 0.' : null,
  };
}
