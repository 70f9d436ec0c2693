import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Config } from './config.ts';
import { openDatabase, type DatabaseHandle } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { createApp } from './http/app.ts';
import { createServices } from './services/index.ts';

/**
 * The composition root: database, then services over it, then the HTTP
 * application over those. The CLI and the tests build the same chain.
 */
export async function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  if (!config.DATABASE_URL) await mkdir(resolve(config.DATA_DIR), { recursive: true });
  const handle = config.DATABASE_URL
    ? await openDatabase({ kind: 'postgres', url: config.DATABASE_URL })
    : await openDatabase({ kind: 'pglite', dataDir: resolve(config.DATA_DIR, 'pgdata') });
  await migrate(handle.db);
  return handle;
}

export async function startServer(config: Config, handle: DatabaseHandle) {
  const services = createServices(handle.db);
  const app = await createApp(services, { isDevelopment: config.NODE_ENV !== 'production', logger: false });
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  return { app, address };
}
