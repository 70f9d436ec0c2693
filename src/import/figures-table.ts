import type { Issue } from '../errors.ts';
import { parsePeriod } from '../domain/periods.ts';
import { restoreNeutralisedText } from '../domain/spreadsheet-text.ts';
import { TEMPLATE_INFORMATIONAL_HEADINGS } from './template-columns.ts';

/**
 * The table inside a figures file, whatever the file format: finds the
 * heading row, maps headings to fields, and turns each row of cells into
 * the inputs the figures service checks (src/services/record-values.ts).
 * Pure: the CSV and XLSX readers feed it rows of cells, it answers with
 * records or with problems that name the row and the column. It never
 * throws on bad data.
 *
 * A cell is what a reader found: text (a CSV field, a text cell), a number
 * (an XLSX number, already multiplied by 100 when the cell was formatted as
 * a percentage, so it reads as it showed), a Date (a cell formatted as a
 * date), null for a blank, or a CellProblem (a formula error such as
 * #DIV/0!, a formula with no saved result), which the reader has worded.
 */
export type Cell = string | number | boolean | Date | null | undefined | CellProblem;

export class CellProblem {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

/** The fields a figures file can give, as the figures service names them. */
export const FIGURE_FIELDS = [
  'ref',
  'period',
  'breakdown',
  'value',
  'numerator',
  'denominator',
  'status',
  'source',
  'commentary',
  'reason',
] as const;
export type FigureField = (typeof FIGURE_FIELDS)[number];

const REQUIRED: readonly FigureField[] = ['ref', 'period'];
const NUMERIC = new Set<FigureField>(['value', 'numerator', 'denominator']);
/** A row with none of these is a template row left blank: not yet known, so skipped. */
const FIGURE_BEARING: readonly FigureField[] = ['value', 'numerator', 'denominator', 'commentary'];

/** Other names people give the columns (compared in lower case, spaces and underscores alike). */
const ALIASES: Record<string, FigureField> = {
  reference: 'ref',
  'indicator ref': 'ref',
  'indicator reference': 'ref',
  indicator: 'ref',
  month: 'period',
  'breakdown item': 'breakdown',
  'breakdown key': 'breakdown',
  figure: 'value',
  comment: 'commentary',
  comments: 'commentary',
};

/** Columns that help the person filling a file in and are not read (the template's, and the fixtures'). */
const INFORMATIONAL = new Set([
  ...TEMPLATE_INFORMATIONAL_HEADINGS,
  'unit',
  'units',
  'title',
  'indicator title',
  'as printed',
  'notes',
]);

/** The heading row is looked for in this many rows from the top (titles and notes may sit above it). */
export const HEADER_SEARCH_ROWS = 20;
/** A field longer than this is almost always a quote mark without its pair swallowing the rest of a CSV. */
const LONGEST_FIELD = 10_000;

/** Column letters as a spreadsheet shows them: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** A heading as compared: lower case, no surrounding or doubled spaces, underscores as spaces, no "(units)". */
export function normaliseHeading(text: string): string {
  return text
    .toLowerCase()
    .replace(/\([^)]*\)\s*$/, '')
    .replace(/[_\s]+/g, ' ')
    .trim();
}

function fieldOf(heading: string): FigureField | undefined {
  return (FIGURE_FIELDS as readonly string[]).includes(heading) ? (heading as FigureField) : ALIASES[heading];
}

const isBlank = (cell: Cell) =>
  cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');

function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (cell instanceof CellProblem) return '';
  return String(cell).trim();
}

export interface ColumnMapping {
  /** Each read column: its position, field and heading as written. */
  columns: { index: number; field: FigureField; heading: string }[];
  /** Headings present but not read (informational columns). */
  ignored: string[];
  /** The positions of every column with a heading, read or not. */
  headed: Set<number>;
}

/**
 * Whether a row is the heading row: it names (at least) the required
 * columns. Returns the mapping and any problems with the headings (unknown
 * or repeated ones), or null when the row is not a heading row.
 */
export function readHeadingRow(
  cells: Cell[],
  row: number,
): { mapping: ColumnMapping; issues: Issue[] } | null {
  const headings = cells.map((c) => normaliseHeading(cellText(c)));
  const fields = headings.map(fieldOf);
  if (!REQUIRED.every((r) => fields.includes(r))) return null;
  const issues: Issue[] = [];
  const columns: ColumnMapping['columns'] = [];
  const ignored: string[] = [];
  const headed = new Set<number>();
  headings.forEach((heading, index) => {
    if (heading === '') return;
    headed.add(index);
    const written = cellText(cells[index]);
    const field = fields[index];
    const where = { row, column: columnLetter(index), field: written };
    if (!field) {
      if (INFORMATIONAL.has(heading)) ignored.push(written);
      else
        issues.push({
          ...where,
          message: `"${written}" is not a heading this file can have (the headings are: ${FIGURE_FIELDS.join(', ')}; a title or units column is ignored).`,
        });
      return;
    }
    const first = columns.find((c) => c.field === field);
    if (first) {
      issues.push({
        ...where,
        message: `"${written}" is the same column as "${first.heading}" in column ${columnLetter(first.index)}: give it once.`,
      });
      return;
    }
    columns.push({ index, field, heading: written });
  });
  return { mapping: { columns, ignored, headed }, issues };
}

/** What the heading search says when no row in the first HEADER_SEARCH_ROWS named the required columns. */
export function noHeadingRowIssue(firstRow: Cell[] | undefined, rowsSearched: number): Issue {
  const found = (firstRow ?? []).map(cellText).filter(Boolean);
  return {
    field: '',
    message:
      rowsSearched === 0
        ? 'There is nothing in it.'
        : `No heading row was found in the first ${Math.min(rowsSearched, HEADER_SEARCH_ROWS)} rows: the figures need a row of headings with at least "ref" and "period" (and value, or numerator and denominator)${found.length ? `; the first row with anything in it has: ${found.slice(0, 8).join(', ')}${found.length > 8 ? ', …' : ''}` : ''}.`,
  };
}

export type RowOutcome =
  | { kind: 'blank' }
  /** Identifies a figure but gives none: a template row left for later. */
  | { kind: 'empty' }
  | { kind: 'record'; record: Partial<Record<FigureField, string | number>> }
  | { kind: 'problems'; issues: Issue[] };

/**
 * Turns one data row into the fields of a figure. Cells in unread columns
 * are ignored; a cell with something in it under no heading is reported
 * once per column by the caller (see unheadedCells).
 */
export function readDataRow(cells: Cell[], row: number, mapping: ColumnMapping): RowOutcome {
  const record: Partial<Record<FigureField, string | number>> = {};
  const issues: Issue[] = [];
  let hasAnything = false;
  // A hot loop (every cell of every row): no closures in it.
  for (const column of mapping.columns) {
    const cell = cells[column.index];
    if (cell === null || cell === undefined || isBlank(cell)) continue;
    hasAnything = true;
    const converted =
      cell instanceof CellProblem
        ? { problem: cell.message }
        : column.field === 'period'
          ? periodOf(cell)
          : NUMERIC.has(column.field)
            ? numberOf(cell)
            : textOf(cell);
    if (typeof converted === 'object')
      issues.push({
        row,
        column: columnLetter(column.index),
        field: column.heading,
        message: converted.problem,
      });
    else record[column.field] = converted;
  }
  if (issues.length) return { kind: 'problems', issues };
  if (!hasAnything) return cells.every(isBlank) ? { kind: 'blank' } : { kind: 'empty' };
  if (!FIGURE_BEARING.some((f) => record[f] !== undefined)) return { kind: 'empty' };
  for (const field of REQUIRED) {
    if (record[field] !== undefined) continue;
    const column = mapping.columns.find((c) => c.field === field)!;
    issues.push({
      row,
      column: columnLetter(column.index),
      field: column.heading,
      message: `is blank: ${field === 'ref' ? "give the indicator's reference" : 'give the period the figure is for'} in every row.`,
    });
  }
  if (issues.length) return { kind: 'problems', issues };
  return { kind: 'record', record };
}

/** The columns of a data row with something in them but no heading (the caller reports each column once). */
export function unheadedCells(cells: Cell[], mapping: ColumnMapping): number[] {
  const found: number[] = [];
  cells.forEach((cell, index) => {
    if (!mapping.headed.has(index) && !isBlank(cell)) found.push(index);
  });
  return found;
}

function textOf(cell: Exclude<Cell, CellProblem | null | undefined>): string | { problem: string } {
  // An apostrophe our own downloads put before formula text (a template's commentary) is not part of it.
  const text = restoreNeutralisedText(cellText(cell));
  if (text.length > LONGEST_FIELD)
    return {
      problem: `holds over ${LONGEST_FIELD.toLocaleString('en-GB')} characters: a quote mark (") is probably missing its pair, so the rest of the file ran into this cell.`,
    };
  return text;
}

function numberOf(
  cell: Exclude<Cell, CellProblem | null | undefined>,
): string | number | { problem: string } {
  if (typeof cell === 'number') return cell;
  if (cell instanceof Date)
    return {
      problem: `is a date (${cell.toISOString().slice(0, 10)}), not a number: format the cell as a number.`,
    };
  if (typeof cell === 'boolean') return { problem: `is ${cell ? 'TRUE' : 'FALSE'}, not a number.` };
  const text = textOf(cell);
  if (typeof text !== 'string') return text;
  // Spaces (ordinary, non-breaking, thin) between digit groups are thousands separators: "1 218".
  return /^-?\d{1,3}([\s\u00a0\u202f]\d{3})+(\.\d+)?%?$/.test(text)
    ? text.replace(/[\s\u00a0\u202f]/g, '')
    : text;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Excel counts days from 1900-01-00 (with its 1900 leap-year bug): serial 25569 is 1970-01-01. */
export function excelSerialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86_400_000));
}

const monthCode = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

/**
 * A period as a person or a spreadsheet wrote it, as a period code: codes
 * are kept as written (2017-05, 2022-23-Q1, FY2017-18 …); a month written
 * as a spreadsheet shows it (May-17, May 2017, 01/05/2017, 2017-05-31) or a
 * date cell becomes its month. An Excel date serial number (a date cell
 * that lost its format, such as 42856) is refused with the date it stands
 * for, since a bare number may be meant otherwise.
 */
export function periodOf(cell: Exclude<Cell, CellProblem | null | undefined>): string | { problem: string } {
  if (cell instanceof Date) return monthCode(cell.getUTCFullYear(), cell.getUTCMonth() + 1);
  const text = typeof cell === 'number' ? String(cell) : cellText(cell);
  if (parsePeriod(text)) return text;
  const serial = /^\d{5}(\.\d+)?$/.test(text) ? Number(text) : null;
  if (serial !== null && serial > 20_000 && serial < 80_000) {
    const date = excelSerialToDate(serial);
    return {
      problem: `"${text}" looks like a date that lost its format (Excel's number for ${date.getUTCDate()} ${date.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} ${date.getUTCFullYear()}): write the period as ${monthCode(date.getUTCFullYear(), date.getUTCMonth() + 1)}, or format the cell as a date.`,
    };
  }
  let match = /^([a-z]{3})[a-z]*[\s\-/]+(\d{2}|\d{4})$/i.exec(text);
  if (match && MONTHS.includes(match[1]!.toLowerCase())) {
    const year = match[2]!.length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
    return monthCode(year, MONTHS.indexOf(match[1]!.toLowerCase()) + 1);
  }
  match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (match && Number(match[2]) >= 1 && Number(match[2]) <= 12)
    return monthCode(Number(match[3]), Number(match[2]));
  match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match && Number(match[2]) >= 1 && Number(match[2]) <= 12)
    return monthCode(Number(match[1]), Number(match[2]));
  return text;
}
