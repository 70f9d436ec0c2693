import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { ValueStatus } from '../../domain/indicator.ts';
import type { StoredFigure } from '../../domain/scorecard.ts';
import type { Database } from '../schema.ts';
import type { Db } from './catalogue.ts';
import { isPublishedToViewers } from './publication.ts';

export interface CurrentValue extends StoredFigure {
  id: number;
  indicatorId: number;
}

type FigureColumns = {
  id: number;
  indicator_id: number;
  period: string;
  breakdown: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  status: string;
  revision: number;
};

const toCurrentValue = (r: FigureColumns): CurrentValue => ({
  id: r.id,
  indicatorId: r.indicator_id,
  period: r.period,
  breakdown: r.breakdown,
  value: r.value,
  numerator: r.numerator,
  denominator: r.denominator,
  status: r.status as ValueStatus,
  revision: r.revision,
});

export interface ValueRevision extends CurrentValue {
  source: string;
  enteredBy: string;
  enteredAt: Date;
  isCurrent: boolean;
  reason: string;
}

export interface NewValue {
  indicatorId: number;
  period: string;
  breakdown: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  status: ValueStatus;
  source: string;
  enteredBy: string;
  reason: string;
}

const CHUNK = 1000;

/**
 * The current figures at these places (indicator, period, breakdown), in one
 * query however many: a file import asks for tens of thousands at a time.
 */
export async function findCurrentFiguresAt(
  db: Db,
  places: { indicatorId: number; period: string; breakdown: string }[],
): Promise<CurrentValue[]> {
  if (places.length === 0) return [];
  const result = await sql<FigureColumns>`
    SELECT v.id, v.indicator_id, v.period, v.breakdown, v.value, v.numerator, v.denominator, v.status, v.revision
    FROM indicator_values v
    JOIN unnest(${places.map((p) => p.indicatorId)}::int[], ${places.map((p) => p.period)}::text[], ${places.map((p) => p.breakdown)}::text[])
      AS k (indicator_id, period, breakdown)
      ON v.indicator_id = k.indicator_id AND v.period = k.period AND v.breakdown = k.breakdown
    WHERE v.is_current`.execute(db);
  return result.rows.map(toCurrentValue);
}

/**
 * The current figures of these indicators for these periods (all
 * breakdowns); with asAt, the figures that were current at that moment, so a
 * page can be shown exactly as it stood then.
 */
export async function findCurrentValues(
  db: Db,
  indicatorIds: number[],
  periods: string[],
  asAt?: Date,
): Promise<CurrentValue[]> {
  if (indicatorIds.length === 0 || periods.length === 0) return [];
  return selectFigures(db, indicatorIds, (eb) => eb('period', 'in', periods), { asAt });
}

/**
 * The figures a scorecard reads, current or as they stood at asAt: every
 * breakdown for `periods`, but for `earlierPeriods` only the breakdowns in
 * `earlierBreakdowns` (a scorecard shows earlier periods for its row groups,
 * never by column item), so a locality split costs a third of the rows.
 */
export async function findScorecardFigures(
  db: Db,
  request: {
    indicatorIds: number[];
    periods: string[];
    earlierPeriods: string[];
    earlierBreakdowns: string[];
    asAt?: Date;
    isPublishedOnly?: boolean;
  },
): Promise<CurrentValue[]> {
  const { indicatorIds, periods, earlierPeriods, earlierBreakdowns } = request;
  const hasEarlier = earlierPeriods.length > 0 && earlierBreakdowns.length > 0;
  if (indicatorIds.length === 0 || (periods.length === 0 && !hasEarlier)) return [];
  return selectFigures(
    db,
    indicatorIds,
    (eb) =>
      eb.or([
        ...(periods.length ? [eb('period', 'in', periods)] : []),
        ...(hasEarlier
          ? [eb.and([eb('period', 'in', earlierPeriods), eb('breakdown', 'in', earlierBreakdowns)])]
          : []),
      ]),
    { asAt: request.asAt, isPublishedOnly: request.isPublishedOnly },
  );
}

async function selectFigures(
  db: Db,
  indicatorIds: number[],
  which: (eb: ExpressionBuilder<Database, 'indicator_values'>) => Expression<SqlBool>,
  options: { asAt?: Date | undefined; isPublishedOnly?: boolean | undefined },
): Promise<CurrentValue[]> {
  const { asAt, isPublishedOnly } = options;
  let query = db
    .selectFrom('indicator_values')
    .select([
      'id',
      'indicator_id',
      'period',
      'breakdown',
      'value',
      'numerator',
      'denominator',
      'status',
      'revision',
    ])
    .where('indicator_id', 'in', indicatorIds)
    .where(which);
  if (asAt) query = query.where('entered_at', '<=', asAt);
  if (isPublishedOnly)
    query = query.where(
      isPublishedToViewers(
        {
          indicatorId: 'indicator_values.indicator_id',
          period: 'indicator_values.period',
          status: 'indicator_values.status',
        },
        asAt,
      ),
    );
  // Current figures are marked; earlier moments and published-only views take each figure's latest revision.
  query =
    asAt || isPublishedOnly
      ? query
          .distinctOn(['indicator_id', 'period', 'breakdown'])
          .orderBy('indicator_id')
          .orderBy('period')
          .orderBy('breakdown')
          .orderBy('revision', 'desc')
      : query.where('is_current', '=', true);
  // One JSON array rather than a row per figure: PGlite copies and decodes each field of each row on
  // its own (about 1.5 µs a field), so a scorecard's 780 figures × 9 columns cost more than the query
  // did. Numbers arrive as their text, turned into numbers by JSON.parse exactly as Number() would.
  const { figures } = await db
    .selectFrom(query.as('f'))
    .select(sql<FigureColumns[]>`coalesce(json_agg(f), '[]'::json)`.as('figures'))
    .executeTakeFirstOrThrow();
  return figures.map(toCurrentValue);
}

/** Every revision of every figure of one indicator, oldest first. */
export async function findValueHistory(db: Db, indicatorId: number): Promise<ValueRevision[]> {
  const rows = await db
    .selectFrom('indicator_values')
    .selectAll()
    .where('indicator_id', '=', indicatorId)
    .orderBy('period')
    .orderBy('breakdown')
    .orderBy('revision')
    .execute();
  return rows.map((r) => ({
    ...toCurrentValue(r),
    source: r.source,
    enteredBy: r.entered_by,
    enteredAt: r.entered_at,
    isCurrent: r.is_current,
    reason: r.reason,
  }));
}

/**
 * Adds figures as new revisions. Each replaces the current revision of the
 * same indicator, period and breakdown, which stays in the table with
 * is_current cleared: nothing is overwritten.
 */
export async function insertRevisions(
  db: Db,
  values: (NewValue & { revision: number; replaces: number | null })[],
) {
  const replaced = values.flatMap((v) => (v.replaces === null ? [] : [v.replaces]));
  for (let i = 0; i < replaced.length; i += CHUNK) {
    await db
      .updateTable('indicator_values')
      .set({ is_current: false })
      .where('id', 'in', replaced.slice(i, i + CHUNK))
      .execute();
  }
  for (let i = 0; i < values.length; i += CHUNK) {
    await db
      .insertInto('indicator_values')
      .values(
        values.slice(i, i + CHUNK).map((v) => ({
          indicator_id: v.indicatorId,
          period: v.period,
          breakdown: v.breakdown,
          value: v.value,
          numerator: v.numerator,
          denominator: v.denominator,
          status: v.status,
          source: v.source,
          entered_by: v.enteredBy,
          revision: v.revision,
          is_current: true,
          reason: v.reason,
        })),
      )
      .execute();
  }
}

export interface CommentaryEntry {
  indicatorId: number;
  period: string;
  body: string;
  author: string;
  enteredAt: Date;
  revision: number;
  isCurrent: boolean;
}

export async function findCommentary(
  db: Db,
  indicatorIds: number[],
  options: { periods?: string[]; currentOnly?: boolean; asAt?: Date; isPublishedOnly?: boolean } = {},
): Promise<CommentaryEntry[]> {
  if (indicatorIds.length === 0) return [];
  let query = db.selectFrom('commentary').selectAll().where('indicator_id', 'in', indicatorIds);
  if (options.asAt) query = query.where('entered_at', '<=', options.asAt);
  if (options.isPublishedOnly)
    query = query.where(
      isPublishedToViewers(
        { indicatorId: 'commentary.indicator_id', period: 'commentary.period', status: null },
        options.asAt,
      ),
    );
  if (options.periods) {
    if (options.periods.length === 0) return [];
    query = query.where('period', 'in', options.periods);
  }
  if (options.currentOnly) query = query.where('is_current', '=', true);
  const rows = await query.orderBy('period', 'desc').orderBy('revision', 'desc').execute();
  return rows.map((r) => ({
    indicatorId: r.indicator_id,
    period: r.period,
    body: r.body,
    author: r.author,
    enteredAt: r.entered_at,
    revision: r.revision,
    isCurrent: r.is_current,
  }));
}

/** Records commentary for an indicator and period as a new revision; returns false when it is unchanged. */
export async function saveCommentary(
  db: Db,
  entry: { indicatorId: number; period: string; body: string; author: string },
) {
  const current = await db
    .selectFrom('commentary')
    .select(['id', 'body', 'revision'])
    .where('indicator_id', '=', entry.indicatorId)
    .where('period', '=', entry.period)
    .where('is_current', '=', true)
    .executeTakeFirst();
  if (current?.body === entry.body) return false;
  if (current)
    await db.updateTable('commentary').set({ is_current: false }).where('id', '=', current.id).execute();
  await db
    .insertInto('commentary')
    .values({ ...toCommentaryRow(entry), revision: (current?.revision ?? 0) + 1, is_current: true })
    .execute();
  return true;
}

function toCommentaryRow(entry: { indicatorId: number; period: string; body: string; author: string }) {
  return { indicator_id: entry.indicatorId, period: entry.period, body: entry.body, author: entry.author };
}

export async function findPopulations(db: Db) {
  return db.selectFrom('populations').select(['breakdown', 'year', 'population']).execute();
}

/** The latest month with any current figure for a service area's indicators, or null. */
export async function findLatestMonth(db: Db, serviceArea: string): Promise<string | null> {
  const row = await db
    .selectFrom('indicator_values as v')
    .innerJoin('indicators as i', 'i.id', 'v.indicator_id')
    .select((eb) => eb.fn.max('v.period').as('period'))
    .where('i.service_area', '=', serviceArea)
    .where('v.is_current', '=', true)
    .where('v.period', '~', '^[0-9]{4}-[0-9]{2}$')
    .executeTakeFirst();
  return row?.period ?? null;
}
