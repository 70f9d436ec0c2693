import type { Kysely } from 'kysely';
import { visibilityOf, type Visibility } from '../domain/permissions.ts';
import { findAuditEvents, type AuditFilter } from '../db/repositories/audit.ts';
import {
  findIndicators,
  listFacets,
  readDataVersion,
  type IndicatorFilter,
} from '../db/repositories/catalogue.ts';
import { findApiTokensOf, findOrganisations, findUsers } from '../db/repositories/people.ts';
import { findLatestMonth } from '../db/repositories/values.ts';
import type { Database } from '../db/schema.ts';
import {
  changePassword,
  createApiToken,
  createOrganisation,
  createUser,
  revokeToken,
  setUserAccess,
} from './access/manage-people.ts';
import {
  endAllSessions,
  endSession,
  resolveApiToken,
  resolveSession,
  startSession,
} from './access/sessions.ts';
import { signInWithPassword } from './access/sign-in.ts';
import { requirePermission } from './authorise.ts';
import { buildScorecard, type Scorecard } from './build-scorecard.ts';
import { createContractServices } from './contracts.ts';
import type { RequestContext } from './context.ts';
import { figuresTemplate, type TemplateRequest } from './figures-template.ts';
import { getIndicator } from './get-indicator.ts';
import { createPublicationServices } from './publication/index.ts';
import { createImportServices } from './import-figures.ts';
import { createImprovementServices } from './improvement/index.ts';
import { recordValues, type RecordValuesOptions } from './record-values.ts';
import { saveIndicator, type DefinitionChange } from './save-indicator.ts';
import { createSchoolServices } from './schools/index.ts';
import { createChildRecordServices } from './child-records/index.ts';
import { createReportServices } from './reports/index.ts';
import { DEFAULT_DISCLOSURE_THRESHOLD } from '../domain/disclosure-control.ts';
import { setTarget } from './set-target.ts';

/**
 * The use cases with their database bound: what the web pages, the API and
 * the CLI call. Reads take the reader's context and show only what they may
 * see; writes take it to check permission and to audit. Scorecards, and the
 * facets and latest month that choose one, are cached per data version (and
 * scorecards per kind of reader), so a page view costs one tiny query until
 * something is written (by this process or another).
 */
const MAX_CACHED = 200;
/** The scorecard a reader sees first, when they have not chosen an area. */
const DEFAULT_AREA = "Children's social care";

export interface ServiceSettings {
  /** Public report packs show counts from 1 to this as 'c' (docs/disclosure-control.md). */
  disclosureThreshold: number;
}

export function createServices(
  db: Kysely<Database>,
  settings: ServiceSettings = { disclosureThreshold: DEFAULT_DISCLOSURE_THRESHOLD },
) {
  const seenBy = (context: RequestContext): Visibility => visibilityOf(context.actor);

  // Every write that changes what a scorecard shows bumps the data version in its transaction, and
  // versions only go up. Entries are promises, so readers arriving together share one build.
  const cached = new Map<string, Promise<unknown>>();
  let cachedVersion = -1;
  /**
   * The cache as of the data version read now: what it returns was built
   * after that version was read, so it is never older than that version.
   * A caller that read an older version than another already has (a slow
   * query) builds without the cache rather than turning it back.
   */
  async function cacheAsOfNow() {
    const version = await readDataVersion(db);
    if (version > cachedVersion) {
      cached.clear();
      cachedVersion = version;
    }
    return <T>(key: string, build: () => Promise<T>): Promise<T> => {
      if (version !== cachedVersion) return build();
      let entry = cached.get(key) as Promise<T> | undefined;
      if (!entry) {
        entry = build();
        if (cached.size >= MAX_CACHED) cached.clear();
        cached.set(key, entry);
        // A failed build is not kept: the next reader tries again.
        entry.catch(() => cached.get(key) === entry && cached.delete(key));
      }
      return entry;
    };
  }
  type Cache = Awaited<ReturnType<typeof cacheAsOfNow>>;

  const cachedFacets = (cache: Cache, visibility: Visibility) =>
    cache(`facets|${visibility.organisationId ?? ''}`, () => listFacets(db, visibility.organisationId));

  /** A scorecard as this reader may see it: keyed by everything that changes what they may see. */
  function cachedScorecard(
    cache: Cache,
    request: { serviceArea: string; month: string; asAt?: Date },
    visibility: Visibility,
  ): Promise<Scorecard> {
    const key = [
      'scorecard',
      request.serviceArea,
      request.month,
      request.asAt?.toISOString() ?? '',
      visibility.organisationId ?? '',
      visibility.isPublishedOnly,
    ].join('|');
    return cache(key, () => buildScorecard(db, request, visibility));
  }

  return {
    db,
    /** A scorecard as this reader may see it, cached per data version and kind of reader. */
    async scorecard(
      request: { serviceArea: string; month: string; asAt?: Date },
      context: RequestContext,
    ): Promise<Scorecard> {
      requirePermission(context, 'figures:read');
      return cachedScorecard(await cacheAsOfNow(), request, seenBy(context));
    },
    latestMonth: (serviceArea: string) => findLatestMonth(db, serviceArea),
    /**
     * The scorecard a page or download asked for, filling what it left out:
     * children's social care (or the first area the reader may see) and the
     * latest month with figures in it.
     */
    async chosenScorecard(
      query: { area?: string | undefined; month?: string | undefined; asAt?: Date | undefined },
      context: RequestContext,
    ): Promise<{ scorecard: Scorecard; serviceAreas: string[] }> {
      requirePermission(context, 'figures:read');
      const visibility = seenBy(context);
      const cache = await cacheAsOfNow();
      const { serviceAreas } = await cachedFacets(cache, visibility);
      const area =
        query.area ||
        (serviceAreas.includes(DEFAULT_AREA) ? DEFAULT_AREA : (serviceAreas[0] ?? DEFAULT_AREA));
      const month =
        query.month ||
        (await cache(`latest month|${area}`, () => findLatestMonth(db, area))) ||
        new Date().toISOString().slice(0, 7);
      const chosen = await cachedScorecard(
        cache,
        { serviceArea: area, month, ...(query.asAt ? { asAt: query.asAt } : {}) },
        visibility,
      );
      return { scorecard: chosen, serviceAreas };
    },
    facets: (context: RequestContext) => listFacets(db, seenBy(context).organisationId),
    indicators: (filter: IndicatorFilter, context: RequestContext) => {
      requirePermission(context, 'figures:read');
      return findIndicators(db, { ...filter, organisationId: seenBy(context).organisationId });
    },
    indicator: (ref: string, context: RequestContext) => {
      requirePermission(context, 'figures:read');
      return getIndicator(db, ref, seenBy(context));
    },
    saveIndicator: (
      input: unknown,
      context: RequestContext,
      options: { definitionChange?: DefinitionChange } = {},
    ) => saveIndicator(db, input, context, options),
    setTarget: (input: unknown, context: RequestContext) => setTarget(db, input, context),
    recordValues: (inputs: unknown[], context: RequestContext, options: RecordValuesOptions = {}) =>
      recordValues(db, inputs, context, options),
    figuresTemplate: (request: TemplateRequest, context: RequestContext) =>
      figuresTemplate(db, request, context),
    contracts: createContractServices(db),
    publication: createPublicationServices(db),
    /** File imports of figures: preview, commit, rollback (src/services/import-figures.ts). */
    imports: createImportServices(db),
    /** Schools, inspection outcomes and the Ofsted position (src/services/schools/). */
    schools: createSchoolServices(db),
    childRecords: createChildRecordServices(db),
    /** The improvement programme and the risk register (src/services/improvement/). */
    improvement: createImprovementServices(db),
    /** Report packs: definitions, drafts and frozen publications (src/services/reports/). */
    reports: createReportServices(db, settings),

    access: {
      signIn: (credentials: { email: string; password: string }, context: RequestContext) =>
        signInWithPassword(db, credentials, context),
      startSession: (...args: Parameters<typeof startSession> extends [unknown, ...infer R] ? R : never) =>
        startSession(db, ...args),
      resolveSession: (token: string) => resolveSession(db, token),
      resolveApiToken: (token: string) => resolveApiToken(db, token),
      endSession: (token: string, context: RequestContext) => endSession(db, token, context),
      endAllSessions: (userId: number, context: RequestContext) => endAllSessions(db, userId, context),
      changePassword: (input: Parameters<typeof changePassword>[1], context: RequestContext) =>
        changePassword(db, input, context),
      createApiToken: (input: unknown, context: RequestContext) => createApiToken(db, input, context),
      revokeToken: (tokenId: number, context: RequestContext) => revokeToken(db, tokenId, context),
      tokensOf: (userId: number) => findApiTokensOf(db, userId),
      createUser: (input: unknown, context: RequestContext) => createUser(db, input, context),
      setUserAccess: (input: unknown, context: RequestContext) => setUserAccess(db, input, context),
      createOrganisation: (input: unknown, context: RequestContext) => createOrganisation(db, input, context),
      people: (context: RequestContext) => {
        requirePermission(context, 'people:manage');
        return findUsers(db);
      },
      organisations: () => findOrganisations(db),
      auditEvents: (filter: AuditFilter, context: RequestContext) => {
        requirePermission(context, 'audit:read');
        return findAuditEvents(db, filter);
      },
    },
  };
}

export type Services = ReturnType<typeof createServices>;
