import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { isItemStage, type ItemStage } from '../../domain/publication.ts';
import type { Db } from './catalogue.ts';

/**
 * Storage for the publication cycle: periods (months) opened and
 * published, their items (an indicator's figures for one period) at their
 * stage, and every move of every item.
 */

export interface PublicationPeriod {
  month: string;
  dueOn: string;
  openedAt: Date;
  openedBy: string;
  publishedAt: Date | null;
  publishedBy: string | null;
}

export interface PublicationItem {
  id: number;
  month: string;
  indicatorId: number;
  period: string;
  stage: ItemStage;
  note: string;
  changedAt: Date;
  changedBy: string;
}

export interface ItemEvent {
  itemId: number;
  at: Date;
  actor: string;
  fromStage: string;
  toStage: string;
  note: string;
}

const toPeriod = (r: {
  month: string;
  due_on: string;
  opened_at: Date;
  opened_by: string;
  published_at: Date | null;
  published_by: string | null;
}): PublicationPeriod => ({
  month: r.month,
  dueOn: r.due_on,
  openedAt: r.opened_at,
  openedBy: r.opened_by,
  publishedAt: r.published_at,
  publishedBy: r.published_by,
});

const toItem = (r: {
  id: number;
  month: string;
  indicator_id: number;
  period: string;
  stage: string;
  note: string;
  changed_at: Date;
  changed_by: string;
}): PublicationItem => {
  if (!isItemStage(r.stage)) throw new Error(`Unknown stage ${r.stage} for publication item ${r.id}`);
  return {
    id: r.id,
    month: r.month,
    indicatorId: r.indicator_id,
    period: r.period,
    stage: r.stage,
    note: r.note,
    changedAt: r.changed_at,
    changedBy: r.changed_by,
  };
};

/** Every period ever opened, newest first. */
export async function findPublicationPeriods(db: Db): Promise<PublicationPeriod[]> {
  return (await db.selectFrom('publication_periods').selectAll().orderBy('month', 'desc').execute()).map(
    toPeriod,
  );
}

export async function findPublicationPeriod(db: Db, month: string): Promise<PublicationPeriod | null> {
  const row = await db
    .selectFrom('publication_periods')
    .selectAll()
    .where('month', '=', month)
    .executeTakeFirst();
  return row ? toPeriod(row) : null;
}

/** Locks a period's row until the transaction ends, so two people cannot publish it (or act on it) at once. */
export async function lockPublicationPeriod(db: Db, month: string): Promise<PublicationPeriod | null> {
  const row = await db
    .selectFrom('publication_periods')
    .selectAll()
    .where('month', '=', month)
    .forUpdate()
    .executeTakeFirst();
  return row ? toPeriod(row) : null;
}

export async function insertPublicationPeriod(
  db: Db,
  period: { month: string; dueOn: string; openedBy: string },
): Promise<void> {
  await db
    .insertInto('publication_periods')
    .values({ month: period.month, due_on: period.dueOn, opened_by: period.openedBy })
    .execute();
}

export async function markPublished(db: Db, month: string, publishedBy: string): Promise<Date> {
  const row = await db
    .updateTable('publication_periods')
    // Kept to the millisecond (rounded up, so every revision entered before counts as published), so the
    // moment survives a round trip through a JavaScript Date and "as at publication" reads exactly what was published.
    .set({
      published_at: sql<Date>`date_trunc('milliseconds', now()) + interval '1 millisecond'`,
      published_by: publishedBy,
    })
    .where('month', '=', month)
    .returning('published_at')
    .executeTakeFirstOrThrow();
  return row.published_at!;
}

export async function findItems(
  db: Db,
  filter: { month?: string; indicatorIds?: number[]; ids?: number[] },
): Promise<PublicationItem[]> {
  let query = db.selectFrom('publication_items').selectAll();
  if (filter.month) query = query.where('month', '=', filter.month);
  if (filter.indicatorIds) {
    if (filter.indicatorIds.length === 0) return [];
    query = query.where('indicator_id', 'in', filter.indicatorIds);
  }
  if (filter.ids) {
    if (filter.ids.length === 0) return [];
    query = query.where('id', 'in', filter.ids);
  }
  return (await query.orderBy('id').execute()).map(toItem);
}

/** Adds items for a period; an indicator's period already in a cycle is left where it is. Returns how many were added. */
export async function insertItems(
  db: Db,
  items: { month: string; indicatorId: number; period: string; changedBy: string }[],
): Promise<number> {
  if (items.length === 0) return 0;
  const inserted = await db
    .insertInto('publication_items')
    .values(
      items.map((i) => ({
        month: i.month,
        indicator_id: i.indicatorId,
        period: i.period,
        changed_by: i.changedBy,
      })),
    )
    .onConflict((oc) => oc.columns(['indicator_id', 'period']).doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

/** Moves an item to a stage and records the move. */
export async function moveItem(
  db: Db,
  item: PublicationItem,
  move: { stage: ItemStage; note: string; actor: string },
): Promise<void> {
  await db
    .updateTable('publication_items')
    .set({
      stage: move.stage,
      // The note stays with a returned item until it is submitted again; other moves clear it.
      note: move.stage === 'returned' ? move.note : '',
      changed_at: sql<Date>`now()`,
      changed_by: move.actor,
    })
    .where('id', '=', item.id)
    .execute();
  await db
    .insertInto('publication_item_events')
    .values({
      item_id: item.id,
      actor: move.actor,
      from_stage: item.stage,
      to_stage: move.stage,
      note: move.note,
    })
    .execute();
}

export async function findItemEvents(db: Db, itemIds: number[]): Promise<ItemEvent[]> {
  if (itemIds.length === 0) return [];
  const rows = await db
    .selectFrom('publication_item_events')
    .selectAll()
    .where('item_id', 'in', itemIds)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    itemId: r.item_id,
    at: r.at,
    actor: r.actor,
    fromStage: r.from_stage,
    toStage: r.to_stage,
    note: r.note,
  }));
}

/**
 * The items of these indicators' periods, with the moment their period was
 * published (null while open): what the write path checks for locks and
 * what the pages use to mark corrections.
 */
export async function findItemPublications(
  db: Db,
  indicatorIds: number[],
  periods?: string[],
): Promise<(PublicationItem & { publishedAt: Date | null })[]> {
  if (indicatorIds.length === 0 || periods?.length === 0) return [];
  let query = db
    .selectFrom('publication_items as pi')
    .innerJoin('publication_periods as pp', 'pp.month', 'pi.month')
    .selectAll('pi')
    .select('pp.published_at')
    .where('pi.indicator_id', 'in', indicatorIds);
  if (periods) query = query.where('pi.period', 'in', periods);
  return (await query.execute()).map((r) => ({ ...toItem(r), publishedAt: r.published_at }));
}

/** Which of these (indicator, period) pairs have a current figure or current commentary. */
export async function findItemsWithData(
  db: Db,
  items: { indicatorId: number; period: string }[],
): Promise<Set<string>> {
  const found = new Set<string>();
  if (items.length === 0) return found;
  const indicatorIds = [...new Set(items.map((i) => i.indicatorId))];
  const periods = [...new Set(items.map((i) => i.period))];
  const [values, commentary] = await Promise.all([
    db
      .selectFrom('indicator_values')
      .select(['indicator_id', 'period'])
      .distinct()
      .where('indicator_id', 'in', indicatorIds)
      .where('period', 'in', periods)
      .where('is_current', '=', true)
      .execute(),
    db
      .selectFrom('commentary')
      .select(['indicator_id', 'period'])
      .where('indicator_id', 'in', indicatorIds)
      .where('period', 'in', periods)
      .where('is_current', '=', true)
      .execute(),
  ]);
  for (const r of [...values, ...commentary]) found.add(`${r.indicator_id}|${r.period}`);
  return found;
}

/**
 * Whether a viewer may see a stored figure or commentary, as SQL over the
 * columns named: when its indicator's period is an item of the publication
 * cycle, only once that period is published (by asAt, when given); when the
 * cycle has never covered it, when validated (commentary: always, as before
 * the cycle). A published figure's later revisions are corrections made by
 * the performance team, and are shown.
 */
export function isPublishedToViewers(
  columns: { indicatorId: string; period: string; status: string | null },
  asAt?: Date,
): RawBuilder<SqlBool> {
  const indicatorId = sql.ref(columns.indicatorId);
  const period = sql.ref(columns.period);
  const publishedBy = asAt ? sql`pp.published_at <= ${asAt}` : sql`pp.published_at IS NOT NULL`;
  const outsideCycle = columns.status === null ? sql`true` : sql`${sql.ref(columns.status)} = 'validated'`;
  return sql<SqlBool>`(CASE WHEN EXISTS (
      SELECT 1 FROM publication_items pi WHERE pi.indicator_id = ${indicatorId} AND pi.period = ${period}
    ) THEN EXISTS (
      SELECT 1 FROM publication_items pi JOIN publication_periods pp ON pp.month = pi.month
      WHERE pi.indicator_id = ${indicatorId} AND pi.period = ${period} AND ${publishedBy}
    ) ELSE ${outsideCycle} END)`;
}

/**
 * For figures of published items, the revision current when the period was
 * published, keyed by indicator|period|breakdown: what a later correction is
 * shown beside. A figure first given in a correction has no entry.
 */
export async function findPublishedRevisions(
  db: Db,
  indicatorIds: number[],
  periods: string[],
): Promise<Map<string, { value: number | null; revision: number; publishedAt: Date }>> {
  const result = new Map<string, { value: number | null; revision: number; publishedAt: Date }>();
  if (indicatorIds.length === 0 || periods.length === 0) return result;
  const rows = await db
    .selectFrom('indicator_values as v')
    .innerJoin('publication_items as pi', (join) =>
      join.onRef('pi.indicator_id', '=', 'v.indicator_id').onRef('pi.period', '=', 'v.period'),
    )
    .innerJoin('publication_periods as pp', 'pp.month', 'pi.month')
    .select(['v.indicator_id', 'v.period', 'v.breakdown', 'v.value', 'v.revision', 'pp.published_at'])
    .where('v.indicator_id', 'in', indicatorIds)
    .where('v.period', 'in', periods)
    .where('pp.published_at', 'is not', null)
    .whereRef('v.entered_at', '<=', 'pp.published_at')
    .distinctOn(['v.indicator_id', 'v.period', 'v.breakdown'])
    .orderBy('v.indicator_id')
    .orderBy('v.period')
    .orderBy('v.breakdown')
    .orderBy('v.revision', 'desc')
    .execute();
  for (const r of rows)
    result.set(`${r.indicator_id}|${r.period}|${r.breakdown}`, {
      value: r.value,
      revision: r.revision,
      publishedAt: r.published_at!,
    });
  return result;
}

/** A revision of a figure or of commentary made between two moments, with what it says of why. */
export interface RevisionBetween {
  kind: 'figure' | 'commentary';
  indicatorId: number;
  period: string;
  breakdown: string;
  revision: number;
  enteredBy: string;
  enteredAt: Date;
  reason: string;
  source: string;
  /** The file it came in, when it was imported. */
  importFile: string | null;
}

/** Every revision of figures and commentary entered after `from` up to and including `to`, oldest first. */
export async function findRevisionsBetween(
  db: Db,
  request: { from: Date; to: Date; organisationId: number | null },
): Promise<RevisionBetween[]> {
  let figures = db
    .selectFrom('indicator_values as v')
    .innerJoin('indicators as i', 'i.id', 'v.indicator_id')
    .leftJoin('imports as im', 'im.id', 'v.import_id')
    .select([
      'v.indicator_id',
      'v.period',
      'v.breakdown',
      'v.revision',
      'v.entered_by',
      'v.entered_at',
      'v.reason',
      'v.source',
      'im.file_name',
    ])
    .where('v.entered_at', '>', request.from)
    .where('v.entered_at', '<=', request.to);
  let commentary = db
    .selectFrom('commentary as c')
    .innerJoin('indicators as i', 'i.id', 'c.indicator_id')
    .leftJoin('imports as im', 'im.id', 'c.import_id')
    .select(['c.indicator_id', 'c.period', 'c.revision', 'c.author', 'c.entered_at', 'im.file_name'])
    .where('c.entered_at', '>', request.from)
    .where('c.entered_at', '<=', request.to);
  if (request.organisationId !== null) {
    figures = figures.where('i.organisation_id', '=', request.organisationId);
    commentary = commentary.where('i.organisation_id', '=', request.organisationId);
  }
  const [f, c] = await Promise.all([figures.execute(), commentary.execute()]);
  return [
    ...f.map((r): RevisionBetween => ({
      kind: 'figure',
      indicatorId: r.indicator_id,
      period: r.period,
      breakdown: r.breakdown,
      revision: r.revision,
      enteredBy: r.entered_by,
      enteredAt: r.entered_at,
      reason: r.reason,
      source: r.source,
      importFile: r.file_name,
    })),
    ...c.map((r): RevisionBetween => ({
      kind: 'commentary',
      indicatorId: r.indicator_id,
      period: r.period,
      breakdown: '',
      revision: r.revision,
      enteredBy: r.author,
      enteredAt: r.entered_at,
      reason: '',
      source: '',
      importFile: r.file_name,
    })),
  ].sort((a, b) => a.enteredAt.getTime() - b.enteredAt.getTime());
}
