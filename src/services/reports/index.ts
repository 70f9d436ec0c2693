import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { RequestContext } from '../context.ts';
import {
  listReports,
  openPublication,
  publishReport,
  readReport,
  renderDraft,
  saveReport,
  type ReportSettings,
} from './reports.ts';

/** Report packs with the database and settings bound (docs/reports.md). */
export function createReportServices(db: Kysely<Database>, settings: ReportSettings) {
  return {
    list: (context: RequestContext) => listReports(db, context),
    read: (id: number, context: RequestContext) => readReport(db, id, context),
    save: (request: { id: number | null; input: unknown }, context: RequestContext) =>
      saveReport(db, request, context),
    draft: (
      request: { id: number; onSection?: (done: number, total: number) => void },
      context: RequestContext,
    ) => renderDraft(db, request, context, settings),
    publish: (id: number, context: RequestContext) => publishReport(db, { id }, context, settings),
    publication: (request: { id: number; publicationId: number | 'latest' }, context: RequestContext) =>
      openPublication(db, request, context),
  };
}

export type ReportServices = ReturnType<typeof createReportServices>;
