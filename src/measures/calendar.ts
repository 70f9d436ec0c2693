/**
 * Working-day arithmetic for the measures, fast enough to run over every
 * assessment in England: one table of cumulative working days, so each
 * question is two lookups instead of a walk through the days between.
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
 * A calendar for the years `firstYear`..`lastYear`; a date outside them is
 * refused with a RangeError rather than answered wrongly.
 */
export function workingDayCalendar(
  firstYear: number,
  lastYear: number,
  holidaysOf: (year: number) => ReadonlySet<IsoDate> = bankHolidaysIn,
): WorkingDayCalendar {
  const first = dayNumber(`${firstYear}-01-01`);
  const last = dayNumber(`${lastYear}-12-31`);
  const working = new Uint8Array(last - first + 1);
  /** cumulative[i]: working days from the first day up to and including day i. */
  const cumulative = new Int32Array(last - first + 1);
  let count = 0;
  for (let day = first; day <= last; day++) {
    const weekday = (((day + 4) % 7) + 7) % 7; // 1 January 1970 was a Thursday
    const iso = isoOf(day);
    const isWorking = weekday !== 0 && weekday !== 6 && !holidaysOf(+iso.slice(0, 4)).has(iso);
    if (isWorking) count++;
    working[day - first] = isWorking ? 1 : 0;
    cumulative[day - first] = count;
  }
  const index = (date: IsoDate): number => {
    const i = dayNumber(date) - first;
    if (!(i >= 0 && i < working.length))
      throw new RangeError(`${date} is outside the working-day calendar (${firstYear}–${lastYear})`);
    return i;
  };
  return {
    isWorkingDay: (date) => working[index(date)] === 1,
    addWorkingDays(date, n) {
      if (!Number.isInteger(n) || n < 0)
        throw new RangeError(`The number of working days must be a whole number, not ${n}`);
      let i = index(date);
      const target = cumulative[i]! + n;
      if (n === 0) return date;
      while (cumulative[i]! < target) {
        i++;
        if (i >= cumulative.length)
          throw new RangeError(`${n} working days after ${date} is outside the working-day calendar`);
      }
      return isoOf(first + i);
    },
    workingDaysBetween(from, to) {
      const a = index(from);
      const b = index(to);
      return b > a ? cumulative[b]! - cumulative[a]! : 0;
    },
  };
}
