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
  const given = parsed.rows.map((row) =>
    Object.fromEntries(Object.entries(row).filter(([, v]) => v.trim() !== '')),
  );
  // A template row with no figure and no commentary is one not yet known: skipped, not refused.
  const isNotYetKnown = (row: Record<string, string>) =>
    ['value', 'numerator', 'denominator', 'commentary'].every((field) => row[field] === undefined);
  const kept = given.flatMap((row, index) => (isNotYetKnown(row) ? [] : [index]));
  return recordValues(
    db,
    kept.map((index) => given[index]!),
    context,
    { file: file.name, rowNumbers: kept.map((index) => parsed.rowNumbers[index]!) },
  );
}
