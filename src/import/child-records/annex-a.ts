import type { IsoDate, ParsedReturn } from '../../measures/model.ts';
import { recogniseList, type ColumnIndex, type ListSpec } from './annex-a-headings.ts';
import { readListRow } from './annex-a-lists.ts';
import { AnnexARecords } from './annex-a-records.ts';
import { ListRow } from './annex-a-rows.ts';
import { readTables, type SourceTable } from './annex-a-tables.ts';
import { textOf } from './annex-a-values.ts';

/**
 * Ofsted's Annex A lists (1 to 11) as child-level records: one workbook
 * with a sheet per list, or one CSV file per list. Each table is
 * recognised by its headings, whatever the file or sheet is called. Annex
 * A names neither the authority nor the day it was taken, so both come
 * from the person importing it. Pure: a file that cannot be read, or a
 * table that is no list, refuses the whole upload; anything wrong in a
 * row is a finding. docs/imports/annex-a.md has the mapping.
 */
export function parseAnnexA(
  files: readonly { name: string; bytes: Uint8Array }[],
  options: { la: string; extractDate: IsoDate },
): ParsedReturn {
  const read = readTables(files);
  if (!read.ok) return read;
  const lists: { table: SourceTable; spec: ListSpec; columns: ColumnIndex; headingRow: number }[] = [];
  for (const table of read.tables) {
    const found = findList(table);
    if (found.ok) lists.push({ table, ...found });
    // A workbook's cover or guidance sheet has no list's headings at all: it is passed over.
    else if (table.sheet === null || found.groupsFound > 0)
      return { ok: false, file: table.file, message: found.message };
  }
  if (lists.length === 0)
    return {
      ok: false,
      file: files.map((f) => f.name).join(', '),
      message: 'No sheet or file is an Annex A list: none has the headings of any of lists 1 to 11.',
    };
  const out = new AnnexARecords(options.la);
  for (const { table, spec, columns, headingRow } of lists)
    for (const row of table.rows) {
      if (row.row <= headingRow || row.cells.every((cell) => textOf(cell) === null)) continue;
      readListRow(new ListRow(table, spec, columns, row, options.extractDate), out);
    }
  return {
    ok: true,
    source: 'annex_a',
    la: options.la,
    periodEnd: options.extractDate,
    records: out.records,
    findings: out.findings,
  };
}

/** Titles and notes may sit above the headings: they are looked for in the first rows with anything in them. */
const HEADING_SEARCH_ROWS = 10;

type ListFound =
  | { ok: true; spec: ListSpec; columns: ColumnIndex; headingRow: number }
  | { ok: false; groupsFound: number; message: string };

function findList(table: SourceTable): ListFound {
  const where = table.sheet === null ? 'The file' : `The sheet "${table.sheet}"`;
  let closest: Extract<ReturnType<typeof recogniseList>, { ok: false }> | null = null;
  const searched = table.rows
    .filter((row) => row.cells.some((cell) => textOf(cell) !== null))
    .slice(0, HEADING_SEARCH_ROWS);
  for (const row of searched) {
    const recognition = recogniseList(row.cells.map((cell) => textOf(cell) ?? ''));
    if (recognition.ok)
      return { ok: true, spec: recognition.spec, columns: recognition.columns, headingRow: row.row };
    if (!closest || recognition.found > closest.found) closest = recognition;
  }
  if (!closest) return { ok: false, groupsFound: 0, message: `${where} is empty: it holds no Annex A list.` };
  return {
    ok: false,
    groupsFound: closest.found,
    message: `${where} is not an Annex A list. The closest is List ${closest.closest.list} (${closest.closest.title}), but its headings lack ${closest.missing.join(', ')}.`,
  };
}
