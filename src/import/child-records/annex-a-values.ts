import type { IsoDate, Sex } from '../../measures/model.ts';

/**
 * How Annex A cells are read. The lists come from many case-management
 * systems and are often finished by hand in Excel, so one value arrives in
 * many spellings: a date as an Excel serial (44090), 15/09/2020 or
 * 2020-09-15; a category as the template's drop-down text with its letter
 * ("b) Female", "q) 6: Police"), as the code alone, or as words. Pure.
 */

/** What a cell holds once read from a CSV (always text) or a workbook (text, number or true/false). */
export type CellValue = string | number | boolean | null;

/** Excel's error values: a lookup that failed in the LA's own spreadsheet, not a value. */
const EXCEL_ERRORS = new Set(['#N/A', '#REF!', '#VALUE!', '#NAME?', '#DIV/0!', '#NULL!', '#NUM!']);

/** The cell as trimmed text; null when blank or an Excel error. */
export function textOf(cell: CellValue): string | null {
  if (cell === null) return null;
  const text = String(cell)
    .replace(/\u00a0/g, ' ')
    .trim();
  return text === '' || EXCEL_ERRORS.has(text.toUpperCase()) ? null : text;
}

/** The value without the template's drop-down letter: "b) Female" → "Female". */
export const withoutOptionLetter = (text: string): string => text.replace(/^[a-z]{1,2}\)\s*/i, '');

/**
 * The code at the front of a category: "q) 6: Police" → "6", "N1 - Abuse or
 * Neglect" → "N1", "e) PR4 - Private provision" → "PR4"; a value with no
 * code in front ("Physical abuse") comes back without its option letter.
 */
export function codeOf(cell: CellValue): string | null {
  const text = textOf(cell);
  if (text === null) return null;
  const bare = withoutOptionLetter(text);
  const coded = /^([A-Za-z0-9]{1,8})\s*(?::|\s-\s|\s–\s)/.exec(bare);
  return coded ? coded[1]!.toUpperCase() : bare;
}

export interface DateRead {
  date: IsoDate;
  /** HH:MM where the cell carried a time of day. */
  time: string | null;
}

const DAY_MS = 86_400_000;
/** Day 0 of Excel's 1900 date system (its phantom 29 February 1900 makes it 30 December 1899 for every real date). */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
/** Day 0 of the 1904 system some Mac workbooks use. */
const EPOCH_1904 = Date.UTC(1904, 0, 1);
/** 1 January 1900 to 31 December 9999: any other number is not a date. */
const SERIAL_RANGE = [1, 2_958_465] as const;

export type DateSystem = 1900 | 1904;

function fromSerial(serial: number, system: DateSystem): DateRead | null {
  if (!Number.isFinite(serial) || serial < SERIAL_RANGE[0] || serial > SERIAL_RANGE[1]) return null;
  const ms = Math.round(((system === 1904 ? EPOCH_1904 : EPOCH_1900) + serial * DAY_MS) / 60_000) * 60_000;
  const iso = new Date(ms).toISOString();
  const time = iso.slice(11, 16);
  return { date: iso.slice(0, 10), time: Number.isInteger(serial) ? null : time };
}

function fromParts(year: number, month: number, day: number, time: string | null): DateRead | null {
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day)
    return null;
  return { date: probe.toISOString().slice(0, 10), time };
}

const TIME = String.raw`(?:[ T](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?`;
const DAY_FIRST = new RegExp(String.raw`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})${TIME}$`);
const ISO = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})${TIME}Z?$`);

function timeOf(hours: string | undefined, minutes: string | undefined): string | null | undefined {
  if (hours === undefined || minutes === undefined) return null;
  if (Number(hours) > 23 || Number(minutes) > 59) return undefined;
  return `${hours.padStart(2, '0')}:${minutes}`;
}

/**
 * A date (and time of day, where there is one) from an Excel serial, a
 * British day-first date (15/09/2020, 15-09-2020 14:30) or an ISO date
 * (2020-09-15, 2020-09-15T14:30). Null for anything else, including an
 * impossible day such as 31/02/2021.
 */
export function readDate(cell: CellValue, system: DateSystem = 1900): DateRead | null {
  if (typeof cell === 'number') return fromSerial(cell, system);
  const text = textOf(cell);
  if (text === null) return null;
  if (/^\d+(\.\d+)?$/.test(text)) return fromSerial(Number(text), system);
  const dayFirst = DAY_FIRST.exec(text);
  const parts = dayFirst ?? ISO.exec(text);
  if (!parts) return null;
  const time = timeOf(parts[4], parts[5]);
  if (time === undefined) return null;
  const [first, second, third] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  return dayFirst ? fromParts(third, second, first, time) : fromParts(first, second, third, time);
}

/** A time of day on its own ("14:30", "9:05:00", or the fraction of a day Excel stores); null otherwise. */
export function readTime(cell: CellValue): string | null {
  if (typeof cell === 'number')
    return cell >= 0 && cell < 1 ? (fromSerial(1 + cell, 1900)?.time ?? '00:00') : null;
  const text = textOf(cell);
  const parts = text === null ? null : /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(text);
  return parts ? (timeOf(parts[1], parts[2]) ?? null) : null;
}

const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0']);
const UNKNOWN = new Set(['unknown', 'not known', 'not recorded', 'u']);

/** Yes / no in the template's spellings; `unknown` when the value says it is not known, `unreadable` when it is neither. */
export function readYesNo(cell: CellValue): boolean | null | 'unreadable' {
  if (typeof cell === 'boolean') return cell;
  const text = textOf(cell);
  if (text === null) return null;
  const word = withoutOptionLetter(text).toLowerCase();
  if (YES.has(word)) return true;
  if (NO.has(word)) return false;
  return UNKNOWN.has(word) ? null : 'unreadable';
}

/** Sex or gender as the lists write it: words, letters, the census's 1/2/0/9, or the template's options. */
export function readSex(cell: CellValue): Sex | null | 'unreadable' {
  const text = textOf(cell);
  if (text === null) return null;
  // "1 - Male", "2 - Female", "0 - Not known": the census code and its words.
  const word = withoutOptionLetter(text)
    .toLowerCase()
    .replace(/^\d\s*-\s*/, '');
  if (word === 'male' || word === 'm' || text === '1') return 'M';
  if (word === 'female' || word === 'f' || text === '2') return 'F';
  if (
    /^(not |unknown|unborn|indeterminate|neither|withheld|unspecified|u$)/.test(word) ||
    /^[09]$/.test(text)
  )
    return 'U';
  return 'unreadable';
}

/** The DfE's ethnicity codes, the only values the model keeps. */
const ETHNICITY_CODES = new Set(
  'WBRI WIRI WIRT WOTH WROM MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH BCRB BAFR BOTH CHNE OOTH REFU NOBT'.split(
    ' ',
  ),
);

/** The DfE code at the front of an ethnicity ("a) WBRI", "WBRI - White British"). */
export function readEthnicity(cell: CellValue): string | null | 'unreadable' {
  const text = textOf(cell);
  if (text === null) return null;
  const code = /^[A-Za-z]{4}\b/.exec(withoutOptionLetter(text))?.[0].toUpperCase();
  return code !== undefined && ETHNICITY_CODES.has(code) ? code : 'unreadable';
}

/** The CIN census's category-of-abuse codes, from the words Annex A uses. */
const ABUSE_CATEGORIES: readonly [RegExp, string][] = [
  [/^(phy|physical)/i, 'PHY'],
  [/^(emo|emotional)/i, 'EMO'],
  [/^(sab|sexual)/i, 'SAB'],
  [/^(neg|neglect)/i, 'NEG'],
  [/^(mul|multiple|mixed)/i, 'MUL'],
];

/** A category of abuse as the census codes it; an unrecognised one is kept as written. */
export function readAbuseCategory(cell: CellValue): string | null {
  const text = textOf(cell);
  if (text === null) return null;
  const bare = withoutOptionLetter(text);
  return ABUSE_CATEGORIES.find(([pattern]) => pattern.test(bare))?.[1] ?? bare;
}

/** A whole number of zero or more; null when blank, `unreadable` otherwise. */
export function readCount(cell: CellValue): number | null | 'unreadable' {
  const text = textOf(cell);
  if (text === null) return null;
  return /^\d+(\.0+)?$/.test(text) ? Number(text) : 'unreadable';
}
