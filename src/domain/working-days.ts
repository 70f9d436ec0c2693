/**
 * Working days in England and Wales: Monday to Friday, except bank holidays.
 * Dates are ISO strings (YYYY-MM-DD) throughout; nothing here reads the
 * clock or a time zone.
 *
 * Bank holidays follow the Banking and Financial Dealings Act 1971 and the
 * royal proclamations made under it, as they have stood since 1978 (the
 * first year with the early May holiday):
 *
 * - New Year's Day, moved to the Monday when it falls at a weekend;
 * - Good Friday and Easter Monday (Easter by the Gregorian computus);
 * - the early May bank holiday, the first Monday in May (moved to Monday
 *   8 May in 1995 and Friday 8 May in 2020 for the VE Day anniversaries);
 * - the spring bank holiday, the last Monday in May (moved into June in the
 *   jubilee years 2002, 2012 and 2022);
 * - the summer bank holiday, the last Monday in August;
 * - Christmas Day and Boxing Day, each moved to the next weekday not
 *   already a holiday when it falls at a weekend (so a Saturday Christmas
 *   is kept on Monday 27th and Boxing Day on Tuesday 28th);
 * - the one-off holidays: royal weddings (29 July 1981, 29 April 2011), the
 *   millennium (31 December 1999), jubilees (3 June 2002, 5 June 2012,
 *   3 June 2022), the state funeral of Queen Elizabeth II (19 September
 *   2022) and the coronation of King Charles III (8 May 2023).
 *
 * Holidays proclaimed after this was written must be added to ONE_OFF (or,
 * for a moved holiday, to MOVED) when they are announced.
 */

const DAY_MS = 86_400_000;

/** Holidays moved from their usual date: year -> rule name -> the date kept instead. */
const MOVED: Record<number, { earlyMay?: string; spring?: string }> = {
  1995: { earlyMay: '1995-05-08' },
  2002: { spring: '2002-06-04' },
  2012: { spring: '2012-06-04' },
  2020: { earlyMay: '2020-05-08' },
  2022: { spring: '2022-06-02' },
};

const ONE_OFF = [
  '1981-07-29',
  '1999-12-31',
  '2002-06-03',
  '2011-04-29',
  '2012-06-05',
  '2022-06-03',
  '2022-09-19',
  '2023-05-08',
];

const toDays = (date: string): number =>
  Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY_MS;
const fromDays = (days: number): string => new Date(days * DAY_MS).toISOString().slice(0, 10);
/** 0 = Sunday … 6 = Saturday. */
const weekday = (days: number): number => (((days + 4) % 7) + 7) % 7; // 1 January 1970 was a Thursday

function assertDate(date: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || fromDays(toDays(date)) !== date)
    throw new Error(`Not a date (YYYY-MM-DD): ${date}`);
}

/** Easter Sunday of a year in the Gregorian calendar (the anonymous, "Meeus/Jones/Butcher", algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function firstMonday(year: number, month: number): number {
  const first = toDays(`${year}-${String(month).padStart(2, '0')}-01`);
  return first + ((8 - weekday(first)) % 7);
}

function lastMonday(year: number, month: number): number {
  const last = toDays(`${year}-${String(month + 1).padStart(2, '0')}-01`) - 1;
  return last - ((weekday(last) + 6) % 7);
}

const cache = new Map<number, ReadonlySet<string>>();

/** The bank holidays of England and Wales in a year, as a set of ISO dates. */
export function bankHolidaysIn(year: number): ReadonlySet<string> {
  const cached = cache.get(year);
  if (cached) return cached;
  const days = new Set<number>();
  /** Adds a holiday, moved to the next weekday that is not already one when it falls at a weekend. */
  const observe = (day: number) => {
    let d = day;
    while (weekday(d) === 0 || weekday(d) === 6 || days.has(d)) d++;
    days.add(d);
  };
  observe(toDays(`${year}-01-01`));
  const easter = toDays(easterSunday(year));
  days.add(easter - 2);
  days.add(easter + 1);
  days.add(MOVED[year]?.earlyMay ? toDays(MOVED[year].earlyMay) : firstMonday(year, 5));
  days.add(MOVED[year]?.spring ? toDays(MOVED[year].spring) : lastMonday(year, 5));
  days.add(lastMonday(year, 8));
  // Christmas first, so that a Saturday Christmas takes the Monday and Boxing Day the Tuesday.
  observe(toDays(`${year}-12-25`));
  observe(toDays(`${year}-12-26`));
  for (const date of ONE_OFF) if (date.startsWith(`${year}-`)) days.add(toDays(date));
  const holidays = new Set([...days].sort((a, b) => a - b).map(fromDays));
  cache.set(year, holidays);
  return holidays;
}

/** Whether a date is a working day: a weekday that is not a bank holiday. */
export function isWorkingDay(date: string): boolean {
  assertDate(date);
  const day = weekday(toDays(date));
  return day !== 0 && day !== 6 && !bankHolidaysIn(+date.slice(0, 4)).has(date);
}

/**
 * The nth working day after a date (the date itself never counts, working
 * day or not): 10 working days after 30 June 2017 is 14 July 2017. Throws a
 * RangeError unless n is a whole number from 0 to 1,000; 0 gives the date back.
 */
export function addWorkingDays(date: string, n: number): string {
  assertDate(date);
  if (!Number.isInteger(n) || n < 0 || n > 1000)
    throw new RangeError(`The number of working days must be a whole number from 0 to 1000, not ${n}`);
  let day = toDays(date);
  for (let left = n; left > 0;) {
    day++;
    if (isWorkingDay(fromDays(day))) left--;
  }
  return fromDays(day);
}

/**
 * The working days after `from` up to and including `to`: 0 when `to` is
 * not after `from`. How late something due on `from` is, when it is `to`.
 */
export function workingDaysBetween(from: string, to: string): number {
  assertDate(from);
  assertDate(to);
  let count = 0;
  for (let day = toDays(from) + 1; day <= toDays(to); day++) if (isWorkingDay(fromDays(day))) count++;
  return count;
}
