import type { LaterFigure } from '../../reports/revision-notes.ts';
import type { Db } from './catalogue.ts';

/** A saved report: its definition is checked by the service (src/reports/definition.ts) whenever it is read. */
export interface ReportRecord {
  id: number;
  title: string;
  definition: unknown;
  organisationId: number;
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
  /** When it was last published (null if never). */
  lastPublishedAt: Date | null;
}

export interface PublicationRecord {
  id: number;
  reportId: number;
  publishedAt: Date;
  publishedBy: string;
  /** The ReportDocument exactly as published, as JSON text. */
  document: string;
  documentSha256: string;
}

function reportQuery(db: Db) {
  return db
    .selectFrom('reports as r')
    .selectAll('r')
    .select((eb) =>
      eb
        .selectFrom('report_publications as p')
        .whereRef('p.report_id', '=', 'r.id')
        .select((p) => p.fn.max('p.published_at').as('last'))
        .as('last_published_at'),
    );
}

type ReportRow = Awaited<ReturnType<ReturnType<typeof reportQuery>['executeTakeFirstOrThrow']>>;

const toReport = (r: ReportRow): ReportRecord => ({
  id: r.id,
  title: r.title,
  definition: r.definition,
  organisationId: r.organisation_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
  lastPublishedAt: r.last_published_at ? new Date(r.last_published_at) : null,
});

/** Reports, newest first; one organisation's when organisationId is set. */
export async function findReports(db: Db, organisationId: number | null): Promise<ReportRecord[]> {
  let query = reportQuery(db).orderBy('r.updated_at', 'desc').orderBy('r.id', 'desc');
  if (organisationId !== null) query = query.where('r.organisation_id', '=', organisationId);
  return (await query.execute()).map(toReport);
}

export async function findReport(db: Db, id: number): Promise<ReportRecord | null> {
  const row = await reportQuery(db).where('r.id', '=', id).executeTakeFirst();
  return row ? toReport(row) : null;
}

export async function insertReport(
  db: Db,
  report: { title: string; definition: unknown; organisationId: number; actor: string },
): Promise<number> {
  const { id } = await db
    .insertInto('reports')
    .values({
      title: report.title,
      definition: JSON.stringify(report.definition),
      organisation_id: report.organisationId,
      created_by: report.actor,
      updated_by: report.actor,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateReport(
  db: Db,
  id: number,
  report: { title: string; definition: unknown; actor: string },
): Promise<void> {
  await db
    .updateTable('reports')
    .set({
      title: report.title,
      definition: JSON.stringify(report.definition),
      updated_by: report.actor,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

const toPublication = (r: {
  id: number;
  report_id: number;
  published_at: Date;
  published_by: string;
  document: string;
  document_sha256: string;
}): PublicationRecord => ({
  id: r.id,
  reportId: r.report_id,
  publishedAt: r.published_at,
  publishedBy: r.published_by,
  document: r.document,
  documentSha256: r.document_sha256,
});

export async function insertPublication(
  db: Db,
  publication: { reportId: number; actor: string; publishedAt: Date; document: string; sha256: string },
): Promise<number> {
  const { id } = await db
    .insertInto('report_publications')
    .values({
      report_id: publication.reportId,
      published_by: publication.actor,
      published_at: publication.publishedAt,
      document: publication.document,
      document_sha256: publication.sha256,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** A report's publications, newest first, without their documents. */
export async function findPublications(
  db: Db,
  reportId: number,
): Promise<Omit<PublicationRecord, 'document'>[]> {
  const rows = await db
    .selectFrom('report_publications')
    .select(['id', 'report_id', 'published_at', 'published_by', 'document_sha256'])
    .where('report_id', '=', reportId)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    reportId: r.report_id,
    publishedAt: r.published_at,
    publishedBy: r.published_by,
    documentSha256: r.document_sha256,
  }));
}

export async function findPublication(
  db: Db,
  reportId: number,
  publicationId: number,
): Promise<PublicationRecord | null> {
  const row = await db
    .selectFrom('report_publications')
    .selectAll()
    .where('report_id', '=', reportId)
    .where('id', '=', publicationId)
    .executeTakeFirst();
  return row ? toPublication(row) : null;
}

/**
 * Figures of these indicators and periods recorded after a moment: the
 * corrections a published report has not seen. The caller keeps those of
 * the breakdowns it showed.
 */
export async function findRevisionsSince(
  db: Db,
  scope: { refs: string[]; periods: string[]; since: Date },
): Promise<LaterFigure[]> {
  if (scope.refs.length === 0 || scope.periods.length === 0) return [];
  const rows = await db
    .selectFrom('indicator_values as v')
    .innerJoin('indicators as i', 'i.id', 'v.indicator_id')
    .select([
      'i.ref',
      'v.period',
      'v.breakdown',
      'v.revision',
      'v.value',
      'v.entered_by',
      'v.entered_at',
      'v.reason',
    ])
    .where('i.ref', 'in', scope.refs)
    .where('v.period', 'in', scope.periods)
    .where('v.entered_at', '>', scope.since)
    .orderBy('v.entered_at')
    .orderBy('v.id')
    .execute();
  return rows.map((r) => ({
    indicator: r.ref,
    period: r.period,
    breakdown: r.breakdown,
    revision: r.revision,
    value: r.value === null ? null : Number(r.value),
    enteredBy: r.entered_by,
    enteredAt: r.entered_at,
    reason: r.reason,
  }));
}
