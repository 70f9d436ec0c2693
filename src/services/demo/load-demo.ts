import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { loadScorecard201705 } from './load-scorecard-2017-05.ts';

export const DEMO_FIXTURES = fileURLToPath(new URL('../../../demo/fixtures/', import.meta.url));

/** Loads every demo data set; each loader is idempotent, so this may run at every start. */
export async function loadDemo(db: Kysely<Database>, fixturesDir = DEMO_FIXTURES): Promise<void> {
  await loadScorecard201705(db, fixturesDir);
}
