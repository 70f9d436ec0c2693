import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import Papa from 'papaparse';
import type { Issue } from '../errors.ts';
import { detectFormat, encodingFromBom, ENCODING_LABELS, type TextEncoding } from './detect-format.ts';
import {
  columnLetter,
  HEADER_SEARCH_ROWS,
  noHeadingRowIssue,
  readDataRow,
  readHeadingRow,
  unheadedCells,
  type Cell,
  type ColumnMapping,
  type FigureField,
} from './figures-table.ts';
import { fixWindows1252 } from './windows-1252.ts';
import { Workbook, WorkbookError } from './xlsx-rows.ts';

/**
 * Reads a figures file (CSV or XLSX) as a stream, never whole: rows are
 * handed to `onBatch` a few thousand at a time, and the reader waits for
 * each batch to be dealt with before reading on, so a file of any length
 * is read in bounded memory. Never throws on bad data: every problem comes
 * back as an issue naming the file, the sheet, the row and the column.
 *
 * CSV: the delimiter is detected (comma, semicolon, tab); the encoding is
 * taken from a byte-order mark, else UTF-8 when every byte is valid UTF-8,
 * else Windows-1252 (what Excel writes for "CSV" on a Windows PC in
 * Western Europe). XLSX: the one visible sheet with the figures' headings
 * is read, unless a sheet is chosen; hidden sheets are read only when
 * chosen. In both, the heading row may sit below titles, blank rows and
 * columns are skipped, and a row that names a figure but gives none (a
 * template row left blank) is skipped and counted.
 */

export interface FigureRow {
  /** The row in the file or sheet, as a spreadsheet numbers it. */
  row: number;
  record: Partial<Record<FigureField, string | number>>;
}

export interface FileBatch {
  rows: FigureRow[];
  /** Problems found in these rows' cells, naming file, sheet, row and column. */
  issues: Issue[];
  /** The sheet the rows came from (a workbook), for the service's own messages. */
  sheet?: string;
  /** The column letter of each field, for the service's own messages. */
  columns: Partial<Record<FigureField, string>>;
}

export interface FileSummary {
  format: 'csv' | 'xlsx' | null;
  /** The CSV's text encoding, as a person would name it ('' for a workbook). */
  encoding: string;
  /** The worksheet read ('' for a CSV, or when none could be). */
  sheet: string;
  sha256: string;
  bytes: number;
  /** Problems with the file as a whole (no heading row, no such sheet, …). */
  issues: Issue[];
  /** What a person should know about how the file was read. */
  notes: string[];
  /** Rows with a figure (handed to onBatch). */
  rowsRead: number;
  /** Rows that named a figure but gave none: skipped. */
  emptyRows: number;
  /** Rows with a problem in their cells (reported in batches). */
  refusedRows: number;
}

export interface ReadOptions {
  /** The name shown in messages (the uploaded file's name, not the temporary path). */
  fileName: string;
  /** The worksheet to read, when a workbook has several. */
  sheet?: string;
  batchSize?: number;
  /** Told how many bytes of the file have been read, as reading goes on. */
  onProgress?: (bytesRead: number) => void;
}

const HEAD_BYTES = 8192;
const DEFAULT_BATCH = 5000;
const READ_CHUNK = 1 << 20;

export async function readFiguresFile(
  path: string,
  options: ReadOptions,
  onBatch: (batch: FileBatch) => Promise<void>,
): Promise<FileSummary> {
  const { size } = await stat(path);
  const head = await readHead(path);
  const detected = detectFormat(head, size);
  const summary: FileSummary = {
    format: detected.format,
    encoding: '',
    sheet: '',
    sha256: '',
    bytes: size,
    issues: [],
    notes: [],
    rowsRead: 0,
    emptyRows: 0,
    refusedRows: 0,
  };
  const isUtf8Valid = await hashFile(path, summary, detected.format === 'csv' && !encodingFromBom(head));
  if (detected.format === null) {
    summary.issues.push({ file: options.fileName, field: '', message: detected.problem });
    return summary;
  }
  const named = options.fileName.toLowerCase();
  if (detected.format === 'csv' && /\.xlsx?$/.test(named))
    summary.notes.push(`The file is named ${options.fileName} but holds CSV text, so it was read as CSV.`);
  if (detected.format === 'xlsx' && named.endsWith('.csv'))
    summary.notes.push(
      `The file is named ${options.fileName} but is an Excel workbook, so it was read as one.`,
    );

  if (detected.format === 'csv') {
    const encoding: TextEncoding = encodingFromBom(head) ?? (isUtf8Valid ? 'utf-8' : 'windows-1252');
    summary.encoding = `${ENCODING_LABELS[encoding]}${encodingFromBom(head) ? ' with a byte-order mark' : ''}`;
    if (encoding === 'windows-1252')
      summary.notes.push(
        'The file is not UTF-8, so it was read as Windows-1252 (what Excel saves as "CSV" on a Windows PC): check that letters such as £, é and ’ look right below.',
      );
    await readCsv(path, encoding, options, summary, onBatch);
  } else {
    await readXlsx(path, options, summary, onBatch);
  }
  return summary;
}

async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** One pass over the file for its SHA-256 and, for text without a byte-order mark, whether it is all valid UTF-8. */
async function hashFile(path: string, summary: FileSummary, isCheckingUtf8: boolean): Promise<boolean> {
  const hash = createHash('sha256');
  const decoder = isCheckingUtf8 ? new TextDecoder('utf-8', { fatal: true }) : null;
  let isValid = isCheckingUtf8;
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK })) {
    hash.update(chunk as Buffer);
    if (decoder && isValid) {
      try {
        decoder.decode(chunk as Buffer, { stream: true });
      } catch {
        isValid = false;
      }
    }
  }
  if (decoder && isValid) {
    try {
      decoder.decode();
    } catch {
      isValid = false;
    }
  }
  summary.sha256 = hash.digest('hex');
  return isValid;
}

/**
 * The table logic both formats share: finds the heading row, then turns
 * rows into records, batching them. `sheet` is undefined for a CSV.
 */
class TableReader {
  mapping: ColumnMapping | null = null;
  headingRow = 0;
  firstNonBlank: Cell[] | undefined;
  rowsSearched = 0;
  hasBadHeadings = false;
  private batch: FigureRow[] = [];
  private issues: Issue[] = [];
  private reportedUnheaded = new Set<number>();

  constructor(
    private readonly where: { file: string; sheet?: string },
    private readonly summary: FileSummary,
    private readonly batchSize: number,
    private readonly onBatch: (batch: FileBatch) => Promise<void>,
    /** False while a workbook's sheet is only being looked at (not the one read). */
    readonly isReading: boolean,
  ) {}

  private located(issue: Issue): Issue {
    return {
      file: this.where.file,
      ...(this.where.sheet !== undefined ? { sheet: this.where.sheet } : {}),
      ...issue,
    };
  }

  /** Returns false once the heading search has given up (no heading row in the first rows). */
  async add(cells: Cell[], row: number): Promise<void> {
    if (!this.mapping) {
      if (this.rowsSearched >= HEADER_SEARCH_ROWS) return;
      if (cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === '')))
        return;
      this.rowsSearched++;
      this.firstNonBlank ??= cells;
      const heading = readHeadingRow(cells, row);
      if (!heading) return;
      this.mapping = heading.mapping;
      this.headingRow = row;
      // With a heading wrong, every row would be misread: report the headings alone.
      this.hasBadHeadings = heading.issues.length > 0;
      if (this.isReading) {
        for (const issue of heading.issues) this.summary.issues.push(this.located(issue));
        if (heading.mapping.ignored.length)
          this.summary.notes.push(
            `The column${heading.mapping.ignored.length === 1 ? '' : 's'} ${heading.mapping.ignored.map((h) => `"${h}"`).join(', ')} ${heading.mapping.ignored.length === 1 ? 'is' : 'are'} there to help whoever fills the file in, and ${heading.mapping.ignored.length === 1 ? 'was' : 'were'} not read.`,
          );
        if (row > 1)
          this.summary.notes.push(`The headings were found on row ${row}; the rows above were not read.`);
      }
      return;
    }
    if (!this.isReading || this.hasBadHeadings) return;
    for (const index of unheadedCells(cells, this.mapping)) {
      if (this.reportedUnheaded.has(index)) continue;
      this.reportedUnheaded.add(index);
      this.issues.push(
        this.located({
          row,
          column: columnLetter(index),
          field: '',
          message:
            'has something in it, but its column has no heading, so it cannot be read: give the column a heading, or clear it.',
        }),
      );
    }
    const outcome = readDataRow(cells, row, this.mapping);
    if (outcome.kind === 'blank') return;
    if (outcome.kind === 'empty') {
      this.summary.emptyRows++;
      return;
    }
    if (outcome.kind === 'problems') {
      this.summary.refusedRows++;
      for (const issue of outcome.issues) this.issues.push(this.located(issue));
    } else {
      this.batch.push({ row, record: outcome.record });
      this.summary.rowsRead++;
    }
    if (this.batch.length >= this.batchSize || this.issues.length >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.mapping || (this.batch.length === 0 && this.issues.length === 0)) return;
    const columns = Object.fromEntries(this.mapping.columns.map((c) => [c.field, columnLetter(c.index)]));
    const batch: FileBatch = {
      rows: this.batch,
      issues: this.issues,
      columns,
      ...(this.where.sheet !== undefined ? { sheet: this.where.sheet } : {}),
    };
    this.batch = [];
    this.issues = [];
    await this.onBatch(batch);
  }
}

async function readCsv(
  path: string,
  encoding: TextEncoding,
  options: ReadOptions,
  summary: FileSummary,
  onBatch: (batch: FileBatch) => Promise<void>,
): Promise<void> {
  const table = new TableReader(
    { file: options.fileName },
    summary,
    options.batchSize ?? DEFAULT_BATCH,
    onBatch,
    true,
  );
  // Papaparse's own low-level parser, fed chunk by chunk: each chunk's complete rows are parsed at
  // once and the last, possibly partial, row is carried into the next. (Its streaming modes pause and
  // re-parse per row under back-pressure, which is quadratic on a large file.)
  const textDecoder = new TextDecoder(encoding);
  const decode = (chunk?: Buffer) => {
    const text = chunk ? textDecoder.decode(chunk, { stream: true }) : textDecoder.decode();
    return encoding === 'windows-1252' ? fixWindows1252(text) : text;
  };
  let parser: InstanceType<typeof Papa.Parser> | null = null;
  let partial = '';
  let row = 0;
  let bytesRead = 0;
  const take = async (rows: string[][]) => {
    for (const fields of rows) {
      row++;
      await table.add(fields, row);
    }
  };
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK })) {
    bytesRead += (chunk as Buffer).length;
    options.onProgress?.(bytesRead);
    const input = partial + decode(chunk as Buffer);
    parser ??= csvParserFor(input);
    const results = parser.parse(input, 0, true) as { data: string[][]; meta: { cursor: number } };
    partial = input.slice(results.meta.cursor);
    await take(results.data);
  }
  const rest = partial + decode();
  if (rest) {
    parser ??= csvParserFor(rest);
    await take((parser.parse(rest, 0, false) as { data: string[][] }).data);
  }
  await table.flush();
  if (!table.mapping)
    summary.issues.push({
      file: options.fileName,
      ...noHeadingRowIssue(table.firstNonBlank, table.rowsSearched),
    });
  else if (summary.rowsRead === 0 && summary.refusedRows === 0 && summary.issues.length === 0)
    summary.issues.push({
      file: options.fileName,
      field: '',
      message: `The file has a heading row (row ${table.headingRow}) but no figures below it.`,
    });
}

/** A parser for this CSV's delimiter (comma, semicolon, tab or bar) and line ends, guessed from its start. */
function csvParserFor(sample: string): InstanceType<typeof Papa.Parser> {
  const { meta } = Papa.parse(sample.slice(0, 64 * 1024), { preview: 20 });
  return new Papa.Parser({
    delimiter: meta.delimiter || ',',
    newline: (meta.linebreak || '\n') as '\n',
    quoteChar: '"',
  });
}

async function readXlsx(
  path: string,
  options: ReadOptions,
  summary: FileSummary,
  onBatch: (batch: FileBatch) => Promise<void>,
): Promise<void> {
  const chosen = options.sheet?.trim().toLowerCase();
  const sheets: {
    name: string;
    isHidden: boolean;
    hasHeadings: boolean;
    firstNonBlank?: Cell[];
    rows: number;
  }[] = [];
  let read: { name: string; table: TableReader; merges: string[] } | null = null;
  try {
    const workbook = await Workbook.open(path);
    for (const sheet of workbook.sheets) {
      const { name, isHidden } = sheet;
      const isCandidate: boolean =
        chosen !== undefined ? name.trim().toLowerCase() === chosen : !isHidden && read === null;
      const table: TableReader = new TableReader(
        { file: options.fileName, sheet: name },
        summary,
        options.batchSize ?? DEFAULT_BATCH,
        onBatch,
        isCandidate,
      );
      const { rows, merges } = await workbook.readSheet(
        sheet,
        (cells, row) => (!isCandidate && table.mapping ? undefined : table.add(cells, row)),
        options.onProgress,
      );
      await table.flush();
      sheets.push({
        name,
        isHidden,
        hasHeadings: table.mapping !== null,
        ...(table.firstNonBlank ? { firstNonBlank: table.firstNonBlank } : {}),
        rows,
      });
      if (isCandidate && (table.mapping || chosen !== undefined)) {
        read = { name, table, merges };
        summary.sheet = name;
      }
      // A visible sheet without the headings (notes, a lookup list): look on.
    }
  } catch (error) {
    if (!(error instanceof WorkbookError)) throw error;
    summary.issues.push({
      file: options.fileName,
      field: '',
      message: `The file looks like an Excel workbook (a ZIP archive) but could not be read as one (${error.message}). Open it in Excel and save it again as an Excel Workbook (.xlsx), or as CSV.`,
    });
    return;
  }

  const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(', ');
  if (sheets.length === 0) {
    summary.issues.push({
      file: options.fileName,
      field: '',
      message:
        'The file is a ZIP archive with no worksheets in it, not an Excel workbook (perhaps a Word document or another kind of file renamed). Save the figures from Excel as an Excel Workbook (.xlsx) or as CSV.',
    });
    return;
  }
  if (chosen !== undefined && !read) {
    summary.issues.push({
      file: options.fileName,
      field: '',
      message: `The workbook has no sheet called "${options.sheet}" (its sheets are ${quoted(sheets.map((s) => s.name))}).`,
    });
    return;
  }
  const withHeadings = sheets.filter((s) => s.hasHeadings && (!s.isHidden || s.name === read?.name));
  if (chosen === undefined && withHeadings.length > 1) {
    summary.issues.push({
      file: options.fileName,
      field: '',
      message: `The workbook has ${withHeadings.length} sheets with figures' headings (${quoted(withHeadings.map((s) => s.name))}): choose the sheet to read, or import them as separate files.`,
    });
    return;
  }
  const hiddenWithHeadings = sheets.filter((s) => s.isHidden && s.hasHeadings && s.name !== read?.name);
  if (!read) {
    const first = sheets.find((s) => !s.isHidden) ?? sheets[0]!;
    summary.issues.push({
      file: options.fileName,
      sheet: first.name,
      ...noHeadingRowIssue(first.firstNonBlank, first.rows),
      ...(hiddenWithHeadings.length
        ? {
            message: `No visible sheet has the figures' headings (ref, period, …); the hidden sheet${hiddenWithHeadings.length === 1 ? '' : 's'} ${quoted(hiddenWithHeadings.map((s) => s.name))} ${hiddenWithHeadings.length === 1 ? 'has' : 'have'} them. Unhide the sheet in Excel, or choose it when importing.`,
          }
        : {}),
    });
    return;
  }
  if (!read.table.mapping) {
    summary.issues.push({
      file: options.fileName,
      sheet: read.name,
      ...noHeadingRowIssue(read.table.firstNonBlank, read.table.rowsSearched),
    });
    return;
  }
  const others = sheets.filter((s) => s.name !== read.name);
  if (others.length)
    summary.notes.push(
      `The sheet "${read.name}" was read${chosen === undefined ? ' (the only visible sheet with the figures’ headings)' : ''}; ${others.map((s) => `"${s.name}"${s.isHidden ? ' (hidden)' : ''}`).join(', ')} ${others.length === 1 ? 'was' : 'were'} not.`,
    );
  for (const range of read.merges) {
    const [from, to] = range.split(':') as [string, string];
    const lastRow = Number(/\d+$/.exec(to)![0]);
    if (lastRow <= read.table.headingRow) continue;
    const firstRow = Number(/\d+$/.exec(from)![0]);
    summary.issues.push({
      file: options.fileName,
      sheet: read.name,
      row: firstRow,
      column: /^[A-Z]+/.exec(from)![0],
      field: '',
      message: `Cells ${range} are merged, so what is written there belongs to ${from} alone and the other cells are empty. Unmerge the cells and fill in every row.`,
    });
  }
  if (summary.rowsRead === 0 && summary.refusedRows === 0 && summary.issues.length === 0)
    summary.issues.push({
      file: options.fileName,
      sheet: read.name,
      field: '',
      message: `The sheet has a heading row (row ${read.table.headingRow}) but no figures below it.`,
    });
}
