import { sql } from 'kysely';
import type { ItemLevel, PlanItem, ProgressUpdate } from '../../domain/improvement/plan.ts';
import type { RagDefinition } from '../../domain/improvement/rag.ts';
import { scoreFrom, type Risk } from '../../domain/improvement/risks.ts';
import type { Db } from './catalogue.ts';

/** The improvement programme's queries (tables in src/db/improvement-schema.ts). */

export interface Plan {
  id: number;
  ref: string;
  title: string;
  startsOn: string;
  updateCycleDays: number;
  definitions: RagDefinition[];
  source: string;
}

/** A count as reported to a board: one status (null: a group not rated, such as items reported separately). */
export interface ReportedCount {
  level: 'project' | 'action';
  status: string | null;
  /** As the report names the row: 'Amber', 'Travel Service', 'Total'. */
  label: string;
  count: number;
  definition: string;
  note: string;
}

export interface BoardReport {
  id: number;
  boardOn: string;
  title: string;
  counts: ReportedCount[];
  source: string;
  createdBy: string;
}

export interface RiskRecord extends Risk {
  planId: number;
  planRef: string;
  source: string;
  updatedBy: string;
}

const parseJson = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

export async function findPlans(db: Db): Promise<Plan[]> {
  const rows = await db.selectFrom('improvement_plans').selectAll().orderBy('starts_on', 'desc').execute();
  return rows.map(toPlan);
}

export async function findPlan(db: Db, ref: string): Promise<Plan | null> {
  const row = await db.selectFrom('improvement_plans').selectAll().where('ref', '=', ref).executeTakeFirst();
  return row ? toPlan(row) : null;
}

function toPlan(row: {
  id: number;
  ref: string;
  title: string;
  starts_on: string;
  update_cycle_days: number;
  rag_definitions: unknown;
  source: string;
}): Plan {
  return {
    id: row.id,
    ref: row.ref,
    title: row.title,
    startsOn: row.starts_on,
    updateCycleDays: row.update_cycle_days,
    definitions: parseJson<RagDefinition[]>(row.rag_definitions),
    source: row.source,
  };
}

export async function insertPlan(db: Db, plan: Omit<Plan, 'id'> & { createdBy: string }): Promise<number> {
  const row = await db
    .insertInto('improvement_plans')
    .values({
      ref: plan.ref,
      title: plan.title,
      starts_on: plan.startsOn,
      update_cycle_days: plan.updateCycleDays,
      rag_definitions: JSON.stringify(plan.definitions),
      source: plan.source,
      created_by: plan.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePlanDefinitions(
  db: Db,
  planId: number,
  definitions: RagDefinition[],
): Promise<void> {
  await db
    .updateTable('improvement_plans')
    .set({ rag_definitions: JSON.stringify(definitions) })
    .where('id', '=', planId)
    .execute();
}

export async function findItems(db: Db, planId: number): Promise<PlanItem[]> {
  const rows = await db
    .selectFrom('improvement_items')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    level: r.level as ItemLevel,
    ref: r.ref,
    title: r.title,
    lead: r.lead,
    leadUserId: r.lead_user_id,
    deliverables: r.deliverables,
    impact: r.impact,
    targetDate: r.target_date,
    ambitions: r.ambitions ?? [],
    indicatorRefs: r.indicator_refs ?? [],
    position: r.position,
  }));
}

/** A plan item before it is stored (it has no id yet). */
export type NewItem = Omit<PlanItem, 'id'>;

export async function insertItem(db: Db, planId: number, item: NewItem): Promise<number> {
  const row = await db
    .insertInto('improvement_items')
    .values({
      plan_id: planId,
      parent_id: item.parentId,
      level: item.level,
      ref: item.ref,
      title: item.title,
      lead: item.lead,
      lead_user_id: item.leadUserId,
      deliverables: item.deliverables,
      impact: item.impact,
      target_date: item.targetDate,
      ambitions: item.ambitions,
      indicator_refs: item.indicatorRefs,
      position: item.position,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Links every item of the plan with this lead (as printed) to an account; returns how many. */
export async function setLeadAccount(
  db: Db,
  planId: number,
  lead: string,
  userId: number | null,
): Promise<number> {
  const result = await db
    .updateTable('improvement_items')
    .set({ lead_user_id: userId })
    .where('plan_id', '=', planId)
    .where('lead', '=', lead)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findUpdates(db: Db, planId: number): Promise<ProgressUpdate[]> {
  const rows = await db
    .selectFrom('improvement_updates as u')
    .innerJoin('improvement_items as i', 'i.id', 'u.item_id')
    .selectAll('u')
    .where('i.plan_id', '=', planId)
    .orderBy('u.reported_on')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    itemId: r.item_id,
    reportedOn: r.reported_on,
    status: r.status,
    narrative: r.narrative,
    nextSteps: r.next_steps,
    author: r.author,
    authorUserId: r.author_user_id,
    source: r.source,
  }));
}

export async function insertUpdate(db: Db, update: Omit<ProgressUpdate, 'id'>): Promise<number> {
  const row = await db
    .insertInto('improvement_updates')
    .values({
      item_id: update.itemId,
      reported_on: update.reportedOn,
      status: update.status,
      narrative: update.narrative,
      next_steps: update.nextSteps,
      author: update.author,
      author_user_id: update.authorUserId,
      source: update.source,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findBoardReports(db: Db, planId: number): Promise<BoardReport[]> {
  const rows = await db
    .selectFrom('improvement_board_reports')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('board_on')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    boardOn: r.board_on,
    title: r.title,
    counts: parseJson<ReportedCount[]>(r.reported_counts),
    source: r.source,
    createdBy: r.created_by,
  }));
}

export async function insertBoardReport(
  db: Db,
  planId: number,
  report: Omit<BoardReport, 'id'>,
): Promise<number> {
  const row = await db
    .insertInto('improvement_board_reports')
    .values({
      plan_id: planId,
      board_on: report.boardOn,
      title: report.title,
      reported_counts: JSON.stringify(report.counts),
      source: report.source,
      created_by: report.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findRisks(
  db: Db,
  filter: { planId?: number; ref?: string } = {},
): Promise<RiskRecord[]> {
  let query = db
    .selectFrom('improvement_risks as r')
    .innerJoin('improvement_plans as p', 'p.id', 'r.plan_id')
    .selectAll('r')
    .select('p.ref as plan_ref');
  if (filter.planId !== undefined) query = query.where('r.plan_id', '=', filter.planId);
  if (filter.ref !== undefined) query = query.where('r.ref', '=', filter.ref);
  const rows = await query
    .orderBy('p.starts_on', 'desc')
    .orderBy(sql`length(r.ref)`)
    .orderBy('r.ref')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    planId: r.plan_id,
    planRef: r.plan_ref,
    ref: r.ref,
    title: r.title,
    owner: r.owner,
    cause: r.cause,
    consequence: r.consequence,
    inherent: scoreFrom(r.inherent_likelihood, r.inherent_impact),
    residual: scoreFrom(r.residual_likelihood, r.residual_impact),
    target: scoreFrom(r.target_likelihood, r.target_impact),
    mitigations: r.mitigations,
    reviewOn: r.review_on,
    isClosed: r.is_closed,
    itemRefs: r.item_refs ?? [],
    source: r.source,
    updatedBy: r.updated_by,
  }));
}

export interface RiskValues {
  ref: string;
  title: string;
  owner: string;
  cause: string;
  consequence: string;
  inherent: { likelihood: number; impact: number } | null;
  residual: { likelihood: number; impact: number } | null;
  target: { likelihood: number; impact: number } | null;
  mitigations: string;
  reviewOn: string | null;
  isClosed: boolean;
  itemRefs: string[];
  source?: string;
}

function riskColumns(risk: RiskValues, updatedBy: string) {
  return {
    ref: risk.ref,
    title: risk.title,
    owner: risk.owner,
    cause: risk.cause,
    consequence: risk.consequence,
    inherent_likelihood: risk.inherent?.likelihood ?? null,
    inherent_impact: risk.inherent?.impact ?? null,
    residual_likelihood: risk.residual?.likelihood ?? null,
    residual_impact: risk.residual?.impact ?? null,
    target_likelihood: risk.target?.likelihood ?? null,
    target_impact: risk.target?.impact ?? null,
    mitigations: risk.mitigations,
    review_on: risk.reviewOn,
    is_closed: risk.isClosed,
    item_refs: risk.itemRefs,
    updated_by: updatedBy,
  };
}

export async function insertRisk(
  db: Db,
  planId: number,
  risk: RiskValues,
  updatedBy: string,
): Promise<number> {
  const row = await db
    .insertInto('improvement_risks')
    .values({ plan_id: planId, ...riskColumns(risk, updatedBy), source: risk.source ?? '' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateRisk(db: Db, id: number, risk: RiskValues, updatedBy: string): Promise<void> {
  await db
    .updateTable('improvement_risks')
    .set({ ...riskColumns(risk, updatedBy), updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}
