import type { Db } from '../../db/repositories/catalogue.ts';
import { findItemPublications, findPublishedRevisions } from '../../db/repositories/publication.ts';
import type { ValueRevision } from '../../db/repositories/values.ts';

/** A stored figure, as far as marking corrections goes. */
interface Figure {
  indicatorId: number;
  period: string;
  breakdown: string;
  revision: number;
}

export interface CorrectionMarks {
  /** Whether the publication cycle covers this figure's indicator and period (else it keeps its own "revised" rule). */
  isInCycle: boolean;
  /** A correction made after the period was published. */
  isRevised: boolean;
  /** For a correction: the figure as published (null when the correction added it). */
  publishedValue?: number | null;
  publishedAt?: Date;
}

/**
 * What the publication cycle says of each figure: for a period it covers, a
 * figure is "revised" only when it is a correction made after publication,
 * and then carries the figure as first published; drafts saved and changed
 * before publication are not revisions anyone was shown.
 */
export async function correctionMarks<F extends Figure>(
  db: Db,
  figures: F[],
): Promise<(marks: F) => CorrectionMarks> {
  const indicatorIds = [...new Set(figures.map((f) => f.indicatorId))];
  const periods = [...new Set(figures.map((f) => f.period))];
  const items = await findItemPublications(db, indicatorIds, periods);
  // Only the periods already published have a published figure to compare with (none: no query).
  const publishedItems = items.filter((i) => i.publishedAt !== null);
  const published = await findPublishedRevisions(
    db,
    [...new Set(publishedItems.map((i) => i.indicatorId))],
    [...new Set(publishedItems.map((i) => i.period))],
  );
  const publishedAt = new Map(items.map((i) => [`${i.indicatorId}|${i.period}`, i.publishedAt]));
  return (figure) => {
    const item = `${figure.indicatorId}|${figure.period}`;
    if (!publishedAt.has(item)) return { isInCycle: false, isRevised: figure.revision > 1 };
    const at = publishedAt.get(item) ?? null;
    if (at === null) return { isInCycle: true, isRevised: false };
    const first = published.get(`${item}|${figure.breakdown}`);
    if (first && figure.revision <= first.revision) return { isInCycle: true, isRevised: false };
    return { isInCycle: true, isRevised: true, publishedValue: first?.value ?? null, publishedAt: at };
  };
}

/** What the indicator page says of a period the publication cycle covers. */
export interface PeriodPublication {
  /** The cycle month the period was (or is being) published in. */
  month: string;
  publishedAt: Date | null;
  /** Revisions made after publication (corrections, each with its reason), oldest first. */
  corrections: ValueRevision[];
  /** The total as published, shown beside a correction of it (null when there was none). */
  publishedTotal: ValueRevision | null;
}

/**
 * The publication facts of one period of an indicator, from its item (if
 * the cycle covers it) and every revision of the period's figures.
 */
export function periodPublication(
  item: { month: string; publishedAt: Date | null } | undefined,
  revisions: ValueRevision[],
): PeriodPublication | null {
  if (!item) return null;
  const at = item.publishedAt;
  if (at === null) return { month: item.month, publishedAt: null, corrections: [], publishedTotal: null };
  const corrections = revisions.filter((r) => r.enteredAt > at).sort((a, b) => a.revision - b.revision);
  const publishedTotal =
    revisions
      .filter((r) => r.breakdown === '' && r.enteredAt <= at)
      .sort((a, b) => b.revision - a.revision)[0] ?? null;
  return { month: item.month, publishedAt: at, corrections, publishedTotal };
}

/**
 * The revisions a viewer sees: for a period the publication cycle covers,
 * all of them once it is published (later ones are corrections) and none
 * before; for a period it has never covered, the validated ones. The latest
 * revision seen of each figure stands as current.
 */
export function publishedOnly<R extends ValueRevision>(
  history: R[],
  items: { period: string; publishedAt: Date | null }[],
): R[] {
  const publishedAt = new Map(items.map((i) => [i.period, i.publishedAt]));
  const seen = history.filter((v) =>
    publishedAt.has(v.period) ? publishedAt.get(v.period) !== null : v.status === 'validated',
  );
  const latest = new Map<string, number>();
  for (const v of seen) {
    const key = `${v.period}|${v.breakdown}`;
    latest.set(key, Math.max(latest.get(key) ?? 0, v.revision));
  }
  return seen.map((v) => ({ ...v, isCurrent: v.revision === latest.get(`${v.period}|${v.breakdown}`) }));
}
