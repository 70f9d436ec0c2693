/**
 * Reporting periods: months, financial quarters, school terms, financial,
 * academic and calendar years, and ranges of whole months.
 *
 * Every period is a run of whole calendar months, so the arithmetic works on
 * a month index (year × 12 + month − 1) and dates are derived from it. Start
 * and end dates are inclusive ISO dates; the end is the last day of the last
 * month (29 February in a leap year).
 *
 * Period codes (case-sensitive, no spaces):
 *
 * | kind           | code               | covers                                          |
 * |----------------|--------------------|-------------------------------------------------|
 * | month          | `2017-05`          | that calendar month                             |
 * | quarter        | `2022-23-Q1`       | Q1 Apr–Jun, Q2 Jul–Sep, Q3 Oct–Dec, Q4 Jan–Mar  |
 * | term           | `2022-23-autumn`   | autumn 1 Sep–31 Dec, spring 1 Jan–31 Mar,       |
 * |                | `-spring` `-summer`| summer 1 Apr–31 Aug (a convention: real term    |
 * |                |                    | dates vary, but the terms must tile the year)   |
 * | financial_year | `FY2017-18`        | 1 Apr 2017 – 31 Mar 2018                        |
 * | academic_year  | `AY2017-18`        | 1 Sep 2017 – 31 Aug 2018                        |
 * | calendar_year  | `CY2017`           | 1 Jan – 31 Dec 2017                             |
 * | range          | `2016-11..2017-04` | first month to last month, 1 to 120 months      |
 *
 * In two-year codes the second year is written with two digits and must be
 * the year after the first (`2017-18`, `1999-00`; never `2017-19`). Years
 * run from 1000 to 9999.
 */
import { type Frequency } from './indicator.ts';

export type PeriodKind =
  'month' | 'quarter' | 'term' | 'financial_year' | 'academic_year' | 'calendar_year' | 'range';

export interface Period {
  code: string;
  kind: PeriodKind;
  /** First day, YYYY-MM-DD. */
  start: string;
  /** Last day, YYYY-MM-DD, inclusive. */
  end: string;
  /** For a page heading: 'May 2017', 'Q1 2022-23 (Apr–Jun 2022)', 'Autumn term 2022-23', '2017-18 (financial year)', 'Nov 2016 – Apr 2017'. */
  label: string;
  /** For a table column: 'May-17', 'Q1 22-23', 'Aut 22-23', '2017-18', 'Nov-16 – Apr-17'. */
  shortLabel: string;
}

/** The longest range a code may describe: ten years of months. */
export const MAX_RANGE_MONTHS = 120;

const MIN_YEAR = 1000;
const MAX_YEAR = 9999;
const APRIL = 3; // zero-based month numbers
const SEPTEMBER = 8;
const MARCH = 2;

const MONTH_NAMES = 'JanFebMarAprMayJunJulAugSepOctNovDec';

type Term = 'autumn' | 'spring' | 'summer';
const TERMS: Record<Term, { firstMonth: number; months: number; name: string; short: string }> = {
  // firstMonth counts from September of the academic year's first year.
  autumn: { firstMonth: 0, months: 4, name: 'Autumn', short: 'Aut' },
  spring: { firstMonth: 4, months: 3, name: 'Spring', short: 'Spr' },
  summer: { firstMonth: 7, months: 5, name: 'Summer', short: 'Sum' },
};

// ---------------------------------------------------------------------------
// Month-index arithmetic

const yearOf = (index: number): number => Math.floor(index / 12);
const monthOf = (index: number): number => index - yearOf(index) * 12;
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month0: number): number {
  if (month0 === 1) return isLeapYear(year) ? 29 : 28;
  return [3, 5, 8, 10].includes(month0) ? 30 : 31;
}

function monthCode(index: number): string {
  return `${pad(yearOf(index), 4)}-${pad(monthOf(index) + 1, 2)}`;
}

/** 'Jan' … 'Dec' for the month of a month index. */
const monthName = (index: number): string => MONTH_NAMES.slice(monthOf(index) * 3, monthOf(index) * 3 + 3);
const monthLabel = (index: number): string => `${monthName(index)} ${pad(yearOf(index), 4)}`;
const monthShortLabel = (index: number): string => `${monthName(index)}-${pad(yearOf(index) % 100, 2)}`;

/** '2017-18' for the year starting in 2017. */
const yearPair = (firstYear: number): string => `${pad(firstYear, 4)}-${pad((firstYear + 1) % 100, 2)}`;
/** '17-18' for the year starting in 2017. */
const shortYearPair = (firstYear: number): string =>
  `${pad(firstYear % 100, 2)}-${pad((firstYear + 1) % 100, 2)}`;

/** The first year of the financial (April) or academic (September) year containing a month. */
function yearStartingIn(index: number, firstMonth0: number): number {
  return monthOf(index) >= firstMonth0 ? yearOf(index) : yearOf(index) - 1;
}

/** Month index of a period's first and last month. */
function span(p: Period): { first: number; last: number } {
  const index = (date: string): number => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
  return { first: index(p.start), last: index(p.end) };
}

function build(
  kind: PeriodKind,
  code: string,
  first: number,
  last: number,
  label: string,
  shortLabel: string,
): Period {
  const start = `${monthCode(first)}-01`;
  const end = `${monthCode(last)}-${pad(daysInMonth(yearOf(last), monthOf(last)), 2)}`;
  return { code, kind, start, end, label, shortLabel };
}

// ---------------------------------------------------------------------------
// Builders, one per kind, from the numbers in the code

function monthPeriod(index: number): Period {
  return build('month', monthCode(index), index, index, monthLabel(index), monthShortLabel(index));
}

function quarterPeriod(fyStart: number, quarter: number): Period {
  const first = fyStart * 12 + APRIL + (quarter - 1) * 3;
  const last = first + 2;
  const months = `${monthName(first)}–${monthName(last)} ${pad(yearOf(first), 4)}`;
  return build(
    'quarter',
    `${yearPair(fyStart)}-Q${quarter}`,
    first,
    last,
    `Q${quarter} ${yearPair(fyStart)} (${months})`,
    `Q${quarter} ${shortYearPair(fyStart)}`,
  );
}

function termPeriod(ayStart: number, term: Term): Period {
  const { firstMonth, months, name, short } = TERMS[term];
  const first = ayStart * 12 + SEPTEMBER + firstMonth;
  return build(
    'term',
    `${yearPair(ayStart)}-${term}`,
    first,
    first + months - 1,
    `${name} term ${yearPair(ayStart)}`,
    `${short} ${shortYearPair(ayStart)}`,
  );
}

function financialYearPeriod(fyStart: number): Period {
  const first = fyStart * 12 + APRIL;
  return build(
    'financial_year',
    `FY${yearPair(fyStart)}`,
    first,
    first + 11,
    `${yearPair(fyStart)} (financial year)`,
    yearPair(fyStart),
  );
}

function academicYearPeriod(ayStart: number): Period {
  const first = ayStart * 12 + SEPTEMBER;
  return build(
    'academic_year',
    `AY${yearPair(ayStart)}`,
    first,
    first + 11,
    `${yearPair(ayStart)} (academic year)`,
    yearPair(ayStart),
  );
}

function calendarYearPeriod(year: number): Period {
  return build(
    'calendar_year',
    `CY${pad(year, 4)}`,
    year * 12,
    year * 12 + 11,
    `${pad(year, 4)} (calendar year)`,
    pad(year, 4),
  );
}

/** A range of whole months; a one-month range is labelled like the month. */
function rangePeriod(first: number, last: number): Period {
  const single = first === last;
  return build(
    'range',
    `${monthCode(first)}..${monthCode(last)}`,
    first,
    last,
    single ? monthLabel(first) : `${monthLabel(first)} – ${monthLabel(last)}`,
    single ? monthShortLabel(first) : `${monthShortLabel(first)} – ${monthShortLabel(last)}`,
  );
}

/** The period of a kind (not 'range') that contains a month. */
function periodContaining(kind: Exclude<PeriodKind, 'range'>, index: number): Period {
  switch (kind) {
    case 'month':
      return monthPeriod(index);
    case 'quarter': {
      const fyStart = yearStartingIn(index, APRIL);
      return quarterPeriod(fyStart, Math.floor((index - (fyStart * 12 + APRIL)) / 3) + 1);
    }
    case 'term': {
      const ayStart = yearStartingIn(index, SEPTEMBER);
      const offset = index - (ayStart * 12 + SEPTEMBER);
      return termPeriod(
        ayStart,
        offset < TERMS.spring.firstMonth ? 'autumn' : offset < TERMS.summer.firstMonth ? 'spring' : 'summer',
      );
    }
    case 'financial_year':
      return financialYearPeriod(yearStartingIn(index, APRIL));
    case 'academic_year':
      return academicYearPeriod(yearStartingIn(index, SEPTEMBER));
    case 'calendar_year':
      return calendarYearPeriod(yearOf(index));
  }
}

// ---------------------------------------------------------------------------
// Parsing

/** Month index of a 'YYYY-MM' code, or null if it is not a real month in years 1000–9999. */
function parseMonthIndex(code: string): number | null {
  if (!/^\d{4}-\d{2}$/.test(code)) return null;
  const year = Number(code.slice(0, 4));
  const month = Number(code.slice(5));
  if (year < MIN_YEAR || month < 1 || month > 12) return null;
  return year * 12 + month - 1;
}

/** The first year of a 'YYYY-YY' pair, or null when the second year is not the first plus one. */
function parseYearPair(first: string, second: string): number | null {
  const year = Number(first);
  if (year < MIN_YEAR || year >= MAX_YEAR) return null;
  return Number(second) === (year + 1) % 100 ? year : null;
}

/**
 * The period a code names, or null when the code is malformed (wrong shape,
 * wrong case, spaces) or impossible (month 13, `2017-19`, a range that runs
 * backwards or is longer than 120 months).
 */
export function parsePeriod(code: string): Period | null {
  const month = parseMonthIndex(code);
  if (month !== null) return monthPeriod(month);

  // The shapes have fixed widths, so once a shape matches its parts are read by position.
  if (/^\d{4}-\d{2}-Q[1-4]$/.test(code)) {
    const fyStart = parseYearPair(code.slice(0, 4), code.slice(5, 7));
    return fyStart === null ? null : quarterPeriod(fyStart, Number(code.slice(9)));
  }
  if (/^\d{4}-\d{2}-(autumn|spring|summer)$/.test(code)) {
    const ayStart = parseYearPair(code.slice(0, 4), code.slice(5, 7));
    return ayStart === null ? null : termPeriod(ayStart, code.slice(8) as Term);
  }
  if (/^(FY|AY)\d{4}-\d{2}$/.test(code)) {
    const start = parseYearPair(code.slice(2, 6), code.slice(7, 9));
    if (start === null) return null;
    return code.startsWith('FY') ? financialYearPeriod(start) : academicYearPeriod(start);
  }
  if (/^CY\d{4}$/.test(code)) {
    const year = Number(code.slice(2));
    return year < MIN_YEAR ? null : calendarYearPeriod(year);
  }
  if (/^\d{4}-\d{2}\.\.\d{4}-\d{2}$/.test(code)) {
    const first = parseMonthIndex(code.slice(0, 7));
    const last = parseMonthIndex(code.slice(9));
    if (first === null || last === null || last < first || last - first + 1 > MAX_RANGE_MONTHS) return null;
    return rangePeriod(first, last);
  }
  return null;
}

/** Whether a string is a real calendar date written YYYY-MM-DD (years 1000–9999). */
export function isIsoDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const index = parseMonthIndex(date.slice(0, 7));
  const day = Number(date.slice(8));
  return index !== null && day >= 1 && day <= daysInMonth(yearOf(index), monthOf(index));
}

// ---------------------------------------------------------------------------
// Navigation

const FREQUENCY_KINDS: Record<Frequency, Exclude<PeriodKind, 'range'>> = {
  monthly: 'month',
  quarterly: 'quarter',
  termly: 'term',
  financial_year: 'financial_year',
  academic_year: 'academic_year',
  calendar_year: 'calendar_year',
};

/** The kind of period an indicator of this frequency reports for. */
export function periodKindForFrequency(f: Frequency): PeriodKind {
  return FREQUENCY_KINDS[f];
}

/**
 * The period of the same kind immediately before. For a range, the range of
 * the same number of months ending the month before it starts
 * (Nov-16 – Apr-17 → May-16 – Oct-16).
 */
export function previousPeriod(p: Period): Period {
  const { first, last } = span(p);
  if (p.kind === 'range') return rangePeriod(first - (last - first + 1), first - 1);
  return periodContaining(p.kind, first - 1);
}

/**
 * The period of the same kind immediately after. For a range, the range of
 * the same number of months starting the month after it ends.
 */
export function nextPeriod(p: Period): Period {
  const { first, last } = span(p);
  if (p.kind === 'range') return rangePeriod(last + 1, last + (last - first + 1));
  return periodContaining(p.kind, last + 1);
}

/** The same period one year earlier: May-17 → May-16, Q4 2022-23 → Q4 2021-22, a range shifted back 12 months. */
export function samePeriodLastYear(p: Period): Period {
  const { first, last } = span(p);
  if (p.kind === 'range') return rangePeriod(first - 12, last - 12);
  return periodContaining(p.kind, first - 12);
}

/** The month codes ('YYYY-MM') the period covers, oldest first. */
export function monthsIn(p: Period): string[] {
  const { first, last } = span(p);
  return Array.from({ length: last - first + 1 }, (_, i) => monthCode(first + i));
}

/**
 * A range period from two month codes, first to last inclusive.
 * Throws an Error when either code is not a month, or the range runs
 * backwards or is longer than 120 months.
 */
export function monthRange(first: string, last: string): Period {
  const p = parsePeriod(`${first}..${last}`);
  if (!p) throw new Error(`Not a valid month range: ${first} to ${last}`);
  return p;
}

/**
 * The range of the n months ending the month before `month` starts
 * (May-17, 6 → Nov-16 – Apr-17): the scorecard's "previous 6 months".
 * Given a longer period, the n months before its first month.
 * Throws a RangeError unless n is a whole number from 1 to 120.
 */
export function previousMonths(month: Period, n: number): Period {
  if (!Number.isInteger(n) || n < 1 || n > MAX_RANGE_MONTHS) {
    throw new RangeError(
      `The number of months must be a whole number from 1 to ${MAX_RANGE_MONTHS}, not ${n}`,
    );
  }
  const { first } = span(month);
  return rangePeriod(first - n, first - 1);
}

/**
 * The month of the latest financial year end (31 March) strictly before the
 * end of `month`: May-17 → Mar-17, Apr-17 → Mar-17, Mar-17 → Mar-16 (its own
 * 31 March is not before its end), Feb-17 → Mar-16.
 */
export function previousYearEnd(month: Period): Period {
  const { last } = span(month);
  const before = last - 1;
  return monthPeriod(before - ((monthOf(before) - MARCH + 12) % 12));
}

/** The range of the 12 months ending with the last month of `month` (May-17 → Jun-16 – May-17). */
export function rolling12Months(month: Period): Period {
  const { last } = span(month);
  return rangePeriod(last - 11, last);
}

/**
 * The range from April of the financial year containing the last month of
 * `month` to that month: May-17 → Apr-17 – May-17, Mar-18 → Apr-17 – Mar-18,
 * Apr-17 → Apr-17 alone (a one-month range).
 */
export function financialYearToDate(month: Period): Period {
  const { last } = span(month);
  return rangePeriod(yearStartingIn(last, APRIL) * 12 + APRIL, last);
}

/** The range of the 36 months ending with the last month of `month` (May-17 → Jun-14 – May-17). */
export function threeYearsEnding(month: Period): Period {
  const { last } = span(month);
  return rangePeriod(last - 35, last);
}

/**
 * The reporting year a period falls in, judged by its END date:
 * financial '2017-18' (April to March), academic '2017-18' (September to
 * August), calendar '2017'. Q4 2017-18 (Jan–Mar 2018) is financial 2017-18
 * and academic 2017-18; a range Nov-16 – Apr-17 is financial 2017-18.
 */
export function reportingYearOf(p: Period, year: 'financial' | 'academic' | 'calendar'): string {
  const { last } = span(p);
  switch (year) {
    case 'financial':
      return yearPair(yearStartingIn(last, APRIL));
    case 'academic':
      return yearPair(yearStartingIn(last, SEPTEMBER));
    case 'calendar':
      return pad(yearOf(last), 4);
  }
}

/**
 * Every period of `first`'s kind from `first` to `last` inclusive, oldest
 * first; empty when `last` ends before `first`. For ranges, successive
 * ranges of `first`'s length (as nextPeriod), up to the last one ending on
 * or before `last` ends. Throws an Error when the kinds differ.
 */
export function periodsBetween(first: Period, last: Period): Period[] {
  if (first.kind !== last.kind) throw new Error(`Cannot list periods from a ${first.kind} to a ${last.kind}`);
  const periods: Period[] = [];
  for (let p = first; p.end <= last.end; p = nextPeriod(p)) periods.push(p);
  return periods;
}

/**
 * Orders periods by end date, then by start date (so a month sorts before
 * the quarter it ends, and Q4 before the financial year it ends). Returns a
 * negative number when a comes first, positive when b does, and 0 when both
 * cover exactly the same days (FY2017-18 and the range 2017-04..2018-03).
 */
export function comparePeriods(a: Period, b: Period): number {
  if (a.end !== b.end) return a.end < b.end ? -1 : 1;
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  return 0;
}

/**
 * The period of a kind that contains the date `today` (YYYY-MM-DD). Throws an
 * Error for kind 'range', which has no single period containing a date, and
 * for a date that is not a real YYYY-MM-DD date.
 */
export function currentPeriod(kind: PeriodKind, today: string): Period {
  if (kind === 'range') throw new Error('A range has no current period');
  if (!isIsoDate(today)) throw new Error(`Not a date (YYYY-MM-DD): ${today}`);
  return periodContaining(kind, Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 1);
}
