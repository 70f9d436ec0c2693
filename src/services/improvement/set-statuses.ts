import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit } from '../../db/repositories/audit.ts';
import { updatePlanDefinitions } from '../../db/repositories/improvement.ts';
import type { Database } from '../../db/schema.ts';
import { definitionProblems, type RagDefinition } from '../../domain/improvement/rag.ts';
import { invalid, type Issue } from '../../errors.ts';
import { requirePermission } from '../authorise.ts';
import type { RequestContext } from '../context.ts';
import { requirePlan } from './read-plan.ts';

/**
 * Changes how a plan names, explains and colours its statuses: the label,
 * the meaning (as the board agreed it) and the colour of each. The statuses
 * themselves (their codes, and whether each is complete, closes an item or
 * is off track) stay as they are, since the history of updates is written in
 * them. Audited with the definitions before and after.
 */

const StatusEdit = z.object({
  label: z.string().trim().min(1, 'is required').max(30, 'must be at most 30 characters'),
  meaning: z.string().trim().min(1, 'is required').max(300, 'must be at most 300 characters'),
  colour: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #rrggbb, such as #f47738'),
});

export async function setStatuses(
  db: Kysely<Database>,
  request: { planRef: string; input: Record<string, unknown> },
  context: RequestContext,
): Promise<RagDefinition[]> {
  requirePermission(context, 'plans:write');
  const plan = await requirePlan(db, request.planRef);
  const issues: Issue[] = [];
  const definitions = plan.definitions.map((d) => {
    const parsed = StatusEdit.safeParse({
      label: request.input[`${d.code}-label`] ?? d.label,
      meaning: request.input[`${d.code}-meaning`] ?? d.meaning,
      colour: request.input[`${d.code}-colour`] ?? d.colour,
    });
    if (!parsed.success) {
      for (const i of parsed.error.issues)
        issues.push({ field: `${d.code}-${String(i.path[0])}`, message: `(${d.label}) ${i.message}` });
      return d;
    }
    return { ...d, ...parsed.data, colour: parsed.data.colour.toLowerCase() };
  });
  if (!issues.length)
    for (const problem of definitionProblems(definitions)) issues.push({ field: '', message: problem });
  if (issues.length) throw invalid('The statuses were not changed.', issues);
  return db.transaction().execute(async (trx) => {
    await updatePlanDefinitions(trx, plan.id, definitions);
    await writeAudit(trx, context, {
      action: 'improvement.statuses.changed',
      entityType: 'improvement_plan',
      entityId: plan.ref,
      before: plan.definitions,
      after: definitions,
    });
    return definitions;
  });
}
