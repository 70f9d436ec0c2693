/**
 * The figures an end-of-year or quarterly report shows for an indicator: the
 * result for a reporting year, and the figure for each financial quarter.
 * Pure: the caller supplies the stored figures (the indicator's totals) and
 * this decides which of them, alone or combined, is the figure. The rules
 * (docs/evaluation-rules.md, section 9):
 *
 * - The reporting year '2017-18' is the indicator's kind of year: financial
 *   (FY2017-18), academic (AY2017-18), or, for a calendar-year indicator,
 *   the calendar year that ends inside it, 2017 (CY2017).
 * - The indicator's periods in a span are those of its frequency that END in
 *   it (as reportingYearOf judges a period): monthly Apr-17 … Mar-18; the
 *   autumn term (ending December) falls in Q3, spring in Q4, summer in Q2.
 * - A period of the indicator's own length or longer (a quarterly figure for
 *   a quarter, a term or a year) is its stored figure, placed where the
 *   period ends; a span in which none of the indicator's periods ends has no
 *   figure (the autumn term in Q1).
 * - Several shorter periods (months in a quarter or a year, quarters in a
 *   year) are read by the indicator's basis. A snapshot, year to date,
 *   rolling 12 months or 3-year average is the figure at the END of the
 *   span: its last period's stored figure (March for the financial year,
 *   June for Q1). An in-period figure combines every period in the span
 *   (aggregates.ts: a ratio is Σ numerators ÷ Σ denominators; anything else
 *   sums when the indicator's months are shown cumulatively, otherwise
 *   averages); a period without its figure leaves the span without one,
 *   unless a figure is stored for the span itself (a year's outturn as
 *   published), which is then shown and said to be so.
 */
import { aggregate, type AggregateMethod } from './aggregates.ts';
import type { Basis, Comparison, Frequency, Unit } from './indicator.ts';
import {
  currentPeriod,
  monthRange,
  monthsIn,
  parsePeriod,
  periodKindForFrequency,
  type Period,
  type PeriodKind,
} from './periods.ts';
import type { StoredFigure } from './scorecard.ts';

export interface YearFigureIndicator {
  unit: Unit;
  frequency: Frequency;
  basis: Basis;
  comparison: Comparison;
  reportingYear: 'financial' | 'academic' | 'calendar';
  isRatio: boolean;
}

export interface SpanFigure {
  /** The span asked for (a year or a quarter). */
  span: Period;
  value: number | null;
  /** For a ratio: the parts (summed when combined); null otherwise or without data. */
  numerator: number | null;
  denominator: number | null;
  /** The one stored figure shown, when the figure is one (not when several are combined). */
  figure: StoredFigure | null;
  /** Every stored figure the value comes from, oldest first (one, several, or none). */
  figures: StoredFigure[];
  /** Why there is no figure, or how it was found when that needs saying; null otherwise. */
  note: string | null;
}

/**
 * The period a reporting year ('2017-18') covers for an indicator reporting
 * by financial, academic or calendar year (the calendar year that ends
 * inside it: 2017). Throws an Error for a year not written as 2017-18.
 */
export function reportingYearSpan(year: string, kind: 'financial' | 'academic' | 'calendar'): Period {
  const first = /^\d{4}-\d{2}$/.test(year) ? Number(year.slice(0, 4)) : NaN;
  const code = kind === 'financial' ? `FY${year}` : kind === 'academic' ? `AY${year}` : `CY${String(first)}`;
  const period = Number.isNaN(first) ? null : parsePeriod(code);
  if (!period) throw new Error(`Not a reporting year such as 2017-18: ${year}`);
  return period;
}

/** The financial quarters Q1–Q4 of a year ('2022-23'). Throws an Error for a year not written as 2022-23. */
export function quartersOf(year: string): Period[] {
  return [1, 2, 3, 4].map((q) => {
    const period = parsePeriod(`${year}-Q${q}`);
    if (!period) throw new Error(`Not a reporting year such as 2022-23: ${year}`);
    return period;
  });
}

/** The periods of a kind that end within a span, oldest first. */
export function periodsEndingIn(kind: Exclude<PeriodKind, 'range'>, span: Period): Period[] {
  const found = new Map<string, Period>();
  for (const month of monthsIn(span)) {
    const period = currentPeriod(kind, `${month}-01`);
    if (period.end >= span.start && period.end <= span.end) found.set(period.code, period);
  }
  return [...found.values()];
}

/** How an indicator's in-period figures combine: a ratio of sums; otherwise summed or averaged as its months are shown. */
export function combineMethod(
  indicator: Pick<YearFigureIndicator, 'isRatio' | 'comparison'>,
): AggregateMethod {
  return indicator.isRatio || indicator.comparison === 'six_month_cumulative' ? 'sum' : 'average';
}

/** The figure for a span (a reporting year or a quarter), by the rules above. */
export function spanFigure(
  indicator: YearFigureIndicator,
  span: Period,
  figures: readonly StoredFigure[],
): SpanFigure {
  const kind = periodKindForFrequency(indicator.frequency) as Exclude<PeriodKind, 'range'>;
  const byPeriod = new Map(figures.filter((f) => f.breakdown === '').map((f) => [f.period, f]));
  const periods = periodsEndingIn(kind, span);
  const empty = (note: string): SpanFigure => ({
    span,
    value: null,
    numerator: null,
    denominator: null,
    figure: null,
    figures: [],
    note,
  });
  const stored = (period: Period, note: string | null = null): SpanFigure => {
    const figure = byPeriod.get(period.code);
    if (!figure) return empty(`No figure for ${period.shortLabel}.`);
    const why =
      figure.denominator === 0
        ? `Nothing to measure in ${period.shortLabel}: the denominator is 0.`
        : `No figure for ${period.shortLabel}.`;
    return {
      span,
      value: figure.value,
      numerator: indicator.isRatio ? figure.numerator : null,
      denominator: indicator.isRatio ? figure.denominator : null,
      figure,
      figures: [figure],
      note: figure.value === null ? why : note,
    };
  };

  const last = periods.at(-1);
  if (!last) return empty(`No ${kind.replace('_', ' ')} ends in ${span.shortLabel}.`);
  const isShorter = periods.length > 1 || last.start > span.start;
  if (!isShorter || indicator.basis !== 'in_period') return stored(last);

  const result = aggregate({
    observations: periods.flatMap((p) => {
      const f = byPeriod.get(p.code);
      return f
        ? [{ period: p.code, value: f.value, numerator: f.numerator, denominator: f.denominator }]
        : [];
    }),
    periods: periods.map((p) => p.code),
    method: combineMethod(indicator),
    isRatio: indicator.isRatio,
    unit: indicator.unit,
  });
  const whole = wholeSpanCodes(span).find((code) => byPeriod.get(code)?.value != null);
  if (result.missing.length > 0 && whole !== undefined) {
    const gaps = (result.reason ?? 'Periods are missing').replace(/^M/, 'm');
    return stored(
      parsePeriod(whole)!,
      `${span.shortLabel} is the figure as reported for the whole period (${gaps}).`,
    );
  }
  if (result.missing.length > 0) return empty(`${result.reason ?? 'Periods are missing'}.`);
  return {
    span,
    value: result.value,
    numerator: result.numerator,
    denominator: result.denominator,
    figure: null,
    figures: result.periodsUsed.map((code) => byPeriod.get(code)!),
    note: result.value === null ? result.reason : null,
  };
}

/** The codes a figure for the whole span may be stored under: its own ('FY2017-18') and its months' ('2017-04..2018-03'). */
function wholeSpanCodes(span: Period): string[] {
  const months = monthsIn(span);
  return [span.code, monthRange(months[0]!, months.at(-1)!).code];
}

/** Every period code spanFigure may read for these spans, so the caller can fetch just those. */
export function periodsNeededFor(
  indicator: Pick<YearFigureIndicator, 'frequency'>,
  spans: Period[],
): string[] {
  const kind = periodKindForFrequency(indicator.frequency) as Exclude<PeriodKind, 'range'>;
  const codes = new Set<string>();
  for (const span of spans) {
    for (const code of wholeSpanCodes(span)) codes.add(code);
    for (const p of periodsEndingIn(kind, span)) codes.add(p.code);
  }
  return [...codes];
}
