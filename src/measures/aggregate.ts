/**
 * From a measure's rows to its figures: the total and one line per item of
 * a breakdown, each with the parts it is made of.
 *
 * - percent: numerator rows / denominator rows × 100;
 * - count: the numerator rows (the denominator is the same rows, shown
 *   for the drill-down);
 * - rate_per_10k: numerator rows / the item's population aged 0–17 ×
 *   10,000, the population reported as the denominator;
 * - average_days: the numerator is the sum of the numerator rows' `value`
 *   (days) and the denominator the number of those rows with a value, so
 *   that figures for several periods combine as a ratio of sums.
 *
 * A left-out row (`leftOutBecause` set) counts in neither part, only in
 * `leftOut`. The value is null when the denominator is 0 or the population
 * is unknown: the measure has no figure then, which is not the same as 0.
 * Values are not rounded: presentation rounds, so that a total and its
 * breakdown round from the same exact numbers.
 */
import { type BreakdownKind, breakdownItemOf, breakdownItems } from './breakdowns.ts';
import type { MeasureDefinition, MeasureKind, MeasureRow } from './measure.ts';
import type { Child } from './model.ts';

/** The item of the total line, also what `population` is asked for the whole authority. */
export const TOTAL_ITEM = 'total';

export interface AggregateLine {
  item: string;
  label: string;
  numerator: number;
  denominator: number;
  value: number | null;
  leftOut: number;
}

export interface AggregateOptions {
  breakdown: BreakdownKind;
  childOf: (childId: string) => Child | undefined;
  /** The population aged 0–17 of an item (TOTAL_ITEM for the authority); needed for rates only. */
  population?: (item: string) => number | null;
}

export interface Aggregate {
  total: AggregateLine;
  /** One line per breakdown item, in the breakdown's documented order; empty for 'none'. */
  items: AggregateLine[];
}

interface Tally {
  numeratorRows: number;
  denominatorRows: number;
  daysSum: number;
  daysRows: number;
  leftOut: number;
}

const emptyTally = (): Tally => ({
  numeratorRows: 0,
  denominatorRows: 0,
  daysSum: 0,
  daysRows: 0,
  leftOut: 0,
});

function add(tally: Tally, row: MeasureRow): void {
  if (row.leftOutBecause !== null) {
    tally.leftOut++;
    return;
  }
  if (row.inDenominator) tally.denominatorRows++;
  if (row.inNumerator) {
    tally.numeratorRows++;
    if (row.value !== null) {
      tally.daysSum += row.value;
      tally.daysRows++;
    }
  }
}

function lineOf(
  kind: MeasureKind,
  item: string,
  label: string,
  tally: Tally,
  population: ((item: string) => number | null) | undefined,
): AggregateLine {
  const parts = (numerator: number, denominator: number, value: number | null): AggregateLine => ({
    item,
    label,
    numerator,
    denominator,
    value,
    leftOut: tally.leftOut,
  });
  switch (kind) {
    case 'count':
      return parts(tally.numeratorRows, tally.denominatorRows, tally.numeratorRows);
    case 'percent':
      return parts(
        tally.numeratorRows,
        tally.denominatorRows,
        tally.denominatorRows === 0 ? null : (tally.numeratorRows / tally.denominatorRows) * 100,
      );
    case 'rate_per_10k': {
      const people = population?.(item) ?? null;
      const known = people !== null && people > 0;
      return parts(tally.numeratorRows, people ?? 0, known ? (tally.numeratorRows / people) * 10_000 : null);
    }
    case 'average_days':
      return parts(
        tally.daysSum,
        tally.daysRows,
        tally.daysRows === 0 ? null : tally.daysSum / tally.daysRows,
      );
  }
}

/** The figures of a measure's rows: the total and each item of the breakdown. */
export function aggregate(
  definition: Pick<MeasureDefinition, 'kind'>,
  rows: readonly MeasureRow[],
  options: AggregateOptions,
): Aggregate {
  const total = emptyTally();
  const byItem = new Map<string, Tally>();
  for (const row of rows) {
    add(total, row);
    if (options.breakdown === 'none') continue;
    const item = breakdownItemOf(options.breakdown, options.childOf(row.childId), row.ageAt);
    let tally = byItem.get(item);
    if (!tally) byItem.set(item, (tally = emptyTally()));
    add(tally, row);
  }
  const items = breakdownItems(options.breakdown, byItem.keys()).map(({ item, label }) =>
    lineOf(definition.kind, item, label, byItem.get(item) ?? emptyTally(), options.population),
  );
  return { total: lineOf(definition.kind, TOTAL_ITEM, 'Total', total, options.population), items };
}
