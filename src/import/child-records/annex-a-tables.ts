import Papa from 'papaparse';
import { detectFormat } from '../detect-format.ts';
import { decodeText } from '../schools/csv-table.ts';
import type { CellValue, DateSystem } from './annex-a-values.ts';
import { readWorkbook, type SheetRow } from './annex-a-workbook.ts';

/**
 * The tables in an Annex A upload: one per CSV file, one per visible sheet
 * of a workbook. Which list each is comes later, from its headings. Pure.
 */

export interface SourceTable {
  file: string;
  /** The sheet's name, for a workbook. */
  sheet: string | null;
  rows: SheetRow[];
  dateSystem: DateSystem;
}

export type TablesRead = { ok: true; tables: SourceTable[] } | { ok: false; file: string; message: string };

export function readTables(files: readonly { name: string; bytes: Uint8Array }[]): TablesRead {
  const tables: SourceTable[] = [];
  for (const { name, bytes } of files) {
    const detected = detectFormat(bytes.subarray(0, 4096), bytes.length);
    if (detected.format === null) return { ok: false, file: name, message: detected.problem };
    if (detected.format === 'csv') {
      const parsed = Papa.parse<string[]>(decodeText(bytes).text, { header: false, skipEmptyLines: false });
      const rows = parsed.data.map((cells, i) => ({ row: i + 1, cells: cells as CellValue[] }));
      tables.push({ file: name, sheet: null, rows, dateSystem: 1900 });
      continue;
    }
    const workbook = readWorkbook(bytes);
    if (!workbook.ok)
      return {
        ok: false,
        file: name,
        message: `The file looks like an Excel workbook but cannot be read as one: ${workbook.problem}. Open it in Excel and save it again as an Excel Workbook (.xlsx), or as one CSV file per list.`,
      };
    for (const sheet of workbook.sheets)
      if (!sheet.isHidden)
        tables.push({ file: name, sheet: sheet.name, rows: sheet.rows, dateSystem: workbook.dateSystem });
  }
  return { ok: true, tables };
}
