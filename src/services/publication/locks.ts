import { lockedPeriodProblem, stageAfterChange } from '../../domain/publication.ts';
import type { Db } from '../../db/repositories/catalogue.ts';
import { findItemPublications, moveItem } from '../../db/repositories/publication.ts';
import { findCommentary, findCurrentValues, type CurrentValue } from '../../db/repositories/values.ts';
import { writeAudit } from '../../db/repositories/audit.ts';
import { isAllowed } from '../authorise.ts';
import type { RequestContext } from '../context.ts';

/** A checked figure, as the publication cycle sees it. */
export interface FigureForPublication {
  indicatorId: number;
  period: string;
  breakdown: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  status: string;
  reason: string;
  commentary?: string | undefined;
}

/**
 * The problem with each figure of a batch that would change a published
 * (locked) period, by its index in the batch: a figure that differs from
 * the current one, or commentary that differs from the current commentary.
 * Such a change is a correction, allowed only with a reason and only to the
 * performance team. Figures that change nothing pass, so loading the same
 * file again after publication still succeeds (and changes nothing).
 */
export async function lockedFigureProblems<F extends FigureForPublication>(
  db: Db,
  context: RequestContext,
  figures: F[],
  isUnchanged: (existing: CurrentValue | undefined, figure: F) => boolean,
): Promise<Map<number, string>> {
  const problems = new Map<number, string>();
  if (figures.length === 0) return problems;
  const key = (f: { indicatorId: number; period: string }) => `${f.indicatorId}|${f.period}`;
  const locked = new Set(
    (
      await findItemPublications(
        db,
        [...new Set(figures.map((f) => f.indicatorId))],
        [...new Set(figures.map((f) => f.period))],
      )
    )
      .filter((i) => i.publishedAt !== null)
      .map(key),
  );
  const inLocked = figures.flatMap((f, index) => (locked.has(key(f)) ? [{ f, index }] : []));
  if (inLocked.length === 0) return problems;
  const indicatorIds = [...new Set(inLocked.map(({ f }) => f.indicatorId))];
  const periods = [...new Set(inLocked.map(({ f }) => f.period))];
  const [current, commentary] = await Promise.all([
    findCurrentValues(db, indicatorIds, periods),
    findCommentary(db, indicatorIds, { periods, currentOnly: true }),
  ]);
  const currentFigure = new Map(current.map((v) => [`${key(v)}|${v.breakdown}`, v]));
  const currentCommentary = new Map(commentary.map((c) => [key(c), c.body]));
  const mayCorrect = isAllowed(context, 'publication:manage');
  for (const { f, index } of inLocked) {
    const changesFigure = !isUnchanged(currentFigure.get(`${key(f)}|${f.breakdown}`), f);
    const changesCommentary = Boolean(f.commentary) && currentCommentary.get(key(f)) !== f.commentary;
    if (!changesFigure && !changesCommentary) continue;
    const message = lockedPeriodProblem(f.period, { reason: f.reason, mayCorrect });
    if (message) problems.set(index, message);
  }
  return problems;
}

/**
 * After figures or commentary change, each open item they belong to that
 * was submitted or checked goes back to draft (unless the performance team
 * made the change while checking it), with the move recorded and audited.
 */
export async function reopenChangedItems(
  db: Db,
  context: RequestContext,
  changed: { indicatorId: number; period: string }[],
): Promise<void> {
  if (changed.length === 0) return;
  const keys = new Set(changed.map((c) => `${c.indicatorId}|${c.period}`));
  const items = (
    await findItemPublications(
      db,
      [...new Set(changed.map((c) => c.indicatorId))],
      [...new Set(changed.map((c) => c.period))],
    )
  ).filter((i) => i.publishedAt === null && keys.has(`${i.indicatorId}|${i.period}`));
  const isByPerformanceTeam = context.actor !== null && isAllowed(context, 'publication:manage');
  for (const item of items) {
    const stage = stageAfterChange(item.stage, { isByPerformanceTeam });
    if (stage === item.stage) continue;
    const note = `Changed after it was ${item.stage}: submit it again.`;
    await moveItem(db, item, { stage, note, actor: context.actorName });
    await writeAudit(db, context, {
      action: 'publication.item.reopen',
      entityType: 'publication_item',
      entityId: String(item.id),
      before: { stage: item.stage },
      after: { stage },
      detail: `${item.period}: ${note}`,
    });
  }
}
