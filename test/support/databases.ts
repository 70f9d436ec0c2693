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
          // The pool's connections may still be closing after close() returns. Dropping with FORCE
          // would kill them, and a dying connection reports its FATAL error to the test run; so wait
          // for them to go first, and force only what is left after a few seconds.
          for (let waited = 0; waited < 5000; waited += 50) {
            const { rows } = await cleanup.query<{ n: number }>(
              'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
              [name],
            );
            if (rows[0]!.n === 0) break;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
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
