import type { Kysely } from 'kysely';
import type { ReportedCount } from '../../db/repositories/improvement.ts';
import type { Database } from '../../db/schema.ts';
import type { RequestContext } from '../context.ts';
import { importPlan, type PlanFile } from './import-plan.ts';
import { linkLead } from './link-lead.ts';
import { postUpdate } from './post-update.ts';
import { listPlans, readBoard, readItem, readPlan } from './read-plan.ts';
import { recordBoard } from './record-board.ts';
import { listRisks, readRisk, saveRisk } from './risks.ts';
import { setStatuses } from './set-statuses.ts';

/** The improvement programme and its risk register, with the database bound (docs/improvement.md). */
export function createImprovementServices(db: Kysely<Database>) {
  return {
    plans: (context: RequestContext) => listPlans(db, context),
    plan: (request: { ref: string; asAt?: string }, context: RequestContext) =>
      readPlan(db, request, context),
    item: (request: { planRef: string; itemRef: string }, context: RequestContext) =>
      readItem(db, request, context),
    board: (request: { ref: string; on?: string }, context: RequestContext) =>
      readBoard(db, request, context),
    postUpdate: (request: { planRef: string; itemRef: string; input: unknown }, context: RequestContext) =>
      postUpdate(db, request, context),
    recordBoard: (
      request: { planRef: string; input: unknown; transcribed?: { counts: ReportedCount[]; source: string } },
      context: RequestContext,
    ) => recordBoard(db, request, context),
    importPlan: (
      input: { plan: unknown; file: PlanFile; source?: string; statusOn?: string },
      context: RequestContext,
    ) => importPlan(db, input, context),
    linkLead: (request: { planRef: string; input: unknown }, context: RequestContext) =>
      linkLead(db, request, context),
    setStatuses: (request: { planRef: string; input: Record<string, unknown> }, context: RequestContext) =>
      setStatuses(db, request, context),
    risks: (context: RequestContext) => listRisks(db, context),
    risk: (request: { planRef: string; ref: string }, context: RequestContext) =>
      readRisk(db, request, context),
    saveRisk: (request: { planRef: string; existingRef?: string; input: unknown }, context: RequestContext) =>
      saveRisk(db, request, context),
  };
}

export type ImprovementServices = ReturnType<typeof createImprovementServices>;
