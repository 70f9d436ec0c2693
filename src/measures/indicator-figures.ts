/**
 * From a measure to the figures of an indicator computed from it: which
 * stretch of time each of the indicator's periods is measured over (its
 * basis), which periods an import refreshes, and the figure for each line
 * of the measure's breakdown, in the form the indicator records.
 */
import { BASIS_LABELS, type Basis, type Frequency, type Unit } from '../domain/indicator.ts';
import {
  currentPeriod,
  financialYearToDate,
  periodKindForFrequency,
  periodsBetween,
  previousPeriod,
  rolling12Months,
  threeYearsEnding,
  type Period,
} from '../domain/periods.ts';
import { TOTAL_ITEM, type Aggregate } from './aggregate.ts';
import { addMonths } from './dates.ts';
import type { MeasureKind } from './measure.ts';
import type { IsoDate } from './model.ts';

/** The unit an indicator must have to be computed from a measure of each kind. */
export const UNIT_OF_KIND: Record<MeasureKind, Unit> = {
  count: 'count',
  percent: 'percent',
  rate_per_10k: 'rate_per_10k',
  average_days: 'days',
};

/** How far back an import refreshes an indicator's figures: three years of periods. */
export const REFRESHED_MONTHS = 36;

/**
 * The complete periods of an indicator's frequency in the three years up to
 * `asAt` (a return's reference date): a period still running on that day is
 * not refreshed, since the return cannot know its end.
 */
export function refreshedPeriods(frequency: Frequency, asAt: IsoDate): Period[] {
  const kind = periodKindForFrequency(frequency);
  let last = currentPeriod(kind, asAt);
  if (last.end > asAt) last = previousPeriod(last);
  const first = currentPeriod(kind, addMonths(asAt, -REFRESHED_MONTHS + 1));
  return first.start > last.start ? [] : periodsBetween(first, last);
}

/**
 * The stretch a measure is computed over for an indicator's period: the
 * period itself for a figure in the period or at its end; the 12 months, the
 * financial year to date or the 36 months ending with its last month for
 * the other bases. Only monthly and longer periods ending in a month are
 * stretched; a basis that does not fit the period is refused with a sentence.
 */
export function measuredOver(period: Period, basis: Basis): Period | string {
  switch (basis) {
    case 'snapshot':
    case 'in_period':
      return period;
    case 'rolling_12_months':
      return rolling12Months(period);
    case 'year_to_date':
      return financialYearToDate(period);
    case 'three_year_average':
      return threeYearsEnding(period);
    default:
      return `the basis ${BASIS_LABELS[basis as Basis] ?? basis} cannot be computed from a measure`;
  }
}

export interface IndicatorFigure {
  breakdown: string;
  value?: number;
  numerator?: number;
  denominator?: number;
}

export interface BreakdownTarget {
  /** The indicator's column dimension's code ('locality'), or null to record the total only. */
  dimensionCode: string | null;
  items: readonly { code: string; label: string }[];
}

/**
 * The figures of one period: the total, and each breakdown line whose item
 * matches one of the dimension's items by code or label (ignoring case and
 * spacing). A line with no figure (a zero denominator, an unknown
 * population) gives none; lines that match no item are named in `unmatched`.
 */
export function indicatorFigures(
  kind: MeasureKind,
  aggregate: Aggregate,
  isRatio: boolean,
  target: BreakdownTarget,
): { figures: IndicatorFigure[]; unmatched: string[] } {
  const normal = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
  const itemFor = new Map<string, string>();
  for (const item of target.items) {
    itemFor.set(normal(item.code), item.code);
    itemFor.set(normal(item.label), item.code);
  }
  const figures: IndicatorFigure[] = [];
  const unmatched: string[] = [];
  const add = (breakdown: string, line: Aggregate['total']) => {
    if (line.value === null) return;
    // A count is a number on its own; the others are recorded with their parts where the indicator keeps them.
    if (kind === 'count' || !isRatio) figures.push({ breakdown, value: line.value });
    else figures.push({ breakdown, numerator: line.numerator, denominator: line.denominator });
  };
  add('', aggregate.total);
  if (target.dimensionCode !== null) {
    for (const line of aggregate.items) {
      if (line.item === TOTAL_ITEM) continue;
      const code = itemFor.get(normal(line.item)) ?? itemFor.get(normal(line.label));
      if (code === undefined) {
        if (line.numerator > 0 || line.denominator > 0) unmatched.push(line.label);
        continue;
      }
      add(`${target.dimensionCode}=${code}`, line);
    }
  }
  return { figures, unmatched };
}
