import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openConfiguredDatabase, startServer } from '../app.ts';
import { loadConfig } from '../config.ts';
import { AppError, describeIssue } from '../errors.ts';
import { loadDemoChildRecords } from '../services/demo/load-child-records.ts';
import { loadDemo } from '../services/demo/load-demo.ts';
import { runImportCommand } from './import-command.ts';
import { REPORT_USAGE, runReportCommand } from './report-command.ts';
import { runSchoolsCommand, SCHOOLS_USAGE } from './schools-command.ts';
import { BANK_HOLIDAYS_USAGE, runBankHolidaysCommand } from './bank-holidays-command.ts';
import { RETURNS_USAGE, runReturnsCommand } from './returns-command.ts';
import { runSyntheticCommand, SYNTHETIC_USAGE } from './synthetic-command.ts';

const CLI = fileURLToPath(new URL('../../bin/scorecard.js', import.meta.url));

const USAGE = `Usage: scorecard <command>

Commands:
  start           migrate, load the demo data and serve (what npm start runs)
  serve           serve the app (PORT, HOST, DATA_DIR or DATABASE_URL from the environment)
  migrate         apply database migrations
  demo            load the demo data
  import <file>   import figures from a CSV or Excel (.xlsx) file, all or nothing (columns:
                  ref, period, breakdown, value, numerator, denominator, status, source,
                  commentary, reason); --preview only checks it and shows what would change;
                  --sheet NAME chooses the worksheet of a workbook with several
${SCHOOLS_USAGE}
${REPORT_USAGE}
${RETURNS_USAGE}
${SYNTHETIC_USAGE}
${BANK_HOLIDAYS_USAGE}`;

async function main(argv: string[]): Promise<number> {
  // The generator has flags of its own and needs no database.
  if (argv[0] === 'synthetic') return runSyntheticCommand(argv.slice(1));
  const { positionals, values: flags } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      preview: { type: 'boolean' },
      sheet: { type: 'string' },
      links: { type: 'string' },
      la: { type: 'string' },
      'as-at': { type: 'string' },
      format: { type: 'string' },
      publication: { type: 'string' },
      out: { type: 'string' },
      source: { type: 'string' },
      period: { type: 'string' },
      breakdown: { type: 'string' },
      measure: { type: 'string' },
      update: { type: 'boolean' },
      jobs: { type: 'string' },
      part: { type: 'string' },
      from: { type: 'string' },
    },
  });
  const [command, ...rest] = positionals;
  const commands = [
    'start',
    'serve',
    'migrate',
    'demo',
    'import',
    'schools',
    'report',
    'returns',
    'measures',
    'bank-holidays',
  ];
  if (!command || !commands.includes(command)) {
    console.error(USAGE);
    return 2;
  }
  // The calendar's list is a file of the program, not data in the database.
  if (command === 'bank-holidays') return runBankHolidaysCommand(flags);
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
    console.log(`Demo data loaded into ${where}; synthetic child-level records next (half a minute, once)`);
    // Not part of loadDemo: the tests load the demo many times and the child-level records only where they need them.
    await loadDemoChildRecords(handle.db);
    console.log('Synthetic child-level records loaded');
  }
  if (command === 'demo') {
    await handle.close();
    return 0;
  }
  if (command === 'import') {
    const code = await runImportCommand(handle.db, rest[0], flags);
    await handle.close();
    return code;
  }
  if (command === 'report') {
    const code = await runReportCommand(handle.db, rest[0], flags, {
      disclosureThreshold: config.DISCLOSURE_THRESHOLD,
      chromiumPath: config.CHROMIUM_PATH,
    });
    await handle.close();
    return code;
  }
  if (command === 'returns' || command === 'measures') {
    const code = await runReturnsCommand(handle.db, command, rest, flags);
    await handle.close();
    return code;
  }
  if (command === 'schools') {
    const code = await runSchoolsCommand(handle.db, rest, flags);
    await handle.close();
    return code;
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
