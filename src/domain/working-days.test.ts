import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  bankHolidaysIn,
  easterSunday,
  isWorkingDay,
  workingDaysBetween,
} from './working-days.ts';

describe('bank holidays in England and Wales', () => {
  it('lists the eight holidays of an ordinary year (2017), as published by GOV.UK', () => {
    expect([...bankHolidaysIn(2017)]).toEqual([
      '2017-01-02', // New Year's Day was a Sunday
      '2017-04-14',
      '2017-04-17',
      '2017-05-01',
      '2017-05-29',
      '2017-08-28',
      '2017-12-25',
      '2017-12-26',
    ]);
  });

  it('finds Easter by the computus, including Easters in March and late April', () => {
    expect(easterSunday(2017)).toBe('2017-04-16');
    expect(easterSunday(2016)).toBe('2016-03-27');
    expect(easterSunday(2019)).toBe('2019-04-21');
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2038)).toBe('2038-04-25');
  });

  it('keeps a Saturday Christmas on Monday 27th and a Sunday Boxing Day on Tuesday 28th (2021)', () => {
    expect([...bankHolidaysIn(2021)].filter((d) => d >= '2021-12-01')).toEqual(['2021-12-27', '2021-12-28']);
  });

  it('keeps a Sunday Christmas on Tuesday 27th, after Boxing Day on Monday 26th (2022)', () => {
    expect([...bankHolidaysIn(2022)].filter((d) => d >= '2022-12-01')).toEqual(['2022-12-26', '2022-12-27']);
  });

  it('keeps a Saturday Boxing Day on Monday 28th (2020)', () => {
    expect([...bankHolidaysIn(2020)].filter((d) => d >= '2020-12-01')).toEqual(['2020-12-25', '2020-12-28']);
  });

  it('moves a Saturday New Year to Monday 3rd (2022)', () => {
    expect(bankHolidaysIn(2022).has('2022-01-03')).toBe(true);
    expect(bankHolidaysIn(2022).has('2022-01-01')).toBe(false);
  });

  it('moves the early May holiday for VE Day (Friday 8 May 2020) and the spring holiday for jubilees', () => {
    expect(bankHolidaysIn(2020).has('2020-05-08')).toBe(true);
    expect(bankHolidaysIn(2020).has('2020-05-04')).toBe(false);
    expect(
      [...bankHolidaysIn(2022)].filter((d) => d.startsWith('2022-05') || d.startsWith('2022-06')),
    ).toEqual(['2022-05-02', '2022-06-02', '2022-06-03']);
    expect([...bankHolidaysIn(2012)].filter((d) => d.startsWith('2012-06'))).toEqual([
      '2012-06-04',
      '2012-06-05',
    ]);
  });

  it('includes the one-off holidays: the millennium, royal weddings, the state funeral and the coronation', () => {
    expect(bankHolidaysIn(1999).has('1999-12-31')).toBe(true);
    expect(bankHolidaysIn(2011).has('2011-04-29')).toBe(true);
    expect(bankHolidaysIn(2022).has('2022-09-19')).toBe(true);
    expect(bankHolidaysIn(2023).has('2023-05-08')).toBe(true);
    expect(bankHolidaysIn(2023).size).toBe(9);
  });
});

describe('working days', () => {
  it('counts weekdays that are not bank holidays', () => {
    expect(isWorkingDay('2017-06-30')).toBe(true); // Friday
    expect(isWorkingDay('2017-07-01')).toBe(false); // Saturday
    expect(isWorkingDay('2017-07-02')).toBe(false); // Sunday
    expect(isWorkingDay('2017-05-29')).toBe(false); // spring bank holiday
  });

  it('puts 10 working days after the end of June 2017 on Friday 14 July', () => {
    expect(addWorkingDays('2017-06-30', 10)).toBe('2017-07-14');
  });

  it('skips Christmas, Boxing Day and New Year at the end of December (2017 into 2018)', () => {
    // 27, 28, 29 Dec; 2, 3, 4, 5, 8, 9, 10 Jan (1 Jan 2018 was a Monday bank holiday).
    expect(addWorkingDays('2017-12-22', 10)).toBe('2018-01-10');
    expect(addWorkingDays('2021-12-24', 1)).toBe('2021-12-29');
  });

  it('skips Good Friday and Easter Monday, even when Easter falls at the end of the financial year (2024)', () => {
    // 31 March 2024 was Easter Sunday: Good Friday 29 March, Easter Monday 1 April.
    expect(addWorkingDays('2024-03-28', 1)).toBe('2024-04-02');
    expect(addWorkingDays('2024-03-31', 10)).toBe('2024-04-15');
  });

  it('gives the date itself for 0 working days, and refuses a negative, fractional or huge count', () => {
    expect(addWorkingDays('2017-07-01', 0)).toBe('2017-07-01');
    expect(() => addWorkingDays('2017-07-01', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2017-07-01', 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays('2017-07-01', 1001)).toThrow(RangeError);
  });

  it('refuses a date that is not a real YYYY-MM-DD date', () => {
    expect(() => isWorkingDay('2017-02-30')).toThrow('Not a date');
    expect(() => addWorkingDays('30/06/2017', 1)).toThrow('Not a date');
  });

  it('counts how many working days late something is: none on or before its due date', () => {
    expect(workingDaysBetween('2017-07-14', '2017-07-14')).toBe(0);
    expect(workingDaysBetween('2017-07-14', '2017-07-10')).toBe(0);
    expect(workingDaysBetween('2017-07-14', '2017-07-17')).toBe(1); // the weekend does not count
    expect(workingDaysBetween('2017-12-22', '2017-12-29')).toBe(3);
  });
});
