/**
 * Reads an SSDA903 return given as CSV tables, one file per table. A file is
 * recognised by its header row, not its name (systems and people name the
 * files as they like): it is the table all of whose columns it has; extra
 * columns are ignored. Pure; refuses only what cannot be read as a table.
 */
import Papa from 'papaparse';
import { detectFormat } from '../detect-format.ts';
import { decodeText } from '../schools/csv-table.ts';
import {
  emptyTables,
  SSDA903_TABLE_NAMES,
  SSDA903_TABLES,
  TABLE_TITLES,
  type SourceRow,
  type Ssda903TableName,
  type TablesRead,
} from './ssda903-tables.ts';

export interface ReturnFile {
  name: string;
  bytes: Uint8Array;
}

/** Why a file cannot be read as text at all, or null when it can. */
export function unreadableFile(file: ReturnFile): string | null {
  const detected = detectFormat(file.bytes.subarray(0, 4096), file.bytes.length);
  if (detected.format === 'xlsx')
    return `${file.name} is an Excel workbook; an SSDA903 return is read as CSV files (one per table) or as one XML file.`;
  if (detected.format === null) return `${file.name} cannot be read: ${detected.problem}`;
  return null;
}

const describeTable = (name: Ssda903TableName) =>
  `${TABLE_TITLES[name]} (${SSDA903_TABLES[name].join(', ')})`;

/** The table whose columns the header has (the one with most columns, should two fit), or null. */
export function recogniseTable(columns: readonly string[]): Ssda903TableName | null {
  const present = new Set(columns);
  let best: Ssda903TableName | null = null;
  for (const name of SSDA903_TABLE_NAMES) {
    const wanted = SSDA903_TABLES[name];
    if (wanted.every((c) => present.has(c)) && (!best || wanted.length > SSDA903_TABLES[best].length))
      best = name;
  }
  return best;
}

function unrecognisedMessage(fileName: string, columns: readonly string[]): string {
  const present = new Set(columns);
  const closest = [...SSDA903_TABLE_NAMES].sort(
    (a, b) =>
      SSDA903_TABLES[b].filter((c) => present.has(c)).length -
      SSDA903_TABLES[a].filter((c) => present.has(c)).length,
  )[0]!;
  const lacking = SSDA903_TABLES[closest].filter((c) => !present.has(c));
  return (
    `${fileName}: its columns (${columns.filter(Boolean).join(', ') || 'none'}) match no SSDA903 table. ` +
    `The nearest is ${TABLE_TITLES[closest]}, which also needs ${lacking.join(', ')}. ` +
    `The tables and their columns are: ${SSDA903_TABLE_NAMES.map(describeTable).join('; ')}.`
  );
}

/** One CSV file as a table's rows; the header is row 1, blank lines keep their numbers but give no row. */
function readCsvFile(
  file: ReturnFile,
): { ok: true; table: Ssda903TableName; rows: SourceRow[] } | { ok: false; message: string } {
  const problem = unreadableFile(file);
  if (problem) return { ok: false, message: problem };
  const { text } = decodeText(file.bytes);
  const lines = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false }).data;
  const headerCells = (lines[0] ?? []).map((cell) => cell.trim().toUpperCase());
  const table = recogniseTable(headerCells);
  if (!table) return { ok: false, message: unrecognisedMessage(file.name, headerCells) };
  const indexes = SSDA903_TABLES[table].map((column) => [column, headerCells.indexOf(column)] as const);
  const rows: SourceRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!;
    if (cells.length === 1 && cells[0]!.trim() === '') continue;
    const values: Record<string, string> = {};
    for (const [column, index] of indexes) values[column] = (cells[index] ?? '').trim();
    rows.push({ file: file.name, location: `row ${i + 1}`, values });
  }
  return { ok: true, table, rows };
}

/** Every file a table; the return needs its Header and Episodes, and has each table once. */
export function readSsda903Csv(files: readonly ReturnFile[]): TablesRead {
  const tables = emptyTables();
  const fileOf = new Map<Ssda903TableName, string>();
  for (const file of files) {
    const read = readCsvFile(file);
    if (!read.ok) return { ok: false, file: file.name, message: read.message };
    const earlier = fileOf.get(read.table);
    if (earlier)
      return {
        ok: false,
        file: file.name,
        message: `${file.name} and ${earlier} are both the ${TABLE_TITLES[read.table]} table; a return has each table once.`,
      };
    fileOf.set(read.table, file.name);
    tables[read.table] = read.rows;
  }
  for (const required of ['header', 'episodes'] as const)
    if (!fileOf.has(required))
      return {
        ok: false,
        file: files.map((f) => f.name).join(', '),
        message: `The return has no ${describeTable(required)} file; it needs one to be read.`,
      };
  return { ok: true, tables };
}
