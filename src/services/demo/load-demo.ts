import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { loadDemoAccounts } from './load-demo-accounts.ts';
import { loadDemoContracts } from './load-contracts.ts';
import { loadDirectorateKpis } from './load-directorate-kpis.ts';
import { loadEhcpSeries } from './load-ehcp-series.ts';
import { loadImprovement } from './load-improvement.ts';
import { loadInfographics } from './load-infographics.ts';
import { loadPublicationDemo } from './load-publication.ts';
import { loadDemoReports } from './load-reports.ts';
import { loadScorecard201705 } from './load-scorecard-2017-05.ts';
import { loadSchools } from './load-schools.ts';
import { loadServiceDeliveryTargets } from './load-service-delivery-targets.ts';

export const DEMO_FIXTURES = fileURLToPath(new URL('../../../demo/fixtures/', import.meta.url));

/** Loads every demo data set; each loader is idempotent, so this may run at every start. */
export async function loadDemo(db: Kysely<Database>, fixturesDir = DEMO_FIXTURES): Promise<void> {
  await loadDemoAccounts(db);
  await loadScorecard201705(db, fixturesDir);
  // The May 2017 infographics: their own indicators (outside the publication cycle) beside CSC-05 and CSC-07.
  await loadInfographics(db, fixturesDir);
  await loadServiceDeliveryTargets(db, fixturesDir);
  await loadDirectorateKpis(db, fixturesDir);
  await loadEhcpSeries(db, fixturesDir);
  await loadDemoContracts(db, fixturesDir);
  // Last: the cycle covers the figures the loaders above have recorded.
  await loadPublicationDemo(db);
  // Illustrative schools; their indicator (SCH-01) is computed from them, after the cycle's demo months are set up.
  await loadSchools(db, fixturesDir);
  // The 2023 improvement plan, its March 2023 progress and board position, and its risks.
  await loadImprovement(db, fixturesDir);
  // Last of all: report packs drawn from everything above.
  await loadDemoReports(db);
}
