import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../src/http/app.ts';
import { hashPassword, verifyPassword } from '../src/services/access/passwords.ts';
import { systemContext } from '../src/services/context.ts';
import { COUNCIL, DEMO_PASSWORD } from '../src/services/demo/load-demo-accounts.ts';
import { loadDemo } from '../src/services/demo/load-demo.ts';
import { createServices } from '../src/services/index.ts';
import {
  cpuBetween,
  cpuSnapshot,
  DATABASE_LABELS,
  ms,
  seconds,
  sessionFor,
  summarise,
  thousands,
  timeSequential,
  withBenchDatabase,
  type BenchContext,
  type BenchOutcome,
  type Benchmark,
  type DatabaseKind,
  type ResultRow,
  failedRow,
} from './support.ts';
import type { Outcome, Plan } from './virtual-users.ts';

/**
 * The goal: "a sign-in plus a page view under 20 concurrent users
 * keeps the median page time within 2× that of the unauthenticated page
 * (password hashing must not sit on the page path)". Every page now needs
 * a session, so the baseline is the page without a sign-in in front of it:
 *
 * (a) 20 users who already hold sessions view GET /scorecard of the demo
 *     data, over and over, with no pause;
 * (b) 20 users each, over and over, GET /sign-in, POST /sign-in (argon2id
 *     verify, a new session) and then view the page PAGES_PER_SIGN_IN
 *     times with the new cookie.
 *
 * The goal is met when the median of (b)'s page views is at most twice
 * (a)'s median. The users are a child process (bench/virtual-users.ts)
 * talking HTTP to the app listening on 127.0.0.1; 20 distinct performance
 * officer accounts, so that no two sign in as the same person.
 */

const USERS = 20;
const RATIO_GOAL = 2;
/** The "a sign-in plus a page view": every page view comes straight after a sign-in. */
const PAGES_PER_SIGN_IN = 1;
const WARMUP_MS = 1000;
const PAGE = '/scorecard';
const VERIFY_SAMPLES = 20;
const ALONE_MS = 3000;
const NAME = `Sign-in and page views, ${USERS} concurrent users (demo data)`;
const CLIENT = fileURLToPath(new URL('./virtual-users.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../', import.meta.url));

export const benchmark: Benchmark = {
  name: NAME,
  async run(context) {
    const outcome: BenchOutcome = { rows: [], notes: [] };
    const kinds: DatabaseKind[] = ['pglite', 'postgres'];
    for (const kind of kinds) {
      try {
        const result = await withBenchDatabase(kind, context, (handle) =>
          benchOneDatabase(kind, handle.db, context),
        );
        outcome.rows.push(...result.rows);
        outcome.notes.push(...result.notes);
      } catch (error) {
        // One database failing (a PostgreSQL server not running, say) leaves the other's results standing.
        outcome.rows.push(failedRow(NAME, DATABASE_LABELS[kind], error));
      }
    }
    outcome.notes.push(
      `Sign-in bench: (a) is ${USERS} users who already hold sessions, each viewing GET ${PAGE} (the demo data's ` +
        `default scorecard, cache warm) again as soon as the last view ends; (b) is ${USERS} users each repeating ` +
        `GET /sign-in, POST /sign-in (argon2id verify, new session) and ${PAGES_PER_SIGN_IN} page view${PAGES_PER_SIGN_IN === 1 ? '' : 's'} ` +
        `with the new cookie. Page times are from request to the last byte of the body, measured by a separate ` +
        `client process; the first ${WARMUP_MS / 1000} s of each run is not counted. Goal met when (b)'s page ` +
        `median ≤ ${RATIO_GOAL}× (a)'s. Every page view, in both, resolves its session from the database.`,
    );
    outcome.notes.push(
      'Reading the sign-in bench: both runs keep the server saturated (no pause between requests), so a page ' +
        "time is mostly waiting: in (a) behind the other users' page views (compare one user alone), in (b) " +
        'behind the sign-ins in progress, whose own event-loop work (rendering the form, the session and audit ' +
        "writes) queues with the pages. argon2id runs on libuv's thread pool, off the event loop, and competes " +
        'with the pages only for CPU; with 20 users signing in at once the POSTs queue for the pool, hence a ' +
        'sign-in far slower than one argon2id verify alone.',
    );
    return outcome;
  },
};

function runUsers(plan: Plan): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLIENT, JSON.stringify(plan)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const limit = setTimeout(() => child.kill('SIGKILL'), plan.warmupMs + plan.durationMs + 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(limit);
      try {
        if (code !== 0) throw new Error(`exited with ${code}`);
        resolve(JSON.parse(stdout) as Outcome);
      } catch (error) {
        reject(new Error(`the virtual users failed (${String(error)}): ${stderr.slice(-2000)}`));
      }
    });
  });
}

interface Measured {
  users: Outcome;
  /** Server event loop: delay p99 and max (ms), and the share of the time it was busy. */
  delayP99: number;
  delayMax: number;
  busy: number;
  cpu: { ours: number; others: number };
}

/** Runs the virtual users against the server, watching the server's event loop and the machine's CPU. */
async function measure(plan: Plan): Promise<Measured> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const utilisation = performance.eventLoopUtilization();
  const cpuBefore = await cpuSnapshot();
  delay.enable();
  const users = await runUsers(plan);
  delay.disable();
  const busy = performance.eventLoopUtilization(utilisation).utilization;
  const cpu = cpuBetween(cpuBefore, await cpuSnapshot(), availableParallelism());
  if (users.failures) {
    throw new Error(`${users.failures} requests failed, the first: ${users.firstFailures.join('; ')}`);
  }
  return { users, delayP99: delay.percentile(99) / 1e6, delayMax: delay.max / 1e6, busy, cpu };
}

async function benchOneDatabase(
  kind: DatabaseKind,
  db: Parameters<typeof createServices>[0],
  context: BenchContext,
): Promise<BenchOutcome> {
  const database = DATABASE_LABELS[kind];
  const say = (message: string) => context.progress(`[${kind}] ${message}`);
  const rows: ResultRow[] = [];
  const row = (measure: string, result: string, goal = '', met: boolean | null = null) =>
    rows.push({ benchmark: NAME, database, measure, result, goal, met });
  const cores = availableParallelism();
  const duration = context.durationSeconds * 1000;

  say(`loading the demo data and ${USERS} performance officer accounts…`);
  const loadStarted = performance.now();
  await loadDemo(db);
  const services = createServices(db);
  const accounts = Array.from({ length: USERS }, (_, i) => ({
    email: `bench-user-${String(i + 1).padStart(2, '0')}@bench.invalid`,
    password: DEMO_PASSWORD,
  }));
  for (const [i, account] of accounts.entries()) {
    await services.access.createUser(
      {
        ...account,
        name: `Bench User ${i + 1}`,
        organisation: COUNCIL,
        role: 'performance_officer',
        mustChangePassword: false,
      },
      systemContext('bench'),
    );
  }
  row('Load: demo data and the bench accounts', seconds(performance.now() - loadStarted));

  // argon2id on its own, one at a time, for scale: what each POST /sign-in spends on the libuv thread pool.
  const hash = await hashPassword(DEMO_PASSWORD);
  const verify = summarise(
    await timeSequential(VERIFY_SAMPLES, () => verifyPassword(hash, DEMO_PASSWORD), { warmup: 2 }),
  );
  row(
    `argon2id verify alone, one at a time (${VERIFY_SAMPLES}): median / p95`,
    `${ms(verify.median)} / ${ms(verify.p95)}`,
  );

  const app: FastifyInstance = await createApp(services, {
    isDevelopment: false,
    isSecure: false,
    signInAttemptsPerMinute: 1_000_000,
    logger: false,
  });
  try {
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const check = await sessionFor(services, accounts[0]!.email);
    const first = await app.inject({ url: PAGE, headers: { cookie: check.cookie } });
    if (first.statusCode !== 200 || !first.body.includes('app-scorecard-indicator')) {
      throw new Error(`${PAGE} with a session gave ${first.statusCode}, not a scorecard`);
    }
    say(`page check: ${thousands(first.body.length / 1024)} KiB of HTML`);

    const users = await Promise.all(
      accounts.map(async (account) => ({
        ...account,
        cookie: (await sessionFor(services, account.email)).cookie,
      })),
    );
    say(`one user holding a session views ${PAGE} for ${ALONE_MS / 1000} s (the page's own time)…`);
    const alone = await measure({
      base,
      path: PAGE,
      durationMs: ALONE_MS,
      warmupMs: WARMUP_MS,
      pagesPerSignIn: null,
      users: users.slice(0, 1),
    });
    const alonePages = summarise(alone.users.pages);

    say(`(a) ${USERS} users holding sessions view ${PAGE} for ${context.durationSeconds} s…`);
    const a = await measure({
      base,
      path: PAGE,
      durationMs: duration,
      warmupMs: WARMUP_MS,
      pagesPerSignIn: null,
      users,
    });
    const aPages = summarise(a.users.pages);
    say(`    page median ${ms(aPages.median)}, p95 ${ms(aPages.p95)}, ${aPages.count} pages`);

    say(
      `(b) ${USERS} users sign in through the form, then view ${PAGE} ${PAGES_PER_SIGN_IN}×, for ${context.durationSeconds} s…`,
    );
    const b = await measure({
      base,
      path: PAGE,
      durationMs: duration,
      warmupMs: WARMUP_MS,
      pagesPerSignIn: PAGES_PER_SIGN_IN,
      users: accounts,
    });
    const bPages = summarise(b.users.pages);
    const signIns = summarise(b.users.signIns);
    const posts = summarise(b.users.posts);
    const ratio = bPages.median / aPages.median;
    say(
      `    page median ${ms(bPages.median)} (${ratio.toFixed(2)}× (a)), sign-in median ${ms(signIns.median)}, ` +
        `${bPages.count} pages, ${signIns.count} sign-ins`,
    );

    const rate = (count: number, outcome: Outcome) => (count / (outcome.countedMs / 1000)).toFixed(0);
    const loop = (m: Measured) =>
      `${ms(m.delayP99)} / ${ms(m.delayMax)} (${(m.busy * 100).toFixed(0)}% busy)`;
    const cpu = (m: Measured) => `${m.cpu.ours.toFixed(2)} / ${m.cpu.others.toFixed(2)}`;
    row(
      `GET ${PAGE}, one user already signed in, ${ALONE_MS / 1000} s: median / p95`,
      `${ms(alonePages.median)} / ${ms(alonePages.p95)} (${thousands(alonePages.count)} pages)`,
    );
    row(
      `(a) GET ${PAGE}, ${USERS} users already signed in, ${context.durationSeconds} s: median / p95`,
      `${ms(aPages.median)} / ${ms(aPages.p95)} (${thousands(aPages.count)} pages, ${rate(aPages.count, a.users)}/s)`,
    );
    row(
      `(b) GET ${PAGE} in the sign-in mix (${PAGES_PER_SIGN_IN} view${PAGES_PER_SIGN_IN === 1 ? '' : 's'} after each sign-in), ${context.durationSeconds} s: median / p95`,
      `${ms(bPages.median)} / ${ms(bPages.p95)} (${thousands(bPages.count)} pages, ${rate(bPages.count, b.users)}/s)`,
    );
    row(
      '(b) page median ÷ (a) page median',
      `${ratio.toFixed(2)}× (${ratio <= RATIO_GOAL ? 'PASS' : 'FAIL'})`,
      `≤ ${RATIO_GOAL}×`,
      ratio <= RATIO_GOAL,
    );
    row(
      '(b) sign-in, GET /sign-in + POST /sign-in: median / p95',
      `${ms(signIns.median)} / ${ms(signIns.p95)} (${thousands(signIns.count)} sign-ins, ${rate(signIns.count, b.users)}/s)`,
    );
    row(
      '  of which POST /sign-in (argon2id verify, new session): median / p95',
      `${ms(posts.median)} / ${ms(posts.p95)}`,
    );
    row('Server event-loop delay, (a) then (b): p99 / max', `${loop(a)}; ${loop(b)}`);
    row(
      `CPU, (a) then (b), in cores (of ${cores}): server and users / every other process${kind === 'postgres' ? ' (the PostgreSQL server among them)' : ''}`,
      `${cpu(a)}; ${cpu(b)}`,
    );
  } finally {
    await app.close();
  }
  return { rows, notes: [] };
}
