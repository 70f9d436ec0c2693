import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit } from '../../db/repositories/audit.ts';
import {
  findBoardReports,
  insertBoardReport,
  type ReportedCount,
} from '../../db/repositories/improvement.ts';
import type { Database } from '../../db/schema.ts';
import { isIsoDay, longDay } from '../../domain/improvement/dates.ts';
import { NOT_RATED } from '../../domain/improvement/rag.ts';
import { NOT_RATED_KEY, type StatusCounts } from '../../domain/improvement/roll-up.ts';
import { invalid } from '../../errors.ts';
import { requirePermission } from '../authorise.ts';
import type { RequestContext } from '../context.ts';
import { readBoard, requirePlan } from './read-plan.ts';

/**
 * Records the position reported to a board on a day: the plan's roll-up on
 * that day, frozen, so later updates (or late ones dated before it) never
 * change what the board was told. The demo records a position transcribed
 * from a printed report instead (`counts` given, system only). One per day.
 */

const BoardInput = z.object({
  on: z.string().trim().refine(isIsoDay, 'must be a day, as YYYY-MM-DD'),
  title: z.string().trim().max(200).default(''),
});

export async function recordBoard(
  db: Kysely<Database>,
  request: { planRef: string; input: unknown; transcribed?: { counts: ReportedCount[]; source: string } },
  context: RequestContext,
): Promise<{ boardOn: string }> {
  requirePermission(context, 'plans:write');
  const parsed = BoardInput.safeParse(request.input ?? {});
  if (!parsed.success)
    throw invalid(
      'Choose the day of the board.',
      parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'on'), message: i.message })),
    );
  const plan = await requirePlan(db, request.planRef);
  const { on } = parsed.data;
  const title = parsed.data.title || `Improvement board, ${longDay(on)}`;
  if ((await findBoardReports(db, plan.id)).some((b) => b.boardOn === on))
    throw invalid('That board is already recorded.', [
      { field: 'on', message: `already has the position reported on ${longDay(on)}` },
    ]);
  if (request.transcribed && context.actor !== null)
    throw invalid('Only the system records a transcribed position.', []);
  let counts = request.transcribed?.counts;
  if (!counts) {
    const board = await readBoard(db, { ref: plan.ref, on }, context);
    counts = [
      ...countsOf('project', board.rollUp.project, plan.definitions),
      ...countsOf('action', board.rollUp.action, plan.definitions),
    ];
  }
  return db.transaction().execute(async (trx) => {
    await insertBoardReport(trx, plan.id, {
      boardOn: on,
      title,
      counts: counts,
      source: request.transcribed?.source ?? 'Recorded from the plan’s roll-up',
      createdBy: context.actorName,
    });
    await writeAudit(trx, context, {
      action: 'improvement.board.recorded',
      entityType: 'improvement_plan',
      entityId: `${plan.ref}/${on}`,
      after: { title, counts },
    });
    return { boardOn: on };
  });
}

function countsOf(
  level: 'project' | 'action',
  counts: StatusCounts,
  definitions: readonly { code: string; label: string; meaning: string }[],
): ReportedCount[] {
  const rows: ReportedCount[] = definitions.map((d) => ({
    level,
    status: d.code,
    label: d.label,
    count: counts.byStatus[d.code] ?? 0,
    definition: d.meaning,
    note: '',
  }));
  const notRated = counts.byStatus[NOT_RATED_KEY] ?? 0;
  if (notRated)
    rows.push({ level, status: null, label: NOT_RATED, count: notRated, definition: '', note: '' });
  rows.push({ level, status: null, label: 'Total', count: counts.total, definition: '', note: '' });
  return rows;
}
