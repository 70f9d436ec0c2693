import type { Kysely } from 'kysely';
import { findLoops, type SchoolLink } from '../../domain/schools/predecessors.ts';
import { invalid, type Issue } from '../../errors.ts';
import { writeAudit } from '../../db/repositories/audit.ts';
import {
  findAllUrns,
  findInspections,
  findLinks,
  insertSchoolImport,
  replaceLinks,
  setSchoolImportCounts,
  upsertInspections,
  upsertSchools,
} from '../../db/repositories/schools.ts';
import type { Database } from '../../db/schema.ts';
import { parseGiasEstablishments, parseGiasLinks } from '../../import/schools/parse-gias.ts';
import { MI_LAYOUT_LABELS, parseOfstedInspections } from '../../import/schools/parse-ofsted-mi.ts';
import { requirePermission } from '../authorise.ts';
import type { RequestContext } from '../context.ts';

/**
 * Importing the school register (a GIAS establishment file, with or without
 * its links file) and Ofsted's inspection outcomes. Each import is all or
 * nothing: the files are read and every problem collected first (rows that
 * cannot be read, a URN given twice, links that loop, inspections of schools
 * the register does not hold), and any problem refuses the whole import
 * with every problem named; otherwise everything is written in one
 * transaction with its audit record. Loading the same file twice changes
 * nothing.
 */

export interface SchoolFile {
  fileName: string;
  bytes: Uint8Array;
}

export interface SchoolImportResult {
  importId: number;
  rowsRead: number;
  created: number;
  updated: number;
  unchanged: number;
  links: number;
  notes: string[];
}

/** The most problems a refusal lists; the count says how many more there were. */
const LISTED_PROBLEMS = 200;

function refuse(what: string, issues: Issue[]): never {
  const listed = issues.slice(0, LISTED_PROBLEMS);
  if (issues.length > LISTED_PROBLEMS)
    listed.push({ field: '', message: `…and ${issues.length - LISTED_PROBLEMS} more problems like these.` });
  throw invalid(
    `${issues.length} problem${issues.length === 1 ? '' : 's'} found in the ${what}; nothing was saved.`,
    listed,
  );
}

const loopIssue = (loop: number[], file?: string): Issue => ({
  ...(file ? { file } : {}),
  field: 'LinkURN',
  message: `the predecessor links go round in a loop: ${loop.join(' → ')} (each is recorded as the predecessor of the one before), so no chain can be followed back; correct the links`,
});

export async function importSchoolRegister(
  db: Kysely<Database>,
  files: { establishments: SchoolFile; links?: SchoolFile | undefined },
  context: RequestContext,
  options: { isIllustrative?: boolean } = {},
): Promise<SchoolImportResult> {
  requirePermission(context, 'schools:write');
  const register = parseGiasEstablishments(files.establishments.fileName, files.establishments.bytes);
  const links = files.links ? parseGiasLinks(files.links.fileName, files.links.bytes) : null;
  const issues = [...register.issues, ...(links?.issues ?? [])];
  if (!issues.length && links) {
    // The links after this import: those given, and those kept for schools the links file does not name.
    const replaced = new Set(links.rows.map((l) => l.urn));
    const kept = (await findLinks(db)).filter((l) => !replaced.has(l.urn));
    const fromOfsted = (await findInspections(db))
      .filter((i) => i.urn !== i.reportedUrn)
      .map((i) => ({ urn: i.reportedUrn, predecessorUrn: i.urn }));
    for (const loop of findLoops([...links.rows, ...kept], fromOfsted))
      issues.push(loopIssue(loop, files.links!.fileName));
  }
  if (issues.length) refuse('school register', issues);
  const schools = options.isIllustrative
    ? register.rows.map((s) => ({ ...s, isIllustrative: true }))
    : register.rows;

  return db.transaction().execute(async (trx) => {
    const notes = [
      ...register.notes.map((n) => `${files.establishments.fileName}: ${n}`),
      ...(links?.notes ?? []).map((n) => `${files.links!.fileName}: ${n}`),
    ];
    const importId = await insertSchoolImport(trx, {
      kind: 'register',
      fileName: [files.establishments.fileName, files.links?.fileName].filter(Boolean).join(' + '),
      encoding: register.encoding,
      rowsRead: schools.length,
      notes,
      createdBy: context.actorName,
      channel: context.channel,
    });
    const counts = await upsertSchools(trx, schools, importId);
    if (links) await replaceLinks(trx, links.rows, importId);
    const linkCount = links?.rows.length ?? 0;
    await setSchoolImportCounts(trx, importId, { ...counts, links: linkCount });
    await writeAudit(trx, context, {
      action: 'schools.import_register',
      entityType: 'school_imports',
      entityId: String(importId),
      after: {
        files: [files.establishments.fileName, files.links?.fileName].filter(Boolean),
        ...counts,
        links: linkCount,
      },
      detail: `${schools.length} schools read: ${counts.created} new, ${counts.updated} changed, ${counts.unchanged} unchanged${links ? `; ${linkCount} links` : ''}`,
    });
    return { importId, rowsRead: schools.length, ...counts, links: linkCount, notes };
  });
}

export async function importInspections(
  db: Kysely<Database>,
  file: SchoolFile,
  context: RequestContext,
): Promise<SchoolImportResult> {
  requirePermission(context, 'schools:write');
  const parsed = parseOfstedInspections(file.fileName, file.bytes);
  const issues = [...parsed.issues];
  if (!issues.length) {
    const register = await findAllUrns(db);
    for (const reported of parsed.reported)
      if (!register.has(reported.urn))
        issues.push({
          file: file.fileName,
          row: reported.row,
          field: 'URN',
          message: `URN ${reported.urn}${reported.name ? ` (${reported.name})` : ''} is not in the school register: import the GIAS establishment file that includes it first`,
        });
    const fromFile = parsed.inspections
      .filter((i) => i.urn !== i.reportedUrn)
      .map((i) => ({ urn: i.reportedUrn, predecessorUrn: i.urn }));
    if (fromFile.length) {
      const links: SchoolLink[] = await findLinks(db);
      for (const loop of findLoops(links, fromFile))
        issues.push({
          file: file.fileName,
          field: 'URN',
          message: `the inspections this file says were of another school, with the register’s links, go round in a loop: ${loop.join(' → ')}; check the "URN at time of …" columns`,
        });
    }
  }
  if (issues.length) refuse('inspection file', issues);

  return db.transaction().execute(async (trx) => {
    const notes = parsed.notes;
    const importId = await insertSchoolImport(trx, {
      kind: 'inspections',
      fileName: file.fileName,
      layout: parsed.layout!,
      encoding: parsed.encoding,
      rowsRead: parsed.reported.length,
      notes,
      createdBy: context.actorName,
      channel: context.channel,
    });
    const counts = await upsertInspections(trx, parsed.inspections, importId);
    await setSchoolImportCounts(trx, importId, counts);
    await writeAudit(trx, context, {
      action: 'schools.import_inspections',
      entityType: 'school_imports',
      entityId: String(importId),
      after: { file: file.fileName, layout: parsed.layout, schools: parsed.reported.length, ...counts },
      detail: `${MI_LAYOUT_LABELS[parsed.layout!]}: ${parsed.reported.length} schools, ${parsed.inspections.length} inspections (${counts.created} new, ${counts.updated} changed, ${counts.unchanged} unchanged)`,
    });
    return { importId, rowsRead: parsed.reported.length, ...counts, links: 0, notes };
  });
}
