import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSecure, type Config } from './config.ts';
import { openDatabase, type DatabaseHandle } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { createApp } from './http/app.ts';
import { readSingleSignOnConfig } from './services/access/single-sign-on.ts';
import { createServices } from './services/index.ts';

/**
 * The composition root: database, then services over it, then the HTTP
 * application over those. The CLI and the tests build the same chain.
 */
export async function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  const dataDir = resolve(config.DATA_DIR, 'pgdata');
  if (!config.DATABASE_URL) await createEmbeddedIfMissing(dataDir);
  const handle = config.DATABASE_URL
    ? await openDatabase({ kind: 'postgres', url: config.DATABASE_URL })
    : await openDatabase({ kind: 'pglite', dataDir });
  await migrate(handle.db);
  return handle;
}

export async function startServer(config: Config, handle: DatabaseHandle) {
  const services = createServices(handle.db, { disclosureThreshold: config.DISCLOSURE_THRESHOLD });
  const app = await createApp(services, {
    isDevelopment: config.NODE_ENV !== 'production',
    isSecure: isSecure(config),
    trustProxy: config.TRUST_PROXY === 'true',
    signInAttemptsPerMinute: config.SIGN_IN_ATTEMPTS_PER_MINUTE,
    singleSignOn: readSingleSignOnConfig(process.env),
    chromiumPath: config.CHROMIUM_PATH,
    logger: false,
  });
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  return { app, address };
}

const CREATE_EMBEDDED = fileURLToPath(new URL('./db/create-embedded.ts', import.meta.url));

/** Creates a new embedded database in a child process, so its initdb's memory is given back when it exits. */
async function createEmbeddedIfMissing(dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  await mkdir(dataDir, { recursive: true });
  await new Promise<void>((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CREATE_EMBEDDED, dataDir], {
      stdio: 'inherit',
    });
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 ? done() : fail(new Error(`Creating the database in ${dataDir} failed (exit ${code})`)),
    );
  });
}
