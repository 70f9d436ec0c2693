import type { Kysely } from 'kysely';
import { itemStateOf, publicationBlockers } from '../../domain/publication.ts';
import { writeAudit } from '../../db/repositories/audit.ts';
import { bumpDataVersion, findIndicators } from '../../db/repositories/catalogue.ts';
import {
  findItems,
  findItemsWithData,
  lockPublicationPeriod,
  markPublished,
} from '../../db/repositories/publication.ts';
import type { Database } from '../../db/schema.ts';
import { AppError, notFound } from '../../errors.ts';
import { requirePermission } from '../authorise.ts';
import type { RequestContext } from '../context.ts';
import { parseMonth, syncItems } from './cycle.ts';

/**
 * Publishes a period: refused while any of its items is not checked (each
 * one named), or when it is already published. From then on viewers see
 * its figures and commentary, and the period is locked: changes to it are
 * corrections. The moment of publication is kept, so the scorecard as
 * published is the scorecard as at that moment.
 */
export async function publishPeriod(
  db: Kysely<Database>,
  monthCode: string,
  context: RequestContext,
): Promise<{ month: string; publishedAt: Date; items: number }> {
  requirePermission(context, 'publication:manage');
  const month = parseMonth(monthCode);
  const outcome = await db.transaction().execute(async (trx) => {
    const period = await lockPublicationPeriod(trx, month.code);
    if (!period) throw notFound(`${month.label} has not been opened for entry.`);
    if (period.publishedAt)
      throw new AppError(
        'conflict',
        `${month.label} was already published on ${period.publishedAt.toISOString().slice(0, 10)}.`,
      );
    await syncItems(trx, month, context.actorName);
    const items = await findItems(trx, { month: month.code });
    const withData = await findItemsWithData(trx, items);
    const refs = new Map((await findIndicators(trx)).map((i) => [i.id, i.ref]));
    const blockers = publicationBlockers(
      items.map((item) => ({
        name: `${refs.get(item.indicatorId)} (${item.period})`,
        state: itemStateOf({
          stage: item.stage,
          hasData: withData.has(`${item.indicatorId}|${item.period}`),
          isPublished: false,
        }),
      })),
    );
    if (blockers.length) return { blockers, published: null };
    const publishedAt = await markPublished(trx, month.code, context.actorName);
    await bumpDataVersion(trx);
    await writeAudit(trx, context, {
      action: 'publication.publish',
      entityType: 'publication_period',
      entityId: month.code,
      after: { publishedAt: publishedAt.toISOString(), items: items.length },
      detail: `${month.label} published with ${items.length} items`,
    });
    return { blockers, published: { month: month.code, publishedAt, items: items.length } };
  });
  if (outcome.published) return outcome.published;
  const { blockers } = outcome;
  // Outside the transaction, so the refusal stays in the audit record.
  await writeAudit(db, context, {
    action: 'publication.publish',
    entityType: 'publication_period',
    entityId: month.code,
    outcome: 'failed',
    detail: `refused: ${blockers.length} items not checked`,
  });
  throw new AppError(
    'validation',
    `${month.label} cannot be published until every item is checked: ${blockers.length} ${blockers.length === 1 ? 'is' : 'are'} not.`,
    blockers.map((message) => ({ field: 'items', message })),
  );
}
