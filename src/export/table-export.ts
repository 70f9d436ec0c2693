import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { PassThrough } from 'node:stream';
import { neutraliseText } from '../domain/spreadsheet-text.ts';

/**
 * Any table as a file a person can open in a spreadsheet: CSV (UTF-8 with a
 * byte-order mark, so Excel reads £ and accented names right) or XLSX (one
 * worksheet, the heading row frozen and filterable). Every export in the
 * application goes through here, so one rule keeps them all safe: numbers are
 * written as numbers, and text that a spreadsheet would run as a formula is
 * neutralised (see src/domain/spreadsheet-text.ts).
 */

export type CellValue = string | number | boolean | Date | null | undefined;

export interface ExportColumn {
  heading: string;
  /** XLSX column width in characters (default: fitted to the heading and the first rows). */
  width?: number;
  /** XLSX number format for the column's numbers, such as '0.0' or '#,##0'. */
  numberFormat?: string;
  /** XLSX: a note on the heading cell, shown when the pointer rests on it. */
  note?: string;
  /** XLSX: the only values the column's cells accept below the heading (a drop-down list). */
  allowed?: readonly string[];
}

export interface ExportTable {
  /** Names the worksheet (cut to what Excel allows). */
  title: string;
  columns: readonly ExportColumn[];
  rows: readonly (readonly CellValue[])[];
}

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Excel's limit on the characters in one cell; longer text is cut, with a note saying so. */
export const XLSX_MAX_CELL_TEXT = 32_767;
const CUT_NOTE = ' … [cut: the full text is in the CSV export]';

/** Rows beyond this in an XLSX template get no drop-down list (Excel's own limit is the sheet). */
const VALIDATION_SPARE_ROWS = 500;

const BOM = '\uFEFF';

/** The cell as CSV text: numbers as numbers (non-finite ones blank), text neutralised, dates in ISO 8601. */
function csvCell(value: CellValue): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString();
  return neutraliseText(value);
}

/** The table as CSV: a byte-order mark, the heading row, then one line per row, CRLF line ends. */
export function tableToCsv(table: ExportTable): string {
  const width = table.columns.length;
  const data = table.rows.map((row) => Array.from({ length: width }, (_, i) => csvCell(row[i])));
  const body = Papa.unparse(
    { fields: table.columns.map((c) => neutraliseText(c.heading)), data },
    // escapeFormulae as well: a second guard that cannot add to what neutraliseText already did.
    { escapeFormulae: true, newline: '\r\n' },
  );
  return BOM + (body.endsWith('\r\n') ? body : `${body}\r\n`);
}

/** Characters XML 1.0 cannot hold (an XLSX is XML): written as U+FFFD so the file always opens. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function xlsxText(text: string): string {
  const safe = neutraliseText(text).replace(NOT_XML, '\uFFFD');
  return safe.length > XLSX_MAX_CELL_TEXT
    ? safe.slice(0, XLSX_MAX_CELL_TEXT - CUT_NOTE.length) + CUT_NOTE
    : safe;
}

/** The cell as XLSX holds it: a number, a boolean, a date, or a string (never a formula). */
function xlsxCell(value: CellValue): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean' || value instanceof Date) return value;
  return xlsxText(value);
}

/** A worksheet name Excel accepts: at most 31 characters, none of []:*?/\, not blank. */
export function sheetName(title: string): string {
  const cleaned = title
    .replace(/[[\]:*?/\\]/g, ' ')
    .replace(/^'+|'+$/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 31)
    .trim();
  return cleaned || 'Sheet1';
}

function fittedWidth(column: ExportColumn, index: number, rows: ExportTable['rows']): number {
  if (column.width) return column.width;
  let longest = column.heading.length;
  for (const row of rows.slice(0, 200)) {
    const value = row[index];
    const length =
      value === null || value === undefined
        ? 0
        : value instanceof Date
          ? 20
          : Math.max(
              ...String(value)
                .split('\n')
                .map((line) => line.length),
            );
    if (length > longest) longest = length;
  }
  return Math.min(Math.max(longest + 2, 8), 60);
}

/** Column letters for a 1-based column number: 1 → A, 27 → AA. */
export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * The table as an XLSX workbook of one worksheet, written as a stream (so a
 * table of 100,000 audit events does not build a workbook in memory): the
 * heading row bold, frozen and filterable, columns sized, nothing protected.
 */
export async function tableToXlsx(table: ExportTable): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    output.on('end', resolve);
    output.on('error', reject);
  });

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'Scorecard';
  workbook.created = new Date();
  const columnCount = table.columns.length;
  const sheet = workbook.addWorksheet(sheetName(table.title), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, activeCell: 'A2' }],
  });
  sheet.columns = table.columns.map((column, index) => ({
    width: fittedWidth(column, index, table.rows),
    ...(column.numberFormat ? { style: { numFmt: column.numberFormat } } : {}),
  }));
  if (columnCount > 0)
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columnCount } };

  // The streaming worksheet has data validations (by cell or range) that exceljs's types leave out.
  const validations = (
    sheet as unknown as {
      dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void };
    }
  ).dataValidations;
  const lastRow = table.rows.length + 1;
  table.columns.forEach((column, index) => {
    if (!column.allowed) return;
    const letter = columnLetter(index + 1);
    validations.add(`${letter}2:${letter}${lastRow + VALIDATION_SPARE_ROWS}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${column.allowed.join(',')}"`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: column.heading,
      error: `Choose one of: ${column.allowed.join(', ')}`,
    });
  });

  const heading = sheet.addRow(table.columns.map((c) => xlsxText(c.heading)));
  heading.font = { bold: true };
  table.columns.forEach((column, index) => {
    if (column.note) heading.getCell(index + 1).note = column.note;
  });
  heading.commit();
  for (const row of table.rows) {
    sheet.addRow(Array.from({ length: columnCount }, (_, i) => xlsxCell(row[i]))).commit();
  }
  sheet.commit();
  await workbook.commit();
  await finished;
  return Buffer.concat(chunks);
}

/** The file for a table in a format: its bytes and the content type to send them with. */
export async function exportTable(
  table: ExportTable,
  format: ExportFormat,
): Promise<{ body: Buffer; contentType: string }> {
  const body = format === 'csv' ? Buffer.from(tableToCsv(table), 'utf8') : await tableToXlsx(table);
  return { body, contentType: EXPORT_CONTENT_TYPES[format] };
}

/**
 * A file name for a download: letters, digits, dots, hyphens and
 * underscores only (so it needs no quoting in a header), with the format's
 * extension: `scorecard-childrens-social-care-2017-05.xlsx`.
 */
export function exportFileName(parts: readonly string[], extension: string): string {
  const base = parts
    .map((p) =>
      p
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/['’]/g, '')
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .toLowerCase(),
    )
    .filter(Boolean)
    .join('-')
    .slice(0, 120);
  return `${base || 'export'}.${extension}`;
}
