import type { Kysely } from 'kysely';
import {
  findBoardReports,
  findItems,
  findPlan,
  findPlans,
  findUpdates,
  type BoardReport,
  type Plan,
} from '../../db/repositories/improvement.ts';
import type { Database } from '../../db/schema.ts';
import { isIsoDay } from '../../domain/improvement/dates.ts';
import {
  planPosition,
  statusChanges,
  updatesDueByLead,
  type ItemPosition,
  type LeadDue,
  type PlanItem,
  type PlanRules,
  type ProgressUpdate,
  type StatusChange,
} from '../../domain/improvement/plan.ts';
import { rollUp, type PlanRollUp } from '../../domain/improvement/roll-up.ts';
import { invalid, notFound } from '../../errors.ts';
import { isAllowed, requirePermission } from '../authorise.ts';
import type { RequestContext } from '../context.ts';

/** Today, as the plan counts days (UTC; a plan's days are whole days, not moments). */
export const today = (): string => new Date().toISOString().slice(0, 10);

export function rulesOf(plan: Plan): PlanRules {
  return { startsOn: plan.startsOn, updateCycleDays: plan.updateCycleDays, definitions: plan.definitions };
}

export async function requirePlan(db: Kysely<Database>, ref: string): Promise<Plan> {
  const plan = await findPlan(db, ref);
  if (!plan) throw notFound(`There is no plan ${ref}.`);
  return plan;
}

export function dayOrToday(asAt: string | undefined, field = 'asAt'): string {
  if (asAt === undefined || asAt === '') return today();
  if (!isIsoDay(asAt))
    throw invalid('That is not a day.', [{ field, message: 'must be a day, as YYYY-MM-DD' }]);
  return asAt;
}

export async function listPlans(db: Kysely<Database>, context: RequestContext): Promise<Plan[]> {
  requirePermission(context, 'plans:read');
  return findPlans(db);
}

export interface PlanView {
  plan: Plan;
  asAt: string;
  items: PlanItem[];
  updates: ProgressUpdate[];
  positions: ItemPosition[];
  rollUp: PlanRollUp;
  leads: LeadDue[];
  boardReports: BoardReport[];
}

/** The plan on a day: every item's status, flags and latest progress, the roll-ups and each lead's updates due. */
export async function readPlan(
  db: Kysely<Database>,
  request: { ref: string; asAt?: string },
  context: RequestContext,
): Promise<PlanView> {
  requirePermission(context, 'plans:read');
  const plan = await requirePlan(db, request.ref);
  const asAt = dayOrToday(request.asAt);
  const [items, updates, boardReports] = await Promise.all([
    findItems(db, plan.id),
    findUpdates(db, plan.id),
    findBoardReports(db, plan.id),
  ]);
  const positions = planPosition(items, updates, asAt, rulesOf(plan));
  return {
    plan,
    asAt,
    items,
    updates,
    positions,
    rollUp: rollUp(positions, plan.definitions),
    leads: updatesDueByLead(positions, asAt),
    boardReports,
  };
}

export interface ItemView {
  plan: Plan;
  asAt: string;
  position: ItemPosition;
  parents: PlanItem[];
  children: ItemPosition[];
  /** Newest first. */
  history: ProgressUpdate[];
  canPostProgress: boolean;
}

export async function readItem(
  db: Kysely<Database>,
  request: { planRef: string; itemRef: string },
  context: RequestContext,
): Promise<ItemView> {
  const view = await readPlan(db, { ref: request.planRef }, context);
  const position = view.positions.find((p) => p.item.ref === request.itemRef);
  if (!position) throw notFound(`Plan ${request.planRef} has no item ${request.itemRef}.`);
  const byId = new Map(view.items.map((i) => [i.id, i]));
  const parents: PlanItem[] = [];
  for (let p = position.item.parentId; p !== null; p = byId.get(p)?.parentId ?? null) {
    const parent = byId.get(p);
    if (!parent) break;
    parents.unshift(parent);
  }
  return {
    plan: view.plan,
    asAt: view.asAt,
    position,
    parents,
    children: view.positions.filter((p) => p.item.parentId === position.item.id),
    history: view.updates.filter((u) => u.itemId === position.item.id).reverse(),
    canPostProgress:
      position.item.level !== 'workstream' &&
      isAllowed(context, 'plans:progress', { ownerUserId: position.item.leadUserId }),
  };
}

export interface BoardView extends PlanView {
  /** The position reported to a board on this day, when one was recorded. */
  reported: BoardReport | null;
  /** The board before this day, the changes since are counted from. */
  previousBoard: BoardReport | null;
  changes: StatusChange[];
}

/** The whole programme for a board on a day: the plan as it stood then, what changed since the board before, and what the board was told. */
export async function readBoard(
  db: Kysely<Database>,
  request: { ref: string; on?: string },
  context: RequestContext,
): Promise<BoardView> {
  const view = await readPlan(db, { ref: request.ref, asAt: request.on }, context);
  const reported = view.boardReports.find((b) => b.boardOn === view.asAt) ?? null;
  const previousBoard = view.boardReports.filter((b) => b.boardOn < view.asAt).at(-1) ?? null;
  const changes = previousBoard
    ? statusChanges(view.items, view.updates, previousBoard.boardOn, view.asAt, rulesOf(view.plan))
    : [];
  return { ...view, reported, previousBoard, changes };
}
