/**
 * Working-day arithmetic for the measures, fast enough to run over every
 * assessment in England: one table of cumulative working days, so each
 * question is a few lookups instead of a walk through the days between.
 * The same answers as src/domain/working-days.ts (which the tests check);
 * the holidays come from `holidaysOf`.
 */
import { bankHolidaysIn } from '../domain/working-days.ts';
import type { IsoDate } from './model.ts';

export interface WorkingDayCalendar {
  isWorkingDay(date: IsoDate): boolean;
  /** The nth working day after the date (the date itself never counts); 0 gives the date back. */
  addWorkingDays(date: IsoDate, n: number): IsoDate;
  /** The working days after `from` up to and including `to`; 0 when `to` is not after `from`. */
  workingDaysBetween(from: IsoDate, to: IsoDate): number;
}

const DAY_MS = 86_400_000;
const dayNumber = (date: IsoDate): number =>
  Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY_MS;
const isoOf = (day: number): IsoDate => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * A calendar for the years `firstYear`..`lastYear`; a date outside them, or
 * a string that is not a real date (2023-02-29, a date-time), is refused
 * with a RangeError rather than answered wrongly.
 */
export function workingDayCalendar(
  firstYear: number,
  lastYear: number,
  holidaysOf: (year: number) => ReadonlySet<IsoDate> = bankHolidaysIn,
): WorkingDayCalendar {
  if (!(Number.isInteger(firstYear) && Number.isInteger(lastYear) && firstYear <= lastYear))
    throw new RangeError(
      `A working-day calendar needs a first year no later than its last, not ${firstYear}–${lastYear}`,
    );
  const first = dayNumber(`${firstYear}-01-01`);
  const days = dayNumber(`${lastYear}-12-31`) - first + 1;
  /** dates[i]: the ISO date of day i, also how a string is checked to be the date it looks like. */
  const dates: IsoDate[] = [];
  const working = new Uint8Array(days);
  /** cumulative[i]: working days from the first day up to and including day i. */
  const cumulative = new Int32Array(days);
  /** nth[c]: the day on which the count of working days reaches c, so adding is a lookup too. */
  const nth: number[] = [0];
  for (let i = 0; i < days; i++) {
    const weekday = (((first + i + 4) % 7) + 7) % 7; // 1 January 1970 was a Thursday
    const iso = isoOf(first + i);
    dates.push(iso);
    const isWorking = weekday !== 0 && weekday !== 6 && !holidaysOf(+iso.slice(0, 4)).has(iso);
    if (isWorking) nth.push(i);
    working[i] = isWorking ? 1 : 0;
    cumulative[i] = nth.length - 1;
  }
  const index = (date: IsoDate): number => {
    const i = dayNumber(date) - first;
    if (dates[i] === date) return i;
    if (/^\d{4}-\d{2}-\d{2}$/.test(date) && isoOf(dayNumber(date)) === date)
      throw new RangeError(`${date} is outside the working-day calendar (${firstYear}–${lastYear})`);
    throw new RangeError(`Not a date (YYYY-MM-DD): ${date}`);
  };
  return {
    isWorkingDay: (date) => working[index(date)] === 1,
    addWorkingDays(date, n) {
      if (!Number.isInteger(n) || n < 0)
        throw new RangeError(`The number of working days must be a whole number, not ${n}`);
      const i = index(date);
      if (n === 0) return date;
      const target = cumulative[i]! + n;
      if (target >= nth.length)
        throw new RangeError(`${n} working days after ${date} is outside the working-day calendar`);
      return dates[nth[target]!]!;
    },
    workingDaysBetween(from, to) {
      const a = index(from);
      const b = index(to);
      return b > a ? cumulative[b]! - cumulative[a]! : 0;
    },
  };
}
