import { describe, expect, it } from 'vitest';
import * as rules from '../domain/working-days.ts';
import { readBankHolidays } from './bank-holidays-file.ts';
import { holidaysOf } from './bank-holidays.ts';
import { workingDayCalendar } from './calendar.ts';
import { dateOfDayNumber, dayNumber } from './dates.ts';

/** The calendar the measures use: the committed GOV.UK list, 2019–2027. */
const calendar = workingDayCalendar(2019, 2027, holidaysOf(await readBankHolidays()));
const { addWorkingDays, isWorkingDay, workingDaysBetween } = calendar;

describe('the working-day calendar across Christmas and New Year', () => {
  it('skips a Saturday Christmas kept on Monday 27th and Boxing Day on Tuesday 28th (2021)', () => {
    expect(['2021-12-24', '2021-12-27', '2021-12-28', '2021-12-29'].map(isWorkingDay)).toEqual([
      true,
      false,
      false,
      true,
    ]);
    expect(addWorkingDays('2021-12-24', 1)).toBe('2021-12-29');
    // 29, 30, 31 December, then New Year's Day kept on Monday 3 January, then Tuesday 4th.
    expect(workingDaysBetween('2021-12-24', '2022-01-04')).toBe(4);
    expect(addWorkingDays('2021-12-24', 4)).toBe('2022-01-04');
  });

  it('skips Boxing Day on Monday 26th and a Sunday Christmas kept on Tuesday 27th (2022)', () => {
    expect(addWorkingDays('2022-12-23', 1)).toBe('2022-12-28');
    // 28, 29, 30 December, then New Year's Day kept on Monday 2 January, then Tuesday 3rd.
    expect(workingDaysBetween('2022-12-23', '2023-01-03')).toBe(4);
    expect(addWorkingDays('2022-12-23', 4)).toBe('2023-01-03');
  });
});

describe('the working-day calendar over the other holidays', () => {
  it('skips Good Friday and Easter Monday (29 March and 1 April 2024)', () => {
    expect(workingDaysBetween('2024-03-28', '2024-04-02')).toBe(1);
    expect(addWorkingDays('2024-03-28', 1)).toBe('2024-04-02');
  });

  it('skips the State Funeral of Queen Elizabeth II (19 September 2022)', () => {
    expect(isWorkingDay('2022-09-19')).toBe(false);
    expect(addWorkingDays('2022-09-16', 1)).toBe('2022-09-20');
    expect(workingDaysBetween('2022-09-16', '2022-09-23')).toBe(4);
  });

  it('skips the coronation of King Charles III (8 May 2023) as well as the early May holiday a week before', () => {
    expect(isWorkingDay('2023-05-08')).toBe(false);
    expect(workingDaysBetween('2023-04-28', '2023-05-12')).toBe(8);
    expect(addWorkingDays('2023-05-05', 1)).toBe('2023-05-09');
  });

  it('counts leap day as a working day (Thursday 29 February 2024)', () => {
    expect(isWorkingDay('2024-02-29')).toBe(true);
    expect(addWorkingDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(workingDaysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });
});

describe('the working-day calendar at its edges', () => {
  it('counts 0 working days from a date to itself, and gives the date back for 0 working days, even at a weekend', () => {
    expect(workingDaysBetween('2024-06-12', '2024-06-12')).toBe(0);
    expect(addWorkingDays('2024-06-15', 0)).toBe('2024-06-15');
  });

  it('counts 0 working days when `to` is before `from`', () => {
    expect(workingDaysBetween('2024-06-12', '2024-06-03')).toBe(0);
  });

  it('refuses a date outside its years rather than answer wrongly', () => {
    expect(() => isWorkingDay('2018-12-31')).toThrow(
      /2018-12-31 is outside the working-day calendar \(2019–2027\)/,
    );
    expect(() => workingDaysBetween('2027-12-01', '2028-01-04')).toThrow(RangeError);
    expect(() => addWorkingDays('2027-12-24', 10)).toThrow(/outside the working-day calendar/);
  });

  it('refuses a date that does not exist, or is not a date, rather than read it as another day', () => {
    expect(() => isWorkingDay('2023-02-29')).toThrow(/Not a date \(YYYY-MM-DD\): 2023-02-29/);
    expect(() => addWorkingDays('2024-04-31', 1)).toThrow(/Not a date/);
    expect(() => workingDaysBetween('2024-01-05T09:00', '2024-01-10')).toThrow(/Not a date/);
    expect(() => isWorkingDay('5 January 2024')).toThrow(/Not a date/);
  });

  it('refuses a number of working days that is not a whole number of at least 0', () => {
    expect(() => addWorkingDays('2024-06-12', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2024-06-12', 1.5)).toThrow(RangeError);
  });

  it('refuses years given the wrong way round', () => {
    expect(() => workingDayCalendar(2027, 2019)).toThrow(/2027–2019/);
  });
});

describe('the fast calendar and the rules of src/domain/working-days.ts', () => {
  it('agree on every pair of dates (from, from + k), k from 0 to 70, 2019–2027', () => {
    const first = dayNumber('2019-01-01');
    const last = dayNumber('2027-12-31');
    const dates = Array.from({ length: last - first + 1 }, (_, i) => dateOfDayNumber(first + i));
    const working = dates.map(rules.isWorkingDay);
    const disagreements: string[] = [];
    for (let from = 0; from < dates.length; from++) {
      if (calendar.isWorkingDay(dates[from]!) !== working[from])
        disagreements.push(`isWorkingDay(${dates[from]})`);
      // The rules' count for (from, from + k) is their count for k - 1 plus whether day from + k is
      // a working day: walking k asks the rules about each day once, where calling their
      // workingDaysBetween for every pair would take 17 s. Every 11th date checks the walk
      // against the rules' own workingDaysBetween and addWorkingDays.
      let count = 0;
      for (let k = 0; k <= 70 && from + k < dates.length; k++) {
        if (k > 0 && working[from + k]) count++;
        const [a, b] = [dates[from]!, dates[from + k]!];
        if (calendar.workingDaysBetween(a, b) !== count) disagreements.push(`workingDaysBetween(${a}, ${b})`);
        if (k > 0 && working[from + k] && calendar.addWorkingDays(a, count) !== b)
          disagreements.push(`addWorkingDays(${a}, ${count})`);
        if (from % 11 === 0 && k === from % 71) {
          if (rules.workingDaysBetween(a, b) !== count) disagreements.push(`the walk to (${a}, ${b})`);
          if (rules.addWorkingDays(a, count) !== calendar.addWorkingDays(a, count))
            disagreements.push(`the rules' addWorkingDays(${a}, ${count})`);
        }
      }
    }
    expect(disagreements).toEqual([]);
  });
});
