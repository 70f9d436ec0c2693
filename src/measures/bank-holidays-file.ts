/**
 * The one place the committed bank holidays are read from disk, kept apart
 * so that bank-holidays.ts stays pure. A server reads the file once; an
 * update made by `scorecard bank-holidays --update` takes effect when it
 * next starts.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseBankHolidays, type BankHolidayList } from './bank-holidays.ts';

export const BANK_HOLIDAYS_FILE = fileURLToPath(
  new URL('./bank-holidays/england-and-wales.json', import.meta.url),
);

const read = new Map<string, Promise<BankHolidayList>>();

/**
 * The list in a file in GOV.UK's format, read once per path. A file that
 * fails validation throws: the committed file is part of the program, and
 * working days counted without it would be silently wrong.
 */
export function readBankHolidays(path: string = BANK_HOLIDAYS_FILE): Promise<BankHolidayList> {
  let list = read.get(path);
  if (!list) {
    list = readFile(path, 'utf8').then((text) => {
      const parsed = parseBankHolidays(text, path);
      if (!parsed.ok) throw new Error(parsed.message);
      return parsed;
    });
    read.set(path, list);
  }
  return list;
}
