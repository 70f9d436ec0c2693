import {
  isOverdue,
  itemStateOf,
  ITEM_STATE_LABELS,
  periodReportedIn,
  type ItemState,
} from '../../domain/publication.ts';
import { parsePeriod, type Period } from '../../domain/periods.ts';
import { findIndicators, type Db, type Indicator } from '../../db/repositories/catalogue.ts';
import {
  findItemEvents,
  findItems,
  findItemsWithData,
  findPublicationPeriod,
  findPublicationPeriods,
  insertItems,
  type ItemEvent,
  type PublicationPeriod,
} from '../../db/repositories/publication.ts';
import { findOrganisations, findUsers } from '../../db/repositories/people.ts';
import { invalid, notFound } from '../../errors.ts';
import { isAllowed } from '../authorise.ts';
import type { RequestContext } from '../context.ts';

/** One item of a period, as the publication and completeness pages show it. */
export interface CycleItem {
  id: number;
  indicator: Pick<Indicator, 'id' | 'ref' | 'title' | 'serviceArea' | 'owner' | 'reportingOrganisation'>;
  period: Period;
  /** Who submits it: the owner's name, or the partner organisation's. */
  submitter: string;
  state: ItemState;
  stateLabel: string;
  dueOn: string;
  isOverdue: boolean;
  /** The note sent with the latest return, while the item waits to be submitted again. */
  note: string;
  changedAt: Date;
  changedBy: string;
  history: ItemEvent[];
  /** Whether the person looking may submit it (it is theirs to write). */
  canSubmit: boolean;
}

export interface Cycle {
  period: PublicationPeriod;
  month: Period;
  isPublished: boolean;
  items: CycleItem[];
  counts: Record<ItemState, number>;
  overdue: number;
}

/** The indicators a cycle month covers: those reporting that month with someone named to submit them. */
export function isInCycle(indicator: Indicator): boolean {
  return indicator.ownerUserId !== null || indicator.organisationId !== null;
}

/**
 * Adds to an open period any item it lacks: an indicator given an owner,
 * or defined, after the period was opened. Returns how many were added.
 */
export async function syncItems(db: Db, month: Period, actorName: string): Promise<number> {
  const indicators = (await findIndicators(db)).filter(isInCycle);
  return insertItems(
    db,
    indicators.flatMap((i) => {
      const period = periodReportedIn(i.frequency, month);
      return period
        ? [{ month: month.code, indicatorId: i.id, period: period.code, changedBy: actorName }]
        : [];
    }),
  );
}

export function parseMonth(code: string, field = 'month'): Period {
  const month = /^\d{4}-\d{2}$/.test(code) ? parsePeriod(code) : null;
  if (!month)
    throw invalid('That is not a month.', [{ field, message: `"${code}" is not a month such as 2017-06` }]);
  return month;
}

/** The periods ever opened, newest first. */
export function listPeriods(db: Db): Promise<PublicationPeriod[]> {
  return findPublicationPeriods(db);
}

/** The month the pages show when none is asked for: the earliest still open, else the latest published. */
export async function defaultMonth(db: Db): Promise<string | null> {
  const periods = await findPublicationPeriods(db);
  const open = periods.filter((p) => p.publishedAt === null);
  return (open.at(-1) ?? periods[0])?.month ?? null;
}

/**
 * A period's items as the person asking may see them (a partner, its own
 * organisation's), each with its state, due date and whether it is overdue
 * on `today`, and every move it has made.
 */
export async function getCycle(
  db: Db,
  request: { month: string; today: string },
  context: RequestContext,
): Promise<Cycle> {
  const month = parseMonth(request.month);
  const period = await findPublicationPeriod(db, month.code);
  if (!period) throw notFound(`${month.label} has not been opened for entry.`);
  const isPublished = period.publishedAt !== null;
  if (!isPublished) await syncItems(db, month, context.actorName);
  const items = await findItems(db, { month: month.code });
  const indicators = new Map(
    (await findIndicators(db, { organisationId: visibleOrganisation(context) })).map((i) => [i.id, i]),
  );
  const visible = items.filter((i) => indicators.has(i.indicatorId));
  const [withData, events, owners, organisations] = await Promise.all([
    findItemsWithData(db, visible),
    findItemEvents(
      db,
      visible.map((i) => i.id),
    ),
    ownerNames(db),
    organisationNames(db),
  ]);
  const cycleItems = visible.map((item): CycleItem => {
    const indicator = indicators.get(item.indicatorId)!;
    const state = itemStateOf({
      stage: item.stage,
      hasData: withData.has(`${item.indicatorId}|${item.period}`),
      isPublished,
    });
    return {
      id: item.id,
      indicator,
      period: parsePeriod(item.period)!,
      submitter: submitterOf(indicator, owners, organisations),
      state,
      stateLabel: ITEM_STATE_LABELS[state],
      dueOn: period.dueOn,
      isOverdue: isOverdue(state, period.dueOn, request.today),
      note: item.note,
      changedAt: item.changedAt,
      changedBy: item.changedBy,
      history: events.filter((e) => e.itemId === item.id),
      canSubmit: mayWrite(context, indicator),
    };
  });
  cycleItems.sort(
    (a, b) =>
      a.indicator.serviceArea.localeCompare(b.indicator.serviceArea) ||
      a.indicator.ref.localeCompare(b.indicator.ref, 'en', { numeric: true }),
  );
  const counts = Object.fromEntries(
    (['no_data', 'draft', 'submitted', 'returned', 'checked', 'published'] as const).map((s) => [
      s,
      cycleItems.filter((i) => i.state === s).length,
    ]),
  ) as Record<ItemState, number>;
  return {
    period,
    month,
    isPublished,
    items: cycleItems,
    counts,
    overdue: cycleItems.filter((i) => i.isOverdue).length,
  };
}

export function mayWrite(context: RequestContext, indicator: Indicator): boolean {
  return isAllowed(context, 'figures:write', {
    organisationId: indicator.organisationId,
    ownerUserId: indicator.ownerUserId,
  });
}

function visibleOrganisation(context: RequestContext): number | null {
  const actor = context.actor;
  if (!actor || actor.isCouncil) return null;
  return actor.organisationId;
}

function submitterOf(indicator: Indicator, owners: Map<number, string>, organisations: Map<number, string>) {
  if (indicator.ownerUserId !== null) return owners.get(indicator.ownerUserId) ?? indicator.owner;
  if (indicator.organisationId !== null)
    return organisations.get(indicator.organisationId) ?? indicator.reportingOrganisation;
  return 'Performance team';
}

async function ownerNames(db: Db): Promise<Map<number, string>> {
  return new Map((await findUsers(db)).map((u) => [u.id, u.name]));
}

async function organisationNames(db: Db): Promise<Map<number, string>> {
  return new Map((await findOrganisations(db)).map((o) => [o.id, o.name]));
}

/** Today in England (the council's day), as YYYY-MM-DD. */
export function todayInEngland(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now);
}
