import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { neutraliseText } from '../domain/spreadsheet-text.ts';
import { XLSX_MAX_CELL_TEXT } from '../export/table-export.ts';
import type { HeadlineFigure, ReportDocument, ReportTable, SummaryItem, TableCell } from './document.ts';
import {
  RATING_STYLES,
  SUPPRESSED_TEXT,
  cellNumber,
  disclosureNoteOf,
  excelNumberFormat,
  ratedText,
  titleBlockLines,
  xmlSafe,
} from './office-format.ts';

/**
 * A report as an XLSX workbook, for the reader who wants to work with the
 * figures: a Contents sheet first (the title block, then every section with
 * links to its sheets), one sheet per table, and one sheet of the headline
 * figures and summaries. Text, headings and charts are left to the DOCX, PDF
 * and page.
 *
 * The rules every figure follows:
 * - a number is stored as the number the model holds (`TableCell.value`),
 *   exactly, with a number format that shows it as the report does: a
 *   percentage is stored as the number shown (93.1, not 0.931) and formatted
 *   `0.0"%"`, so a formula over the sheet works in the report's own units;
 * - a suppressed figure is the text 'c', and its number is never written;
 * - provisional and revised figures stay numbers, marked with a cell note
 *   (a marker column would change the table's shape, and a marker in the
 *   text would make the number text); a key below the table says so;
 * - a rating is its word as text, in a cell filled with the rating's colour;
 * - all text goes through the formula neutralisation every export uses.
 */

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3F2F1' } };
const TOTAL_BORDER: Partial<ExcelJS.Borders> = { top: { style: 'thin' } };
const HEADER_BORDER: Partial<ExcelJS.Borders> = { bottom: { style: 'thin' } };

/** Worksheet names Excel keeps for itself. */
const RESERVED_SHEET_NAMES = new Set(['history']);

/** Text as a cell holds it: neutralised, XML-safe, and cut to Excel's limit. */
function xlsxText(text: string): string {
  const safe = xmlSafe(neutraliseText(text));
  return safe.length > XLSX_MAX_CELL_TEXT ? `${safe.slice(0, XLSX_MAX_CELL_TEXT - 1)}…` : safe;
}

/** Excel's limit on a worksheet name. */
const SHEET_NAME_LIMIT = 31;

/** A caption cut to `limit` characters, at a word break when one is near. */
function cutAtWord(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit);
  const space = cut.lastIndexOf(' ');
  return (space >= limit / 2 ? cut.slice(0, space) : cut).replace(/[\s,;.-]+$/, '');
}

/**
 * Hands out worksheet names: each from a caption, with none of []:*?/\
 * (nor '!', which would break the links to the sheet), cut to Excel's 31
 * characters at a word break, and unique without regard to case, as Excel
 * compares them.
 */
class SheetNames {
  private readonly taken = new Set<string>();

  claim(title: string): string {
    // The rules of sheetName (src/export/table-export.ts), kept whole here so the cut can fall between words.
    const base =
      title
        .replace(/[[\]:*?/\\!]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .replace(/^'+|'+$/g, '') || 'Table';
    for (let n = 1; ; n++) {
      const suffix = n === 1 ? '' : ` (${n})`;
      const name = `${cutAtWord(base, SHEET_NAME_LIMIT - suffix.length).replace(/'+$/, '')}${suffix}`;
      const key = name.toLowerCase();
      if (!this.taken.has(key) && !RESERVED_SHEET_NAMES.has(key)) {
        this.taken.add(key);
        return name;
      }
    }
  }
}

/** A formula-free link to the top of a worksheet. */
function sheetLink(name: string): ExcelJS.CellHyperlinkValue {
  return { text: xlsxText(name), hyperlink: `'${name.replace(/'/g, "''")}'!A1`, tooltip: `Go to ${name}` };
}

const LINK_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FF1D70B8' }, underline: true };

function ratingFill(cell: ExcelJS.Cell, rating: NonNullable<TableCell['rating']>): void {
  const style = RATING_STYLES[rating];
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${style.fill}` } };
  cell.font = { ...cell.font, color: { argb: `FF${style.text}` } };
}

function landscape(sheet: ExcelJS.Worksheet, titleRows?: string): void {
  sheet.pageSetup = {
    ...sheet.pageSetup,
    paperSize: 9, // A4
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    ...(titleRows ? { printTitlesRow: titleRows } : {}),
  };
}

/** Writes a table cell: a number with its format, 'c', or text; marks, ratings and bold totals. */
function writeCell(
  target: ExcelJS.Cell,
  cell: TableCell,
  isTotal: boolean,
  isNumericColumn: boolean,
): string[] {
  const marks: string[] = [];
  const number = cellNumber(cell);
  if (cell.isSuppressed) {
    target.value = SUPPRESSED_TEXT;
  } else if (number !== null) {
    target.value = number;
    target.numFmt = excelNumberFormat(cell.format, cell.text, cell.value);
  } else {
    target.value =
      cell.text === '' ? null : xlsxText(cell.rating ? ratedText(cell.text, cell.rating) : cell.text);
  }
  if (isNumericColumn || number !== null || cell.isSuppressed) target.alignment = { horizontal: 'right' };
  if (isTotal) {
    target.font = { bold: true };
    target.border = TOTAL_BORDER;
  }
  if (cell.rating) ratingFill(target, cell.rating);
  const notes: string[] = [];
  if (cell.isProvisional && !cell.isSuppressed) {
    notes.push('Provisional: this figure may change when the next return is made.');
    marks.push('provisional');
  }
  if (cell.isRevised && !cell.isSuppressed) {
    const revision = cell.source ? ` (revision ${cell.source.revision})` : '';
    notes.push(`Revised since it was first published${revision}.`);
    marks.push('revised');
  }
  if (notes.length > 0) target.note = notes.join(' ');
  return marks;
}

function fittedWidths(table: ReportTable): number[] {
  return table.columns.map((column, index) => {
    let longest = Math.min(column.label.length, 30);
    for (const row of table.rows) {
      const cell = row.cells[index];
      if (!cell) continue;
      const shown = cell.rating ? ratedText(cell.text, cell.rating) : cell.text;
      longest = Math.max(longest, shown.length);
    }
    return Math.min(Math.max(longest + 2, 8), 60);
  });
}

function addTableSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  table: ReportTable,
  context: { section: string; document: ReportDocument },
): void {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: table.columns[0]?.isNumeric === false ? 1 : 0, ySplit: 2 }],
  });
  sheet.columns = fittedWidths(table).map((width) => ({ width }));
  landscape(sheet, '2:2');

  const title = sheet.getCell(1, 1);
  title.value = xlsxText(table.caption);
  title.font = { bold: true, size: 14 };

  const header = sheet.getRow(2);
  table.columns.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.value = xlsxText(column.label);
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = HEADER_BORDER;
    cell.alignment = { wrapText: true, vertical: 'bottom', horizontal: column.isNumeric ? 'right' : 'left' };
  });

  const marks = new Set<string>();
  let hasSuppressed = false;
  table.rows.forEach((row, r) => {
    const sheetRow = sheet.getRow(r + 3);
    row.cells.forEach((cell, c) => {
      for (const mark of writeCell(
        sheetRow.getCell(c + 1),
        cell,
        row.isTotal === true,
        table.columns[c]?.isNumeric === true,
      ))
        marks.add(mark);
      if (cell.isSuppressed) hasSuppressed = true;
    });
  });

  const key: string[] = [];
  if (hasSuppressed)
    key.push(
      `${SUPPRESSED_TEXT}: suppressed to protect children and families from being identified (counts from 1 to ${context.document.disclosure.threshold}, and figures that would reveal them).`,
    );
  if (marks.has('provisional')) key.push('Provisional figures carry a note saying so.');
  if (marks.has('revised'))
    key.push('Figures revised since they were first published carry a note saying so.');
  key.push(`${context.section}. ${context.document.title}, ${context.document.periodLabel}.`);
  let rowNumber = table.rows.length + 4;
  for (const line of key) {
    const cell = sheet.getCell(rowNumber++, 1);
    cell.value = xlsxText(line);
    cell.font = { italic: true, size: 9 };
  }
}

interface SummaryEntry {
  section: string;
  item: { kind: 'figure'; figure: HeadlineFigure } | { kind: 'summary'; summary: SummaryItem };
}

function addSummarySheet(workbook: ExcelJS.Workbook, name: string, entries: SummaryEntry[]): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 2 }] });
  sheet.columns = [{ width: 32 }, { width: 40 }, { width: 32 }, { width: 40 }];
  landscape(sheet, '2:2');
  const title = sheet.getCell(1, 1);
  title.value = 'Headline figures and summaries';
  title.font = { bold: true, size: 14 };
  const header = sheet.getRow(2);
  ['Section', 'Label', 'Value', 'Comparison'].forEach((label, index) => {
    const cell = header.getCell(index + 1);
    cell.value = label;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = HEADER_BORDER;
  });
  let rowNumber = 3;
  for (const entry of entries) {
    const row = sheet.getRow(rowNumber++);
    row.getCell(1).value = xlsxText(entry.section);
    const value = row.getCell(3);
    if (entry.item.kind === 'figure') {
      const figure = entry.item.figure;
      row.getCell(2).value = xlsxText(figure.label);
      if (figure.isSuppressed) {
        value.value = SUPPRESSED_TEXT;
        value.alignment = { horizontal: 'right' };
      } else if (typeof figure.value === 'number' && Number.isFinite(figure.value)) {
        value.value = figure.value;
        value.numFmt = excelNumberFormat(figure.format, figure.text, figure.value);
      } else {
        value.value = xlsxText(figure.text);
      }
      if (figure.comparison) row.getCell(4).value = xlsxText(figure.comparison);
    } else {
      const summary = entry.item.summary;
      row.getCell(2).value = xlsxText(summary.label);
      value.value = xlsxText(summary.rating ? ratedText(summary.text, summary.rating) : summary.text);
      if (summary.rating) ratingFill(value, summary.rating);
    }
  }
}

function addContentsSheet(
  sheet: ExcelJS.Worksheet,
  document: ReportDocument,
  rows: { section: string; what: string; sheet: string | null }[],
): void {
  sheet.columns = [{ width: 40 }, { width: 60 }, { width: 34 }];
  const title = sheet.getCell(1, 1);
  title.value = xlsxText(document.title);
  title.font = { bold: true, size: 16 };
  let rowNumber = 2;
  for (const line of titleBlockLines(document)) {
    const row = sheet.getRow(rowNumber++);
    row.getCell(1).value = xlsxText(line.label);
    row.getCell(1).font = { bold: true };
    row.getCell(2).value = xlsxText(line.text);
  }
  const note = disclosureNoteOf(document);
  if (note) {
    sheet.mergeCells(rowNumber, 1, rowNumber, 3);
    const cell = sheet.getCell(rowNumber, 1);
    cell.value = xlsxText(note);
    cell.alignment = { wrapText: true, vertical: 'top' };
    sheet.getRow(rowNumber).height = 45;
    rowNumber++;
  }
  rowNumber++;
  const headerRow = rowNumber++;
  ['Section', 'Contents', 'Sheet'].forEach((label, index) => {
    const cell = sheet.getCell(headerRow, index + 1);
    cell.value = label;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = HEADER_BORDER;
  });
  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRow }];
  for (const entry of rows) {
    const row = sheet.getRow(rowNumber++);
    row.getCell(1).value = xlsxText(entry.section);
    row.getCell(2).value = xlsxText(entry.what);
    if (entry.sheet) {
      const link = row.getCell(3);
      link.value = sheetLink(entry.sheet);
      link.font = LINK_FONT;
    }
  }
  landscape(sheet);
}

const SUMMARY_SHEET_TITLE = 'Headlines and summaries';

/** The report as an XLSX workbook (see the rules above). */
export async function renderXlsx(document: ReportDocument): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Scorecard';
  workbook.lastModifiedBy = 'Scorecard';
  workbook.title = xmlSafe(document.title);
  workbook.subject = xmlSafe(`${document.audience}, ${document.periodLabel}`);
  workbook.description = xmlSafe(disclosureNoteOf(document) ?? '');
  // exceljs writes dc:language from this, though its types leave it out.
  (workbook as ExcelJS.Workbook & { language?: string }).language = 'en-GB';
  workbook.created = new Date();
  workbook.modified = workbook.created;

  const names = new SheetNames();
  const contents = workbook.addWorksheet(names.claim('Contents'));

  const summaryEntries: SummaryEntry[] = [];
  const tables: { name: string; table: ReportTable; section: string }[] = [];
  const contentsRows: { section: string; what: string; sheet: string | null }[] = [];
  const hasSummaries = document.sections.some((s) =>
    s.blocks.some((b) => b.type === 'figures' || b.type === 'summary'),
  );
  // Claimed before the tables so that it keeps its plain name whatever the captions are.
  const summaryName = hasSummaries ? names.claim(SUMMARY_SHEET_TITLE) : null;

  for (const section of document.sections) {
    let listed = false;
    let summaryListed = false;
    for (const block of section.blocks) {
      if (block.type === 'table') {
        const name = names.claim(block.table.caption);
        tables.push({ name, table: block.table, section: section.heading });
        contentsRows.push({ section: section.heading, what: block.table.caption, sheet: name });
        listed = true;
      } else if (block.type === 'figures' || block.type === 'summary') {
        if (block.type === 'figures')
          for (const figure of block.figures)
            summaryEntries.push({ section: section.heading, item: { kind: 'figure', figure } });
        else
          for (const summary of block.items)
            summaryEntries.push({ section: section.heading, item: { kind: 'summary', summary } });
        if (!summaryListed) {
          contentsRows.push({
            section: section.heading,
            what: block.type === 'figures' ? 'Headline figures' : 'Summary',
            sheet: summaryName,
          });
          summaryListed = true;
        }
        listed = true;
      }
    }
    if (!listed)
      contentsRows.push({
        section: section.heading,
        what: 'Text and charts only: see the report',
        sheet: null,
      });
  }

  addContentsSheet(contents, document, contentsRows);
  if (summaryName) addSummarySheet(workbook, summaryName, summaryEntries);
  for (const { name, table, section } of tables) addTableSheet(workbook, name, table, { section, document });

  const buffer = await workbook.xlsx.writeBuffer();
  return internalLinksOnly(Buffer.from(buffer as ArrayBuffer));
}

const HYPERLINK_WITH_LOCATION = /<hyperlink\b[^>]*\blocation="[^"]*"[^>]*\/>/g;

/**
 * exceljs writes a link to a place in the workbook with a `location` and
 * also an external relationship to the same text, as if it were a file to
 * open: Excel follows the location, but LibreOffice, Google Sheets and WPS
 * try the file and fail. This drops the relationship, leaving the link as
 * Excel itself writes one (a `location` alone).
 */
function internalLinksOnly(xlsx: Buffer): Buffer {
  const files = unzipSync(new Uint8Array(xlsx));
  let changed = false;
  for (const path of Object.keys(files)) {
    const match = /^xl\/worksheets\/(sheet\d+\.xml)$/.exec(path);
    const relsPath = match ? `xl/worksheets/_rels/${match[1]}.rels` : null;
    if (!match || !relsPath || !files[relsPath]) continue;
    const sheet = strFromU8(files[path]!);
    const dropped: string[] = [];
    const rewritten = sheet.replace(HYPERLINK_WITH_LOCATION, (link) =>
      link.replace(/\s+r:id="([^"]+)"/, (_, id: string) => {
        dropped.push(id);
        return '';
      }),
    );
    if (dropped.length === 0) continue;
    const rels = strFromU8(files[relsPath]!).replace(/<Relationship\b[^>]*\/>/g, (relationship) =>
      dropped.some((id) => relationship.includes(` Id="${id}"`)) ? '' : relationship,
    );
    files[path] = strToU8(rewritten);
    files[relsPath] = strToU8(rels);
    changed = true;
  }
  return changed ? Buffer.from(zipSync(files, { level: 6 })) : xlsx;
}
