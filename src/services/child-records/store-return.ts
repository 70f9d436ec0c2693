import type { Kysely } from 'kysely';
import { writeAudit } from '../../db/repositories/audit.ts';
import { bumpDataVersion } from '../../db/repositories/catalogue.ts';
import {
  insertChildRecordImport,
  insertFindings,
  upsertChildRecords,
} from '../../db/repositories/child-records.ts';
import type { Database } from '../../db/schema.ts';
import {
  RECORD_KINDS,
  type ChildRecords,
  type Finding,
  type IsoDate,
  type RecordKind,
  type ReturnSource,
} from '../../measures/model.ts';
import { requirePermission } from '../authorise.ts';
import type { RequestContext } from '../context.ts';

/**
 * Storing a return that has been read: its records and its data-quality
 * findings, in one transaction with the audit record, or nothing. A record
 * the return carries twice (two assessments of one child starting the same
 * day) is kept once, the later one, and the duplicate becomes a finding.
 */

export interface ReadReturn {
  source: ReturnSource;
  la: string;
  /** The census reference date, the SSDA903 year end or the Annex A extract date. */
  asAt: IsoDate;
  fileNames: readonly string[];
  records: ChildRecords;
  findings: readonly Finding[];
}

export interface StoredReturn {
  importId: number;
  la: string;
  asAt: IsoDate;
  recordCounts: Partial<Record<RecordKind, number>>;
  findingCount: number;
  errorCount: number;
}

/** Our own rule for a record given twice in one return (the DfE catalogues have none that fits). */
export const DUPLICATE_RULE = 'SC-DUP';

function withoutDuplicates<T extends { key: string; childId: string }>(
  kind: RecordKind,
  records: readonly T[],
  fileName: string,
): { records: T[]; findings: Finding[] } {
  const byKey = new Map<string, T>();
  const findings: Finding[] = [];
  for (const record of records) {
    if (byKey.has(record.key)) {
      findings.push({
        rule: DUPLICATE_RULE,
        severity: 'query',
        message: `The return gives this ${kind === 'children' ? 'child' : 'record'} more than once; the last one is kept.`,
        file: fileName,
        location: '',
        kind,
        recordKey: record.key,
        childId: record.childId,
        field: 'key',
        value: record.key,
      });
    }
    byKey.set(record.key, record);
  }
  return { records: [...byKey.values()], findings };
}

export async function storeReturn(
  db: Kysely<Database>,
  read: ReadReturn,
  context: RequestContext,
): Promise<StoredReturn> {
  requirePermission(context, 'children:import');
  const findings = [...read.findings];
  const unique = new Map<RecordKind, readonly { key: string; la: string; childId: string }[]>();
  for (const kind of RECORD_KINDS) {
    const records: readonly { key: string; la: string; childId: string }[] = read.records[kind];
    const deduplicated = withoutDuplicates(kind, records, read.fileNames.join(', '));
    unique.set(kind, deduplicated.records);
    findings.push(...deduplicated.findings);
  }
  const recordCounts: Partial<Record<RecordKind, number>> = {};
  for (const [kind, records] of unique) if (records.length) recordCounts[kind] = records.length;
  const errorCount = findings.filter((f) => f.severity === 'error').length;

  const importId = await db.transaction().execute(async (trx) => {
    const id = await insertChildRecordImport(trx, {
      source: read.source,
      la: read.la,
      asAt: read.asAt,
      fileNames: read.fileNames.join(', '),
      recordCounts,
      findingCount: findings.length,
      errorCount,
      createdBy: context.actorName,
      channel: context.channel,
    });
    for (const [kind, records] of unique) await upsertChildRecords(trx, id, read.asAt, kind, records);
    await insertFindings(trx, id, findings);
    await bumpDataVersion(trx);
    await writeAudit(trx, context, {
      action: 'child_records.import',
      entityType: 'child_record_import',
      entityId: String(id),
      after: { source: read.source, la: read.la, asAt: read.asAt, files: read.fileNames, recordCounts },
      detail: `${findings.length} data-quality findings (${errorCount} errors)`,
    });
    return id;
  });
  return { importId, la: read.la, asAt: read.asAt, recordCounts, findingCount: findings.length, errorCount };
}
