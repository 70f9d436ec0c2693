import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { Issue } from '../../errors.ts';
import { detectFormat } from '../detect-format.ts';
import { columnLetter, decodeText } from '../schools/csv-table.ts';

/**
 * Reads a small table (a plan, a risk register: hundreds of rows, not
 * millions) from a CSV or XLSX upload into cells, whole. The kind of file
 * is told from its bytes, not its name; a CSV is decoded as the schools
 * importers do (byte-order mark, else UTF-8, else Windows-1252); a
 * workbook's first visible sheet with the key heading is read, with date
 * cells as dates, formulas by their saved result and rich text as text.
 * The heading row is the first of the top rows with the key heading; rows
 * above it are titles. Blank rows are skipped. Never throws on bad data.
 */

export type TableCell = string | number | Date | null;

export interface TableRow {
  /** As a spreadsheet numbers it (the first row is 1). */
  row: number;
  cells: TableCell[];
}

export interface Table {
  format: 'csv' | 'xlsx';
  sheet: string;
  headings: string[];
  rows: TableRow[];
}

const HEADING_SEARCH_ROWS = 10;

/** A heading as compared: lower case, anything but letters and digits as one underscore. */
export const headingKey = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

export async function readTable(
  fileName: string,
  bytes: Uint8Array,
  keyHeading: string,
): Promise<{ table: Table | null; issues: Issue[] }> {
  const detected = detectFormat(bytes.subarray(0, 4096), bytes.length);
  if (detected.format === null)
    return { table: null, issues: [{ file: fileName, field: '', message: detected.problem }] };
  const grid =
    detected.format === 'csv' ? readCsv(fileName, bytes) : await readXlsx(fileName, bytes, keyHeading);
  if ('issues' in grid) return { table: null, issues: grid.issues };
  const key = headingKey(keyHeading);
  const headingIndex = grid.rows
    .slice(0, HEADING_SEARCH_ROWS)
    .findIndex((cells) => cells.some((cell) => typeof cell === 'string' && headingKey(cell) === key));
  if (headingIndex < 0)
    return {
      table: null,
      issues: [
        {
          file: fileName,
          ...(grid.sheet ? { sheet: grid.sheet } : {}),
          field: keyHeading,
          message: `no heading row with a "${keyHeading}" column in the first ${HEADING_SEARCH_ROWS} rows`,
        },
      ],
    };
  const headings = grid.rows[headingIndex]!.map((cell) => (cell === null ? '' : String(cell).trim()));
  const rows: TableRow[] = [];
  for (let i = headingIndex + 1; i < grid.rows.length; i++) {
    const cells = grid.rows[i] ?? [];
    if (cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))) continue;
    rows.push({ row: i + 1, cells });
  }
  return { table: { format: detected.format, sheet: grid.sheet, headings, rows }, issues: [] };
}

function readCsv(
  fileName: string,
  bytes: Uint8Array,
): { rows: TableCell[][]; sheet: string } | { issues: Issue[] } {
  const parsed = Papa.parse<string[]>(decodeText(bytes).text, { header: false, skipEmptyLines: false });
  const issues: Issue[] = parsed.errors
    .filter((e) => e.code !== 'UndetectableDelimiter')
    .slice(0, 20)
    .map((e) => ({
      file: fileName,
      ...(e.row !== undefined ? { row: e.row + 1 } : {}),
      field: '',
      message: `the file is not well-formed CSV here: ${e.message}`,
    }));
  if (issues.length) return { issues };
  return { rows: parsed.data, sheet: '' };
}

async function readXlsx(
  fileName: string,
  bytes: Uint8Array,
  keyHeading: string,
): Promise<{ rows: TableCell[][]; sheet: string } | { issues: Issue[] }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    return {
      issues: [
        {
          file: fileName,
          field: '',
          message: 'the file could not be read as an Excel workbook: save it from Excel as .xlsx or as CSV',
        },
      ],
    };
  }
  const key = headingKey(keyHeading);
  const visible = workbook.worksheets.filter((sheet) => sheet.state === 'visible');
  const gridOf = (sheet: ExcelJS.Worksheet): TableCell[][] => {
    const rows: TableCell[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const cells: TableCell[] = [];
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        cells[column - 1] = cellValue(cell.value);
      });
      rows[rowNumber - 1] = Array.from(cells, (c) => c ?? null);
    });
    return Array.from(rows, (r) => r ?? []);
  };
  for (const sheet of visible) {
    const grid = gridOf(sheet);
    if (
      grid
        .slice(0, HEADING_SEARCH_ROWS)
        .some((r) => r.some((c) => typeof c === 'string' && headingKey(c) === key))
    )
      return { rows: grid, sheet: sheet.name };
  }
  const first = visible[0];
  if (!first)
    return { issues: [{ file: fileName, field: '', message: 'the workbook has no visible worksheet' }] };
  return { rows: gridOf(first), sheet: first.name };
}

function cellValue(value: ExcelJS.CellValue): TableCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: ExcelJS.CellValue }).result;
    return result === undefined ? null : cellValue(result);
  }
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('error' in value) return String(value.error);
  return null;
}

/** The text of a cell for a text field: numbers as written, dates as ISO days. */
export function cellText(cell: TableCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).replace(/\s+/g, ' ').trim();
}

export { columnLetter };
