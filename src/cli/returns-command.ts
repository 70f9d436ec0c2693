import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { parsePeriod } from '../domain/periods.ts';
import { AppError, describeIssue } from '../errors.ts';
import { BREAKDOWN_KINDS, type BreakdownKind } from '../measures/breakdowns.ts';
import type { ReturnSource } from '../measures/model.ts';
import { createChildRecordServices } from '../services/child-records/index.ts';
import { HOME_LA } from '../services/child-records/measures.ts';
import { systemContext } from '../services/context.ts';
import { importFolderInJobs, importFolderPart } from './import-returns-folder.ts';
import { inPart, parsePart, runInJobs } from './jobs.ts';

export const RETURNS_USAGE = `  returns import-dir <dir> [--jobs N]
                  import every return in DIR/<la>/<year ending>/ (cin_census.xml, ssda903/*.csv
                  or ssda903.xml, annex_a/*.csv: the layout scorecard synthetic writes), years in
                  order; --jobs shares the authorities among N processes
  returns import --source cin|903|annex-a [--la CODE] [--as-at YYYY-MM-DD] <file>...
                  import a child-level return: a CIN census XML; an SSDA903's CSV tables or its
                  XML (--as-at: the year's 31 March, if not the latest in the return); Annex A
                  lists as CSVs or one workbook (--as-at: the day they were extracted)
  measures --period CODE [--la CODE|all] [--breakdown team|age_band|sex|ethnicity] [--measure ID]
           [--jobs N]
                  print the statutory measures computed from the records held (tab-separated);
                  --la all: every authority held, shared among N processes with --jobs`;

const SOURCES: Record<string, ReturnSource> = { cin: 'cin_census', '903': 'ssda903', 'annex-a': 'annex_a' };

interface Flags {
  source?: string | undefined;
  la?: string | undefined;
  'as-at'?: string | undefined;
  period?: string | undefined;
  breakdown?: string | undefined;
  measure?: string | undefined;
  jobs?: string | undefined;
  part?: string | undefined;
}

/**
 * `scorecard returns import …` and `scorecard measures …`: the operator's
 * way to load returns of any size and to see the measures they give. Exit
 * codes: 0 done, 1 refused, 2 usage.
 */
export async function runReturnsCommand(
  db: Kysely<Database>,
  command: 'returns' | 'measures',
  args: string[],
  flags: Flags,
): Promise<number> {
  const context = systemContext(`cli:${userInfo().username}`, 'cli');
  const childRecords = createChildRecordServices(db);
  try {
    if (
      command === 'returns' &&
      args[0] === 'import' &&
      args.length > 1 &&
      flags.source &&
      SOURCES[flags.source]
    ) {
      const files = await Promise.all(
        args.slice(1).map(async (path) => ({
          name: basename(path),
          bytes: new Uint8Array(await readFile(resolve(path))),
        })),
      );
      const result = await childRecords.importReturn(
        {
          source: SOURCES[flags.source]!,
          files,
          ...(flags.la ? { la: flags.la } : {}),
          ...(flags['as-at'] ? { asAt: flags['as-at'] } : {}),
        },
        context,
      );
      const counts = Object.entries(result.recordCounts).map(([kind, n]) => `${n} ${kind}`);
      console.log(
        `Import ${result.importId}: authority ${result.la} as at ${result.asAt}: ${counts.join(', ')}.`,
      );
      console.log(
        `${result.findingCount} data-quality findings (${result.errorCount} errors): see the import's page.`,
      );
      if (result.refreshed.indicators)
        console.log(
          `${result.refreshed.indicators} computed indicators refreshed: ${result.refreshed.created} new figures, ${result.refreshed.revised} revised, ${result.refreshed.unchanged} unchanged.`,
        );
      for (const note of result.refreshed.notes) console.log(note);
      return 0;
    }
    if (command === 'returns' && args[0] === 'import-dir' && args[1]) {
      const root = resolve(args[1]);
      const started = performance.now();
      const part = parsePart(flags.part);
      const jobs = Number(flags.jobs ?? 1);
      if (!Number.isInteger(jobs) || jobs < 1)
        throw new AppError('validation', '--jobs must be a whole number of 1 or more.');
      const totals =
        jobs > 1 && !part
          ? await importFolderInJobs(root, jobs, console.log)
          : await importFolderPart(childRecords, root, part ?? { index: 0, count: 1 }, context, console.log);
      if (part) console.log(`TOTAL ${totals.returns} ${totals.records} ${totals.findings}`);
      else
        console.log(
          `${totals.returns} returns imported: ${totals.records} records, ${totals.findings} findings, in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
        );
      return 0;
    }
    const period = flags.period ? parsePeriod(flags.period) : null;
    const breakdown = (flags.breakdown ?? 'none') as BreakdownKind;
    if (command === 'measures' && period && BREAKDOWN_KINDS.includes(breakdown)) {
      const part = parsePart(flags.part);
      const jobs = Number(flags.jobs ?? 1);
      if (!part)
        console.log(
          ['authority', 'measure', 'line', 'value', 'numerator', 'denominator', 'left out'].join('\t'),
        );
      if (flags.la === 'all' && jobs > 1 && !part) {
        const args = ['measures', '--la', 'all', '--period', period.code, '--breakdown', breakdown];
        await runInJobs(flags.measure ? [...args, '--measure', flags.measure] : args, jobs, (line) =>
          console.log(line),
        );
        return 0;
      }
      const authorities =
        flags.la === 'all'
          ? (await childRecords.authorities(context)).map((a) => a.la)
          : [flags.la ?? HOME_LA];
      for (const la of inPart(authorities, part ?? { index: 0, count: 1 }))
        for (const { definition, aggregate } of await childRecords.figures(
          { la, period, breakdown, ...(flags.measure ? { measureIds: [flags.measure] } : {}) },
          context,
        ))
          for (const line of [aggregate.total, ...aggregate.items])
            console.log(
              [
                la,
                definition.id,
                line.label,
                line.value === null ? '' : +line.value.toFixed(2),
                line.numerator,
                line.denominator,
                line.leftOut,
              ].join('\t'),
            );
      return 0;
    }
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    console.error(error.message);
    for (const issue of error.issues) console.error(`  ${describeIssue(issue)}`);
    return 1;
  }
  console.error(`Usage:\n${RETURNS_USAGE}`);
  return 2;
}
