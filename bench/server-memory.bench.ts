import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD } from '../src/services/demo/load-demo-accounts.ts';
import { signInByForm } from './browser.ts';
import {
  BENCH_EMAIL,
  DATABASE_LABELS,
  mebibytes,
  seconds,
  type Benchmark,
  type ResultRow,
} from './support.ts';

/**
 * (c) The memory of the real server process: `node bin/scorecard.js start`
 * (migrate, load the demo data, serve) with a temporary DATA_DIR on
 * embedded PGlite, a sign-in through the form (argon2id) and a few pages
 * served with its session cookie, then VmRSS (resident now) and VmHWM
 * (the most it was ever resident) from /proc/<pid>/status.
 */

const RSS_GOAL_MB = 400;
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const NAME = 'Server process memory (`scorecard start`, demo data)';
const STARTUP_LIMIT_MS = 180_000;

interface ProcessMemory {
  rssKiB: number;
  peakKiB: number;
}

async function memoryOf(pid: number): Promise<ProcessMemory> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`No ${name} in /proc/${pid}/status`);
    return Number(match[1]);
  };
  return { rssKiB: field('VmRSS'), peakKiB: field('VmHWM') };
}

function waitForAddress(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const limit = setTimeout(
      () => reject(new Error(`the server did not start in ${STARTUP_LIMIT_MS / 1000} s:\n${output}`)),
      STARTUP_LIMIT_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+?:\d+)/.exec(output);
      if (match) {
        clearTimeout(limit);
        resolve(match[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(limit);
      reject(new Error(`the server exited (${code}) before it was ready:\n${output}`));
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const limit = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(limit);
}

interface ServerRun {
  startupMs: number;
  afterStart: ProcessMemory;
  afterPages: ProcessMemory;
  served: number;
  kinds: number;
}

/** Starts the server on dataDir, serves every page kind five times, reads its memory, stops it. */
async function runServer(dataDir: string, say: (message: string) => void): Promise<ServerRun> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    SECURE_COOKIES: 'false', // plain HTTP on 127.0.0.1
  };
  delete env.DATABASE_URL;
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'bin/scorecard.js'), 'start'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const address = await waitForAddress(child);
    const startupMs = performance.now() - started;
    const pid = child.pid!;
    const afterStart = await memoryOf(pid);
    say(`server ${pid} ready at ${address} in ${seconds(startupMs)}; signing in, serving pages…`);

    const { cookie } = await signInByForm(address, BENCH_EMAIL, DEMO_PASSWORD);
    const headers = { cookie };
    const { indicators } = (await (await fetch(`${address}/api/indicators`, { headers })).json()) as {
      indicators: { ref: string }[];
    };
    const paths = [
      '/scorecard',
      '/scorecard?month=2017-04',
      '/indicators',
      `/api/scorecard?area=${encodeURIComponent("Children's social care")}&month=2017-05`,
      ...indicators.slice(0, 10).map((i) => `/indicators/${encodeURIComponent(i.ref)}`),
    ];
    let served = 0;
    for (let round = 0; round < 5; round++) {
      for (const path of paths) {
        const response = await fetch(`${address}${path}`, { headers, redirect: 'manual' });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${path} gave ${response.status}`);
        served++;
      }
    }
    const afterPages = await memoryOf(pid);
    say(`VmRSS ${mebibytes(afterPages.rssKiB)}, VmHWM ${mebibytes(afterPages.peakKiB)} (pid ${pid})`);
    return { startupMs, afterStart, afterPages, served, kinds: paths.length };
  } finally {
    await stop(child);
  }
}

export const benchmark: Benchmark = {
  name: NAME,
  async run(context) {
    const dataDir = await mkdtemp(join(tmpdir(), 'scorecard-bench-server-'));
    const rows: ResultRow[] = [];
    const database = DATABASE_LABELS.pglite;
    const row = (measure: string, result: string, goal = '', met: boolean | null = null) =>
      rows.push({ benchmark: NAME, database, measure, result, goal, met });
    try {
      const runs = [
        { label: 'first start, empty DATA_DIR (initdb, migrate, load the demo data)', say: 'first start' },
        { label: 'restart on that DATA_DIR (demo loaders find their data)', say: 'restart' },
      ];
      for (const { label, say } of runs) {
        context.progress(`${say}: \`node bin/scorecard.js start\` with DATA_DIR=${dataDir}…`);
        const run = await runServer(dataDir, (message) => context.progress(`  ${message}`));
        const mb = (kib: number) => kib / 1024;
        row(`${label}: start-up time`, seconds(run.startupMs));
        row(`  VmRSS once listening`, mebibytes(run.afterStart.rssKiB));
        row(
          `  VmRSS after serving ${run.served} pages (${run.kinds} kinds × 5)`,
          mebibytes(run.afterPages.rssKiB),
          `≤ ${RSS_GOAL_MB} MB`,
          mb(run.afterPages.rssKiB) <= RSS_GOAL_MB,
        );
        row(
          `  VmHWM (peak resident) over the run`,
          mebibytes(run.afterPages.peakKiB),
          `≤ ${RSS_GOAL_MB} MB`,
          mb(run.afterPages.peakKiB) <= RSS_GOAL_MB,
        );
      }
      return {
        rows,
        notes: [
          'Server memory: MB here is MiB (/proc reports kB, which are KiB). The process is `node bin/scorecard.js start` ' +
            '(tsx compiles the TypeScript on load) with NODE_ENV=production and a temporary DATA_DIR; before the pages it ' +
            'signs in once through the form as the demo performance officer (one argon2id verify, 19 MiB).',
        ],
      };
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};
