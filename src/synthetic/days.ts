/**
 * Dates as whole day numbers (days since 1970-01-01, UTC) while simulating,
 * turned into the returns' text only when written: arithmetic on integers
 * is exact and fast, and no time zone or locale can change the output.
 */
import type { IsoDate } from '../measures/model.ts';

const DAY_MS = 86_400_000;

export const dayOf = (date: IsoDate): number =>
  Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY_MS;

/** Every day's text is made once: the simulation asks for the same few thousand days millions of times. */
const CACHED_DAYS = 60_000;
const isoCache: IsoDate[] = new Array<IsoDate>(CACHED_DAYS).fill('');

export function isoOf(day: number): IsoDate {
  if (day < 0 || day >= CACHED_DAYS) return new Date(day * DAY_MS).toISOString().slice(0, 10);
  return (isoCache[day] ||= new Date(day * DAY_MS).toISOString().slice(0, 10));
}

/** The same day a number of years later (29 February becomes 28 February in a common year). */
export function addYears(date: IsoDate, years: number): IsoDate {
  const year = +date.slice(0, 4) + years;
  const monthDay = date.slice(5);
  const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return `${String(year).padStart(4, '0')}-${monthDay === '02-29' && !isLeap ? '02-28' : monthDay}`;
}

/** dd/mm/yyyy, as the SSDA903 and Annex A files write dates; empty for none. */
export const ukDate = (date: IsoDate | null): string =>
  date === null ? '' : `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** A date-time from a minute number (minutes since 1970-01-01T00:00). */
export function isoDateTimeOf(minute: number): string {
  const inDay = minute % 1440;
  const hh = String(Math.floor(inDay / 60)).padStart(2, '0');
  const mm = String(inDay % 60).padStart(2, '0');
  return `${isoOf(Math.floor(minute / 1440))}T${hh}:${mm}`;
}

/** The collection year (1 April – 31 March) a date falls in, named by its last day. */
export function yearEndingOf(date: IsoDate): IsoDate {
  const year = +date.slice(0, 4);
  return date.slice(5) <= '03-31' ? `${year}-03-31` : `${year + 1}-03-31`;
}
