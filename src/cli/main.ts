import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openConfiguredDatabase, startServer } from '../app.ts';
import { loadConfig } from '../config.ts';
import { AppError, describeIssue } from '../errors.ts';
import { loadDemo } from '../services/demo/load-demo.ts';
import { systemContext } from '../services/context.ts';
import { importValuesFile } from '../services/import-values-file.ts';

const CLI = fileURLToPath(new URL('../../bin/scorecard.js', import.meta.url));

const USAGE = `Usage: scorecard <command>

Commands:
  start           migrate, load the demo data and serve (what npm start runs)
  serve           serve the app (PORT, HOST, DATA_DIR or DATABASE_URL from the environment)
  migrate         apply database migrations
  demo            load the demo data
  import <file>   import figures from a CSV file (columns: ref, period, breakdown, value,
                  numerator, denominator, status, source, commentary, reason)`;

async function main(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true });
  const [command, ...rest] = positionals;
  if (!command || !['start', 'serve', 'migrate', 'demo', 'import'].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const started = Date.now();
  if (command === 'start') await loadDemoInChildProcess();
  const handle = await openConfiguredDatabase(config);
  const where = config.DATABASE_URL
    ? 'PostgreSQL (DATABASE_URL)'
    : `embedded PostgreSQL in ${config.DATA_DIR}`;

  if (command === 'migrate') {
    console.log(`Database migrated: ${where}`);
    await handle.close();
    return 0;
  }
  if (command === 'demo') {
    await loadDemo(handle.db);
    console.log(`Demo data loaded into ${where}`);
  }
  if (command === 'demo') {
    await handle.close();
    return 0;
  }
  if (command === 'import') {
    const file = rest[0];
    if (!file) {
      console.error('Usage: scorecard import <file.csv>');
      await handle.close();
      return 2;
    }
    const result = await importValuesFile(
      handle.db,
      { name: basename(file), text: await readFile(file, 'utf8') },
      systemContext(`cli:${userInfo().username}`, 'cli'),
    );
    console.log(
      `${basename(file)}: ${result.created} new, ${result.revised} revised, ${result.unchanged} unchanged, ${result.commentary} commentary.`,
    );
    await handle.close();
    return 0;
  }
  const { app, address } = await startServer(config, handle);
  const url = address.replace('127.0.0.1', 'localhost');
  console.log(
    `Scorecard is running at ${url} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s; Ctrl+C to stop)`,
  );
  const stop = async () => {
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1;
}

/**
 * `start` loads the demo data in a short-lived child process (`scorecard
 * demo`), then serves. Loading grows the embedded database's WebAssembly
 * memory, and the hashing of the demo passwords the worker threads', and
 * neither ever shrinks: a server that loaded the data itself would keep
 * that memory for its whole life.
 */
function loadDemoInChildProcess(): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, 'demo'], { stdio: 'inherit' });
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 ? done() : fail(new Error(`Loading the demo data failed (exit ${code})`)),
    );
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof AppError) {
      console.error(error.message);
      for (const issue of error.issues) console.error(`  ${describeIssue(issue)}`);
    } else {
      console.error(error);
    }
    process.exit(1);
  },
);
