import type { Kysely } from 'kysely';
import { z } from 'zod';
import { applyAction, itemStateOf, type ItemAction } from '../../domain/publication.ts';
import { writeAudit } from '../../db/repositories/audit.ts';
import { findIndicators } from '../../db/repositories/catalogue.ts';
import {
  findItems,
  findItemsWithData,
  lockPublicationPeriod,
  moveItem,
} from '../../db/repositories/publication.ts';
import type { Database } from '../../db/schema.ts';
import { invalid, notFound, type Issue } from '../../errors.ts';
import { isAllowed, requirePermission } from '../authorise.ts';
import type { RequestContext } from '../context.ts';
import { parseAll } from '../inputs.ts';
import { mayWrite, parseMonth } from './cycle.ts';

export const ItemActionInput = z.object({
  month: z.string().trim().min(1, 'is required'),
  action: z.enum(['submit', 'check', 'return'], { error: () => 'must be submit, check or return' }),
  itemIds: z.array(z.coerce.number().int().positive()).min(1, 'choose at least one item'),
  note: z.string().trim().max(2000, 'must be at most 2,000 characters').default(''),
});
export type ItemActionInput = z.input<typeof ItemActionInput>;

/**
 * Submits, checks or returns items of an open period, all or nothing: if
 * any item may not move, none does and every refusal is named. Owners and
 * partners submit their own items (figures:write on the indicator); the
 * performance team checks and returns (publication:manage), returning with
 * a note for the owner. Each move is kept in the item's history and audited.
 */
export async function actOnItems(
  db: Kysely<Database>,
  input: unknown,
  context: RequestContext,
): Promise<{ moved: number }> {
  const [fields] = parseAll(ItemActionInput, [input]);
  const { action: kind, note, itemIds } = fields!;
  requirePermission(context, kind === 'submit' ? 'figures:write' : 'publication:manage');
  const month = parseMonth(fields!.month);
  const action: ItemAction = kind === 'submit' ? { kind } : { kind, note };

  return db.transaction().execute(async (trx) => {
    // Serialises with publishing: nothing moves in a period while it is being published.
    const period = await lockPublicationPeriod(trx, month.code);
    if (!period) throw notFound(`${month.label} has not been opened for entry.`);
    const items = await findItems(trx, { month: month.code, ids: [...new Set(itemIds)] });
    const indicators = new Map(
      (await findIndicators(trx))
        .filter((i) => items.some((it) => it.indicatorId === i.id))
        .map((i) => [i.id, i]),
    );
    const withData = await findItemsWithData(trx, items);
    const issues: Issue[] = [];
    const moves: { item: (typeof items)[number]; stage: ReturnType<typeof applyAction> }[] = [];
    for (const id of new Set(itemIds)) {
      const item = items.find((i) => i.id === id);
      const indicator = item && indicators.get(item.indicatorId);
      // An item the actor may not see is "not there", so identifiers cannot be probed.
      if (
        !item ||
        !indicator ||
        !isAllowed(context, 'figures:read', { organisationId: indicator.organisationId })
      ) {
        issues.push({ field: 'itemIds', message: `there is no item ${id} in ${month.label}` });
        continue;
      }
      if (kind === 'submit' && !mayWrite(context, indicator)) {
        issues.push({ field: 'itemIds', message: `${indicator.ref} is not yours to submit` });
        continue;
      }
      const state = itemStateOf({
        stage: item.stage,
        hasData: withData.has(`${item.indicatorId}|${item.period}`),
        isPublished: period.publishedAt !== null,
      });
      const result = applyAction(state, action);
      if (!result.ok)
        issues.push({
          field: 'itemIds',
          message: `${indicator.ref} cannot be ${PAST[kind]}: ${result.reason}`,
        });
      else moves.push({ item, stage: result });
    }
    if (issues.length)
      throw invalid(
        `${issues.length === 1 ? 'An item' : `${issues.length} items`} could not be ${PAST[kind]}; nothing was changed.`,
        issues,
      );
    for (const { item, stage } of moves) {
      if (!stage.ok) continue;
      await moveItem(trx, item, { stage: stage.stage, note, actor: context.actorName });
      const ref = indicators.get(item.indicatorId)!.ref;
      await writeAudit(trx, context, {
        action: `publication.item.${kind}`,
        entityType: 'publication_item',
        entityId: String(item.id),
        before: { stage: item.stage },
        after: { stage: stage.stage, ...(note ? { note } : {}) },
        detail: `${ref} ${item.period} ${PAST[kind]}${note ? `: ${note}` : ''}`,
      });
    }
    return { moved: moves.length };
  });
}

const PAST = { submit: 'submitted', check: 'checked', return: 'returned' } as const;
