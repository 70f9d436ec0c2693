import { readFile, rename, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { BANK_HOLIDAYS_FILE, readBankHolidays } from '../measures/bank-holidays-file.ts';
import {
  formatBankHolidays,
  GOV_UK_BANK_HOLIDAYS_URL,
  parseBankHolidays,
  updateBankHolidays,
  type BankHoliday,
  type BankHolidayList,
} from '../measures/bank-holidays.ts';

export const BANK_HOLIDAYS_USAGE = `  bank-holidays [--from FILE|URL]
                  show the England and Wales bank holidays the working-day calendar uses (or
                  check those in a file or at a URL in GOV.UK's format, changing nothing)
  bank-holidays --update [--from FILE|URL]
                  replace them with GOV.UK's list (${GOV_UK_BANK_HOLIDAYS_URL}) or the one
                  given; refused if it drops a holiday already past`;

const NEXT_SHOWN = 5;

/**
 * `scorecard bank-holidays …`: what the working-day calendar knows, and the
 * yearly update from GOV.UK (docs/measures/calendar.md says when to run it).
 * Needs no database. Exit codes: 0 done, 1 refused or unreadable.
 */
export async function runBankHolidaysCommand(flags: {
  update?: boolean | undefined;
  from?: string | undefined;
}): Promise<number> {
  const today = localToday();
  const source = flags.from ?? (flags.update ? GOV_UK_BANK_HOLIDAYS_URL : undefined);
  let list: BankHolidayList;
  if (source === undefined) {
    list = await readBankHolidays();
  } else {
    let text: string;
    try {
      text = await readSource(source);
    } catch (error) {
      const { message, cause } = error as Error;
      console.error(
        `Could not read ${source}: ${message}${cause instanceof Error ? ` (${cause.message})` : ''}`,
      );
      return 1;
    }
    const parsed = parseBankHolidays(text, source);
    if (!parsed.ok) {
      console.error(parsed.message);
      return 1;
    }
    list = parsed;
  }
  if (flags.update) {
    const current = await readBankHolidays();
    const update = updateBankHolidays(current, list, today);
    if (!update.ok) {
      console.error(update.message);
      return 1;
    }
    const text = formatBankHolidays(update.list);
    if (text === formatBankHolidays(current)) {
      console.log(`No change: ${source} lists the same holidays as ${shown(BANK_HOLIDAYS_FILE)}.`);
    } else {
      await writeFile(`${BANK_HOLIDAYS_FILE}.new`, text);
      await rename(`${BANK_HOLIDAYS_FILE}.new`, BANK_HOLIDAYS_FILE);
      console.log(`Updated ${shown(BANK_HOLIDAYS_FILE)} from ${source}.`);
      for (const holiday of update.added) console.log(`  added    ${describe(holiday)}`);
      for (const holiday of update.removed) console.log(`  removed  ${describe(holiday)}`);
      if (update.keptYears.length > 0)
        console.log(
          `  kept ${update.keptYears.join(', ')} as before: ${source} lists ${update.keptYears.length === 1 ? 'that year' : 'those years'} no longer.`,
        );
      console.log(
        'Check it with `npx vitest run src/measures/bank-holidays.test.ts` (a proclaimed holiday must also be added to the rules in src/domain/working-days.ts), then commit it; a running server uses it from its next start.',
      );
    }
    list = update.list;
  }
  printSummary(list, source === undefined || flags.update ? shown(BANK_HOLIDAYS_FILE) : source, today);
  return 0;
}

async function readSource(source: string): Promise<string> {
  if (!/^https?:\/\//.test(source)) return readFile(source, 'utf8');
  const response = await fetch(source, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`the server answered ${response.status} ${response.statusText}`);
  return response.text();
}

function printSummary(list: BankHolidayList, where: string, today: string): void {
  console.log(`England and Wales bank holidays for ${list.firstYear}–${list.lastYear}, from ${where}.`);
  console.log('Other years follow the rules in src/domain/working-days.ts (see docs/measures/calendar.md).');
  const next = list.holidays.filter((holiday) => holiday.date >= today).slice(0, NEXT_SHOWN);
  if (next.length > 0) console.log('Next holidays:');
  for (const holiday of next) console.log(`  ${describe(holiday)}`);
  if (list.lastYear <= +today.slice(0, 4))
    console.log(
      `The list ends in ${list.lastYear}: run \`scorecard bank-holidays --update\` for the years GOV.UK has published since.`,
    );
}

function describe(holiday: BankHoliday): string {
  const day = new Date(`${holiday.date}T00:00:00Z`).toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return `${day.padEnd(18)}${holiday.title}${holiday.notes ? ` (${holiday.notes.toLowerCase()})` : ''}`;
}

/** Today's date by the machine's clock and time zone: a holiday is past once its day has begun there. */
function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const shown = (path: string): string => relative(process.cwd(), path) || path;
