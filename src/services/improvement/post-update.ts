import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit } from '../../db/repositories/audit.ts';
import { findItems, findUpdates, insertUpdate } from '../../db/repositories/improvement.ts';
import type { Database } from '../../db/schema.ts';
import { isIsoDay } from '../../domain/improvement/dates.ts';
import { positionOf } from '../../domain/improvement/plan.ts';
import { allowedStatusesText, statusCodeOf } from '../../domain/improvement/rag.ts';
import { invalid, notFound } from '../../errors.ts';
import { forbidden, isAllowed, requirePermission } from '../authorise.ts';
import type { RequestContext } from '../context.ts';
import { requirePlan, rulesOf, today } from './read-plan.ts';

/**
 * Posts a progress update on a project or action: a narrative, the status
 * and next steps, as on a day (today, unless the system or the performance
 * team records one reported earlier). Kept as history, never overwritten.
 * A lead may post only on the items they lead; the performance team on any.
 * Audited with the status before and after.
 */

const UpdateInput = z.object({
  status: z.string().trim().max(40).default(''),
  narrative: z.string().trim().max(10_000, 'must be at most 10,000 characters').default(''),
  nextSteps: z.string().trim().max(5_000, 'must be at most 5,000 characters').default(''),
  reportedOn: z.string().trim().optional(),
  /** Where a transcribed update came from (the demo's board report). */
  source: z.string().trim().max(300).default(''),
  /** Only the system may record an update with no status (a transcribed narrative that gave none). */
  isStatusOptional: z.boolean().default(false),
});

export async function postUpdate(
  db: Kysely<Database>,
  request: { planRef: string; itemRef: string; input: unknown },
  context: RequestContext,
): Promise<{ id: number; status: string | null }> {
  requirePermission(context, 'plans:read');
  const plan = await requirePlan(db, request.planRef);
  const items = await findItems(db, plan.id);
  const item = items.find((i) => i.ref === request.itemRef);
  if (!item) throw notFound(`Plan ${plan.ref} has no item ${request.itemRef}.`);
  if (!isAllowed(context, 'plans:progress', { ownerUserId: item.leadUserId })) throw forbidden();
  if (item.level === 'workstream')
    throw invalid('A workstream’s progress is its projects’.', [
      { field: 'status', message: 'post progress on a project or action' },
    ]);
  const parsed = UpdateInput.safeParse(request.input ?? {});
  if (!parsed.success)
    throw invalid(
      'Check the update.',
      parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? ''), message: i.message })),
    );
  const input = parsed.data;
  const issues: { field: string; message: string }[] = [];
  const status = input.status ? statusCodeOf(input.status, plan.definitions) : null;
  if (input.status && status === null)
    issues.push({ field: 'status', message: `must be one of ${allowedStatusesText(plan.definitions)}` });
  if (!input.status && !(input.isStatusOptional && context.actor === null))
    issues.push({ field: 'status', message: `is required: choose ${allowedStatusesText(plan.definitions)}` });
  if (!input.narrative)
    issues.push({ field: 'narrative', message: 'is required: say what has happened since the last update' });
  let reportedOn = today();
  if (input.reportedOn) {
    if (!isIsoDay(input.reportedOn))
      issues.push({ field: 'reportedOn', message: 'must be a day, as YYYY-MM-DD' });
    else if (input.reportedOn > today())
      issues.push({ field: 'reportedOn', message: 'cannot be in the future' });
    else if (input.reportedOn !== reportedOn && context.actor !== null && !isAllowed(context, 'plans:write'))
      issues.push({
        field: 'reportedOn',
        message: 'can only be today: ask the performance team to record an earlier update',
      });
    else reportedOn = input.reportedOn;
  }
  if (issues.length) throw invalid('The update was not posted.', issues);

  return db.transaction().execute(async (trx) => {
    const updates = await findUpdates(trx, plan.id);
    const before = positionOf(item, updates, reportedOn, rulesOf(plan)).status;
    const id = await insertUpdate(trx, {
      itemId: item.id,
      reportedOn,
      status,
      narrative: input.narrative,
      nextSteps: input.nextSteps,
      author: context.actorName,
      authorUserId: context.actor?.userId ?? null,
      source: input.source,
    });
    await writeAudit(trx, context, {
      action: 'improvement.progress.posted',
      entityType: 'improvement_item',
      entityId: `${plan.ref}/${item.ref}`,
      before: { status: before },
      after: { status: status ?? before, reportedOn, narrative: input.narrative, nextSteps: input.nextSteps },
    });
    return { id, status };
  });
}
