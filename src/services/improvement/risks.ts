import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit } from '../../db/repositories/audit.ts';
import {
  findItems,
  findRisks,
  insertRisk,
  updateRisk,
  type RiskRecord,
  type RiskValues,
} from '../../db/repositories/improvement.ts';
import type { Database } from '../../db/schema.ts';
import { readPlanDate } from '../../domain/improvement/dates.ts';
import { invalid, notFound, type Issue } from '../../errors.ts';
import { requirePermission } from '../authorise.ts';
import type { RequestContext } from '../context.ts';
import { requirePlan } from './read-plan.ts';

/**
 * The risk register: risks with their owner, cause, consequence, scores
 * (likelihood and impact, 1–5, before mitigation, now and as targeted),
 * mitigations, review date and the plan items they bear on. Everyone who
 * reads plans reads it; the performance team keeps it. Audited with the
 * risk before and after.
 */

export async function listRisks(db: Kysely<Database>, context: RequestContext): Promise<RiskRecord[]> {
  requirePermission(context, 'plans:read');
  return findRisks(db);
}

export async function readRisk(
  db: Kysely<Database>,
  request: { planRef: string; ref: string },
  context: RequestContext,
): Promise<RiskRecord> {
  requirePermission(context, 'plans:read');
  const plan = await requirePlan(db, request.planRef);
  const [risk] = await findRisks(db, { planId: plan.id, ref: request.ref });
  if (!risk) throw notFound(`Plan ${plan.ref} has no risk ${request.ref}.`);
  return risk;
}

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`).default('');
const level = z
  .union([z.string(), z.number()])
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return null;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 5) {
      ctx.addIssue({ code: 'custom', message: 'must be a whole number from 1 to 5' });
      return z.NEVER;
    }
    return n;
  });

const RiskInput = z.object({
  ref: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9.-]{0,19}$/,
      'must be up to 20 letters, digits, dots or hyphens, such as R1',
    ),
  title: z.string().trim().min(1, 'is required').max(1000),
  owner: text(200),
  cause: text(5000),
  consequence: text(5000),
  inherentLikelihood: level,
  inherentImpact: level,
  residualLikelihood: level,
  residualImpact: level,
  targetLikelihood: level,
  targetImpact: level,
  mitigations: text(10_000),
  reviewOn: z.string().trim().optional(),
  isClosed: z
    .union([z.boolean(), z.string()])
    .optional()
    .transform((v) => v === true || v === 'true' || v === 'yes'),
  itemRefs: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) =>
      (Array.isArray(v) ? v : (v ?? '').split(/[;,\s]+/)).map((r) => r.trim()).filter(Boolean),
    ),
  source: text(300),
});

export async function saveRisk(
  db: Kysely<Database>,
  request: { planRef: string; existingRef?: string; input: unknown },
  context: RequestContext,
): Promise<{ ref: string }> {
  requirePermission(context, 'plans:write');
  const plan = await requirePlan(db, request.planRef);
  const parsed = RiskInput.safeParse(request.input ?? {});
  if (!parsed.success)
    throw invalid(
      'The risk was not saved.',
      parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? ''), message: i.message })),
    );
  const input = parsed.data;
  const issues: Issue[] = [];
  const pair = (name: 'inherent' | 'residual' | 'target') => {
    const likelihood = input[`${name}Likelihood`];
    const impact = input[`${name}Impact`];
    if ((likelihood === null) !== (impact === null))
      issues.push({
        field: likelihood === null ? `${name}Likelihood` : `${name}Impact`,
        message: 'is needed with the other half of the score: give both likelihood and impact, or neither',
      });
    return likelihood !== null && impact !== null ? { likelihood, impact } : null;
  };
  let reviewOn: string | null = null;
  if (input.reviewOn) {
    const reading = readPlanDate(input.reviewOn);
    if ('problem' in reading) issues.push({ field: 'reviewOn', message: reading.problem });
    else reviewOn = reading.date;
  }
  const values: RiskValues = {
    ref: input.ref,
    title: input.title,
    owner: input.owner,
    cause: input.cause,
    consequence: input.consequence,
    inherent: pair('inherent'),
    residual: pair('residual'),
    target: pair('target'),
    mitigations: input.mitigations,
    reviewOn,
    isClosed: input.isClosed,
    itemRefs: [...new Set(input.itemRefs)],
    source: input.source,
  };
  const refs = new Set((await findItems(db, plan.id)).map((i) => i.ref));
  const unknown = input.itemRefs.filter((r) => !refs.has(r));
  if (unknown.length)
    issues.push({ field: 'itemRefs', message: `names ${unknown.join(', ')}, not in plan ${plan.ref}` });
  const existing = request.existingRef
    ? (await findRisks(db, { planId: plan.id, ref: request.existingRef }))[0]
    : undefined;
  if (request.existingRef && !existing)
    throw notFound(`Plan ${plan.ref} has no risk ${request.existingRef}.`);
  if (input.ref !== existing?.ref && (await findRisks(db, { planId: plan.id, ref: input.ref })).length)
    issues.push({ field: 'ref', message: `is taken: plan ${plan.ref} already has a risk ${input.ref}` });
  if (issues.length) throw invalid('The risk was not saved.', issues);

  return db.transaction().execute(async (trx) => {
    if (existing) await updateRisk(trx, existing.id, values, context.actorName);
    else await insertRisk(trx, plan.id, values, context.actorName);
    await writeAudit(trx, context, {
      action: existing ? 'improvement.risk.changed' : 'improvement.risk.added',
      entityType: 'improvement_risk',
      entityId: `${plan.ref}/${values.ref}`,
      ...(existing ? { before: existing } : {}),
      after: values,
    });
    return { ref: values.ref };
  });
}
