import { formatValue } from '../../domain/format.ts';
import { parsePeriod, rolling12Months, type Period } from '../../domain/periods.ts';
import type { ExportTable } from '../../export/table-export.ts';
import type { AggregateLine } from '../../measures/aggregate.ts';
import { AGE_BANDS, ageBandOf, TEAM_NOT_RECORDED, type BreakdownKind } from '../../measures/breakdowns.ts';
import {
  leftOutField,
  type MeasureDefinition,
  type MeasureKind,
  type MeasureRow,
} from '../../measures/measure.ts';
import type { Finding, IsoDate, RecordKind, ReturnSource } from '../../measures/model.ts';
import type { IndexedRecords } from '../../measures/records-index.ts';
import type { WorkingListRow } from '../../measures/working-lists.ts';

/**
 * What the statutory-measures pages show, already formatted: the choice of
 * period, each figure as its kind is read, the breakdown tables, the rows
 * behind a figure and the working lists as tables (for the page and for
 * the exports alike). Pure.
 */

export type PeriodChoiceKind = 'month' | 'quarter' | 'financial_year' | 'rolling_12';

export const PERIOD_KIND_LABELS: Record<PeriodChoiceKind, string> = {
  month: 'Month',
  quarter: 'Quarter',
  financial_year: 'Financial year',
  rolling_12: 'Rolling 12 months',
};

export const BREAKDOWN_LABELS: Record<BreakdownKind, string> = {
  none: 'No breakdown',
  team: 'Team',
  age_band: 'Age band',
  sex: 'Sex',
  ethnicity: 'Ethnic group',
};

export const KIND_LABELS: Record<MeasureKind, string> = {
  count: 'Count',
  percent: 'Percentage',
  rate_per_10k: 'Rate per 10,000 children aged 0–17',
  average_days: 'Average days',
};

export const POLARITY_LABELS: Record<MeasureDefinition['polarity'], string> = {
  higher_is_better: 'Higher is better',
  lower_is_better: 'Lower is better',
  neither: 'Neither higher nor lower is better',
};

export const PART_LABELS = {
  numerator: 'Counted in the numerator',
  denominator: 'Counted in the denominator',
  left_out: 'Left out',
} as const;
export type Part = keyof typeof PART_LABELS;

export const SOURCE_LABELS: Record<ReturnSource, string> = {
  cin_census: 'CIN census',
  ssda903: 'SSDA903',
  annex_a: 'Annex A',
};

/** The returns as the upload form offers them, with the files each is sent as. */
export const UPLOAD_LABELS: Record<ReturnSource, string> = {
  cin_census: 'Children in Need census (XML)',
  ssda903: 'SSDA903 children looked after return (CSV tables or XML)',
  annex_a: 'Ofsted Annex A lists (CSV or XLSX)',
};

/**
 * A figure as its kind is read: a percentage and a rate to one decimal
 * place, an average number of days whole, a count whole with thousands
 * separators. No figure (a denominator of 0, an unknown population) is
 * 'No figure', never 0.
 */
export function formatFigure(kind: MeasureKind, value: number | null): string {
  if (value === null) return 'No figure';
  switch (kind) {
    case 'percent':
      return formatValue(value, { unit: 'percent', decimals: 1 });
    case 'rate_per_10k':
      return formatValue(value, { unit: 'rate_per_10k', decimals: 1 });
    case 'average_days':
      return formatValue(value, { unit: 'days', decimals: 0 });
    case 'count':
      return formatValue(value, { unit: 'count', decimals: 0 });
  }
}

const formatWhole = (n: number) => formatValue(n, { unit: 'count', decimals: 0 });

// ---------------------------------------------------------------------------
// Periods

const pad2 = (n: number) => String(n).padStart(2, '0');
const monthOf = (date: IsoDate) => parsePeriod(date.slice(0, 7))!;

/**
 * The latest month wholly covered by records that reach `date`: its own
 * month when `date` is that month's last day, otherwise the month before.
 */
export function latestCompleteMonth(date: IsoDate): Period {
  const month = monthOf(date);
  if (month.end === date) return month;
  return monthOf(`${shiftMonth(month.code, -1)}-01`);
}

/** 'YYYY-MM' moved by n months. */
function shiftMonth(code: string, n: number): string {
  const index = Number(code.slice(0, 4)) * 12 + Number(code.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${pad2((index % 12) + 1)}`;
}

/** Which of the page's kinds a period is, or null for any other (a calendar year, a term, a 6-month range). */
export function choiceKindOf(period: Period): PeriodChoiceKind | null {
  if (period.kind === 'month' || period.kind === 'quarter' || period.kind === 'financial_year')
    return period.kind;
  if (period.kind === 'range' && monthsBetween(period) === 12) return 'rolling_12';
  return null;
}

const monthsBetween = (p: Period) =>
  (Number(p.end.slice(0, 4)) - Number(p.start.slice(0, 4))) * 12 +
  Number(p.end.slice(5, 7)) -
  Number(p.start.slice(5, 7)) +
  1;

/**
 * The period of a kind that ends with, or contains, a month: the month
 * itself, its financial quarter, its financial year, or the 12 months
 * ending with it. Used to switch kind while keeping the reader's place.
 */
export function periodOfKind(kind: PeriodChoiceKind, month: Period): Period {
  const year = Number(month.code.slice(0, 4));
  const monthNumber = Number(month.code.slice(5, 7));
  const fyStart = monthNumber >= 4 ? year : year - 1;
  const fy = `${fyStart}-${pad2((fyStart + 1) % 100)}`;
  switch (kind) {
    case 'month':
      return month;
    case 'quarter':
      return parsePeriod(`${fy}-Q${Math.floor(((monthNumber + 8) % 12) / 3) + 1}`)!;
    case 'financial_year':
      return parsePeriod(`FY${fy}`)!;
    case 'rolling_12':
      return rolling12Months(month);
  }
}

/** The last month of a period. */
export const lastMonthOf = (period: Period): Period => monthOf(period.end);

/** How many of each kind the period list offers, counting back from the latest. */
const CHOICES: Record<PeriodChoiceKind, number> = {
  month: 36,
  quarter: 12,
  financial_year: 6,
  rolling_12: 36,
};

/**
 * The periods of a kind a reader may choose, latest first: counting back
 * from the period holding `latest` (or the chosen period, if later), the
 * chosen one marked.
 */
export function periodChoices(kind: PeriodChoiceKind, latest: Period, chosen: Period) {
  const anchor = lastMonthOf(chosen).code > latest.code ? lastMonthOf(chosen) : latest;
  const seen = new Set<string>();
  const choices: { value: string; text: string; selected: boolean }[] = [];
  for (let back = 0; choices.length < CHOICES[kind] && back < 12 * 12; back++) {
    const period = periodOfKind(kind, monthOf(`${shiftMonth(anchor.code, -back)}-01`));
    if (seen.has(period.code)) continue;
    seen.add(period.code);
    choices.push({ value: period.code, text: period.label, selected: period.code === chosen.code });
  }
  if (!seen.has(chosen.code)) choices.push({ value: chosen.code, text: chosen.label, selected: true });
  return choices;
}

/** The 13 months ending with the period's last month, oldest first: a year and its same month a year before. */
export function trendMonths(period: Period): Period[] {
  const last = lastMonthOf(period).code;
  return Array.from({ length: 13 }, (_, i) => monthOf(`${shiftMonth(last, i - 12)}-01`));
}

// ---------------------------------------------------------------------------
// Figures

export interface FigureQuery {
  la: string;
  period: string;
  breakdown: BreakdownKind;
}

export const queryString = (params: Record<string, string | undefined>): string =>
  new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  ).toString();

/** One line of a figure: the value as its kind is read and its parts, each count a link to its rows when allowed. */
export function lineView(
  definition: MeasureDefinition,
  line: AggregateLine,
  query: FigureQuery,
  canSeeChildren: boolean,
) {
  const link = (part: Part, count: number) =>
    canSeeChildren && count > 0
      ? `/measures/${definition.id}/children?${queryString({ ...query, item: line.item, part })}`
      : null;
  const isRate = definition.kind === 'rate_per_10k';
  const isAverage = definition.kind === 'average_days';
  return {
    item: line.item,
    label: line.label,
    value: formatFigure(definition.kind, line.value),
    hasValue: line.value !== null,
    numerator: isAverage ? `${formatWhole(line.numerator)} days` : formatWhole(line.numerator),
    // An average's numerator is days: its rows are those in the denominator.
    numeratorHref: isAverage ? null : link('numerator', line.numerator),
    denominator: isRate && line.denominator === 0 ? 'Not known' : formatWhole(line.denominator),
    denominatorHref: isRate ? null : link('denominator', line.denominator),
    leftOut: line.leftOut,
    leftOutText: formatWhole(line.leftOut),
    leftOutHref: link('left_out', line.leftOut),
  };
}

export function measureSummaryView(definition: MeasureDefinition) {
  return {
    id: definition.id,
    title: definition.title,
    summary: definition.summary,
    kind: KIND_LABELS[definition.kind],
    polarity: POLARITY_LABELS[definition.polarity],
    numeratorLabel: definition.numeratorLabel,
    denominatorLabel: definition.denominatorLabel,
    source: definition.source,
  };
}

// ---------------------------------------------------------------------------
// The rows behind a figure

const AGE_BAND_LABEL = new Map(AGE_BANDS.map((b) => [b.item, b.label]));

/** The dates' labels of a set of rows, in the order they first appear. */
function dateColumnsOf(rows: readonly { dates: Readonly<Record<string, string | null>> }[]): string[] {
  const columns = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row.dates)) columns.add(key);
  return [...columns];
}

/** A model name in words: 'protectionPlans' → 'protection plans'. */
const wordsOf = (name: string) => name.replace(/([A-Z])/g, ' $1').toLowerCase();

/** 'referralDate' → 'The referral date failed a validation rule'; a field no return held → 'No return held records the child seen'. */
function leftOutText(reason: string | null): string {
  if (reason === null) return '';
  const { field, isNotRecorded } = leftOutField(reason);
  return isNotRecorded
    ? `No return held records the ${wordsOf(field)}`
    : `The ${wordsOf(field)} failed a validation rule`;
}

/**
 * The rows behind one part of a figure as one table, for the page and the
 * export alike: the child, their team, their age band on the row's day,
 * the row's dates, its days (for averages) and why it was left out.
 */
export function rowsBehindTable(
  definition: MeasureDefinition,
  rows: readonly MeasureRow[],
  records: Pick<IndexedRecords, 'child'>,
  title: string,
): ExportTable {
  const dates = dateColumnsOf(rows);
  const isAverage = definition.kind === 'average_days';
  return {
    title,
    columns: [
      { heading: 'Child' },
      { heading: 'Team' },
      { heading: 'Age band' },
      ...dates.map((heading) => ({ heading })),
      ...(isAverage ? [{ heading: 'Days' }] : []),
      { heading: 'Left out because' },
    ],
    rows: rows.map((row) => {
      const child = records.child(row.childId);
      return [
        row.childId,
        child?.team?.trim() || TEAM_NOT_RECORDED,
        AGE_BAND_LABEL.get(ageBandOf(child?.birthDate ?? null, row.ageAt)) ?? '',
        ...dates.map((d) => row.dates[d] ?? null),
        ...(isAverage ? [row.value] : []),
        leftOutText(row.leftOutBecause),
      ];
    }),
  };
}

/** A working list as one table: the child, team, worker, the dates that put them on it, and how long. */
export function workingListTable(title: string, rows: readonly WorkingListRow[]): ExportTable {
  const dates = dateColumnsOf(rows);
  return {
    title,
    columns: [
      { heading: 'Child' },
      { heading: 'Team' },
      { heading: 'Worker' },
      ...dates.map((heading) => ({ heading })),
      { heading: 'Waiting' },
    ],
    rows: rows.map((row) => [
      row.childId,
      row.team ?? TEAM_NOT_RECORDED,
      row.worker ?? '',
      ...dates.map((d) => row.dates[d] ?? null),
      row.waiting,
    ]),
  };
}

/** An import's findings as one table. */
export function findingsTable(title: string, findings: readonly Finding[]): ExportTable {
  return {
    title,
    columns: ['Rule', 'Severity', 'Message', 'File', 'Location', 'Child', 'Field', 'Value'].map(
      (heading) => ({ heading }),
    ),
    rows: findings.map((f) => [
      f.rule,
      f.severity,
      f.message,
      f.file,
      f.location,
      f.childId ?? '',
      f.field,
      f.value ?? '',
    ]),
  };
}

/** A table's cells as a page shows them: dates as '2 May 2024', blanks as ''. */
export function tableCells(table: ExportTable): string[][] {
  return table.rows.map((row) =>
    row.map((cell) =>
      cell === null || cell === undefined
        ? ''
        : typeof cell === 'string' && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/.test(cell)
          ? dateText(cell)
          : String(cell),
    ),
  );
}

/** '2 May 2024', or '2 May 2024 14:30' for a moment. */
export function dateText(iso: string): string {
  const day = new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return iso.length > 10 ? `${day} ${iso.slice(11, 16)}` : day;
}

/** The record counts of an import, in words: '12 children, 20 referrals'. */
export function recordCountsText(counts: Partial<Record<RecordKind, number>>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n && n > 0)
    .map(([kind, n]) => `${formatWhole(n!)} ${wordsOf(kind)}`);
  return parts.length ? parts.join(', ') : 'no records';
}

/** The moment now on the server's clock, local time, as the working lists take it: YYYY-MM-DDTHH:MM. */
export function localMoment(now: Date): string {
  return `${now.getFullYear()}-${pad2(now.getMonth() + 1)}-${pad2(now.getDate())}T${pad2(now.getHours())}:${pad2(now.getMinutes())}`;
}
