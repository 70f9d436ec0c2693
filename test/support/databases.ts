import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';

/**
 * The databases every storage test runs against: embedded PGlite always,
 * and a PostgreSQL server too when TEST_DATABASE_URL is set (CI starts one).
 * Each call to open() gives an empty, migrated database of its own.
 */
export interface TestDatabase {
  name: 'pglite' | 'postgres';
  open(): Promise<DatabaseHandle>;
}

const embedded: TestDatabase = {
  name: 'pglite',
  async open() {
    const template = new Blob([await readFile(inject('pgliteTemplate'))]);
    return openDatabase({ kind: 'pglite', dataDir: null, loadDataDir: template });
  },
};

function server(url: string): TestDatabase {
  return {
    name: 'postgres',
    async open() {
      const name = `scorecard_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const target = new URL(url);
      target.pathname = `/${name}`;
      const handle = await openDatabase({ kind: 'postgres', url: target.toString() });
      await migrate(handle.db);
      return {
        ...handle,
        async close() {
          await handle.close();
          const cleanup = new pg.Client({ connectionString: url });
          await cleanup.connect();
          await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await cleanup.end();
        },
      };
    },
  };
}

export const testDatabases: TestDatabase[] = [
  embedded,
  ...(process.env.TEST_DATABASE_URL ? [server(process.env.TEST_DATABASE_URL)] : []),
];
