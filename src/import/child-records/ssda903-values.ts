/**
 * The SSDA903's values as the model holds them. Dates are read without
 * making Date objects: a national file has close to a million of them.
 */
import type { IsoDate } from '../../measures/model.ts';

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

function isoIfReal(year: number, month: number, day: number): IsoDate | null {
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return null;
  if (month === 2 && day === 29 && !isLeap(year)) return null;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A date as the 903 writes it, dd/mm/yyyy; yyyy-mm-dd is read too, since
 * some systems' XML exports write dates that way. Null for anything else
 * or a day that does not exist.
 */
export function parseReturnDate(value: string): IsoDate | null {
  let match = DMY.exec(value);
  if (match) return isoIfReal(Number(match[3]), Number(match[2]), Number(match[1]));
  match = YMD.exec(value);
  if (match) return isoIfReal(Number(match[1]), Number(match[2]), Number(match[3]));
  return null;
}

/** Whole years from a birth date to a date (a birthday on 29 February is reached on 1 March in other years). */
export function ageOn(birthDate: IsoDate, date: IsoDate): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** The 31 March that ends the collection year a date falls in (1 April to 31 March). */
export function collectionYearEnd(date: IsoDate): IsoDate {
  const year = Number(date.slice(0, 4));
  return `${date.slice(5) <= '03-31' ? year : year + 1}-03-31`;
}

/** A code as the validator compares it: trimmed, upper case, '' for blank. */
export const code = (value: string): string => value.trim().toUpperCase();

export const orNull = (value: string): string | null => (value === '' ? null : value);
