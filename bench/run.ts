import { readdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, totalmem } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { failedRow, postgresVersion, type BenchContext, type Benchmark, type ResultRow } from './support.ts';

/**
 * `npm run bench`: runs every bench/*.bench.ts in name order, prints a
 * Markdown table of the results and writes it, with the machine it ran on,
 * to bench/results.md.
 *
 * BENCH_DATABASE_URL  PostgreSQL server to create the bench database in
 *                     (default postgres://postgres@127.0.0.1:54329/postgres)
 * BENCH_SAMPLES       sequential requests per latency measure (default 200)
 * BENCH_DURATION      seconds per autocannon run (default 10)
 * BENCH_ONLY          run only the bench files whose name contains this
 */

const BENCH_DIR = fileURLToPath(new URL('./', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results.md', import.meta.url));

async function machine(postgresUrl: string): Promise<string[]> {
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  const cpu = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown';
  const pglite = JSON.parse(
    await readFile(new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8'),
  ) as { version: string };
  const server = await postgresVersion(postgresUrl).catch(
    (error: unknown) => `unreachable (${String(error)})`,
  );
  return [
    `Date: ${new Date().toISOString()}`,
    `Node: ${process.version}`,
    `CPU: ${cpu}, ${availableParallelism()} cores`,
    `Memory: ${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `Databases: PGlite ${pglite.version}; PostgreSQL ${server} on ${new URL(postgresUrl).host}`,
  ];
}

const loadAverage = async () =>
  (await readFile('/proc/loadavg', 'utf8').catch(() => '? ? ?')).split(' ').slice(0, 3).join(' / ');

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(rows: ResultRow[]): string {
  const lines = [
    '| Benchmark | Database | Measure | Result | Goal | Met |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  let previous = '';
  for (const row of rows) {
    const group = `${row.benchmark}|${row.database}`;
    lines.push(
      `| ${group === previous ? '' : cell(row.benchmark)} | ${group === previous ? '' : cell(row.database)} | ${cell(row.measure)} | ${cell(row.result)} | ${cell(row.goal)} | ${row.met === null ? '' : row.met ? '✅ yes' : '❌ no'} |`,
    );
    previous = group;
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s`;
  const context: BenchContext = {
    postgresUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:54329/postgres',
    samples: Number(process.env.BENCH_SAMPLES ?? 200),
    durationSeconds: Number(process.env.BENCH_DURATION ?? 10),
    progress: (message) => console.log(`[${elapsed()}] ${message}`),
  };
  const only = process.env.BENCH_ONLY ?? '';
  const files = (await readdir(BENCH_DIR)).filter((f) => f.endsWith('.bench.ts') && f.includes(only)).sort();
  if (files.length === 0) {
    console.error(`No bench/*.bench.ts${only ? ` matching "${only}"` : ''}`);
    return 2;
  }

  const environment = await machine(context.postgresUrl);
  const loadAtStart = await loadAverage();
  for (const line of environment) console.log(line);
  const rows: ResultRow[] = [];
  const notes: string[] = [];
  let failed = false;
  for (const file of files) {
    const module = (await import(pathToFileURL(BENCH_DIR + file).href)) as { benchmark: Benchmark };
    context.progress(`── ${module.benchmark.name} (${file})`);
    try {
      const outcome = await module.benchmark.run(context);
      rows.push(...outcome.rows);
      notes.push(...outcome.notes);
    } catch (error) {
      failed = true;
      rows.push(failedRow(module.benchmark.name, '', error));
    }
  }
  context.progress(`done in ${elapsed().trim()}`);

  const markdown = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run.ts); every number below was measured on this run.',
    '',
    ...environment.map((line) => `- ${line}`),
    `- Load average (1 / 5 / 15 min): ${loadAtStart} at the start, ${await loadAverage()} at the end (other work on the machine slows every number down)`,
    `- Samples: ${context.samples} sequential requests per latency measure; autocannon runs ${context.durationSeconds} s each; whole bench ${elapsed().trim()}${only ? `; only files matching "${only}"` : ''}`,
    '',
    table(rows),
    '',
    ...(notes.length ? ['Notes:', '', ...notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
  console.log(`\n${markdown}`);
  await writeFile(RESULTS, markdown);
  console.log(`Written to ${RESULTS}`);
  const missed = rows.filter((r) => r.met === false).length;
  if (missed) console.log(`${missed} goal${missed === 1 ? '' : 's'} not met.`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
