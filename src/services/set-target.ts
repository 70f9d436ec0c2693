import type { Kysely } from 'kysely';
import { invalid } from '../errors.ts';
import { writeAudit } from '../db/repositories/audit.ts';
import { bumpDataVersion, findIndicator, findTargets, saveTargetRow } from '../db/repositories/catalogue.ts';
import type { Database } from '../db/schema.ts';
import { requirePermission } from './authorise.ts';
import type { RequestContext } from './context.ts';
import { parseAll, TargetInput } from './inputs.ts';

/** Sets (or replaces) an indicator's target for one reporting year. */
export async function setTarget(
  db: Kysely<Database>,
  input: unknown,
  context: RequestContext,
): Promise<void> {
  requirePermission(context, 'catalogue:write');
  const [t] = parseAll(TargetInput, [input]);
  const target = t!;
  await db.transaction().execute(async (trx) => {
    const indicator = await findIndicator(trx, target.ref);
    if (!indicator)
      throw invalid('The target was not saved.', [
        { field: 'ref', message: `no indicator has the reference "${target.ref}"` },
      ]);
    const yearShape = indicator.reportingYear === 'calendar' ? /^\d{4}$/ : /^\d{4}-\d{2}$/;
    if (!yearShape.test(target.year)) {
      throw invalid('The target was not saved.', [
        {
          field: 'year',
          message: `${indicator.ref} reports by ${indicator.reportingYear} year, so its target years look like ${indicator.reportingYear === 'calendar' ? '2017' : '2017-18'}`,
        },
      ]);
    }
    const before = (await findTargets(trx, [indicator.id]))
      .get(indicator.id)
      ?.find((r) => r.year === target.year);
    await saveTargetRow(trx, {
      indicatorId: indicator.id,
      year: target.year,
      kind: target.kind,
      value: target.kind === 'value' ? (target.value ?? null) : null,
      low: target.kind === 'band' ? (target.low ?? null) : null,
      high: target.kind === 'band' ? (target.high ?? null) : null,
      benchmark: target.kind === 'benchmark' ? (target.benchmark ?? null) : null,
      tolerance: ['value', 'band', 'benchmark'].includes(target.kind) ? (target.tolerance ?? null) : null,
      note: target.note,
    });
    await bumpDataVersion(trx);
    const after = (await findTargets(trx, [indicator.id]))
      .get(indicator.id)
      ?.find((r) => r.year === target.year);
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await writeAudit(trx, context, {
        action: 'target.set',
        entityType: 'indicator',
        entityId: indicator.ref,
        ...(before ? { before: before.target } : {}),
        after: after?.target,
        detail: `target for ${target.year}`,
      });
    }
  });
}
