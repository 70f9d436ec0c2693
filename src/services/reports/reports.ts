import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { visibilityOf } from '../../domain/permissions.ts';
import { notFound, invalid } from '../../errors.ts';
import { writeAudit } from '../../db/repositories/audit.ts';
import { findOrganisations } from '../../db/repositories/people.ts';
import {
  findPublication,
  findPublications,
  findReport,
  findReports,
  findRevisionsSince,
  insertPublication,
  insertReport,
  updateReport,
  type ReportRecord,
} from '../../db/repositories/reports.ts';
import type { Database } from '../../db/schema.ts';
import { ReportDefinition } from '../../reports/definition.ts';
import type { ReportDocument } from '../../reports/document.ts';
import { figuresShown, revisionNotes, type RevisionNote } from '../../reports/revision-notes.ts';
import { isAllowed, requirePermission } from '../authorise.ts';
import type { RequestContext } from '../context.ts';
import { buildReportDocument } from './build-report.ts';

/**
 * Report packs: saved definitions, live drafts and frozen publications
 * (docs/reports.md). A report belongs to the organisation of the person who
 * created it; people of another partner organisation are told it does not
 * exist. Viewers read published reports only: a draft is not a paper they
 * were sent.
 */

export interface ReportSummary extends ReportRecord {
  definition: ReportDefinition;
}

export interface PublishedReport {
  publication: { id: number; publishedAt: Date; publishedBy: string; sha256: string };
  /** The document exactly as published, as stored. */
  json: string;
  document: ReportDocument;
  /** Figures the report showed that have been corrected since it was published. */
  revisedSince: RevisionNote[];
}

export interface ReportSettings {
  disclosureThreshold: number;
}

const isViewerOnly = (context: RequestContext) => visibilityOf(context.actor).isPublishedOnly;

function withDefinition(record: ReportRecord): ReportSummary {
  return { ...record, definition: ReportDefinition.parse(record.definition) };
}

async function readableReport(
  db: Kysely<Database>,
  id: number,
  context: RequestContext,
): Promise<ReportSummary> {
  requirePermission(context, 'reports:read');
  const record = await findReport(db, id);
  if (
    !record ||
    !isAllowed(context, 'reports:read', { organisationId: record.organisationId }) ||
    (isViewerOnly(context) && !record.lastPublishedAt)
  )
    throw notFound('There is no such report.');
  return withDefinition(record);
}

export async function listReports(db: Kysely<Database>, context: RequestContext): Promise<ReportSummary[]> {
  requirePermission(context, 'reports:read');
  const { organisationId } = visibilityOf(context.actor);
  const records = await findReports(db, organisationId);
  return records.filter((r) => !isViewerOnly(context) || r.lastPublishedAt).map(withDefinition);
}

export async function readReport(
  db: Kysely<Database>,
  id: number,
  context: RequestContext,
): Promise<ReportSummary & { publications: Awaited<ReturnType<typeof findPublications>> }> {
  const report = await readableReport(db, id, context);
  return { ...report, publications: await findPublications(db, id) };
}

function parseDefinition(input: unknown): ReportDefinition {
  const parsed = ReportDefinition.safeParse(input);
  if (!parsed.success) {
    throw invalid(
      'The report could not be saved.',
      parsed.error.issues.map((issue) => ({
        field: issue.path.join('.') || 'report',
        message: issue.message,
      })),
    );
  }
  return parsed.data;
}

/** Saves a new report (id null) or a change to one; returns its id. */
export async function saveReport(
  db: Kysely<Database>,
  request: { id: number | null; input: unknown },
  context: RequestContext,
): Promise<number> {
  requirePermission(context, 'reports:write');
  const definition = parseDefinition(request.input);
  return db.transaction().execute(async (tx) => {
    if (request.id === null) {
      const organisationId = context.actor?.organisationId ?? (await councilId(tx));
      const id = await insertReport(tx, {
        title: definition.title,
        definition,
        organisationId,
        actor: context.actorName,
      });
      await writeAudit(tx, context, {
        action: 'report.create',
        entityType: 'report',
        entityId: String(id),
        after: definition,
      });
      return id;
    }
    const before = await readableReport(tx, request.id, context);
    requirePermission(context, 'reports:write', { organisationId: before.organisationId });
    await updateReport(tx, request.id, {
      title: definition.title,
      definition,
      actor: context.actorName,
    });
    await writeAudit(tx, context, {
      action: 'report.update',
      entityType: 'report',
      entityId: String(request.id),
      before: before.definition,
      after: definition,
    });
    return request.id;
  });
}

/** The organisation a report made by the system itself belongs to: the council. */
async function councilId(db: Kysely<Database>): Promise<number> {
  const council = (await findOrganisations(db)).find((o) => o.kind === 'council');
  if (!council) throw new Error('No council organisation: run the migrations and create one first.');
  return council.id;
}

/** The report as it stands now: every section built from the figures its reader may see. */
export async function renderDraft(
  db: Kysely<Database>,
  request: { id: number; onSection?: (done: number, total: number) => void },
  context: RequestContext,
  settings: ReportSettings,
): Promise<ReportDocument> {
  const report = await readableReport(db, request.id, context);
  if (isViewerOnly(context)) throw notFound('There is no such report.');
  return buildReportDocument(db, report.definition, {
    asAt: new Date(),
    visibility: visibilityOf(context.actor),
    disclosureThreshold: settings.disclosureThreshold,
    ...(request.onSection ? { onSection: request.onSection } : {}),
  });
}

/**
 * Publishes the report: builds it now and freezes the document exactly as
 * built (figures, ratings, charts, commentary), so it reopens identically
 * whatever is corrected later.
 */
export async function publishReport(
  db: Kysely<Database>,
  request: { id: number },
  context: RequestContext,
  settings: ReportSettings,
): Promise<number> {
  requirePermission(context, 'reports:write');
  const report = await readableReport(db, request.id, context);
  requirePermission(context, 'reports:write', { organisationId: report.organisationId });
  const publishedAt = new Date();
  const document: ReportDocument = {
    ...(await buildReportDocument(db, report.definition, {
      asAt: publishedAt,
      visibility: visibilityOf(context.actor),
      disclosureThreshold: settings.disclosureThreshold,
    })),
    status: 'published',
  };
  const json = JSON.stringify(document);
  const sha256 = createHash('sha256').update(json).digest('hex');
  return db.transaction().execute(async (tx) => {
    const id = await insertPublication(tx, {
      reportId: report.id,
      actor: context.actorName,
      publishedAt,
      document: json,
      sha256,
    });
    await writeAudit(tx, context, {
      action: 'report.publish',
      entityType: 'report',
      entityId: String(report.id),
      after: { publication: id, sha256 },
      detail: `${report.title} (${report.definition.period})`,
    });
    return id;
  });
}

/** A publication reopened: the frozen document, with a note of every figure corrected since. */
export async function openPublication(
  db: Kysely<Database>,
  request: { id: number; publicationId: number | 'latest' },
  context: RequestContext,
): Promise<PublishedReport> {
  const report = await readableReport(db, request.id, context);
  const publicationId =
    request.publicationId === 'latest'
      ? (await findPublications(db, report.id))[0]?.id
      : request.publicationId;
  const publication =
    publicationId === undefined ? null : await findPublication(db, report.id, publicationId);
  if (!publication) throw notFound('There is no such publication of this report.');
  const document = JSON.parse(publication.document) as ReportDocument;
  const shown = figuresShown(document).map((f) => f.source);
  const later = await findRevisionsSince(db, {
    refs: [...new Set(shown.map((s) => s.indicator))],
    periods: [...new Set(shown.map((s) => s.period))],
    since: publication.publishedAt,
  });
  return {
    publication: {
      id: publication.id,
      publishedAt: publication.publishedAt,
      publishedBy: publication.publishedBy,
      sha256: publication.documentSha256,
    },
    json: publication.document,
    document,
    revisedSince: revisionNotes(document, later),
  };
}
