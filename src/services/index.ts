import type { Kysely } from 'kysely';
import {
  findIndicators,
  listFacets,
  readDataVersion,
  type IndicatorFilter,
} from '../db/repositories/catalogue.ts';
import { findLatestMonth } from '../db/repositories/values.ts';
import type { Database } from '../db/schema.ts';
import { buildScorecard, type Scorecard } from './build-scorecard.ts';
import { getIndicator } from './get-indicator.ts';
import { recordValues, type RecordValuesOptions } from './record-values.ts';
import { saveIndicator, type DefinitionChange } from './save-indicator.ts';
import { setTarget } from './set-target.ts';

/**
 * The use cases with their database bound: what the web pages, the API and
 * the CLI call. Scorecards are cached per data version, so a page view costs
 * one tiny query until something is written (by this process or another).
 */
const MAX_CACHED_SCORECARDS = 200;

export function createServices(db: Kysely<Database>) {
  const scorecards = new Map<string, Scorecard>();
  let cachedVersion = -1;

  return {
    db,
    async scorecard(request: { serviceArea: string; month: string; asAt?: Date }): Promise<Scorecard> {
      const version = await readDataVersion(db);
      if (version !== cachedVersion) {
        scorecards.clear();
        cachedVersion = version;
      }
      const key = `${request.serviceArea}|${request.month}|${request.asAt?.toISOString() ?? ''}`;
      const cached = scorecards.get(key);
      if (cached) return cached;
      const built = await buildScorecard(db, request);
      if (scorecards.size >= MAX_CACHED_SCORECARDS) scorecards.clear();
      scorecards.set(key, built);
      return built;
    },
    latestMonth: (serviceArea: string) => findLatestMonth(db, serviceArea),
    facets: () => listFacets(db),
    indicators: (filter: IndicatorFilter = {}) => findIndicators(db, filter),
    indicator: (ref: string) => getIndicator(db, ref),
    saveIndicator: (input: unknown, options: { definitionChange?: DefinitionChange } = {}) =>
      saveIndicator(db, input, options),
    setTarget: (input: unknown) => setTarget(db, input),
    recordValues: (inputs: unknown[], options: RecordValuesOptions) => recordValues(db, inputs, options),
  };
}

export type Services = ReturnType<typeof createServices>;
