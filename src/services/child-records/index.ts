import type { Kysely } from 'kysely';
import {
  findAuthoritiesHeld,
  findChildRecordImports,
  findFindings,
} from '../../db/repositories/child-records.ts';
import type { Database } from '../../db/schema.ts';
import { notFound } from '../../errors.ts';
import { requirePermission } from '../authorise.ts';
import type { RequestContext } from '../context.ts';
import { importReturn, type ReturnUpload } from './import-return.ts';
import type { StoredReturn } from './store-return.ts';
import { createComputedIndicators, type MeasureLink } from './computed-indicators.ts';
import { createMeasureServices, type MeasureServiceSettings } from './measures.ts';
import { recordsReach } from './records-reach.ts';

/** The most findings one page lists. */
export const FINDINGS_PER_PAGE = 200;

/**
 * Child-level records: importing the returns, their findings, and the
 * measures and working lists computed from what is held.
 */
export function createChildRecordServices(db: Kysely<Database>, settings?: MeasureServiceSettings) {
  const measures = createMeasureServices(db, settings);
  const computed = createComputedIndicators(db, measures);
  return {
    ...measures,

    /** Imports a return, then refreshes the indicators computed from the authority's records. */
    async importReturn(upload: ReturnUpload, context: RequestContext) {
      const stored = await importReturn(db, upload, context);
      const refreshed = await computed.refresh(stored.la, stored.asAt, stored.importId, context);
      return { ...stored, refreshed };
    },

    /** The refresh an import runs, for a return already stored (the import service runs it itself). */
    refreshComputedIndicators: (
      stored: Pick<StoredReturn, 'la' | 'asAt' | 'importId'>,
      context: RequestContext,
    ) => computed.refresh(stored.la, stored.asAt, stored.importId, context),

    computeIndicatorFromMeasure: (link: MeasureLink, context: RequestContext) => computed.link(link, context),
    measureOfIndicator: (ref: string) => computed.linkOf(ref),

    /** The imports, latest first: which return, when, by whom, how many records and findings. */
    async imports(context: RequestContext) {
      requirePermission(context, 'children:import');
      return findChildRecordImports(db);
    },

    /** One import and a page of its findings (which name children). */
    async importWithFindings(importId: number, page: number, context: RequestContext) {
      requirePermission(context, 'children:import');
      requirePermission(context, 'children:read');
      const [found] = await findChildRecordImports(db, { id: importId });
      if (!found) throw notFound(`There is no import ${importId}.`);
      const findings = await findFindings(db, importId, {
        offset: (page - 1) * FINDINGS_PER_PAGE,
        limit: FINDINGS_PER_PAGE,
      });
      return {
        import: found,
        findings,
        pages: Math.max(1, Math.ceil(found.findingCount / FINDINGS_PER_PAGE)),
      };
    },

    /** The latest day an authority's records reach (records-reach.ts). */
    recordsReach: (la: string, context: RequestContext) => recordsReach(db, la, context),

    /** The authorities whose records are held, largest first, for choosing one. */
    async authorities(context: RequestContext) {
      requirePermission(context, 'measures:read');
      return (await findAuthoritiesHeld(db)).sort((a, b) => b.children - a.children);
    },
  };
}

export type ChildRecordServices = ReturnType<typeof createChildRecordServices>;
