/** Text helpers shared by the format writers. */

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** An element with text, or nothing when the value is unknown (the returns leave an unknown field out). */
export const element = (name: string, value: string | number | null | undefined): string =>
  value === null || value === undefined || value === ''
    ? ''
    : `<${name}>${String(value).replace(/[&<>]/g, (c) => XML_ESCAPES[c]!)}</${name}>`;

/** A CSV line (RFC 4180 quoting, CRLF-free: the samples end lines with LF). */
export const csvLine = (fields: readonly (string | number | null | undefined)[]): string =>
  `${fields
    .map((field) => {
      const text = field === null || field === undefined ? '' : String(field);
      return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',')}\n`;

/** The first day of the collection year ending on `yearEnding` (a 31 March). */
export const yearStartOf = (yearEnding: string): string => `${+yearEnding.slice(0, 4) - 1}-04-01`;

/** Whether a period from `start` to `end` (null: still open) overlaps the days `from`..`to`. */
export const overlaps = (start: string, end: string | null, from: string, to: string): boolean =>
  start <= to && (end === null || end >= from);

/** What a return made on `asAt` knows of a date: nothing of one still to come. */
export const knownAt = (date: string | null, asAt: string): string | null =>
  date !== null && date <= asAt ? date : null;
