import Papa from 'papaparse';
import type { Issue } from '../../errors.ts';
import { ENCODING_LABELS, encodingFromBom, type TextEncoding } from '../detect-format.ts';
import { fixWindows1252 } from '../windows-1252.ts';

/**
 * What the schools importers share: decoding the bytes of a CSV (GIAS and
 * Ofsted publish Windows-1252; a file saved again by Excel may be UTF-8 with
 * or without a byte-order mark), finding the header row below any title
 * rows, and naming columns the way a spreadsheet does. Pure; never throws on
 * bad data.
 */

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** For the person: "Windows-1252", "UTF-8 with a byte-order mark". */
  encodingLabel: string;
}

export function decodeText(bytes: Uint8Array): DecodedText {
  const bom = encodingFromBom(bytes);
  if (bom) {
    const text = new TextDecoder(bom).decode(bytes); // the decoder drops the byte-order mark
    return { text, encoding: bom, encodingLabel: `${ENCODING_LABELS[bom]} with a byte-order mark` };
  }
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true }).decode(bytes),
      encoding: 'utf-8',
      encodingLabel: ENCODING_LABELS['utf-8'],
    };
  } catch {
    return {
      text: fixWindows1252(new TextDecoder('windows-1252').decode(bytes)),
      encoding: 'windows-1252',
      encodingLabel: ENCODING_LABELS['windows-1252'],
    };
  }
}

/** The spreadsheet letter of a 0-based column: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** A header as compared: lower case, spaces collapsed (Ofsted's files have double spaces in places). */
export const normaliseHeader = (header: string): string =>
  header
    .replace(/\u00a0/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');

export interface CsvTable {
  /** The header row's cells, as printed. */
  headers: string[];
  /** Normalised header → 0-based column index (the first, when a header repeats). */
  columns: Map<string, number>;
  /** The data rows, with their 1-based row number in the file. */
  rows: { row: number; cells: string[] }[];
  /** Rows above the header (a title, a note), skipped. */
  skippedTitleRows: number;
}

/** How many rows from the top are searched for the header row. */
const HEADER_SEARCH_ROWS = 20;

/**
 * Reads CSV text into a table. The header row is the first of the top 20
 * rows with a cell that names `keyColumn` (URN, for every schools file);
 * rows above it are titles and are skipped. Blank rows are skipped too;
 * row numbers are those a spreadsheet shows (the first row is 1).
 * Returns issues instead when the text is not a table with that column.
 */
export function readCsvTable(
  fileName: string,
  text: string,
  keyColumn: string,
): { table: CsvTable | null; issues: Issue[] } {
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false });
  const issues: Issue[] = [];
  for (const error of parsed.errors.slice(0, 20)) {
    if (error.code === 'UndetectableDelimiter') continue;
    issues.push({
      file: fileName,
      ...(error.row !== undefined ? { row: error.row + 1 } : {}),
      field: '',
      message: `the file is not well-formed CSV here: ${error.message}`,
    });
  }
  if (issues.length) return { table: null, issues };
  const key = normaliseHeader(keyColumn);
  const headerIndex = parsed.data
    .slice(0, HEADER_SEARCH_ROWS)
    .findIndex((cells) => cells.some((cell) => normaliseHeader(cell) === key));
  if (headerIndex < 0) {
    return {
      table: null,
      issues: [
        {
          file: fileName,
          field: keyColumn,
          message: `no header row with a "${keyColumn}" column in the first ${HEADER_SEARCH_ROWS} rows, so this is not a file this import reads`,
        },
      ],
    };
  }
  const headers = parsed.data[headerIndex]!.map((h) => h.trim());
  const columns = new Map<string, number>();
  headers.forEach((header, index) => {
    const name = normaliseHeader(header);
    if (name && !columns.has(name)) columns.set(name, index);
  });
  // A record is a row as a spreadsheet shows it (blank lines included, since they were not skipped).
  const rows: CsvTable['rows'] = [];
  for (let i = headerIndex + 1; i < parsed.data.length; i++) {
    const cells = parsed.data[i]!;
    if (cells.every((c) => c.trim() === '')) continue;
    rows.push({ row: i + 1, cells });
  }
  return { table: { headers, columns, rows, skippedTitleRows: headerIndex }, issues: [] };
}

/** Values the files use for nothing: blank, NULL, and a few more Ofsted has printed. */
export function isNothing(value: string | undefined): boolean {
  if (value === undefined) return true;
  const v = value.trim().toLowerCase();
  return v === '' || v === 'null' || v === 'n/a' || v === 'na' || v === '-';
}

/**
 * An ISO date from the forms the files use: 18-01-2018 (GIAS), 18/01/2018
 * (Ofsted), 2018-01-18, and with a time after it ("2018-01-18 00:00:00").
 * Null for anything else, or for a day that does not exist.
 */
export function parseDate(value: string): string | null {
  const text = value.trim().split(/[ T]/)[0]!;
  let year: number, month: number, day: number;
  let match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text);
  if (match) [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
    if (!match) return null;
    [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return date.toISOString().slice(0, 10);
}

/** A URN: a whole number of up to 7 digits. */
export function parseUrn(value: string): number | null {
  const text = value.trim();
  return /^\d{1,7}$/.test(text) && Number(text) > 0 ? Number(text) : null;
}
