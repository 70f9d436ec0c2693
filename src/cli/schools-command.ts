import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError, describeIssue } from '../errors.ts';
import { systemContext } from '../services/context.ts';
import { createSchoolServices } from '../services/schools/index.ts';

export const SCHOOLS_USAGE = `  schools import-register <edubasealldata.csv> [--links links.csv]
                  import the school register from Get Information about Schools
  schools import-inspections <file.csv>
                  import Ofsted's management information (latest inspections)
  schools record --la CODE [--as-at YYYY-MM-DD]
                  record an authority's Ofsted position as the indicator SCH-01`;

/**
 * `scorecard schools …`: the operator's way to import national files of any
 * size (the upload form takes up to 100 MB) and to record a position. Each
 * import is all or nothing, every problem printed with its file, row and
 * column. Exit codes: 0 done, 1 refused, 2 usage.
 */
export async function runSchoolsCommand(
  db: Kysely<Database>,
  args: string[],
  flags: { links?: string | undefined; la?: string | undefined; 'as-at'?: string | undefined },
): Promise<number> {
  const [action, file] = args;
  const context = systemContext(`cli:${userInfo().username}`, 'cli');
  const schools = createSchoolServices(db);
  const read = async (path: string) => ({
    fileName: basename(path),
    bytes: new Uint8Array(await readFile(resolve(path))),
  });
  try {
    if (action === 'import-register' && file) {
      const result = await schools.importRegister(
        { establishments: await read(file), links: flags.links ? await read(flags.links) : undefined },
        context,
      );
      for (const note of result.notes) console.log(note);
      console.log(
        `${result.rowsRead} schools read: ${result.created} new, ${result.updated} changed, ${result.unchanged} unchanged; ${result.links} links.`,
      );
      return 0;
    }
    if (action === 'import-inspections' && file) {
      const result = await schools.importInspections(await read(file), context);
      for (const note of result.notes) console.log(note);
      console.log(
        `${result.rowsRead} schools' outcomes read: ${result.created} inspections new, ${result.updated} changed, ${result.unchanged} unchanged.`,
      );
      return 0;
    }
    if (action === 'record' && flags.la) {
      const result = await schools.recordPosition({ laCode: flags.la, asAt: flags['as-at'] }, context);
      console.log(
        `The position at ${result.asAt} recorded as SCH-01 for ${result.period}: ${result.value === null ? 'no figure' : `${result.value.toFixed(1)}% good or outstanding`} (${result.created} new, ${result.revised} revised, ${result.unchanged} unchanged).`,
      );
      return 0;
    }
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    console.error(error.message);
    for (const issue of error.issues) console.error(`  ${describeIssue(issue)}`);
    return 1;
  }
  console.error(`Usage:\n${SCHOOLS_USAGE}`);
  return 2;
}
