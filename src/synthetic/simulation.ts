/**
 * What every part of the simulation shares: the authority, the random
 * source, the days simulated, working-day arithmetic on day numbers, and the
 * records written so far.
 */
import { workingDayCalendar } from '../measures/calendar.ts';
import type { Child, ChildRecords, IsoDate } from '../measures/model.ts';
import { isoOf } from './days.ts';
import type { Random } from './random.ts';

export interface Simulation {
  la: string;
  random: Random;
  records: ChildRecords;
  /** The first day simulated: the start of the warm-up before the first reported year. */
  start: number;
  /** The first day of the first reported year. */
  reportStart: number;
  /** The last day of the last reported year: nothing after it is known. */
  end: number;
  /** Visits and contacts that lead nowhere are recorded from this day only: nothing reported reads them earlier. */
  detailFrom: number;
  endIso: IsoDate;
  teams: readonly string[];
  postcodeArea: string;
  addWorkingDays(day: number, n: number): number;
}

/** A child being simulated, with the days its age turns on. */
export interface SimulatedChild {
  record: Child;
  birth: number;
  /** The 18th birthday: no new referral or entry into care from it. */
  adult: number;
  /** The last birthday a care leaver's record was written for, so that a second period of care does not repeat one. */
  lastCareLeaverAge: number;
}

/** The date, if it has happened by the end of the simulation; otherwise not yet known (null). */
export const knownBy = (sim: Simulation, day: number): IsoDate | null => (day <= sim.end ? isoOf(day) : null);

/** A working-day table over day numbers, built once from the measures' calendar so both agree on holidays. */
export function workingDayStepper(first: number, last: number): (day: number, n: number) => number {
  const firstYear = +isoOf(first).slice(0, 4);
  const lastYear = +isoOf(last).slice(0, 4);
  const calendar = workingDayCalendar(firstYear, lastYear);
  const origin = Date.UTC(firstYear, 0, 1) / 86_400_000;
  const length = Date.UTC(lastYear + 1, 0, 1) / 86_400_000 - origin;
  const isWorking = new Uint8Array(length);
  for (let i = 0; i < length; i++) isWorking[i] = calendar.isWorkingDay(isoOf(origin + i)) ? 1 : 0;
  return (day, n) => {
    let i = day - origin;
    for (let left = n; left > 0;) {
      i++;
      // Past the table every day counts: such dates lie beyond the end and are never written.
      if (i >= length) return origin + i + left;
      if (isWorking[i] === 1) left--;
    }
    return origin + i;
  };
}
