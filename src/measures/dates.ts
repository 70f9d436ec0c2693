/**
 * Calendar arithmetic on ISO date strings for the statutory measures.
 *
 * Everything works on day numbers (days since 1970-01-01) computed with
 * integer arithmetic, so a measure running over every referral in England
 * allocates no Date objects.
 *
 * Month and year arithmetic keeps the day of the month; when the target
 * month is shorter, the result is that month's last day: 31 January + 1
 * month is 28 February (29 in a leap year), 29 February 2024 + 1 year is
 * 28 February 2025, and 29 February 2024 − 12 months is 28 February 2023.
 * This is how "12 months before" and "2 years after" are read throughout.
 */
import type { IsoDate, IsoDateTime } from './model.ts';

const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** The number of days in a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : MONTH_DAYS[month - 1]!;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const pad4 = (n: number): string => String(n).padStart(4, '0');
const iso = (year: number, month: number, day: number): IsoDate =>
  `${pad4(year)}-${pad2(month)}-${pad2(day)}`;

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil), so differences need no Date object.
 */
export function dayNumber(date: IsoDate): number {
  const month = +date.slice(5, 7);
  const day = +date.slice(8, 10);
  const year = +date.slice(0, 4) - (month <= 2 ? 1 : 0);
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The ISO date of a day number (the inverse of `dayNumber`). */
export function dateOfDayNumber(days: number): IsoDate {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return iso(year, month, day);
}

/** Days from `from` to `to`: 0 for the same day, negative when `to` is earlier. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** The date `n` days after (or, negative, before) `date`. */
export function addDays(date: IsoDate, n: number): IsoDate {
  return dateOfDayNumber(dayNumber(date) + n);
}

/**
 * The same day of the month `n` months later (or earlier, for negative n),
 * clamped to the last day of a shorter month.
 */
export function addMonths(date: IsoDate, n: number): IsoDate {
  const monthIndex = +date.slice(0, 4) * 12 + (+date.slice(5, 7) - 1) + n;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  const day = Math.min(+date.slice(8, 10), daysInMonth(year, month));
  return iso(year, month, day);
}

/** The same day `n` years later (or earlier); 29 February becomes 28 February in a common year. */
export function addYears(date: IsoDate, n: number): IsoDate {
  return addMonths(date, n * 12);
}

/**
 * A person's age in whole years on a date: a year is added on each
 * birthday, and someone born on 29 February is a year older on 1 March in
 * a common year (the birthday has passed once 28 February has). Null when
 * the date is before the birth (an unborn child).
 */
export function ageOn(birthDate: IsoDate, date: IsoDate): number | null {
  if (date < birthDate) return null;
  const years = +date.slice(0, 4) - +birthDate.slice(0, 4);
  return date.slice(5, 10) < birthDate.slice(5, 10) ? years - 1 : years;
}

/**
 * Minutes from one date-time to another (YYYY-MM-DDTHH:MM, local time); a
 * bare date is read as its 00:00. Local time is what the returns record, so
 * a clock change inside the span is not corrected for: an hour either way
 * over a 48-hour standard.
 */
export function minutesBetween(from: IsoDateTime | IsoDate, to: IsoDateTime | IsoDate): number {
  return minuteNumber(to) - minuteNumber(from);
}

function minuteNumber(value: IsoDateTime | IsoDate): number {
  const minutes = value.length >= 16 ? +value.slice(11, 13) * 60 + +value.slice(14, 16) : 0;
  return dayNumber(value) * 1440 + minutes;
}
