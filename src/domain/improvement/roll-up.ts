import type { ItemLevel, ItemPosition, PlanItem } from './plan.ts';
import type { RagDefinition } from './rag.ts';

/**
 * Counts by status, as the board reads them ("of the 287 actions: 12 Blue,
 * 30 Green, 128 Amber, 48 Grey"): for projects and for actions, across the
 * plan, per workstream and per project. Every status of the plan's
 * definitions appears, with zero when none has it, in the plan's order,
 * then "not rated" (items with no status yet). Pure.
 */

/** Key for items with no status. */
export const NOT_RATED_KEY = 'none';

export interface StatusCounts {
  total: number;
  /** By status code, and NOT_RATED_KEY. */
  byStatus: Record<string, number>;
}

export interface RollUp {
  project: StatusCounts;
  action: StatusCounts;
}

export interface WorkstreamRollUp extends RollUp {
  workstream: PlanItem;
}

export interface PlanRollUp extends RollUp {
  workstreams: WorkstreamRollUp[];
  /** Each project's own actions. */
  projects: Map<number, StatusCounts>;
}

export function emptyCounts(definitions: readonly RagDefinition[]): StatusCounts {
  const byStatus: Record<string, number> = {};
  for (const d of definitions) byStatus[d.code] = 0;
  byStatus[NOT_RATED_KEY] = 0;
  return { total: 0, byStatus };
}

function add(counts: StatusCounts, status: string | null): void {
  const key = status ?? NOT_RATED_KEY;
  counts.total += 1;
  counts.byStatus[key] = (counts.byStatus[key] ?? 0) + 1;
}

export function countStatuses(
  positions: readonly ItemPosition[],
  level: ItemLevel,
  definitions: readonly RagDefinition[],
): StatusCounts {
  const counts = emptyCounts(definitions);
  for (const p of positions) if (p.item.level === level) add(counts, p.status);
  return counts;
}

export function rollUp(
  positions: readonly ItemPosition[],
  definitions: readonly RagDefinition[],
): PlanRollUp {
  const byId = new Map(positions.map((p) => [p.item.id, p.item]));
  const workstreams = new Map<number, WorkstreamRollUp>();
  const projects = new Map<number, StatusCounts>();
  for (const p of positions) {
    if (p.item.level === 'workstream')
      workstreams.set(p.item.id, {
        workstream: p.item,
        project: emptyCounts(definitions),
        action: emptyCounts(definitions),
      });
    if (p.item.level === 'project') projects.set(p.item.id, emptyCounts(definitions));
  }
  for (const p of positions) {
    if (p.item.level === 'workstream') continue;
    let top: PlanItem | undefined = p.item;
    while (top && top.parentId !== null) {
      if (top.level === 'project' && p.item.level === 'action') {
        const own = projects.get(top.id);
        if (own) add(own, p.status);
      }
      top = byId.get(top.parentId);
    }
    const workstream = top ? workstreams.get(top.id) : undefined;
    if (workstream) add(workstream[p.item.level], p.status);
  }
  return {
    project: countStatuses(positions, 'project', definitions),
    action: countStatuses(positions, 'action', definitions),
    workstreams: [...workstreams.values()],
    projects,
  };
}

/**
 * "12 Blue, 30 Green, 128 Amber, 48 Grey": the statuses present, in the
 * plan's order, then those not rated; empty when there are none.
 */
export function countsSentence(counts: StatusCounts, definitions: readonly RagDefinition[]): string {
  const parts = definitions
    .filter((d) => (counts.byStatus[d.code] ?? 0) > 0)
    .map((d) => `${counts.byStatus[d.code]} ${d.label}`);
  const notRated = counts.byStatus[NOT_RATED_KEY] ?? 0;
  if (notRated) parts.push(`${notRated} not rated`);
  return parts.join(', ');
}
