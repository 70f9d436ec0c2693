import { definitionOf, type RagDefinition } from './rag.ts';
import { addDays } from './dates.ts';

/**
 * A plan's position on a day, worked out from its items and their progress
 * updates (pure: the caller supplies the day). The rules, in one place:
 *
 * - An item's **status** on day D is the status of its latest update reported
 *   on or before D that gave one (an update with no status leaves it as it
 *   was); with none, the item is not rated. Updates on the same day are
 *   ordered by when they were posted.
 * - Its **latest progress** is the latest update on or before D, status or not.
 * - An update is **due** one cycle (the plan's, six-weekly by default) after
 *   the latest update on or before D, or after the plan's start when there is
 *   none. It is **overdue** when that day is before D (due on D is not yet
 *   overdue). Items with a closing status (Blue: delivered and sustained) and
 *   workstreams (which hold projects, not progress) are never due.
 * - An item is **slipping** when its target date is before D and its status
 *   is not complete (Green or Blue): not rated counts as not complete. A
 *   target date of D itself is not yet slipping.
 * - An item is **red** when its status is off track.
 */

export const LEVELS = ['workstream', 'project', 'action'] as const;
export type ItemLevel = (typeof LEVELS)[number];

export interface PlanItem {
  id: number;
  parentId: number | null;
  level: ItemLevel;
  ref: string;
  title: string;
  lead: string;
  leadUserId: number | null;
  deliverables: string;
  impact: string;
  targetDate: string | null;
  ambitions: string[];
  indicatorRefs: string[];
  position: number;
}

export interface ProgressUpdate {
  id: number;
  itemId: number;
  reportedOn: string;
  status: string | null;
  narrative: string;
  nextSteps: string;
  author: string;
  authorUserId: number | null;
  source: string;
}

export const FLAGS = ['red', 'slipping', 'update_overdue'] as const;
export type Flag = (typeof FLAGS)[number];

export const FLAG_LABELS: Record<Flag, string> = {
  red: 'Red',
  slipping: 'Past target date',
  update_overdue: 'Update overdue',
};

export interface PlanRules {
  startsOn: string;
  updateCycleDays: number;
  definitions: readonly RagDefinition[];
}

export interface ItemPosition {
  item: PlanItem;
  status: string | null;
  /** The day the status was reported, when there is one. */
  statusSince: string | null;
  latest: ProgressUpdate | null;
  /** Null when no update is due (a workstream, or a closed item). */
  nextUpdateDue: string | null;
  flags: Flag[];
}

/** Updates in the order they happened: by the day reported, then as posted. */
export function inOrder(updates: readonly ProgressUpdate[]): ProgressUpdate[] {
  return [...updates].sort((a, b) => a.reportedOn.localeCompare(b.reportedOn) || a.id - b.id);
}

export function positionOf(
  item: PlanItem,
  updates: readonly ProgressUpdate[],
  asAt: string,
  rules: PlanRules,
): ItemPosition {
  let status: string | null = null;
  let statusSince: string | null = null;
  let latest: ProgressUpdate | null = null;
  for (const update of inOrder(updates)) {
    if (update.itemId !== item.id || update.reportedOn > asAt) continue;
    latest = update;
    if (update.status !== null) {
      status = update.status;
      statusSince = update.reportedOn;
    }
  }
  const definition = definitionOf(status, rules.definitions);
  const nextUpdateDue =
    item.level === 'workstream' || definition?.isClosed
      ? null
      : addDays(latest?.reportedOn ?? rules.startsOn, rules.updateCycleDays);
  const flags: Flag[] = [];
  if (item.level !== 'workstream') {
    if (definition?.isOffTrack) flags.push('red');
    if (item.targetDate !== null && item.targetDate < asAt && !definition?.isComplete) flags.push('slipping');
    if (nextUpdateDue !== null && nextUpdateDue < asAt) flags.push('update_overdue');
  }
  return { item, status, statusSince, latest, nextUpdateDue, flags };
}

/** Every item's position on the day, in the plan's order. */
export function planPosition(
  items: readonly PlanItem[],
  updates: readonly ProgressUpdate[],
  asAt: string,
  rules: PlanRules,
): ItemPosition[] {
  const byItem = new Map<number, ProgressUpdate[]>();
  for (const u of updates) {
    const list = byItem.get(u.itemId) ?? [];
    list.push(u);
    byItem.set(u.itemId, list);
  }
  return inPlanOrder(items).map((item) => positionOf(item, byItem.get(item.id) ?? [], asAt, rules));
}

/** Workstreams in order, each followed by its projects, each by its actions. */
export function inPlanOrder(items: readonly PlanItem[]): PlanItem[] {
  const children = new Map<number | null, PlanItem[]>();
  for (const item of items) {
    const list = children.get(item.parentId) ?? [];
    list.push(item);
    children.set(item.parentId, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.position - b.position);
  const ordered: PlanItem[] = [];
  const visit = (parentId: number | null) => {
    for (const child of children.get(parentId) ?? []) {
      ordered.push(child);
      visit(child.id);
    }
  };
  visit(null);
  return ordered;
}

/** The workstream an item sits in (itself, for a workstream). */
export function workstreamOf(item: PlanItem, byId: ReadonlyMap<number, PlanItem>): PlanItem {
  let current = item;
  while (current.parentId !== null) {
    const parent = byId.get(current.parentId);
    if (!parent) break;
    current = parent;
  }
  return current;
}

/** An item whose status changed between two days (from the earlier board to this one). */
export interface StatusChange {
  item: PlanItem;
  before: string | null;
  after: string | null;
}

export function statusChanges(
  items: readonly PlanItem[],
  updates: readonly ProgressUpdate[],
  from: string,
  to: string,
  rules: PlanRules,
): StatusChange[] {
  const before = new Map(planPosition(items, updates, from, rules).map((p) => [p.item.id, p.status]));
  return planPosition(items, updates, to, rules)
    .filter((p) => p.item.level !== 'workstream' && p.status !== before.get(p.item.id))
    .map((p) => ({ item: p.item, before: before.get(p.item.id) ?? null, after: p.status }));
}

/** A lead's items with updates due, soonest first: the six-weekly cycle's list for each lead. */
export interface LeadDue {
  lead: string;
  leadUserId: number | null;
  items: { position: ItemPosition; isOverdue: boolean }[];
  nextDue: string;
  overdueCount: number;
}

export function updatesDueByLead(positions: readonly ItemPosition[], asAt: string): LeadDue[] {
  const byLead = new Map<string, LeadDue>();
  for (const position of positions) {
    const due = position.nextUpdateDue;
    if (due === null) continue;
    const { lead, leadUserId } = position.item;
    const key = leadUserId !== null ? `user:${leadUserId}` : `name:${lead}`;
    const entry = byLead.get(key) ?? { lead, leadUserId, items: [], nextDue: due, overdueCount: 0 };
    const isOverdue = due < asAt;
    entry.items.push({ position, isOverdue });
    if (due < entry.nextDue) entry.nextDue = due;
    if (isOverdue) entry.overdueCount += 1;
    byLead.set(key, entry);
  }
  const leads = [...byLead.values()];
  for (const lead of leads)
    lead.items.sort(
      (a, b) =>
        a.position.nextUpdateDue!.localeCompare(b.position.nextUpdateDue!) ||
        a.position.item.position - b.position.item.position,
    );
  return leads.sort((a, b) => a.nextDue.localeCompare(b.nextDue) || a.lead.localeCompare(b.lead));
}
