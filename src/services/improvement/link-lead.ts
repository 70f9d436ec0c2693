import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit } from '../../db/repositories/audit.ts';
import { findItems, setLeadAccount } from '../../db/repositories/improvement.ts';
import { findUserByEmail } from '../../db/repositories/people.ts';
import type { Database } from '../../db/schema.ts';
import { invalid } from '../../errors.ts';
import { requirePermission } from '../authorise.ts';
import type { RequestContext } from '../context.ts';
import { requirePlan } from './read-plan.ts';

/**
 * Links a lead, as the plan names them ("Director SEND and Inclusion"), to
 * the account of the person in that post: every item with that lead is then
 * theirs to update. An empty email unlinks them. Audited.
 */

const LinkInput = z.object({
  lead: z.string().trim().min(1, 'is required'),
  email: z.string().trim().toLowerCase().default(''),
});

export async function linkLead(
  db: Kysely<Database>,
  request: { planRef: string; input: unknown },
  context: RequestContext,
): Promise<{ lead: string; items: number; userName: string | null }> {
  requirePermission(context, 'plans:write');
  const plan = await requirePlan(db, request.planRef);
  const parsed = LinkInput.safeParse(request.input ?? {});
  if (!parsed.success)
    throw invalid(
      'Choose a lead.',
      parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? ''), message: i.message })),
    );
  const { lead, email } = parsed.data;
  const items = await findItems(db, plan.id);
  if (!items.some((i) => i.lead === lead))
    throw invalid('No item has that lead.', [
      { field: 'lead', message: `"${lead}" leads nothing in plan ${plan.ref}` },
    ]);
  const user = email ? await findUserByEmail(db, email) : null;
  if (email && !user)
    throw invalid('No one has that email address.', [
      { field: 'email', message: `"${email}" is not the email address of anyone with an account` },
    ]);
  return db.transaction().execute(async (trx) => {
    const count = await setLeadAccount(trx, plan.id, lead, user?.id ?? null);
    await writeAudit(trx, context, {
      action: 'improvement.lead.linked',
      entityType: 'improvement_plan',
      entityId: plan.ref,
      before: { lead, userIds: [...new Set(items.filter((i) => i.lead === lead).map((i) => i.leadUserId))] },
      after: { lead, userId: user?.id ?? null, email: user?.email ?? null, items: count },
    });
    return { lead, items: count, userName: user?.name ?? null };
  });
}
