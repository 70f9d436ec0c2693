import { aggregate, ratePer10k, type AggregateResult, type Observation } from './aggregates.ts';
import { breakdownKey, TOTAL, type Dimension } from './breakdown.ts';
import { directionOfTravel, type DirectionOfTravel } from './direction-of-travel.ts';
import { describeTarget, evaluateAgainstTarget, type Evaluation } from './evaluate-target.ts';
import { formatCount, formatValue } from './format.ts';
import {
  AIM_LABELS,
  COMPARISON_LABELS,
  type Aim,
  type Basis,
  type Comparison,
  type Frequency,
  type Target,
  type Unit,
  type ValueStatus,
} from './indicator.ts';
import {
  monthsIn,
  parsePeriod,
  periodKindForFrequency,
  previousMonths,
  previousPeriod,
  previousYearEnd,
  reportingYearOf,
  samePeriodLastYear,
  type Period,
} from './periods.ts';
import { isSameSeries, type SeriesStart } from './series.ts';

/**
 * The monthly scorecard, laid out as the council's Appendix B: for each
 * indicator a small grid whose columns are the comparison (previous six
 * months, or the last year end for snapshots), the month itself and each
 * column-dimension item (locality), and whose lines are the figure's parts
 * (numerator, denominator, the percentage), a derived rate per 10,000, the
 * target, the rating and the trend. Pure: the caller supplies the stored
 * figures and this decides every number shown.
 */

export interface ScorecardIndicatorDefinition {
  ref: string;
  title: string;
  unit: Unit;
  decimals: number;
  aim: Aim;
  frequency: Frequency;
  basis: Basis;
  comparison: Comparison;
  reportingYear: 'financial' | 'academic' | 'calendar';
  isRatio: boolean;
  isAdditive: boolean;
  numeratorLabel: string;
  denominatorLabel: string;
  complementLabel: string;
  valueLabel: string;
  totalLabel: string;
  showsRatePer10k: boolean;
  rowDimension: Dimension | null;
  columnDimension: Dimension | null;
}

export interface StoredFigure {
  period: string;
  breakdown: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  status: ValueStatus;
  revision: number;
  /**
   * Whether to mark the figure revised. Unset: any revision after the
   * first. The publication cycle sets it for its figures: true only for a
   * correction made after the period was published.
   */
  isRevised?: boolean;
  /** For a correction after publication: the figure as published (null when the correction added it). */
  publishedValue?: number | null;
}

export interface PopulationFigure {
  breakdown: string;
  year: number;
  population: number;
}

export interface ScorecardIndicatorInput {
  indicator: ScorecardIndicatorDefinition;
  figures: StoredFigure[];
  /** Targets by reporting-year label ('2017-18'). */
  targets: Record<string, Target>;
  populations: PopulationFigure[];
  series: SeriesStart[];
  commentary: string | null;
}

export interface Cell {
  text: string;
  /** The exact figure, for a title attribute and for tracing. */
  exact: number | null;
  isProvisional: boolean;
  isRevised: boolean;
  /** For a figure corrected after publication: the figure as published ('' when there was none). */
  publishedText?: string;
  /** The one stored figure the cell shows, when it shows one (not for a six-month average). */
  figure?: FigureRef;
}

export interface FigureRef {
  period: string;
  breakdown: string;
  revision: number;
}

export interface Line {
  label: string;
  kind: 'numerator' | 'denominator' | 'complement' | 'value' | 'rate';
  isTotal: boolean;
  /** The row-dimension item the line belongs to (null for the indicator's total). */
  rowItem: string | null;
  cells: Cell[];
}

export interface Trend {
  /** What the month is compared with. */
  versus: 'comparison' | 'previous_period' | 'same_period_last_year';
  against: string;
  direction: DirectionOfTravel;
}

export interface ScorecardSection {
  ref: string;
  title: string;
  unit: Unit;
  decimals: number;
  /** Whether the breakdown items' counts add up to the total (so disclosure control may rely on it). */
  isAdditive: boolean;
  aimLabel: string;
  period: Period;
  columns: { key: string; label: string; isComparison: boolean }[];
  lines: Line[];
  target: string;
  rating: Evaluation;
  trends: Trend[];
  commentary: string | null;
  notes: string[];
}

export function buildScorecardSection(month: Period, input: ScorecardIndicatorInput): ScorecardSection {
  const { indicator } = input;
  const period = reportingPeriodFor(indicator.frequency, month);
  const figures = indexFigures(input.figures);
  const notes: string[] = [];

  const comparison = comparisonFor(indicator, period);
  const columnItems = indicator.columnDimension?.items ?? [];
  const columns = [
    { key: 'comparison', label: comparison.label, isComparison: true },
    { key: 'current', label: period.shortLabel, isComparison: false },
    ...columnItems.map((item) => ({ key: item.code, label: item.label, isComparison: false })),
  ];

  const dims = { row: indicator.rowDimension, column: indicator.columnDimension };
  const rowGroups: { label: string; row: string | null; isTotal: boolean }[] = [
    ...(indicator.rowDimension?.items ?? []).map((item) => ({
      label: item.label,
      row: item.code,
      isTotal: false,
    })),
    { label: indicator.totalLabel || indicator.valueLabel || indicator.title, row: null, isTotal: true },
  ];

  const lines: Line[] = [];
  for (const group of rowGroups) {
    const figuresFor = (column: string | null): Resolved => {
      const key = breakdownKey(dims, { row: group.row, column });
      return resolveFigure(figures, key, period.code);
    };
    const comparisonFigure = resolveComparison(
      indicator,
      figures,
      breakdownKey(dims, { ...TOTAL, row: group.row }),
      comparison,
    );
    if (group.isTotal && comparisonFigure.note) notes.push(comparisonFigure.note);
    const resolved = [
      comparisonFigure,
      figuresFor(null),
      ...columnItems.map((item) => figuresFor(item.code)),
    ];
    const hasAny = resolved.some((r) => r.value !== null || r.numerator !== null);
    if (!group.isTotal && !hasAny) continue;
    lines.push(...linesForGroup(indicator, group, resolved));
    if (indicator.showsRatePer10k) {
      const rateCells = resolved.map((r, index) => {
        const columnKey = index < 2 ? null : columnItems[index - 2]!.code;
        const population = populationFor(
          input.populations,
          breakdownKey(dims, { row: group.row, column: columnKey }),
          r.periodEnd ?? period.end,
        );
        const rate = ratePer10k(r.value, population);
        return cell(rate === null ? null : rate, { unit: 'rate_per_10k', decimals: 0 }, r);
      });
      lines.push({
        label: 'Rate per 10,000 children',
        kind: 'rate',
        isTotal: group.isTotal,
        rowItem: group.row,
        cells: rateCells,
      });
    }
    if (indicator.isAdditive && columnItems.length > 0) {
      const note = additivityNote(indicator, group.label, resolved[1]!, resolved.slice(2));
      if (note) notes.push(note);
    }
  }

  const current = resolveFigure(figures, '', period.code);
  const year = reportingYearOf(period, indicator.reportingYear);
  const target = input.targets[year] ?? null;
  const rating = evaluateAgainstTarget({
    aim: indicator.aim,
    value: current.value,
    target,
    display: { unit: indicator.unit, decimals: indicator.decimals },
  });

  const trends = trendsFor(indicator, input, figures, period, current, comparison);
  if (current.value !== null && current.isProvisional)
    notes.push(`${period.label} is provisional: it may change when validated.`);

  return {
    ref: indicator.ref,
    title: indicator.title,
    unit: indicator.unit,
    decimals: indicator.decimals,
    isAdditive: indicator.isAdditive,
    aimLabel: AIM_LABELS[indicator.aim],
    period,
    columns,
    lines,
    target: target
      ? describeTarget(target, { unit: indicator.unit, decimals: indicator.decimals })
      : 'No target set',
    rating,
    trends,
    commentary: input.commentary,
    notes,
  };
}

/** The period an indicator reports for a scorecard month: the latest one of its frequency that has ended by the end of the month. */
export function reportingPeriodFor(frequency: Frequency, month: Period): Period {
  const kind = periodKindForFrequency(frequency);
  if (kind === 'month') return month;
  const containing = containingPeriod(kind, month.end);
  return containing.end > month.end ? previousPeriod(containing) : containing;
}

function containingPeriod(kind: Period['kind'], date: string): Period {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const fyStart = month >= 4 ? year : year - 1;
  const ayStart = month >= 9 ? year : year - 1;
  const yy = (y: number) => String((y + 1) % 100).padStart(2, '0');
  const codes: Partial<Record<Period['kind'], string>> = {
    quarter: `${fyStart}-${yy(fyStart)}-Q${month >= 4 ? Math.floor((month - 4) / 3) + 1 : 4}`,
    term: `${ayStart}-${yy(ayStart)}-${month >= 9 ? 'autumn' : month <= 3 ? 'spring' : 'summer'}`,
    financial_year: `FY${fyStart}-${yy(fyStart)}`,
    academic_year: `AY${ayStart}-${yy(ayStart)}`,
    calendar_year: `CY${year}`,
  };
  const period = parsePeriod(codes[kind] ?? date.slice(0, 7));
  if (!period) throw new Error(`No ${kind} period contains ${date}`);
  return period;
}

interface Resolved {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  isProvisional: boolean;
  isRevised: boolean;
  publishedValue?: number | null;
  figure?: FigureRef;
  /** End of the period the figure is for, to pick the population year. */
  periodEnd: string | null;
  note: string | null;
}

const EMPTY: Resolved = {
  value: null,
  numerator: null,
  denominator: null,
  isProvisional: false,
  isRevised: false,
  periodEnd: null,
  note: null,
};

type FigureIndex = Map<string, StoredFigure>;

function indexFigures(figures: StoredFigure[]): FigureIndex {
  return new Map(figures.map((f) => [`${f.breakdown}|${f.period}`, f]));
}

function resolveFigure(figures: FigureIndex, breakdown: string, periodCode: string): Resolved {
  const figure = figures.get(`${breakdown}|${periodCode}`);
  if (!figure) return EMPTY;
  return {
    value: figure.value,
    numerator: figure.numerator,
    denominator: figure.denominator,
    isProvisional: figure.status === 'provisional',
    isRevised: figure.isRevised ?? figure.revision > 1,
    ...(figure.publishedValue !== undefined ? { publishedValue: figure.publishedValue } : {}),
    figure: { period: periodCode, breakdown, revision: figure.revision },
    periodEnd: parsePeriod(periodCode)?.end ?? null,
    note: null,
  };
}

interface ComparisonSpec {
  label: string;
  period: Period | null;
  months: string[];
}

function comparisonFor(indicator: ScorecardIndicatorDefinition, period: Period): ComparisonSpec {
  if (period.kind !== 'month') {
    const previous = previousPeriod(period);
    return { label: previous.shortLabel, period: previous, months: [] };
  }
  if (indicator.comparison === 'previous_year_end') {
    const yearEnd = previousYearEnd(period);
    return { label: yearEnd.shortLabel, period: yearEnd, months: [] };
  }
  const range = previousMonths(period, 6);
  const label =
    indicator.comparison === 'six_month_cumulative' ? 'Prev. 6 months cumulative' : 'Prev. 6 months average';
  return { label, period: range, months: monthsIn(range) };
}

/**
 * The comparison column. Six-month figures are computed from the six stored
 * months when all are there; failing that, a figure stored for the whole
 * range (as published before the months were loaded) is shown and said to be
 * so; failing both, the missing months are named.
 */
function resolveComparison(
  indicator: ScorecardIndicatorDefinition,
  figures: FigureIndex,
  breakdown: string,
  spec: ComparisonSpec,
): Resolved {
  if (!spec.period) return EMPTY;
  if (spec.months.length === 0) return resolveFigure(figures, breakdown, spec.period.code);
  const observations: Observation[] = spec.months.flatMap((month) => {
    const figure = figures.get(`${breakdown}|${month}`);
    return figure
      ? [{ period: month, value: figure.value, numerator: figure.numerator, denominator: figure.denominator }]
      : [];
  });
  const result: AggregateResult = aggregate({
    observations,
    periods: spec.months,
    method: indicator.comparison === 'six_month_cumulative' ? 'sum' : 'average',
    isRatio: indicator.isRatio,
    unit: indicator.unit,
  });
  if (result.missing.length === 0) {
    return {
      value: result.value,
      numerator: result.numerator,
      denominator: result.denominator,
      isProvisional: observations.some(
        (o) => figures.get(`${breakdown}|${o.period}`)?.status === 'provisional',
      ),
      isRevised: false,
      periodEnd: spec.period.end,
      note: null,
    };
  }
  const stored = resolveFigure(figures, breakdown, spec.period.code);
  if (stored.value !== null || stored.numerator !== null) {
    return {
      ...stored,
      note: `${spec.label} (${spec.period.label}) is the figure as reported for the whole range; the monthly figures are not loaded.`,
    };
  }
  return { ...EMPTY, note: `${spec.label} not shown: ${result.reason ?? 'months missing'}.` };
}

function linesForGroup(
  indicator: ScorecardIndicatorDefinition,
  group: { label: string; row: string | null; isTotal: boolean },
  resolved: Resolved[],
): Line[] {
  const display = { unit: indicator.unit, decimals: indicator.decimals };
  const prefix = group.isTotal ? '' : `${group.label}: `;
  if (!indicator.isRatio) {
    return [
      {
        label: group.label,
        kind: 'value',
        isTotal: group.isTotal,
        rowItem: group.row,
        cells: resolved.map((r) => cell(r.value, display, r)),
      },
    ];
  }
  const counts = (pick: (r: Resolved) => number | null) => resolved.map((r) => countCell(pick(r), r));
  const lines: Line[] = [
    {
      label: prefix + indicator.numeratorLabel,
      kind: 'numerator',
      isTotal: group.isTotal,
      rowItem: group.row,
      cells: counts((r) => r.numerator),
    },
  ];
  if (indicator.complementLabel) {
    lines.push({
      label: prefix + indicator.complementLabel,
      kind: 'complement',
      isTotal: group.isTotal,
      rowItem: group.row,
      cells: counts((r) =>
        r.numerator === null || r.denominator === null ? null : r.denominator - r.numerator,
      ),
    });
  }
  lines.push(
    {
      label: prefix + indicator.denominatorLabel,
      kind: 'denominator',
      isTotal: group.isTotal,
      rowItem: group.row,
      cells: counts((r) => r.denominator),
    },
    {
      label: prefix + (indicator.valueLabel || 'Value'),
      kind: 'value',
      isTotal: group.isTotal,
      rowItem: group.row,
      cells: resolved.map((r) => cell(r.value, display, r)),
    },
  );
  return lines;
}

function cell(value: number | null, display: { unit: Unit; decimals: number }, source: Resolved): Cell {
  return {
    text: formatValue(value, display),
    exact: value,
    isProvisional: source.isProvisional,
    isRevised: source.isRevised,
    ...(source.publishedValue !== undefined && value === source.value
      ? { publishedText: formatValue(source.publishedValue, display) }
      : {}),
    ...(source.figure ? { figure: source.figure } : {}),
  };
}

function countCell(value: number | null, source: Resolved): Cell {
  return {
    text: formatCount(value),
    exact: value,
    isProvisional: source.isProvisional,
    isRevised: source.isRevised,
    ...(source.figure ? { figure: source.figure } : {}),
  };
}

/** The population for a breakdown: the latest estimate for a year no later than the period's end. */
export function populationFor(
  populations: PopulationFigure[],
  breakdown: string,
  periodEnd: string,
): number | null {
  const year = Number(periodEnd.slice(0, 4));
  let best: PopulationFigure | null = null;
  for (const p of populations) {
    if (p.breakdown === breakdown && p.year <= year && (!best || p.year > best.year)) best = p;
  }
  return best?.population ?? null;
}

/**
 * Says when column items that should add up to the total do not (counts, or
 * a ratio's numerator and denominator). Items with no figure leave the check
 * out, since a partial split cannot be judged.
 */
function additivityNote(
  indicator: ScorecardIndicatorDefinition,
  groupLabel: string,
  total: Resolved,
  items: Resolved[],
): string | null {
  if (
    items.some((i) => (indicator.isRatio ? i.numerator === null || i.denominator === null : i.value === null))
  )
    return null;
  const checks: { label: string; total: number | null; parts: number[] }[] = indicator.isRatio
    ? [
        { label: indicator.numeratorLabel, total: total.numerator, parts: items.map((i) => i.numerator!) },
        {
          label: indicator.denominatorLabel,
          total: total.denominator,
          parts: items.map((i) => i.denominator!),
        },
      ]
    : [{ label: groupLabel, total: total.value, parts: items.map((i) => i.value!) }];
  const problems = checks.flatMap((c) => {
    if (c.total === null) return [];
    const sum = c.parts.reduce((a, b) => a + b, 0);
    return Math.abs(sum - c.total) > 1e-9
      ? [
          `${c.label}: the ${indicator.columnDimension!.name.toLowerCase()} figures add up to ${formatCount(sum)}, not ${formatCount(c.total)}`,
        ]
      : [];
  });
  return problems.length ? problems.join('; ') + '.' : null;
}

function trendsFor(
  indicator: ScorecardIndicatorDefinition,
  input: ScorecardIndicatorInput,
  figures: FigureIndex,
  period: Period,
  current: Resolved,
  comparison: ComparisonSpec,
): Trend[] {
  const targetFor = (p: Period) => input.targets[reportingYearOf(p, indicator.reportingYear)] ?? null;
  const compare = (versus: Trend['versus'], against: string, other: Period, previous: Resolved): Trend => ({
    versus,
    against,
    direction: directionOfTravel({
      aim: indicator.aim,
      current: current.value,
      previous: previous.value,
      target: targetFor(period),
      decimals: indicator.decimals,
      isComparable: isSameSeries(period, other, input.series),
    }),
  });
  const trends: Trend[] = [];
  if (comparison.period && period.kind === 'month') {
    trends.push(
      compare(
        'comparison',
        `against ${COMPARISON_LABELS[indicator.comparison].toLowerCase()}`,
        comparison.period,
        resolveComparison(indicator, figures, '', comparison),
      ),
    );
  }
  const previous = previousPeriod(period);
  trends.push(
    compare(
      'previous_period',
      `against ${previous.label}`,
      previous,
      resolveFigure(figures, '', previous.code),
    ),
  );
  const lastYear = samePeriodLastYear(period);
  trends.push(
    compare(
      'same_period_last_year',
      `against ${lastYear.label}`,
      lastYear,
      resolveFigure(figures, '', lastYear.code),
    ),
  );
  return trends;
}

/**
 * Exactly which stored figures a section reads, so the caller can fetch just
 * those: every breakdown of the reporting period (the current and
 * column-item cells), but for the earlier periods (comparison, trends) only
 * the row groups (row items and the total, never a column item).
 */
export function figuresNeeded(
  indicator: Pick<ScorecardIndicatorDefinition, 'frequency' | 'rowDimension' | 'columnDimension'>,
  month: Period,
): { period: string; earlierPeriods: string[]; rowGroupBreakdowns: string[] } {
  const period = reportingPeriodFor(indicator.frequency, month).code;
  const dims = { row: indicator.rowDimension, column: indicator.columnDimension };
  return {
    period,
    earlierPeriods: periodsNeeded(indicator.frequency, month).filter((code) => code !== period),
    rowGroupBreakdowns: [
      ...(indicator.rowDimension?.items ?? []).map((item) =>
        breakdownKey(dims, { row: item.code, column: null }),
      ),
      breakdownKey(dims, TOTAL),
    ],
  };
}

/** Every period code whose figures a scorecard for this month may read, so the caller can fetch just those. */
export function periodsNeeded(frequency: Frequency, month: Period): string[] {
  const period = reportingPeriodFor(frequency, month);
  const codes = new Set<string>([period.code, previousPeriod(period).code, samePeriodLastYear(period).code]);
  if (period.kind === 'month') {
    const range = previousMonths(period, 6);
    codes.add(range.code);
    for (const m of monthsIn(range)) codes.add(m);
    codes.add(previousYearEnd(period).code);
  }
  return [...codes];
}
