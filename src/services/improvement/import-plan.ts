import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit } from '../../db/repositories/audit.ts';
import { findPlan, insertItem, insertPlan, insertUpdate } from '../../db/repositories/improvement.ts';
import { findUserByEmail } from '../../db/repositories/people.ts';
import type { Database } from '../../db/schema.ts';
import { isIsoDay } from '../../domain/improvement/dates.ts';
import { DEFAULT_RAG_DEFINITIONS } from '../../domain/improvement/rag.ts';
import { invalid, type Issue } from '../../errors.ts';
import { parsePlanFile } from '../../import/improvement/parse-plan.ts';
import { requirePermission } from '../authorise.ts';
import type { RequestContext } from '../context.ts';
import { today } from './read-plan.ts';

/**
 * Imports a new plan from a file, all or nothing: a file with any problem
 * is refused whole, with every problem named, and nothing is stored. Leads
 * are matched to accounts by `lead_email` (or a lead written as an email
 * address); a lead with no account keeps the name as written. A status in
 * the file is recorded as the item's status on the day of the import.
 */

const PlanRequest = z.object({
  ref: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,19}$/, 'must be up to 20 letters, digits or hyphens, such as 2023'),
  title: z.string().trim().min(1, 'is required').max(200),
  startsOn: z.string().trim().refine(isIsoDay, 'must be a day, as YYYY-MM-DD'),
  updateCycleDays: z.coerce.number().int().min(7, 'must be at least 7').max(366).default(42),
});

export interface PlanFile {
  fileName: string;
  bytes: Uint8Array;
}

export interface PlanImportResult {
  ref: string;
  workstreams: number;
  projects: number;
  actions: number;
  leadsLinked: number;
  statuses: number;
  ignoredHeadings: string[];
}

export async function importPlan(
  db: Kysely<Database>,
  input: { plan: unknown; file: PlanFile; source?: string; statusOn?: string },
  context: RequestContext,
): Promise<PlanImportResult> {
  requirePermission(context, 'plans:write');
  const parsedRequest = PlanRequest.safeParse(input.plan);
  if (!parsedRequest.success)
    throw invalid(
      'Check the plan’s details.',
      parsedRequest.error.issues.map((i) => ({ field: String(i.path[0] ?? ''), message: i.message })),
    );
  const request = parsedRequest.data;
  if (await findPlan(db, request.ref))
    throw invalid('That plan already exists.', [
      { field: 'ref', message: `is taken: plan ${request.ref} already exists` },
    ]);
  const definitions = [...DEFAULT_RAG_DEFINITIONS];
  const parsed = await parsePlanFile(input.file.fileName, input.file.bytes, {
    startsOn: request.startsOn,
    definitions,
  });
  const issues: Issue[] = [...parsed.issues];
  const leadIds = new Map<string, number>();
  for (const item of parsed.items) {
    const email = item.leadEmail || (/^[^\s@]+@[^\s@]+$/.test(item.lead) ? item.lead.toLowerCase() : '');
    if (!email || leadIds.has(email)) continue;
    const user = await findUserByEmail(db, email);
    if (user) leadIds.set(email, user.id);
    else if (item.leadEmail)
      issues.push({
        file: input.file.fileName,
        row: item.row,
        field: 'lead_email',
        message: `"${email}" is not the email address of anyone with an account: add them first, or leave it blank to keep the lead's name only`,
      });
  }
  if (!parsed.items.length && !issues.length)
    issues.push({ file: input.file.fileName, field: '', message: 'the file has no items in it' });
  if (issues.length) throw invalid(`${input.file.fileName} was not imported: nothing was stored.`, issues);

  const statusOn = input.statusOn ?? today();
  return db.transaction().execute(async (trx) => {
    const planId = await insertPlan(trx, {
      ref: request.ref,
      title: request.title,
      startsOn: request.startsOn,
      updateCycleDays: request.updateCycleDays,
      definitions,
      source: input.source ?? input.file.fileName,
      createdBy: context.actorName,
    });
    const ids = new Map<string, number>();
    let statuses = 0;
    let leadsLinked = 0;
    for (const [index, item] of parsed.items.entries()) {
      const email = item.leadEmail || item.lead.toLowerCase();
      const leadUserId = leadIds.get(email) ?? null;
      if (leadUserId !== null) leadsLinked++;
      const id = await insertItem(trx, planId, {
        parentId: item.parentRef ? ids.get(item.parentRef)! : null,
        level: item.level,
        ref: item.ref,
        title: item.title,
        lead: item.lead,
        leadUserId,
        deliverables: item.deliverables,
        impact: item.impact,
        targetDate: item.targetDate,
        ambitions: item.ambitions,
        indicatorRefs: item.indicatorRefs,
        position: index + 1,
      });
      ids.set(item.ref, id);
      if (item.status) {
        statuses++;
        await insertUpdate(trx, {
          itemId: id,
          reportedOn: statusOn,
          status: item.status,
          narrative: '',
          nextSteps: '',
          author: context.actorName,
          authorUserId: context.actor?.userId ?? null,
          source: `Status in ${input.file.fileName}`,
        });
      }
    }
    const result: PlanImportResult = {
      ref: request.ref,
      workstreams: parsed.items.filter((i) => i.level === 'workstream').length,
      projects: parsed.items.filter((i) => i.level === 'project').length,
      actions: parsed.items.filter((i) => i.level === 'action').length,
      leadsLinked,
      statuses,
      ignoredHeadings: parsed.ignoredHeadings,
    };
    await writeAudit(trx, context, {
      action: 'improvement.plan.imported',
      entityType: 'improvement_plan',
      entityId: request.ref,
      after: { ...request, fileName: input.file.fileName, ...result },
    });
    return result;
  });
}
