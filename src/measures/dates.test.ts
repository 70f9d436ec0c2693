import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addYears,
  ageOn,
  dateOfDayNumber,
  dayNumber,
  daysBetween,
  daysInMonth,
  minutesBetween,
} from './dates.ts';

describe('day numbers', () => {
  it('counts days from 1 January 1970, as Date.UTC does', () => {
    for (const date of ['1970-01-01', '1899-12-31', '2000-02-29', '2024-03-01', '2100-03-01', '1600-02-29']) {
      const expected = Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / 86_400_000;
      expect(dayNumber(date)).toBe(expected);
    }
  });

  it('turns every day of four centuries back into the same date', () => {
    const wrong: string[] = [];
    for (let day = dayNumber('1900-01-01'); day <= dayNumber('2300-12-31'); day++) {
      const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (dateOfDayNumber(day) !== date || dayNumber(date) !== day) wrong.push(date);
    }
    expect(wrong).toEqual([]);
  });
});

describe('daysBetween', () => {
  it('is 0 for the same day and negative backwards', () => {
    expect(daysBetween('2023-05-08', '2023-05-08')).toBe(0);
    expect(daysBetween('2023-05-09', '2023-05-08')).toBe(-1);
  });

  it('counts 29 February in a leap year', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
  });

  it('crosses a year end', () => {
    expect(daysBetween('2022-12-31', '2023-01-01')).toBe(1);
    expect(daysBetween('2022-04-01', '2023-03-31')).toBe(364);
  });
});

describe('addDays', () => {
  it('steps over 29 February and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2022-12-31', 1)).toBe('2023-01-01');
  });
});

describe('addMonths', () => {
  it('keeps the day of the month', () => {
    expect(addMonths('2023-04-15', 1)).toBe('2023-05-15');
    expect(addMonths('2023-04-15', -12)).toBe('2022-04-15');
  });

  it('clamps to the last day of a shorter month', () => {
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-03-31', -1)).toBe('2023-02-28');
    expect(addMonths('2023-05-31', 1)).toBe('2023-06-30');
  });

  it('crosses year ends both ways', () => {
    expect(addMonths('2022-11-30', 3)).toBe('2023-02-28');
    expect(addMonths('2023-01-15', -1)).toBe('2022-12-15');
    expect(addMonths('2023-01-15', -25)).toBe('2020-12-15');
  });

  it('reads 12 months before 29 February as 28 February of the year before', () => {
    expect(addMonths('2024-02-29', -12)).toBe('2023-02-28');
  });
});

describe('addYears', () => {
  it('turns 29 February into 28 February in a common year', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', -2)).toBe('2022-02-28');
  });

  it('keeps 29 February four years on', () => {
    expect(addYears('2020-02-29', 4)).toBe('2024-02-29');
  });

  it('keeps every other date', () => {
    expect(addYears('2021-03-01', 2)).toBe('2023-03-01');
  });
});

describe('daysInMonth', () => {
  it('knows the century rule', () => {
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2024, 2)).toBe(29);
  });
});

describe('ageOn', () => {
  it('adds a year on the birthday itself, not the day after', () => {
    expect(ageOn('2010-06-15', '2020-06-14')).toBe(9);
    expect(ageOn('2010-06-15', '2020-06-15')).toBe(10);
  });

  it('is 0 on the day of birth', () => {
    expect(ageOn('2023-01-01', '2023-01-01')).toBe(0);
  });

  it('makes a child born on 29 February a year older on 1 March of a common year', () => {
    expect(ageOn('2008-02-29', '2023-02-28')).toBe(14);
    expect(ageOn('2008-02-29', '2023-03-01')).toBe(15);
    expect(ageOn('2008-02-29', '2024-02-29')).toBe(16);
  });

  it('has no age for a child not yet born', () => {
    expect(ageOn('2023-05-02', '2023-05-01')).toBeNull();
  });
});

describe('minutesBetween', () => {
  it('counts 48 hours as 2,880 minutes across a month end', () => {
    expect(minutesBetween('2023-01-31T09:30', '2023-02-02T09:30')).toBe(2880);
  });

  it('reads a bare date as its 00:00', () => {
    expect(minutesBetween('2024-02-28', '2024-03-01T00:01')).toBe(2 * 1440 + 1);
  });
});
