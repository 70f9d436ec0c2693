import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Inspection, ReportCard } from '../../domain/schools/inspection.ts';
import type { SchoolLink } from '../../domain/schools/predecessors.ts';
import type { School } from '../../domain/schools/school.ts';
import type { Database } from '../schema.ts';
import type { SchoolInspectionsTable, SchoolsTable } from '../schools-schema.ts';

type Db = Kysely<Database> | Transaction<Database>;
type Row<T> = { [K in keyof T]: T[K] extends { __select__: infer S } ? S : T[K] };

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters with every column of a school. */
const CHUNK = 1000;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// ---------------------------------------------------------------------------
// Imports

export interface SchoolImportRecord {
  kind: 'register' | 'inspections';
  fileName: string;
  layout?: string;
  encoding: string;
  rowsRead: number;
  notes: string[];
  createdBy: string;
  channel: string;
}

export async function insertSchoolImport(db: Db, record: SchoolImportRecord): Promise<number> {
  const row = await db
    .insertInto('school_imports')
    .values({
      kind: record.kind,
      file_name: record.fileName,
      layout: record.layout ?? '',
      encoding: record.encoding,
      rows_read: record.rowsRead,
      notes: JSON.stringify(record.notes),
      created_by: record.createdBy,
      channel: record.channel,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setSchoolImportCounts(
  db: Db,
  id: number,
  counts: { created: number; updated: number; unchanged: number; links?: number },
): Promise<void> {
  await db
    .updateTable('school_imports')
    .set({
      created_count: counts.created,
      updated_count: counts.updated,
      unchanged_count: counts.unchanged,
      links_count: counts.links ?? 0,
    })
    .where('id', '=', id)
    .execute();
}

export interface SchoolImportSummary {
  id: number;
  kind: 'register' | 'inspections';
  fileName: string;
  layout: string;
  encoding: string;
  rowsRead: number;
  created: number;
  updated: number;
  unchanged: number;
  links: number;
  notes: string[];
  createdBy: string;
  createdAt: Date;
}

export async function findSchoolImports(db: Db, limit = 20): Promise<SchoolImportSummary[]> {
  const rows = await db.selectFrom('school_imports').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    fileName: r.file_name,
    layout: r.layout,
    encoding: r.encoding,
    rowsRead: r.rows_read,
    created: r.created_count,
    updated: r.updated_count,
    unchanged: r.unchanged_count,
    links: r.links_count,
    notes: (r.notes as string[]) ?? [],
    createdBy: r.created_by,
    createdAt: r.created_at,
  }));
}

// ---------------------------------------------------------------------------
// The register

const SCHOOL_COLUMNS = [
  'laestab',
  'name',
  'la_code',
  'la_name',
  'type_code',
  'type_name',
  'type_group_code',
  'type_group_name',
  'phase_code',
  'phase_name',
  'status_code',
  'status_name',
  'open_date',
  'close_date',
  'is_illustrative',
] as const;

/**
 * Adds new schools and updates changed ones (by URN); a school the same as
 * before is left alone. Schools not in the list are kept: a register file
 * may cover one authority, and closed schools stay closed, not deleted.
 */
export async function upsertSchools(
  db: Db,
  schools: readonly School[],
  importId: number,
): Promise<{ created: number; updated: number; unchanged: number }> {
  const existing = new Set<number>();
  for (const part of chunks(
    schools.map((s) => s.urn),
    5000,
  )) {
    const rows = await db.selectFrom('schools').select('urn').where('urn', 'in', part).execute();
    for (const r of rows) existing.add(r.urn);
  }
  let changed = 0;
  const list = (table: string) => sql.join(SCHOOL_COLUMNS.map((c) => sql.ref(`${table}.${c}`)));
  for (const part of chunks(schools)) {
    const written = await db
      .insertInto('schools')
      .values(part.map((s) => ({ ...schoolRow(s), import_id: importId })))
      .onConflict((oc) =>
        oc
          .column('urn')
          .doUpdateSet((eb) => ({
            ...Object.fromEntries(SCHOOL_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)])),
            import_id: eb.ref('excluded.import_id'),
            updated_at: sql<Date>`now()`,
          }))
          .where(sql<boolean>`(${list('schools')}) IS DISTINCT FROM (${list('excluded')})`),
      )
      .returning('urn')
      .execute();
    changed += written.length;
  }
  const created = schools.filter((s) => !existing.has(s.urn)).length;
  return { created, updated: changed - created, unchanged: schools.length - changed };
}

function schoolRow(s: School): Omit<Row<SchoolsTable>, 'import_id' | 'updated_at'> {
  return {
    urn: s.urn,
    laestab: s.laestab,
    name: s.name,
    la_code: s.laCode,
    la_name: s.laName,
    type_code: s.typeCode,
    type_name: s.typeName,
    type_group_code: s.typeGroupCode,
    type_group_name: s.typeGroupName,
    phase_code: s.phaseCode,
    phase_name: s.phaseName,
    status_code: s.statusCode,
    status_name: s.statusName,
    open_date: s.openDate,
    close_date: s.closeDate,
    is_illustrative: s.isIllustrative,
  };
}

/** A school's row as read (the import that last wrote it and when are not part of a school). */
type SchoolSelect = Omit<Selectable<SchoolsTable>, 'import_id' | 'updated_at'>;

const toSchool = (r: SchoolSelect): School => ({
  urn: r.urn,
  laestab: r.laestab,
  name: r.name,
  laCode: r.la_code,
  laName: r.la_name,
  typeCode: r.type_code,
  typeName: r.type_name,
  typeGroupCode: r.type_group_code,
  typeGroupName: r.type_group_name,
  phaseCode: r.phase_code,
  phaseName: r.phase_name,
  statusCode: r.status_code,
  statusName: r.status_name,
  openDate: r.open_date,
  closeDate: r.close_date,
  isIllustrative: r.is_illustrative,
});

const SCHOOL_SELECT = ['urn', ...SCHOOL_COLUMNS] as const;

/** The schools of some authorities (by LA code), or of every authority when none are named. */
export async function findSchools(db: Db, laCodes?: readonly string[]): Promise<School[]> {
  let query = db.selectFrom('schools').select(SCHOOL_SELECT);
  if (laCodes) {
    if (!laCodes.length) return [];
    query = query.where('la_code', 'in', laCodes);
  }
  return (await query.orderBy('urn').execute()).map(toSchool);
}

export async function findSchoolsByUrn(db: Db, urns: readonly number[]): Promise<School[]> {
  const out: School[] = [];
  for (const part of chunks(urns, 5000)) {
    if (!part.length) continue;
    const rows = await db.selectFrom('schools').select(SCHOOL_SELECT).where('urn', 'in', part).execute();
    out.push(...rows.map(toSchool));
  }
  return out;
}

export async function findAllUrns(db: Db): Promise<Set<number>> {
  return new Set((await db.selectFrom('schools').select('urn').execute()).map((r) => r.urn));
}

export interface Authority {
  laCode: string;
  laName: string;
  schools: number;
}

/** Every authority in the register, by name, with how many schools (open or closed) it has there. */
export async function findAuthorities(db: Db): Promise<Authority[]> {
  const rows = await db
    .selectFrom('schools')
    .select([
      'la_code',
      (eb) => eb.fn.max('la_name').as('la_name'),
      (eb) => eb.fn.countAll<number>().as('schools'),
    ])
    .groupBy('la_code')
    .execute();
  return rows
    .map((r) => ({ laCode: r.la_code, laName: r.la_name, schools: Number(r.schools) }))
    .sort((a, b) => a.laName.localeCompare(b.laName) || a.laCode.localeCompare(b.laCode));
}

// ---------------------------------------------------------------------------
// Links

/** Replaces every link recorded for the schools named on the links' own side (URN), then adds the links given. */
export async function replaceLinks(db: Db, links: readonly SchoolLink[], importId: number): Promise<void> {
  const urns = [...new Set(links.map((l) => l.urn))];
  for (const part of chunks(urns, 5000))
    await db.deleteFrom('school_links').where('urn', 'in', part).execute();
  for (const part of chunks(links))
    await db
      .insertInto('school_links')
      .values(
        part.map((l) => ({
          urn: l.urn,
          link_urn: l.linkUrn,
          link_type: l.linkType,
          link_date: l.linkDate,
          import_id: importId,
        })),
      )
      .execute();
}

const toLink = (r: {
  urn: number;
  link_urn: number;
  link_type: string;
  link_date: string | null;
}): SchoolLink => ({
  urn: r.urn,
  linkUrn: r.link_urn,
  linkType: r.link_type,
  linkDate: r.link_date,
});

/** Every link, or those with either side among the URNs given. */
export async function findLinks(db: Db, urns?: readonly number[]): Promise<SchoolLink[]> {
  const select = db.selectFrom('school_links').select(['urn', 'link_urn', 'link_type', 'link_date']);
  if (!urns) return (await select.execute()).map(toLink);
  const out: SchoolLink[] = [];
  for (const part of chunks(urns, 5000)) {
    if (!part.length) continue;
    const rows = await select
      .where((eb) => eb.or([eb('urn', 'in', part), eb('link_urn', 'in', part)]))
      .execute();
    out.push(...rows.map(toLink));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Inspections

const INSPECTION_COLUMNS = [
  'urn',
  'kind',
  'start_date',
  'publication_date',
  'overall_effectiveness',
  'category_of_concern',
  'ungraded_outcome',
  'report_card',
] as const;

/** Adds new inspections and updates changed ones (by inspection number and the school reporting it). */
export async function upsertInspections(
  db: Db,
  inspections: readonly Inspection[],
  importId: number,
): Promise<{ created: number; updated: number; unchanged: number }> {
  const key = (number: string, reported: number) => `${number}|${reported}`;
  const existing = new Set<string>();
  for (const part of chunks(inspections, 5000)) {
    const rows = await db
      .selectFrom('school_inspections')
      .select(['inspection_number', 'reported_urn'])
      .where(
        'inspection_number',
        'in',
        part.map((i) => i.inspectionNumber),
      )
      .execute();
    for (const r of rows) existing.add(key(r.inspection_number, r.reported_urn));
  }
  const list = (table: string) =>
    sql.join(
      INSPECTION_COLUMNS.map((c) =>
        c === 'report_card' ? sql`${sql.ref(`${table}.${c}`)}::text` : sql.ref(`${table}.${c}`),
      ),
    );
  let changed = 0;
  for (const part of chunks(inspections)) {
    const written = await db
      .insertInto('school_inspections')
      .values(part.map((i) => ({ ...inspectionRow(i), import_id: importId })))
      .onConflict((oc) =>
        oc
          .columns(['inspection_number', 'reported_urn'])
          .doUpdateSet((eb) => ({
            ...Object.fromEntries(INSPECTION_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)])),
            import_id: eb.ref('excluded.import_id'),
          }))
          .where(sql<boolean>`(${list('school_inspections')}) IS DISTINCT FROM (${list('excluded')})`),
      )
      .returning('urn')
      .execute();
    changed += written.length;
  }
  const created = inspections.filter((i) => !existing.has(key(i.inspectionNumber, i.reportedUrn))).length;
  return { created, updated: changed - created, unchanged: inspections.length - changed };
}

function inspectionRow(
  i: Inspection,
): Omit<Row<SchoolInspectionsTable>, 'import_id'> & { report_card: string | null } {
  return {
    inspection_number: i.inspectionNumber,
    reported_urn: i.reportedUrn,
    urn: i.urn,
    kind: i.kind,
    start_date: i.startDate,
    publication_date: i.publicationDate,
    overall_effectiveness: i.overallEffectiveness,
    category_of_concern: i.categoryOfConcern,
    ungraded_outcome: i.ungradedOutcome,
    report_card: i.reportCard ? JSON.stringify(i.reportCard) : null,
  };
}

/** An inspection's row as read (which import brought it is not part of an inspection). */
type InspectionSelect = Omit<Selectable<SchoolInspectionsTable>, 'import_id'>;

const toInspection = (r: InspectionSelect): Inspection => ({
  inspectionNumber: r.inspection_number,
  urn: r.urn,
  reportedUrn: r.reported_urn,
  kind: r.kind,
  startDate: r.start_date,
  publicationDate: r.publication_date,
  overallEffectiveness: r.overall_effectiveness as Inspection['overallEffectiveness'],
  categoryOfConcern: r.category_of_concern,
  ungradedOutcome: r.ungraded_outcome,
  reportCard: (typeof r.report_card === 'string'
    ? JSON.parse(r.report_card)
    : r.report_card) as ReportCard | null,
});

const INSPECTION_SELECT = ['inspection_number', 'reported_urn', ...INSPECTION_COLUMNS] as const;

/** Every inspection, or those of the URNs given (inspected, or reported by them). */
export async function findInspections(db: Db, urns?: readonly number[]): Promise<Inspection[]> {
  const select = db.selectFrom('school_inspections').select(INSPECTION_SELECT);
  if (!urns) return (await select.execute()).map(toInspection);
  const out: Inspection[] = [];
  for (const part of chunks(urns, 5000)) {
    if (!part.length) continue;
    const rows = await select
      .where((eb) => eb.or([eb('urn', 'in', part), eb('reported_urn', 'in', part)]))
      .execute();
    out.push(...rows.map(toInspection));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Reported positions

export interface PositionReport {
  laCode: string;
  asAt: string;
  period: string;
  createdBy: string;
  createdAt: Date;
}

export async function savePositionReport(
  db: Db,
  report: { laCode: string; asAt: string; indicatorId: number; period: string; createdBy: string },
): Promise<void> {
  await db
    .insertInto('school_position_reports')
    .values({
      la_code: report.laCode,
      as_at: report.asAt,
      indicator_id: report.indicatorId,
      period: report.period,
      created_by: report.createdBy,
    })
    .onConflict((oc) =>
      oc.columns(['la_code', 'as_at']).doUpdateSet({
        indicator_id: report.indicatorId,
        period: report.period,
        created_by: report.createdBy,
      }),
    )
    .execute();
}

export async function findPositionReports(db: Db, laCode: string): Promise<PositionReport[]> {
  const rows = await db
    .selectFrom('school_position_reports')
    .selectAll()
    .where('la_code', '=', laCode)
    .orderBy('as_at', 'desc')
    .execute();
  return rows.map((r) => ({
    laCode: r.la_code,
    asAt: r.as_at,
    period: r.period,
    createdBy: r.created_by,
    createdAt: r.created_at,
  }));
}
