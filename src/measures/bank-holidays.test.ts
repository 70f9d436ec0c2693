import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bankHolidaysIn } from '../domain/working-days.ts';
import { BANK_HOLIDAYS_FILE, readBankHolidays } from './bank-holidays-file.ts';
import {
  formatBankHolidays,
  holidaysOf,
  parseBankHolidays,
  updateBankHolidays,
  type BankHoliday,
  type BankHolidayList,
} from './bank-holidays.ts';

const SAMPLES_CSV = fileURLToPath(
  new URL('../../test/fixtures/bank-holidays/england_wales_bank_holidays_2019_2027.csv', import.meta.url),
);
const committedText = readFileSync(BANK_HOLIDAYS_FILE, 'utf8');

function committed(): BankHolidayList {
  const parsed = parseBankHolidays(committedText);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed;
}

const event = (date: string, title = 'A holiday', notes = '', bunting = true): BankHoliday => ({
  date,
  title,
  notes,
  bunting,
});
/** The eight holidays of an ordinary year, by the rules, as GOV.UK-style events. */
const yearOfHolidays = (year: number): BankHoliday[] => [...bankHolidaysIn(year)].map((date) => event(date));
const govUk = (events: unknown[], division = 'england-and-wales'): string =>
  JSON.stringify({
    [division]: { division, events },
    scotland: { division: 'scotland', events: [event('2025-11-30', 'St Andrew’s Day')] },
  });
const listOf = (events: BankHoliday[]): BankHolidayList => {
  const parsed = parseBankHolidays(govUk(events));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed;
};
const messageOf = (json: string): string => {
  const parsed = parseBankHolidays(json, 'bank-holidays.json');
  return parsed.ok ? 'accepted' : parsed.message;
};

describe('the committed England and Wales bank holidays', () => {
  it('covers 2018 to 2027', () => {
    const list = committed();
    expect([list.firstYear, list.lastYear]).toEqual([2018, 2027]);
  });

  it('equals the samples list for 2019–2027, date, title and notes (the CSV straightens GOV.UK’s apostrophe)', () => {
    const rows = readFileSync(SAMPLES_CSV, 'utf8').trim().split('\n').slice(1);
    const fromCsv = rows.map((row) => {
      const [date, title, notes] = row.split(',');
      return { date, title, notes: notes ?? '' };
    });
    const fromFile = committed()
      .holidays.filter((holiday) => holiday.date >= '2019')
      .map(({ date, title, notes }) => ({ date, title: title.replace('’', "'"), notes }));
    expect(fromCsv).toHaveLength(75);
    expect(fromFile).toEqual(fromCsv);
  });

  it('agrees with the rules of src/domain/working-days.ts in every year it covers', () => {
    const list = committed();
    for (let year = list.firstYear; year <= list.lastYear; year++) {
      const listed = list.holidays.filter((holiday) => holiday.date.startsWith(`${year}-`));
      expect(
        listed.map((holiday) => holiday.date),
        String(year),
      ).toEqual([...bankHolidaysIn(year)]);
    }
  });

  it('is written exactly as formatBankHolidays writes it, so an update changes only what GOV.UK changed', () => {
    expect(formatBankHolidays(committed())).toBe(committedText);
  });

  it('is read from disk once and validated', async () => {
    const first = readBankHolidays();
    expect(readBankHolidays()).toBe(first);
    expect((await first).holidays).toEqual(committed().holidays);
  });
});

describe('parseBankHolidays: GOV.UK’s bank-holidays.json', () => {
  it('reads the england-and-wales division only, in date order, with GOV.UK’s fields', () => {
    const events = [...yearOfHolidays(2025)].reverse();
    events[0] = event('2025-12-26', 'Boxing Day', '', false);
    const parsed = parseBankHolidays(govUk(events));
    expect(parsed).toMatchObject({ ok: true, firstYear: 2025, lastYear: 2025 });
    if (!parsed.ok) return;
    expect(parsed.holidays.map((holiday) => holiday.date)).toEqual([...bankHolidaysIn(2025)]);
    expect(parsed.holidays.at(-1)).toEqual({
      date: '2025-12-26',
      title: 'Boxing Day',
      notes: '',
      bunting: false,
    });
    expect(parsed.holidays.some((holiday) => holiday.title === 'St Andrew’s Day')).toBe(false);
  });

  it('refuses text that is not JSON, naming the source', () => {
    expect(messageOf('<html>Service unavailable</html>')).toMatch(/^bank-holidays\.json is not JSON/);
  });

  it('refuses a file without the england-and-wales division', () => {
    expect(messageOf(govUk(yearOfHolidays(2025), 'scotland'))).toMatch(
      /not GOV\.UK's bank holidays format: england-and-wales: /,
    );
  });

  it('refuses an empty list of events', () => {
    expect(messageOf(govUk([]))).toMatch(/england-and-wales\.events: /);
  });

  it('refuses an event without one of GOV.UK’s fields, naming the event and the field', () => {
    const events: unknown[] = yearOfHolidays(2025);
    events[3] = { title: 'Early May bank holiday', date: '2025-05-05', notes: '' };
    expect(messageOf(govUk(events))).toMatch(/england-and-wales\.events\[3\]\.bunting: /);
  });

  it('refuses a date that is not a real date, naming the event', () => {
    const events = yearOfHolidays(2025);
    events[1] = event('2025-02-30', 'Good Friday');
    expect(messageOf(govUk(events))).toBe(
      'bank-holidays.json: england-and-wales.events[1] ("Good Friday") has the date "2025-02-30", not a date (YYYY-MM-DD)',
    );
  });

  it('refuses a date listed twice', () => {
    expect(messageOf(govUk([...yearOfHolidays(2025), event('2025-12-25', 'Christmas Day')]))).toBe(
      'bank-holidays.json lists 2025-12-25 twice',
    );
  });

  it('refuses a list with a year cut short or missing, since its span would be trusted as complete', () => {
    expect(messageOf(govUk([...yearOfHolidays(2025), event('2026-01-01')]))).toMatch(
      /has 1 holiday in 2026; every year since 1978 has had at least 8/,
    );
    expect(messageOf(govUk([...yearOfHolidays(2024), ...yearOfHolidays(2026)]))).toMatch(
      /has 0 holidays in 2025/,
    );
  });
});

describe('holidaysOf: the calendar’s holidays', () => {
  it('takes a covered year’s holidays from the list, even where the rules would differ', () => {
    const events = yearOfHolidays(2030).filter((holiday) => holiday.date !== '2030-08-26');
    const list = listOf([...events, event('2030-09-02', 'A proclaimed holiday')]);
    const year2030 = holidaysOf(list)(2030);
    expect(year2030.has('2030-09-02')).toBe(true);
    expect(year2030.has('2030-08-26')).toBe(false);
    expect(year2030.size).toBe(8);
  });

  it('falls back to the rules for a year outside the list (2010, before the committed file)', () => {
    expect(holidaysOf(committed())(2010)).toEqual(bankHolidaysIn(2010));
    expect([...holidaysOf(committed())(2010)]).toContain('2010-12-28'); // Boxing Day kept on a Tuesday
  });
});

describe('updateBankHolidays: replacing the committed list with a newly published one', () => {
  const current = () => listOf([...yearOfHolidays(2024), ...yearOfHolidays(2025)]);

  it('adds the years published, replaces the future holidays and lists what changed', () => {
    const moved = yearOfHolidays(2025).map((holiday) =>
      holiday.date === '2025-12-26' ? event('2025-12-29', 'Boxing Day (moved)') : holiday,
    );
    const update = updateBankHolidays(
      current(),
      listOf([...yearOfHolidays(2024), ...moved, ...yearOfHolidays(2026)]),
      '2025-09-01',
    );
    expect(update.ok).toBe(true);
    if (!update.ok) return;
    expect([update.list.firstYear, update.list.lastYear]).toEqual([2024, 2026]);
    expect(update.added.map((holiday) => holiday.date)).toEqual(['2025-12-29', ...bankHolidaysIn(2026)]);
    expect(update.removed.map((holiday) => holiday.date)).toEqual(['2025-12-26']);
    expect(update.keptYears).toEqual([]);
  });

  it('keeps the years GOV.UK no longer publishes', () => {
    const update = updateBankHolidays(
      current(),
      listOf([...yearOfHolidays(2025), ...yearOfHolidays(2026)]),
      '2025-09-01',
    );
    expect(update.ok && update.keptYears).toEqual([2024]);
    expect(update.ok && [update.list.firstYear, update.list.lastYear]).toEqual([2024, 2026]);
    expect(update.ok && update.list.holidays.length).toBe(24);
  });

  it('refuses a list that drops a holiday already past, naming it', () => {
    const withoutEaster = yearOfHolidays(2025).filter((holiday) => holiday.date !== '2025-04-21');
    const update = updateBankHolidays(
      current(),
      listOf([...withoutEaster, event('2025-12-31', 'New Year’s Eve'), ...yearOfHolidays(2026)]),
      '2025-09-01',
    );
    expect(update).toEqual({
      ok: false,
      message:
        'The new list drops a holiday already past, so it is not trusted and nothing was changed: 2025-04-21 A holiday',
    });
  });

  it('refuses a list that ends before the current one', () => {
    const update = updateBankHolidays(current(), listOf(yearOfHolidays(2024)), '2025-09-01');
    expect(update.ok ? 'accepted' : update.message).toMatch(/ends in 2024, before the current one \(2025\)/);
  });

  it('refuses a list that would leave a gap between the kept years and the new ones', () => {
    const update = updateBankHolidays(current(), listOf(yearOfHolidays(2027)), '2025-09-01');
    expect(update.ok ? 'accepted' : update.message).toMatch(/0 holidays in 2026/);
  });
});
