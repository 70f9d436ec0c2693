import type { Kysely } from 'kysely';
import { invalid } from '../errors.ts';
import { parseValuesCsv } from '../import/parse-values-csv.ts';
import type { Database } from '../db/schema.ts';
import type { RequestContext } from './context.ts';
import { recordValues, type RecordValuesResult } from './record-values.ts';

/** Imports a CSV of figures, all or nothing; every message names the file, row and field. */
export async function importValuesFile(
  db: Kysely<Database>,
  file: { name: string; text: string },
  context: RequestContext,
): Promise<RecordValuesResult> {
  const parsed = parseValuesCsv(file.name, file.text);
  if (parsed.errors.length)
    throw invalid(`${file.name} could not be read; nothing was saved.`, parsed.errors);
  const rows = parsed.rows.map((row) =>
    Object.fromEntries(Object.entries(row).filter(([, v]) => v.trim() !== '')),
  );
  return recordValues(db, rows, context, {
    file: file.name,
    rowNumbers: parsed.rowNumbers,
  });
}
