import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePeriod } from '../src/domain/periods.ts';
import { MEASURES } from '../src/measures/catalogue.ts';
import { createChildRecordServices } from '../src/services/child-records/index.ts';
import { systemContext } from '../src/services/context.ts';
import { authorityByCode, ENGLISH_AUTHORITIES } from '../src/synthetic/authorities.ts';
import { generateAuthority } from '../src/synthetic/generate-authority.ts';
import { writeCinCensus } from '../src/synthetic/write-cin-census.ts';
import { writeSsda903Tables } from '../src/synthetic/write-ssda903.ts';
import {
  DATABASE_LABELS,
  failedRow,
  mebibytes,
  seconds,
  thousands,
  withBenchDatabase,
  type BenchContext,
  type Benchmark,
  type BenchOutcome,
  type DatabaseKind,
  type ResultRow,
} from './support.ts';

/**
 * The statutory measures issue's goals.
 *
 * 1. A Birmingham-sized year (about 30,000 referrals, 2,000 children looked
 *    after): its CIN census and SSDA903 return imported (read, checked,
 *    stored) and every measure computed for the year, in 10 s or less, on
 *    both databases.
 * 2. All of England for 5 years (153 authorities' CIN censuses and SSDA903
 *    returns, written by the synthetic generator): imported in 10 minutes or
 *    less, and every measure computed for one year for every authority in
 *    60 s or less, on a PostgreSQL server, peak memory 4 GB or less. The
 *    import runs as an operator would run it: `scorecard returns import-dir
 *    --jobs 2`, two processes sharing the authorities. Memory is the peak of
 *    the bench's processes (resident set sizes added up, sampled every half
 *    second). The files are generated once and kept in bench/.cache (about
 *    4 GB; generating takes about a quarter of an hour).
 *
 * BENCH_ENGLAND=0 skips the national run.
 */

const CLI = fileURLToPath(new URL('../bin/scorecard.js', import.meta.url));
const CACHE = fileURLToPath(new URL('./.cache/england-5-years-seed-1/', import.meta.url));
const BIRMINGHAM = '330';
const YEAR_ENDING = '2023-03-31';
const YEAR = parsePeriod('FY2022-23')!;
const ENGLAND_YEARS = 5;
const ENGLAND_FIRST_YEAR_ENDING = '2023-03-31';
/** The year computed for England: the last of the five. */
const ENGLAND_YEAR = parsePeriod('FY2026-27')!;
const GOALS = {
  birminghamMs: 10_000,
  englandImportMs: 600_000,
  englandComputeMs: 60_000,
  englandMemoryMb: 4096,
};

const BIRMINGHAM_NAME = 'Measures: a Birmingham-sized year imported and every measure computed';
const ENGLAND_NAME = 'Measures: all of England, 5 years';
const text = (chunks: Iterable<string>) => new TextEncoder().encode([...chunks].join(''));

export const benchmark: Benchmark = {
  name: 'Statutory measures',
  async run(context) {
    const outcome: BenchOutcome = { rows: [], notes: [] };
    const birmingham = birminghamYear(context);
    for (const kind of ['pglite', 'postgres'] as const) {
      try {
        outcome.rows.push(
          ...(await withBenchDatabase(kind, context, (handle) =>
            benchBirmingham(kind, createChildRecordServices(handle.db), birmingham, context),
          )),
        );
      } catch (error) {
        outcome.rows.push(failedRow(BIRMINGHAM_NAME, DATABASE_LABELS[kind], error));
      }
    }
    outcome.notes.push(
      `Measures: Birmingham's year ending ${YEAR_ENDING} as the generator writes it: ${thousands(birmingham.counts.referrals)} referrals in the census ` +
        `(${thousands(birmingham.counts.referralsMade)} made in the year, the rest open from before), ` +
        `${thousands(birmingham.counts.lookedAfter)} children looked after at its end; the CIN census ${(birmingham.cin.length / 1024 / 1024).toFixed(0)} MB, ` +
        `the SSDA903 tables ${(birmingham.ssda903.reduce((n, f) => n + f.bytes.length, 0) / 1024 / 1024).toFixed(0)} MB. "Every measure" is all ${MEASURES.length}, for the financial year, whole authority.`,
    );
    if (process.env.BENCH_ENGLAND === '0') return outcome;
    try {
      await generateEngland(context);
      outcome.rows.push(
        ...(await withBenchDatabase('postgres', context, () => benchEngland(context, outcome.notes))),
      );
    } catch (error) {
      outcome.rows.push(failedRow(ENGLAND_NAME, DATABASE_LABELS.postgres, error));
    }
    return outcome;
  },
};

interface BirminghamYear {
  cin: Uint8Array;
  ssda903: { name: string; bytes: Uint8Array }[];
  counts: { referrals: number; referralsMade: number; lookedAfter: number };
}

function birminghamYear(context: BenchContext): BirminghamYear {
  const started = performance.now();
  const authority = authorityByCode(BIRMINGHAM)!;
  const records = generateAuthority({
    la: BIRMINGHAM,
    name: authority.name,
    childPopulation: authority.childPopulation,
    firstYearEnding: YEAR_ENDING,
    years: 1,
    seed: 1,
  });
  const cin = text(writeCinCensus(records, { yearEnding: YEAR_ENDING }));
  const ssda903 = Object.entries(writeSsda903Tables(records, { yearEnding: YEAR_ENDING })).map(
    ([table, rows]) => ({
      name: `${table}.csv`,
      bytes: text(rows),
    }),
  );
  // The census carries every referral open at any time in the year, not only those made in it.
  const referrals = records.referrals.filter(
    (r) => r.referralDate <= YEAR.end && (r.closureDate === null || r.closureDate >= YEAR.start),
  ).length;
  const referralsMade = records.referrals.filter(
    (r) => r.referralDate >= YEAR.start && r.referralDate <= YEAR.end,
  ).length;
  const lookedAfter = new Set(
    records.episodes
      .filter((e) => e.startDate <= YEAR.end && (e.endDate === null || e.endDate > YEAR.end))
      .map((e) => e.childId),
  ).size;
  context.progress(`Birmingham's year generated in ${seconds(performance.now() - started)}`);
  return { cin, ssda903, counts: { referrals, referralsMade, lookedAfter } };
}

async function computeEveryMeasure(
  childRecords: ReturnType<typeof createChildRecordServices>,
  la: string,
  period = YEAR,
): Promise<void> {
  await childRecords.figures({ la, period, breakdown: 'none' }, systemContext('bench'));
}

async function benchBirmingham(
  kind: DatabaseKind,
  childRecords: ReturnType<typeof createChildRecordServices>,
  year: BirminghamYear,
  context: BenchContext,
): Promise<ResultRow[]> {
  const system = systemContext('bench');
  const started = performance.now();
  await childRecords.importReturn(
    { source: 'cin_census', files: [{ name: 'cin_census.xml', bytes: year.cin }] },
    system,
  );
  const cinDone = performance.now();
  await childRecords.importReturn(
    { source: 'ssda903', files: year.ssda903, la: BIRMINGHAM, asAt: YEAR_ENDING },
    system,
  );
  const imported = performance.now();
  await computeEveryMeasure(childRecords, BIRMINGHAM);
  const done = performance.now();
  context.progress(
    `${kind}: CIN census ${seconds(cinDone - started)}, SSDA903 ${seconds(imported - cinDone)}, measures ${seconds(done - imported)}`,
  );
  const row = (measure: string, ms: number, goal = '', met: boolean | null = null): ResultRow => ({
    benchmark: BIRMINGHAM_NAME,
    database: DATABASE_LABELS[kind],
    measure,
    result: seconds(ms),
    goal,
    met,
  });
  return [
    row('Import the CIN census', cinDone - started),
    row('Import the SSDA903 return', imported - cinDone),
    row(`Compute all ${MEASURES.length} measures for the year`, done - imported),
    row(
      'End to end',
      done - started,
      `≤ ${seconds(GOALS.birminghamMs)}`,
      done - started <= GOALS.birminghamMs,
    ),
  ];
}

/** Writes England's five years to the cache once (marked complete by a file), two generator processes at a time. */
async function generateEngland(context: BenchContext): Promise<void> {
  const marker = join(CACHE, 'complete');
  if (await stat(marker).catch(() => null)) return;
  await rm(CACHE, { recursive: true, force: true });
  await mkdir(CACHE, { recursive: true });
  context.progress(`generating England's 5 years into ${CACHE} (once)`);
  const started = performance.now();
  await run(process.execPath, [
    CLI,
    'synthetic',
    '--out',
    CACHE,
    '--all',
    '--years',
    String(ENGLAND_YEARS),
    '--first-year-ending',
    ENGLAND_FIRST_YEAR_ENDING,
    '--formats',
    'cin,903',
  ]);
  await writeFile(marker, `generated in ${seconds(performance.now() - started)}\n`);
}

/** Runs a command to its end; its output goes to the bench's, or is only counted (then the line count is returned). */
function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  output: 'show' | 'count-lines' = 'show',
): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      stdio: ['ignore', output === 'show' ? 'inherit' : 'pipe', 'inherit'],
      env,
    });
    let lines = 0;
    child.stdout?.on('data', (chunk: Buffer) => {
      for (const byte of chunk) if (byte === 10) lines++;
    });
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 ? done(lines) : fail(new Error(`${args.slice(1, 3).join(' ')} failed (exit ${code})`)),
    );
  });
}

/** The resident set sizes of this process and all its descendants, added up, in KiB (walked through /proc's children lists, so cheap to sample). */
async function treeRssKiB(pid = process.pid): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  let total = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  for (const child of children.split(' ').filter(Boolean)) total += await treeRssKiB(Number(child));
  return total;
}

async function benchEngland(context: BenchContext, notes: string[]): Promise<ResultRow[]> {
  const url = new URL(context.postgresUrl);
  url.pathname = '/scorecard_bench';
  const env = { ...process.env, DATABASE_URL: url.toString() };
  let peakKiB = 0;
  const sampler = setInterval(() => void treeRssKiB().then((kib) => (peakKiB = Math.max(peakKiB, kib))), 500);
  try {
    const started = performance.now();
    await run(process.execPath, [CLI, 'returns', 'import-dir', CACHE, '--jobs', '2'], env);
    const imported = performance.now();
    context.progress(`England imported in ${seconds(imported - started)}`);

    const computeStarted = performance.now();
    // As the operator would: every authority's measures, two processes sharing the authorities.
    const lines = await run(
      process.execPath,
      [CLI, 'measures', '--la', 'all', '--period', ENGLAND_YEAR.code, '--jobs', '2'],
      env,
      'count-lines',
    );
    const authorities = ENGLISH_AUTHORITIES.length;
    if (lines !== authorities * MEASURES.length + 1)
      throw new Error(
        `Expected a line for each of ${authorities} authorities' ${MEASURES.length} measures, not ${lines - 1}`,
      );
    const computed = performance.now();
    context.progress(
      `England's year computed for ${authorities} authorities in ${seconds(computed - computeStarted)}`,
    );
    notes.push(
      `Measures, England: ${authorities} authorities' CIN censuses and SSDA903 returns for the years ending 31 March 2023 to 2027 ` +
        `(generated by scorecard synthetic, seed 1) imported by two processes; the year computed is ${ENGLAND_YEAR.label}, every measure for every authority, by \`scorecard measures --la all --jobs 2\` (two processes sharing the authorities).`,
    );
    const row = (measure: string, result: string, goal: string, met: boolean): ResultRow => ({
      benchmark: ENGLAND_NAME,
      database: DATABASE_LABELS.postgres,
      measure,
      result,
      goal,
      met,
    });
    return [
      row(
        'Import 5 years',
        seconds(imported - started),
        `≤ ${seconds(GOALS.englandImportMs)}`,
        imported - started <= GOALS.englandImportMs,
      ),
      row(
        `Compute every measure for one year, ${authorities} authorities`,
        seconds(computed - computeStarted),
        `≤ ${seconds(GOALS.englandComputeMs)}`,
        computed - computeStarted <= GOALS.englandComputeMs,
      ),
      row(
        'Peak memory (the bench and its processes)',
        mebibytes(peakKiB),
        `≤ ${GOALS.englandMemoryMb} MB`,
        peakKiB / 1024 <= GOALS.englandMemoryMb,
      ),
    ];
  } finally {
    clearInterval(sampler);
  }
}
