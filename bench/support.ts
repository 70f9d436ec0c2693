import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Result as AutocannonResult } from 'autocannon';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { findUserByEmail } from '../src/db/repositories/people.ts';
import { actorOf } from '../src/services/access/sessions.ts';
import type { RequestContext } from '../src/services/context.ts';
import type { Services } from '../src/services/index.ts';

/** One line of the results table. */
export interface ResultRow {
  benchmark: string;
  database: string;
  measure: string;
  result: string;
  /** The issue's goal for this measure, or '' when it is reported for information. */
  goal: string;
  /** Whether the goal was met; null when there is no goal. */
  met: boolean | null;
}

/** The row a benchmark shows for a part that could not run (a PostgreSQL server not running, say); the error goes to the console. */
export function failedRow(benchmark: string, database: string, error: unknown): ResultRow {
  console.error(error);
  return {
    benchmark,
    database,
    measure: 'Failed to run',
    result: error instanceof Error ? error.message.split('\n')[0]! : String(error),
    goal: '',
    met: false,
  };
}

export interface BenchContext {
  /** A PostgreSQL server the bench may create (and drop) a database in. */
  postgresUrl: string;
  /** Sequential samples per latency measure (N). */
  samples: number;
  /** Seconds each load test runs. */
  durationSeconds: number;
  progress(message: string): void;
}

export interface BenchOutcome {
  rows: ResultRow[];
  /** Observations worth reading beside the table (where the time goes, caveats). */
  notes: string[];
}

/** What each bench/*.bench.ts exports as `benchmark`; bench/run.ts runs them in name order. */
export interface Benchmark {
  name: string;
  run(context: BenchContext): Promise<BenchOutcome>;
}

export interface Summary {
  count: number;
  mean: number;
  median: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarise(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

export const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
export const seconds = (milliseconds: number) => `${(milliseconds / 1000).toFixed(1)} s`;
export const mebibytes = (kib: number) => `${(kib / 1024).toFixed(0)} MB`;
export const thousands = (n: number) => Math.round(n).toLocaleString('en-GB');

/** Times `count` sequential calls of `task` (after `warmup` untimed ones); `between` runs untimed before each. */
export async function timeSequential(
  count: number,
  task: () => Promise<unknown>,
  options: { warmup?: number; between?: () => Promise<unknown> } = {},
): Promise<number[]> {
  for (let i = 0; i < (options.warmup ?? 0); i++) {
    await options.between?.();
    await task();
  }
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    await options.between?.();
    const started = performance.now();
    await task();
    samples.push(performance.now() - started);
  }
  return samples;
}

export type DatabaseKind = 'pglite' | 'postgres';
export const DATABASE_LABELS: Record<DatabaseKind, string> = {
  pglite: 'PGlite (embedded, temp data dir)',
  postgres: 'PostgreSQL server',
};

/**
 * An empty, migrated database of either kind, removed afterwards: PGlite in
 * a temporary data directory, or a `scorecard_bench` database created on
 * the PostgreSQL server and dropped again.
 */
export async function withBenchDatabase<T>(
  kind: DatabaseKind,
  context: BenchContext,
  use: (handle: DatabaseHandle) => Promise<T>,
): Promise<T> {
  if (kind === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'scorecard-bench-'));
    const handle = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pgdata') });
    try {
      await migrate(handle.db);
      return await use(handle);
    } finally {
      await handle.close();
      await rm(dir, { recursive: true, force: true });
    }
  }
  const name = 'scorecard_bench';
  const admin = async (use: (client: pg.Client) => Promise<unknown>) => {
    const client = new pg.Client({ connectionString: context.postgresUrl });
    await client.connect();
    try {
      await use(client);
    } finally {
      await client.end();
    }
  };
  // pg's Pool.end() resolves before its connections have finished closing; forcing the drop while one
  // still closes makes its server end it with an error, which the ended pool throws (an unhandled
  // 'error' event). So wait, briefly, for the database's connections to go before forcing the drop.
  const drop = () =>
    admin(async (client) => {
      for (let wait = 0; wait < 50; wait++) {
        const { rows } = await client.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
          [name],
        );
        if (!rows[0]?.n) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
  await drop();
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(context.postgresUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: 'postgres', url: url.toString() });
  try {
    await migrate(handle.db);
    return await use(handle);
  } finally {
    await handle.close();
    await drop();
  }
}

/** The account the benches sign in as: the demo's performance officer, a council role that sees every figure. */
export const BENCH_EMAIL = 'performance@demo.invalid';

/**
 * A signed-in browser session for an existing account (load the demo
 * accounts first): the cookie header a page request sends, and the
 * context the services see for that person's requests.
 */
export async function sessionFor(
  services: Services,
  email = BENCH_EMAIL,
): Promise<{ token: string; cookie: string; context: RequestContext }> {
  const user = await findUserByEmail(services.db, email);
  if (!user) throw new Error(`No account ${email}: load the demo accounts first`);
  const session = await services.access.startSession(user, { ip: '127.0.0.1', userAgent: 'bench' });
  return {
    token: session.token,
    cookie: `scorecard_session=${session.token}`,
    context: { actor: actorOf(user), actorName: user.name, channel: 'web', ip: '127.0.0.1' },
  };
}

export async function postgresVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]?.server_version ?? 'unknown';
  } finally {
    await client.end();
  }
}

const AUTOCANNON_CLI = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

/**
 * Runs autocannon in a child process (so the load generator never shares
 * the server's event loop) and returns its JSON result.
 */
export function runAutocannon(
  url: string,
  options: { connections: number; durationSeconds: number; headers?: Record<string, string> },
): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        AUTOCANNON_CLI,
        '--json',
        '--connections',
        String(options.connections),
        '--duration',
        String(options.durationSeconds),
        '--timeout',
        '30',
        ...Object.entries(options.headers ?? {}).flatMap(([name, value]) => [
          '--headers',
          `${name}=${value}`,
        ]),
        url,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const limit = setTimeout(() => child.kill('SIGKILL'), (options.durationSeconds + 60) * 1000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(limit);
      try {
        if (code !== 0) throw new Error(`exited with ${code}`);
        resolve(JSON.parse(stdout) as AutocannonResult);
      } catch (error) {
        reject(new Error(`autocannon failed (${String(error)}): ${stderr.slice(-2000)}`));
      }
    });
  });
}

export interface CpuSnapshot {
  /** Busy jiffies of the whole machine, every core. */
  machineBusy: number;
  machineTotal: number;
  /** Jiffies of this process and of its children that have exited (autocannon). */
  ours: number;
}

/** CPU time so far, from /proc: what the machine did, and what this process and its finished children did. */
export async function cpuSnapshot(): Promise<CpuSnapshot> {
  const stat = await readFile('/proc/stat', 'utf8');
  const [user, nice, system, idle, iowait, irq, softirq, steal] = stat
    .split('\n')[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number) as number[];
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  const selfStat = await readFile('/proc/self/stat', 'utf8');
  const self = selfStat.slice(selfStat.lastIndexOf(')') + 2);
  // After "pid (comm) ": state is field 3, so utime, stime, cutime, cstime (fields 14–17) are at 11–14 here.
  const fields = self.split(' ').map(Number);
  return {
    machineBusy: busy,
    machineTotal: busy + idle! + iowait!,
    ours: fields[11]! + fields[12]! + fields[13]! + fields[14]!,
  };
}

/** Cores' worth of CPU used between two snapshots: by this process and its children, and by everything else. */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot, cores: number) {
  const total = after.machineTotal - before.machineTotal || 1;
  const ours = ((after.ours - before.ours) / total) * cores;
  const machine = ((after.machineBusy - before.machineBusy) / total) * cores;
  return { ours, others: Math.max(0, machine - ours) };
}
