import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReturnSource } from '../measures/model.ts';
import type { ChildRecordServices } from '../services/child-records/index.ts';
import type { RequestContext } from '../services/context.ts';
import { inPart, runInJobs, type Part } from './jobs.ts';

/**
 * Importing a folder of returns: one folder per authority, one per year
 * within it, each holding the year's CIN census (`cin_census.xml`), its
 * SSDA903 return (the CSV tables in `ssda903/`, or `ssda903.xml`) and any
 * Annex A extract (`annex_a/`): the layout `scorecard synthetic` writes, and
 * how a group of authorities would gather its returns. Years are imported in
 * order, each return all or nothing. With several jobs the authorities are
 * shared among child processes, each importing its own in turn: reading a
 * return is one core's work, and the database takes writes from several.
 */

interface FolderReturn {
  la: string;
  yearEnding: string;
  source: ReturnSource;
  paths: string[];
}

const isDirectory = async (path: string) => (await stat(path).catch(() => null))?.isDirectory() ?? false;
const listFiles = async (dir: string, suffix: string) =>
  (await readdir(dir))
    .filter((f) => f.toLowerCase().endsWith(suffix))
    .sort()
    .map((f) => join(dir, f));

/** The returns under `root`, authority by authority, each authority's years in order. */
export async function findReturns(root: string): Promise<FolderReturn[][]> {
  const authorities: FolderReturn[][] = [];
  for (const la of (await readdir(root)).sort()) {
    if (!/^\d{3}$/.test(la) || !(await isDirectory(join(root, la)))) continue;
    const returns: FolderReturn[] = [];
    for (const yearEnding of (await readdir(join(root, la))).sort()) {
      const year = join(root, la, yearEnding);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(yearEnding) || !(await isDirectory(year))) continue;
      const entries = new Set(await readdir(year));
      const add = (source: ReturnSource, paths: string[]) => {
        if (paths.length) returns.push({ la, yearEnding, source, paths });
      };
      if (entries.has('cin_census.xml')) add('cin_census', [join(year, 'cin_census.xml')]);
      if (entries.has('ssda903')) add('ssda903', await listFiles(join(year, 'ssda903'), '.csv'));
      else if (entries.has('ssda903.xml')) add('ssda903', [join(year, 'ssda903.xml')]);
      if (entries.has('annex_a')) add('annex_a', await listFiles(join(year, 'annex_a'), '.csv'));
    }
    if (returns.length) authorities.push(returns);
  }
  return authorities;
}

export interface FolderImportTotals {
  returns: number;
  records: number;
  findings: number;
}

/** Imports the authorities of one part (every count-th from the index-th). */
export async function importFolderPart(
  childRecords: ChildRecordServices,
  root: string,
  part: Part,
  context: RequestContext,
  log: (line: string) => void,
): Promise<FolderImportTotals> {
  const totals: FolderImportTotals = { returns: 0, records: 0, findings: 0 };
  const authorities = inPart(await findReturns(root), part);
  for (const returns of authorities) {
    const started = performance.now();
    let records = 0;
    for (const r of returns) {
      const files = await Promise.all(
        r.paths.map(async (path) => ({
          name: path.slice(root.length + 1),
          bytes: new Uint8Array(await readFile(path)),
        })),
      );
      const stored = await childRecords.importReturn(
        { source: r.source, files, la: r.la, asAt: r.yearEnding },
        context,
      );
      const count = Object.values(stored.recordCounts).reduce((a, b) => a + b, 0);
      records += count;
      totals.returns++;
      totals.records += count;
      totals.findings += stored.findingCount;
    }
    log(
      `${returns[0]!.la}: ${returns.length} returns, ${records} records in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  return totals;
}

/** Runs `jobs` child processes of `scorecard returns import-dir --part i/jobs`, and adds up what they imported. */
export async function importFolderInJobs(
  root: string,
  jobs: number,
  log: (line: string) => void,
): Promise<FolderImportTotals> {
  const totals: FolderImportTotals = { returns: 0, records: 0, findings: 0 };
  await runInJobs(['returns', 'import-dir', root], jobs, (line, job) => {
    const total = /^TOTAL (\d+) (\d+) (\d+)$/.exec(line);
    if (!total) return log(`[job ${job}] ${line}`);
    totals.returns += +total[1]!;
    totals.records += +total[2]!;
    totals.findings += +total[3]!;
  });
  return totals;
}
