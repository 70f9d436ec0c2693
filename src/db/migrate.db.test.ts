import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import { migrate } from './migrate.ts';

describe.each(testDatabases)('migrations on $name', (database) => {
  it('applies every migration once and nothing on a second run', async () => {
    const handle = await database.open();
    try {
      expect(await migrate(handle.db)).toEqual([]);
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM schema_migrations`.execute(
        handle.db,
      );
      expect(rows[0]!.n).toBeGreaterThan(0);
    } finally {
      await handle.close();
    }
  });
});
