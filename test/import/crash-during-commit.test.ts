import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInByForm } from '../../bench/browser.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { DEMO_PASSWORD } from '../../src/services/demo/load-demo-accounts.ts';
import { loadDemo } from '../../src/services/demo/load-demo.ts';
import { defineBigCatalogue, writeBigCsv } from '../support/big-import.ts';

/**
 * Must show: the real server (`node bin/scorecard.js serve`, embedded
 * PGlite in a temporary DATA_DIR) is killed with SIGKILL in the middle of
 * committing a 500,000-row import; on restart the database is exactly as
 * before the commit began, and the same import then commits in full.
 *
 * It takes two to three minutes on two cores, beside the other test files;
 * SKIP_CRASH_TEST=1 leaves it out of a quick local run.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ROWS = 500_000;
const isEnabled = process.env.SKIP_CRASH_TEST !== '1';

interface Server {
  child: ChildProcess;
  address: string;
  /** Resolves when the server's import log (stderr) shows a line matching the pattern. */
  logged(pattern: RegExp): Promise<string>;
}

function startServer(dataDir: string): Promise<Server> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    IMPORT_LOG: 'stderr',
  };
  delete env.DATABASE_URL;
  delete env.NODE_OPTIONS; // vitest's own loader hooks are not the server's
  const child = spawn(process.execPath, [join(ROOT, 'bin/scorecard.js'), 'serve'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of [...waiters]) {
      const match = waiter.pattern.exec(output);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match[0]);
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const logged = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const match = pattern.exec(output);
      if (match) return resolve(match[0]);
      waiters.push({ pattern, resolve });
      child.once('exit', (code, signal) =>
        reject(new Error(`server exited (${code ?? signal}):\n${output}`)),
      );
    });
  return logged(/running at (http:\/\/\S+?:\d+)/).then((line) => ({
    child,
    address: /http:\/\/\S+?:\d+/.exec(line)![0].replace('localhost', '127.0.0.1'),
    logged,
  }));
}

async function stopServer(server: Server, signal: NodeJS.Signals = 'SIGTERM') {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill(signal);
  await exited;
}

/** What the commit must leave untouched if it does not finish: every figure, commentary and the data version. */
async function snapshot(handle: DatabaseHandle) {
  const { rows } = await sql<{
    figures: number;
    last: number | null;
    checksum: string;
    commentary: number;
    version: number;
    indexes: string;
  }>`
    SELECT (SELECT count(*)::int FROM indicator_values) AS figures,
           (SELECT max(id) FROM indicator_values) AS last,
           (SELECT md5(coalesce(string_agg(id || ':' || coalesce(value::text, '') || ':' || is_current, ',' ORDER BY id), ''))
              FROM indicator_values) AS checksum,
           (SELECT count(*)::int FROM commentary) AS commentary,
           (SELECT version FROM data_version) AS version,
           -- A large commit builds these again (see commitImport): they must be there, as they were.
           (SELECT string_agg(indexdef, '; ' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'indicator_values')
             AS indexes`.execute(handle.db);
  return rows[0]!;
}

async function upload(server: Server, cookie: string, path: string): Promise<number> {
  const form = await fetch(`${server.address}/imports/new`, { headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const body = new FormData();
  body.append('_csrf', csrf);
  body.append('file', new Blob([await readFile(path)], { type: 'text/csv' }), 'figures.csv');
  const response = await fetch(`${server.address}/imports`, {
    method: 'POST',
    headers: { cookie },
    body,
    redirect: 'manual',
  });
  expect(response.status).toBe(303);
  return Number(/\/imports\/(\d+)$/.exec(response.headers.get('location')!)![1]);
}

async function commit(server: Server, cookie: string, id: number): Promise<Response> {
  const page = await fetch(`${server.address}/imports/${id}`, { headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  return fetch(`${server.address}/imports/${id}/commit`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf }).toString(),
    redirect: 'manual',
  });
}

describe.skipIf(!isEnabled)('a server killed in the middle of committing a 500,000-row import', () => {
  let dir: string;
  let server: Server | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scorecard-crash-'));
    // The data directory is created as the server creates it (initdb in a child), then given the demo and the big catalogue.
    await new Promise<void>((resolve, reject) => {
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir };
      delete env.DATABASE_URL;
      delete env.NODE_OPTIONS;
      spawn(process.execPath, [join(ROOT, 'bin/scorecard.js'), 'migrate'], {
        cwd: ROOT,
        env,
        stdio: 'ignore',
      }).on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`migrate exited ${code}`))));
    });
    const handle = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pgdata') });
    await migrate(handle.db);
    await loadDemo(handle.db);
    await defineBigCatalogue(handle.db);
    await handle.close();
    await writeBigCsv(join(dir, 'figures.csv'), ROWS);
  }, 300_000);
  afterAll(async () => {
    if (server) await stopServer(server, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves the database exactly as it was, then imports the whole file after a restart', async () => {
    const open = () => openDatabase({ kind: 'pglite', dataDir: join(dir, 'pgdata') });
    let handle = await open();
    const before = await snapshot(handle);
    await handle.close();

    server = await startServer(dir);
    let { cookie } = await signInByForm(server.address, 'performance@demo.invalid', DEMO_PASSWORD);
    const id = await upload(server, cookie, join(dir, 'figures.csv'));
    await server.logged(new RegExp(`import ${id}: ready after`));

    // Commit, and kill the server as soon as its log says the first chunk of figures is written (of five).
    void commit(server, cookie, id).catch(() => undefined);
    await server.logged(new RegExp(`import ${id}: committing \\d+ of ${ROWS} figures`));
    await stopServer(server, 'SIGKILL');
    expect(server.child.signalCode).toBe('SIGKILL');

    handle = await open();
    expect(await snapshot(handle)).toEqual(before);
    const stranded = await handle.db
      .selectFrom('imports')
      .select(['status', 'committed_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stranded).toEqual({ status: 'ready', committed_at: null });
    await handle.close();

    server = await startServer(dir);
    ({ cookie } = await signInByForm(server.address, 'performance@demo.invalid', DEMO_PASSWORD));
    const committed = await commit(server, cookie, id);
    expect(committed.status).toBe(303);
    const page = await (await fetch(`${server.address}/imports/${id}`, { headers: { cookie } })).text();
    expect(page).toContain('Committed');
    await stopServer(server);

    handle = await open();
    const after = await snapshot(handle);
    expect(after.figures).toBe(before.figures + ROWS);
    expect(after.indexes).toBe(before.indexes);
    expect(
      Number(
        (
          await handle.db
            .selectFrom('indicator_values')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('import_id', '=', id)
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(ROWS);
    await handle.close();
  }, 300_000);
});
