import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { DEFAULT_CHROMIUM } from '../src/http/app.ts';
import type { ReportDefinition } from '../src/reports/definition.ts';
import { renderReportFile, type ReportFormat } from '../src/reports/render-file.ts';
import { systemContext } from '../src/services/context.ts';
import { createServices } from '../src/services/index.ts';
import { createRenderer } from '../src/web/render.ts';
import {
  DATABASE_LABELS,
  mebibytes,
  seconds,
  summarise,
  withBenchDatabase,
  type Benchmark,
  type BenchContext,
  type BenchOutcome,
  type DatabaseKind,
  type ResultRow,
  failedRow,
} from './support.ts';
import {
  DEFAULT_SYNTHETIC,
  generateSyntheticCatalogue,
  loadSyntheticCatalogue,
} from './synthetic-catalogue.ts';

/**
 * The report-pack issue's goal: a 60-indicator pack renders to PDF in 10 s
 * or less and to XLSX in 3 s or less, with peak memory of 1.5 GB or less.
 * The pack is the synthetic catalogue's 60 indicators three times over: the
 * scorecard (60 grids of six localities), the exceptions, and every
 * indicator in detail (a trend chart, 13 periods of history and
 * commentary each). Each render is timed end to end as the download route
 * does it: the document built from the database, then written out (the PDF
 * printed by a fresh Chromium). Memory is the peak proportional set size
 * of this process and every process under it (Chromium's), sampled from
 * another process every 100 ms.
 */

const NAME = 'Report pack: 60 indicators (scorecard, exceptions, each indicator in detail)';
const GOALS: Partial<Record<ReportFormat, number>> = { pdf: 10_000, xlsx: 3_000 };
const MEMORY_GOAL_KIB = 1.5 * 1024 * 1024;
const RUNS = 3;

export const benchmark: Benchmark = {
  name: NAME,
  async run(context) {
    const outcome: BenchOutcome = { rows: [], notes: [] };
    for (const kind of ['pglite', 'postgres'] as const) {
      try {
        outcome.rows.push(...(await runInChild(kind, context)));
      } catch (error) {
        outcome.rows.push(failedRow(NAME, DATABASE_LABELS[kind], error));
      }
    }
    outcome.notes.push(
      'Report pack: each render is the whole of a download (the document built from the database, then the file); the PDF is printed by a new headless Chromium each time (launch included). Each database is measured in a process of its own, so that one run’s memory is not counted against the other; peak memory is that process’s (with the embedded database in it, for PGlite) and Chromium’s, as proportional set size.',
    );
    return outcome;
  },
};

const THIS_FILE = fileURLToPath(import.meta.url);

/** Runs one database's measures in a new process (this file run as a script), which prints its rows as JSON. */
function runInChild(kind: DatabaseKind, context: BenchContext): Promise<ResultRow[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', THIS_FILE, kind], {
      env: { ...process.env, BENCH_DATABASE_URL: context.postgresUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) context.progress(`[${kind}] ${line}`);
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(output) as ResultRow[])
        : reject(new Error(`the ${kind} run ended with exit code ${code}`)),
    );
  });
}

/** As a script: one database's measures, progress on stderr, the rows as JSON on stdout. */
async function main(kind: DatabaseKind): Promise<void> {
  const context: BenchContext = {
    postgresUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:54329/postgres',
    samples: 0,
    durationSeconds: 0,
    progress: (message) => process.stderr.write(`${message}\n`),
  };
  const catalogue = generateSyntheticCatalogue(DEFAULT_SYNTHETIC);
  const rows = await withBenchDatabase(kind, context, async (handle) => {
    context.progress('loading the synthetic catalogue…');
    await loadSyntheticCatalogue(handle.db, catalogue);
    return benchOne(
      kind,
      handle.db,
      catalogue.indicators.map((i) => i.ref),
      context,
    );
  });
  process.stdout.write(JSON.stringify(rows));
}

async function benchOne(
  kind: DatabaseKind,
  db: Parameters<typeof createServices>[0],
  refs: string[],
  context: BenchContext,
): Promise<ResultRow[]> {
  const database = DATABASE_LABELS[kind];
  const rows: ResultRow[] = [];
  const row = (measure: string, result: string, goal = '', met: boolean | null = null) =>
    rows.push({ benchmark: NAME, database, measure, result, goal, met });
  const services = createServices(db);
  const operator = systemContext('bench', 'cli');
  const definition: ReportDefinition = {
    title: 'Synthetic performance pack',
    audience: 'Scrutiny committee',
    period: DEFAULT_SYNTHETIC.lastMonth,
    isPublic: false,
    sections: [
      { kind: 'scorecard', serviceArea: DEFAULT_SYNTHETIC.serviceArea },
      { kind: 'exceptions', serviceArea: DEFAULT_SYNTHETIC.serviceArea },
      { kind: 'indicators', refs },
    ],
  };
  const id = await services.reports.save({ id: null, input: definition }, operator);
  const render = createRenderer({ isDevelopment: false });

  const build = await timed(RUNS, () => services.reports.draft({ id }, operator));
  row('Build the document (every section from the database), median', seconds(build.median));

  // Garbage from loading the catalogue is not the render's: collect it first (the script runs with --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  const memory = startMemorySampler();
  for (const format of ['xlsx', 'pdf', 'docx', 'html'] as const) {
    context.progress(`${format}…`);
    let size = 0;
    const times = await timed(RUNS, async () => {
      const document = await services.reports.draft({ id }, operator);
      const file = await renderReportFile(document, format, { render, chromiumPath: DEFAULT_CHROMIUM });
      size = file.body.length;
    });
    const goal = GOALS[format];
    row(
      `Render to ${format.toUpperCase()} end to end, median of ${RUNS} (${Math.round(size / 1024).toLocaleString('en-GB')} KiB)`,
      `${seconds(times.median)} (max ${seconds(times.max)})`,
      goal ? `≤ ${goal / 1000} s` : '',
      goal ? times.median <= goal : null,
    );
  }
  const peak = await memory.stop();
  row(
    'Peak memory during the renders (PSS of this process and Chromium)',
    mebibytes(peak),
    '≤ 1.5 GB',
    peak <= MEMORY_GOAL_KIB,
  );
  return rows;
}

async function timed(runs: number, task: () => Promise<unknown>) {
  await task();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await task();
    samples.push(performance.now() - started);
  }
  return summarise(samples);
}

/**
 * Samples, from another process so as not to slow the one measured, the
 * proportional set size (PSS: shared pages divided among the processes
 * sharing them, so the sum is what the tree really holds) of a process and
 * all its descendants every 100 ms; `stop` gives the peak in KiB.
 */
const SAMPLER = `
const fs = require('node:fs');
const root = Number(process.argv[1]);
let peak = 0;
const parent = process.ppid;
function sample() {
  // Gone with the bench, should it end without stopping the sampler.
  if (process.ppid !== parent) process.exit(0);
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\\d+$/.test(entry)) continue;
    let status = '';
    try { status = fs.readFileSync('/proc/' + entry + '/status', 'utf8'); } catch { continue; }
    const ppid = Number(/^PPid:\\s+(\\d+)/m.exec(status)?.[1] ?? 0);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop();
    try { total += Number(/^Pss:\\s+(\\d+)/m.exec(fs.readFileSync('/proc/' + pid + '/smaps_rollup', 'utf8'))?.[1] ?? 0); } catch {}
    stack.push(...(children.get(pid) ?? []).filter((child) => child !== process.pid));
  }
  peak = Math.max(peak, total);
}
const timer = setInterval(sample, 100);
process.on('SIGTERM', () => { clearInterval(timer); sample(); process.stdout.write(String(peak)); process.exit(0); });
`;

function startMemorySampler() {
  const child = spawn(process.execPath, ['-e', SAMPLER, String(process.pid)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    stop: () =>
      new Promise<number>((resolve) => {
        child.once('exit', () => resolve(Number(output)));
        child.kill('SIGTERM');
      }),
  };
}

// Last, so that everything above is defined when the script runs.
if (process.argv[1] === THIS_FILE) {
  const kind = process.argv[2];
  if (kind !== 'pglite' && kind !== 'postgres') throw new Error('usage: reports.bench.ts pglite|postgres');
  await main(kind);
}
