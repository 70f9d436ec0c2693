/**
 * Dates as plans write them, as ISO days. A plan's spreadsheet may hold a
 * day as 31/03/23 (day first, as the council prints it), 31/03/2023,
 * 2023-03-31, a date cell, or an Excel serial number (a date cell that lost
 * its format: 45016 is 31 March 2023). Month-first dates (03/31/23) and
 * days that do not exist are refused, with the reason.
 */

const MS_PER_DAY = 86_400_000;

export type DateReading = { date: string } | { problem: string };

/** Excel counts days from 1900-01-00 (with its 1900 leap-year bug): serial 25569 is 1970-01-01. */
function fromExcelSerial(serial: number): string {
  return new Date(Math.round((serial - 25569) * MS_PER_DAY)).toISOString().slice(0, 10);
}

function isoOf(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return date.toISOString().slice(0, 10);
}

/** Two-digit years are this century: a plan runs for a few years either side of now. */
const fullYear = (text: string) => (text.length === 2 ? 2000 + Number(text) : Number(text));

export function readPlanDate(value: string | number | Date): DateReading {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { problem: 'is not a date' };
    return { date: value.toISOString().slice(0, 10) };
  }
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (/^\d{5}(\.0+)?$/.test(text)) {
    const serial = Number(text);
    if (serial >= 36_526 && serial <= 73_051) return { date: fromExcelSerial(serial) }; // 2000-01-01 to 2099-12-31
    return { problem: `"${text}" is an Excel date number outside 2000–2099` };
  }
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(text);
  if (match) {
    const iso = isoOf(Number(match[1]), Number(match[2]), Number(match[3]));
    return iso ? { date: iso } : { problem: `"${text}" is not a day that exists` };
  }
  match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(text);
  if (match) {
    const [day, month] = [Number(match[1]), Number(match[2])];
    if (month > 12 && day <= 12)
      return { problem: `"${text}" reads as month first; write the day first (dd/mm/yy) or as YYYY-MM-DD` };
    const iso = isoOf(fullYear(match[3]!), month, day);
    return iso ? { date: iso } : { problem: `"${text}" is not a day that exists` };
  }
  return { problem: `"${text}" is not a date: write it as dd/mm/yy (31/03/23) or YYYY-MM-DD (2023-03-31)` };
}

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY);
}

export function isIsoDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && 'date' in readPlanDate(text);
}

/** "31 March 2023", as the pages print a day. */
export function longDay(iso: string): string {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
