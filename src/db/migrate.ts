import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Any fixed number: serialises migrations when several app instances start at once. */
const MIGRATION_LOCK = 7_351_004;

/**
 * Applies, in name order, every SQL file in ./migrations not yet recorded in
 * schema_migrations, all in one transaction. Files are append-only: a
 * change to the schema is a new file, never an edit to an applied one.
 * Returns the names applied.
 */
export async function migrate(db: Kysely<Database>): Promise<string[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((name) => name.endsWith('.sql')).sort();
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
      id text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`.execute(trx);
    const applied = new Set(
      (await trx.selectFrom('schema_migrations').select('id').execute()).map((r) => r.id),
    );
    const pending = files.filter((name) => !applied.has(name));
    for (const name of pending) {
      await sql.raw(await readFile(MIGRATIONS_DIR + name, 'utf8')).execute(trx);
      await trx.insertInto('schema_migrations').values({ id: name }).execute();
    }
    return pending;
  });
}
