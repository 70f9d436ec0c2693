/**
 * England and Wales bank holidays as GOV.UK publishes them
 * (https://www.gov.uk/bank-holidays.json), for the working-day calendar.
 * The published list is the authority for the years it covers, because a
 * royal proclamation can add or move a holiday that no rule predicts; for
 * years outside it the rules in src/domain/working-days.ts answer.
 * docs/measures/calendar.md says how and when the committed copy is updated.
 */
import { z } from 'zod';
import { bankHolidaysIn } from '../domain/working-days.ts';
import { dateOfDayNumber, dayNumber } from './dates.ts';
import type { IsoDate } from './model.ts';

export const GOV_UK_BANK_HOLIDAYS_URL = 'https://www.gov.uk/bank-holidays.json';
const DIVISION = 'england-and-wales';
/** Every year since the early May holiday began (1978) has had at least eight. */
const FEWEST_IN_A_YEAR = 8;

/** One event of GOV.UK's list, with its fields as GOV.UK names them. */
export interface BankHoliday {
  date: IsoDate;
  title: string;
  /** "Substitute day" when the holiday is kept on a weekday instead of a weekend; otherwise empty. */
  notes: string;
  bunting: boolean;
}

/** A list of whole years: every holiday of every year from `firstYear` to `lastYear`, in date order. */
export interface BankHolidayList {
  holidays: readonly BankHoliday[];
  firstYear: number;
  lastYear: number;
}

export type ParsedBankHolidays = ({ ok: true } & BankHolidayList) | { ok: false; message: string };

const GovUkFile = z.object({
  [DIVISION]: z.object({
    division: z.literal(DIVISION),
    events: z
      .array(
        z.object({
          title: z.string().trim().min(1),
          date: z.string(),
          notes: z.string(),
          bunting: z.boolean(),
        }),
      )
      .min(1),
  }),
});

const isIsoDate = (text: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(text) && dateOfDayNumber(dayNumber(text)) === text;
const yearOf = (date: IsoDate): number => +date.slice(0, 4);

/**
 * Reads GOV.UK's bank-holidays.json (or a file in its format): the
 * england-and-wales division only, other divisions ignored. Refuses, with a
 * message naming the source and the event, a file that is not that format,
 * a date that is not a real date, a date listed twice, and a year in its
 * span with too few holidays to be complete (a list cut short).
 */
export function parseBankHolidays(json: string, source = 'the bank holidays file'): ParsedBankHolidays {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    return { ok: false, message: `${source} is not JSON: ${(error as Error).message}` };
  }
  const parsed = GovUkFile.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
      .join('')
      .slice(1);
    return {
      ok: false,
      message: `${source} is not GOV.UK's bank holidays format: ${where ? `${where}: ` : ''}${issue.message}`,
    };
  }
  const events = parsed.data[DIVISION].events;
  const notDate = events.findIndex((event) => !isIsoDate(event.date));
  if (notDate >= 0)
    return {
      ok: false,
      message: `${source}: ${DIVISION}.events[${notDate}] ("${events[notDate]!.title}") has the date "${events[notDate]!.date}", not a date (YYYY-MM-DD)`,
    };
  const list = wholeYears(events, source);
  return 'message' in list ? { ok: false, message: list.message } : { ok: true, ...list };
}

function wholeYears(events: readonly BankHoliday[], source: string): BankHolidayList | { message: string } {
  const holidays = [...events].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const twice = holidays.find((holiday, i) => i > 0 && holidays[i - 1]!.date === holiday.date);
  if (twice) return { message: `${source} lists ${twice.date} twice` };
  const firstYear = yearOf(holidays[0]!.date);
  const lastYear = yearOf(holidays.at(-1)!.date);
  for (let year = firstYear; year <= lastYear; year++) {
    const count = holidays.filter((holiday) => yearOf(holiday.date) === year).length;
    if (count < FEWEST_IN_A_YEAR)
      return {
        message: `${source} has ${count} holiday${count === 1 ? '' : 's'} in ${year}; every year since 1978 has had at least ${FEWEST_IN_A_YEAR}, so the list is incomplete`,
      };
  }
  return { holidays, firstYear, lastYear };
}

/**
 * The holidays of a year for `workingDayCalendar`: the list's own for the
 * years it covers, the rules' (src/domain/working-days.ts) for any other.
 */
export function holidaysOf(
  list: Pick<BankHolidayList, 'holidays' | 'firstYear' | 'lastYear'>,
): (year: number) => ReadonlySet<IsoDate> {
  const byYear = new Map<number, Set<IsoDate>>();
  for (let year = list.firstYear; year <= list.lastYear; year++) byYear.set(year, new Set());
  for (const holiday of list.holidays) byYear.get(yearOf(holiday.date))?.add(holiday.date);
  return (year) => byYear.get(year) ?? bankHolidaysIn(year);
}

export type BankHolidaysUpdate =
  | {
      ok: true;
      list: BankHolidayList;
      /** Years GOV.UK no longer lists, kept from the current list because our records go back further. */
      keptYears: number[];
      added: BankHoliday[];
      removed: BankHoliday[];
    }
  | { ok: false; message: string };

/**
 * The list after an update from a newly published one. The published list
 * replaces the current one for the years it covers; earlier years are kept,
 * as GOV.UK drops old years that our records still need. Refused when it
 * would lose a holiday already past on `today` (history does not change, so
 * its absence means a damaged or wrong list) or end earlier than the
 * current list.
 */
export function updateBankHolidays(
  current: BankHolidayList,
  published: BankHolidayList,
  today: IsoDate,
): BankHolidaysUpdate {
  if (published.lastYear < current.lastYear)
    return {
      ok: false,
      message: `The new list ends in ${published.lastYear}, before the current one (${current.lastYear}); nothing was changed`,
    };
  const publishedDates = new Set(published.holidays.map((holiday) => holiday.date));
  const inPublishedYears = current.holidays.filter((holiday) => yearOf(holiday.date) >= published.firstYear);
  const lostPast = inPublishedYears.filter(
    (holiday) => holiday.date < today && !publishedDates.has(holiday.date),
  );
  if (lostPast.length > 0)
    return {
      ok: false,
      message: `The new list drops ${lostPast.length === 1 ? 'a holiday' : 'holidays'} already past, so it is not trusted and nothing was changed: ${lostPast.map((holiday) => `${holiday.date} ${holiday.title}`).join('; ')}`,
    };
  const kept = current.holidays.filter((holiday) => yearOf(holiday.date) < published.firstYear);
  const list = wholeYears([...kept, ...published.holidays], 'the updated list');
  if ('message' in list) return { ok: false, message: `${list.message}; nothing was changed` };
  const currentDates = new Set(current.holidays.map((holiday) => holiday.date));
  return {
    ok: true,
    list,
    keptYears: [...new Set(kept.map((holiday) => yearOf(holiday.date)))],
    added: published.holidays.filter((holiday) => !currentDates.has(holiday.date)),
    removed: inPublishedYears.filter((holiday) => !publishedDates.has(holiday.date)),
  };
}

/** The list in GOV.UK's own format (england-and-wales only), as the committed file holds it. */
export function formatBankHolidays(list: BankHolidayList): string {
  const events = list.holidays.map(({ title, date, notes, bunting }) => ({ title, date, notes, bunting }));
  return `${JSON.stringify({ [DIVISION]: { division: DIVISION, events } }, null, 2)}\n`;
}
