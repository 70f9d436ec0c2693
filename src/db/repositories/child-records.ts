import { sql, type Kysely, type Transaction } from 'kysely';
import {
  emptyRecords,
  RECORD_KINDS,
  type ChildRecords,
  type Finding,
  type RecordKind,
  type ReturnSource,
} from '../../measures/model.ts';
import { pgArray } from '../pg-array.ts';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Findings per statement: large enough to keep round trips few, small enough to keep one statement's memory modest. */
const BATCH = 5000;

export interface ChildRecordImport {
  id: number;
  source: ReturnSource;
  la: string;
  asAt: string;
  fileNames: string;
  recordCounts: Partial<Record<RecordKind, number>>;
  findingCount: number;
  errorCount: number;
  createdBy: string;
  channel: string;
  createdAt: Date;
}

export async function insertChildRecordImport(
  db: Db,
  row: Omit<ChildRecordImport, 'id' | 'createdAt'>,
): Promise<number> {
  const { id } = await db
    .insertInto('child_record_imports')
    .values({
      source: row.source,
      la: row.la,
      as_at: row.asAt,
      file_names: row.fileNames,
      record_counts: JSON.stringify(row.recordCounts),
      finding_count: row.findingCount,
      error_count: row.errorCount,
      created_by: row.createdBy,
      channel: row.channel,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(id);
}

/**
 * Writes one kind of record from a return as at `asAt`. A record already
 * held from a return at least as recent is kept; an older one is replaced,
 * unless it is the same (then it is left alone: a census repeats every case
 * still open from the year before).
 * A child is merged instead: each return knows different things about the
 * child (Annex A the team, the SSDA903 whether they came as an
 * unaccompanied asylum seeker), so a field the return leaves empty keeps
 * the value held, and having been an asylum seeker is never forgotten.
 * Keys must be unique within `records`.
 */
export async function upsertChildRecords(
  db: Db,
  importId: number,
  asAt: string,
  kind: RecordKind,
  records: readonly { key: string; la: string; childId: string }[],
): Promise<void> {
  if (records.length === 0) return;
  // Staged by COPY (a fraction of the cost of parsing arrays of JSON), then merged in one statement.
  await sql`CREATE TEMP TABLE IF NOT EXISTS child_records_staging
    (la text, key text, child_id text, record text) ON COMMIT DROP`.execute(db);
  await sql`TRUNCATE child_records_staging`.execute(db);
  const lines: string[] = new Array<string>(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    lines[i] =
      `${copyText(r.la)}\t${copyText(r.key)}\t${copyText(r.childId)}\t${copyText(JSON.stringify(r))}\n`;
  }
  const blob = new Blob([lines.join('')]);
  // The data travels as the one parameter; the placeholder sits in a comment (see src/db/client.ts).
  await sql`COPY child_records_staging (la, key, child_id, record) FROM '/dev/blob' /* ${blob} */`.execute(
    db,
  );
  const rows = sql`
    SELECT la, ${kind}, key, child_id, ${asAt}::date, ${importId}::bigint, record FROM child_records_staging`;
  if (kind === 'children') {
    await sql`
      INSERT INTO child_records (la, kind, key, child_id, as_at, import_id, record) ${rows}
      ON CONFLICT (la, kind, key) DO UPDATE SET
        as_at = greatest(child_records.as_at, excluded.as_at),
        import_id = excluded.import_id,
        record = (
          CASE WHEN child_records.as_at <= excluded.as_at
            THEN child_records.record::jsonb || jsonb_strip_nulls(excluded.record::jsonb)
            ELSE jsonb_strip_nulls(excluded.record::jsonb) || child_records.record::jsonb
          END
          || jsonb_build_object('wasUasc',
               coalesce((child_records.record::jsonb->>'wasUasc')::boolean, false)
               OR coalesce((excluded.record::jsonb->>'wasUasc')::boolean, false))
        )::text
      WHERE child_records.record <> excluded.record`.execute(db);
  } else {
    await sql`
      INSERT INTO child_records (la, kind, key, child_id, as_at, import_id, record) ${rows}
      ON CONFLICT (la, kind, key) DO UPDATE SET
        as_at = excluded.as_at, import_id = excluded.import_id, record = excluded.record
      WHERE child_records.as_at <= excluded.as_at AND child_records.record <> excluded.record`.execute(db);
  }
}

/** A value in COPY's text format: backslash, tab and line ends escaped; null as \\N. */
function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : value;
}
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export async function insertFindings(db: Db, importId: number, findings: readonly Finding[]): Promise<void> {
  for (let i = 0; i < findings.length; i += BATCH) {
    const batch = findings.slice(i, i + BATCH);
    const column = <K extends keyof Finding>(name: K) => pgArray(batch.map((f) => f[name] as string | null));
    await sql`
      INSERT INTO child_record_findings (import_id, seq, rule, severity, message, file, location, kind,
        record_key, child_id, field, value)
      SELECT ${importId}, ${i} + n, rule, severity, message, file, location, kind, record_key, child_id, field, value
      FROM unnest(${column('rule')}::text[], ${column('severity')}::text[],
        ${column('message')}::text[], ${column('file')}::text[], ${column('location')}::text[],
        ${column('kind')}::text[], ${column('recordKey')}::text[], ${column('childId')}::text[],
        ${column('field')}::text[], ${column('value')}::text[]) WITH ORDINALITY
        AS t (rule, severity, message, file, location, kind, record_key, child_id, field, value, n)`.execute(
      db,
    );
  }
}

/** Records per page when loading: pages of a few megabytes keep the embedded database's memory (which never shrinks) small. */
const LOAD_PAGE = 50_000;

/**
 * Every record held for one authority, as the model's arrays. Each page of
 * a kind arrives as one JSON array (one value to decode instead of one per
 * row, which is what makes a large authority quick to load), pages taken in
 * key order.
 */
export async function loadChildRecords(db: Db, la: string): Promise<ChildRecords> {
  const records = emptyRecords();
  for (const kind of RECORD_KINDS) {
    const list: unknown[] = [];
    for (let after = ''; ;) {
      const { rows } = await sql<{ records: string | null; last: string | null; n: number }>`
        SELECT '[' || string_agg(record, ',') || ']' AS records, max(key) AS last, count(*)::int AS n
        FROM (SELECT key, record FROM child_records WHERE la = ${la} AND kind = ${kind} AND key > ${after}
              ORDER BY key LIMIT ${LOAD_PAGE}) AS page`.execute(db);
      const page = rows[0];
      if (!page?.records) break;
      for (const record of JSON.parse(page.records) as unknown[]) list.push(record);
      if (page.n < LOAD_PAGE) break;
      after = page.last!;
    }
    (records[kind] as unknown[]) = list;
  }
  return records;
}

/** The latest import of an authority's records (0 when none): what the records held depend on. */
export async function latestImportId(db: Db, la: string): Promise<number> {
  const row = await db
    .selectFrom('child_record_imports')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('la', '=', la)
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** The imports, latest first: all of them, one authority's, or one import. */
export async function findChildRecordImports(
  db: Db,
  filter: { la?: string; id?: number } = {},
): Promise<ChildRecordImport[]> {
  let query = db.selectFrom('child_record_imports').selectAll().orderBy('id', 'desc');
  if (filter.la !== undefined) query = query.where('la', '=', filter.la);
  if (filter.id !== undefined) query = query.where('id', '=', filter.id);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: Number(r.id),
    source: r.source,
    la: r.la,
    asAt: r.as_at,
    fileNames: r.file_names,
    recordCounts: typeof r.record_counts === 'string' ? JSON.parse(r.record_counts) : r.record_counts,
    findingCount: r.finding_count,
    errorCount: r.error_count,
    createdBy: r.created_by,
    channel: r.channel,
    createdAt: r.created_at,
  }));
}

export async function findFindings(
  db: Db,
  importId: number,
  page: { offset: number; limit: number },
): Promise<Finding[]> {
  const rows = await db
    .selectFrom('child_record_findings')
    .selectAll()
    .where('import_id', '=', importId)
    .orderBy('seq')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return rows.map((r) => ({
    rule: r.rule,
    severity: r.severity,
    message: r.message,
    file: r.file,
    location: r.location,
    kind: r.kind as RecordKind,
    recordKey: r.record_key,
    childId: r.child_id,
    field: r.field,
    value: r.value,
  }));
}

/** The authorities with records held, and how many children each. */
export async function findAuthoritiesHeld(db: Db): Promise<{ la: string; children: number }[]> {
  const rows = await db
    .selectFrom('child_records')
    .select(['la', (eb) => eb.fn.countAll<number>().as('children')])
    .where('kind', '=', 'children')
    .groupBy('la')
    .orderBy('la')
    .execute();
  return rows.map((r) => ({ la: r.la, children: Number(r.children) }));
}
