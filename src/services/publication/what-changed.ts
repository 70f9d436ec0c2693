import type { Kysely } from 'kysely';
import { evaluateAgainstTarget, type Evaluation } from '../../domain/evaluate-target.ts';
import { formatValue } from '../../domain/format.ts';
import { comparePeriods, parsePeriod, reportingYearOf, type Period } from '../../domain/periods.ts';
import { visibilityOf } from '../../domain/permissions.ts';
import { findIndicators, findTargets, type Indicator } from '../../db/repositories/catalogue.ts';
import {
  findPublicationPeriod,
  findRevisionsBetween,
  type PublicationPeriod,
  type RevisionBetween,
} from '../../db/repositories/publication.ts';
import { findCommentary, findScorecardFigures, type CurrentValue } from '../../db/repositories/values.ts';
import type { Database } from '../../db/schema.ts';
import { invalid, notFound } from '../../errors.ts';
import { requirePermission } from '../authorise.ts';
import type { RequestContext } from '../context.ts';
import { parseMonth } from './cycle.ts';

export interface Change {
  indicator: Pick<Indicator, 'id' | 'ref' | 'title'>;
  period: Period;
  kind: 'figure' | 'rating' | 'commentary';
  /** The breakdown item ('' for the total). */
  breakdown: string;
  before: string;
  after: string;
  /** Why: each revision's reason, the file it was imported from, or who entered it. */
  why: string[];
}

export interface WhatChanged {
  from: { month: string; at: Date };
  to: { month: string | null; at: Date };
  changes: Change[];
  /** Figures given for the first time between the two (a newly published period's), counted by period. */
  newFigures: { period: Period; figures: number; indicators: number }[];
}

/**
 * What changed between one publication and another (or now): each figure
 * that stood at the first and stands differently at the second, with its
 * rating where that changed too; commentary rewritten; and why, from each
 * revision in between (its reason, the import it came in, who entered it).
 * Figures given for the first time are counted, not listed. A viewer sees
 * only what was published to them at each moment.
 */
export async function whatChanged(
  db: Kysely<Database>,
  request: { from: string; to: string; now?: Date },
  context: RequestContext,
): Promise<WhatChanged> {
  requirePermission(context, 'figures:read');
  const visibility = visibilityOf(context.actor);
  const from = await published(db, request.from, 'from');
  const to = request.to === 'now' ? null : await published(db, request.to, 'to');
  const fromAt = from.publishedAt!;
  const toAt = to?.publishedAt ?? request.now ?? new Date();
  if (toAt <= fromAt)
    throw invalid('The second moment must come after the first.', [
      { field: 'to', message: `must be a publication after ${from.month}'s, or now` },
    ]);

  const revisions = await findRevisionsBetween(db, {
    from: fromAt,
    to: toAt,
    organisationId: visibility.organisationId,
  });
  const indicatorIds = [...new Set(revisions.map((r) => r.indicatorId))];
  const periods = [...new Set(revisions.map((r) => r.period))];
  const read = (asAt: Date) =>
    findScorecardFigures(db, {
      indicatorIds,
      periods,
      earlierPeriods: [],
      earlierBreakdowns: [],
      asAt,
      isPublishedOnly: visibility.isPublishedOnly,
    });
  const readCommentary = (asAt: Date) =>
    findCommentary(db, indicatorIds, { periods, asAt, isPublishedOnly: visibility.isPublishedOnly });
  const [indicators, targets, before, after, commentaryBefore, commentaryAfter] = await Promise.all([
    findIndicators(db, { organisationId: visibility.organisationId }),
    findTargets(db, indicatorIds),
    read(fromAt),
    read(toAt),
    readCommentary(fromAt),
    readCommentary(toAt),
  ]);
  const indicatorOf = new Map(indicators.map((i) => [i.id, i]));
  const key = (v: { indicatorId: number; period: string; breakdown: string }) =>
    `${v.indicatorId}|${v.period}|${v.breakdown}`;
  const beforeOf = new Map(before.map((v) => [key(v), v]));
  const afterOf = new Map(after.map((v) => [key(v), v]));
  /** Newest revision first, so the first match is the one standing at that moment. */
  const bodyAt = (list: typeof commentaryBefore, indicatorId: number, period: string) =>
    list.find((c) => c.indicatorId === indicatorId && c.period === period)?.body ?? null;
  const whyOf = (k: string) => [
    ...new Set(revisions.filter((r) => key(r) === k && r.kind === 'figure').map(reasonOf)),
  ];

  const changes: Change[] = [];
  const newCounts = new Map<string, { figures: number; indicators: Set<number> }>();
  for (const k of new Set(revisions.filter((r) => r.kind === 'figure').map(key))) {
    const was = beforeOf.get(k);
    const is = afterOf.get(k);
    if (!is) continue; // not visible to this reader at the second moment
    const indicator = indicatorOf.get(is.indicatorId);
    const period = parsePeriod(is.period);
    if (!indicator || !period) continue;
    if (!was) {
      const count = newCounts.get(is.period) ?? { figures: 0, indicators: new Set<number>() };
      count.figures++;
      count.indicators.add(is.indicatorId);
      newCounts.set(is.period, count);
      continue;
    }
    if (sameFigure(was, is)) continue;
    const display = { unit: indicator.unit, decimals: indicator.decimals };
    const base = { indicator, period, breakdown: is.breakdown, why: whyOf(k) };
    changes.push({
      ...base,
      kind: 'figure',
      before: formatValue(was.value, display),
      after: formatValue(is.value, display),
    });
    if (is.breakdown === '') {
      const target =
        targets.get(indicator.id)?.find((t) => t.year === reportingYearOf(period, indicator.reportingYear))
          ?.target ?? null;
      const rate = (value: number | null): Evaluation =>
        evaluateAgainstTarget({ aim: indicator.aim, value, target, display });
      const [r1, r2] = [rate(was.value), rate(is.value)];
      if (r1.label !== r2.label) changes.push({ ...base, kind: 'rating', before: r1.label, after: r2.label });
    }
  }
  for (const k of new Set(revisions.filter((r) => r.kind === 'commentary').map(key))) {
    const [indicatorId, periodCode] = [Number(k.split('|')[0]), k.split('|')[1]!];
    const indicator = indicatorOf.get(indicatorId);
    const period = parsePeriod(periodCode);
    const was = bodyAt(commentaryBefore, indicatorId, periodCode);
    const is = bodyAt(commentaryAfter, indicatorId, periodCode);
    if (!indicator || !period || was === null || is === null || was === is) continue;
    changes.push({
      indicator,
      period,
      kind: 'commentary',
      breakdown: '',
      before: was,
      after: is,
      why: [...new Set(revisions.filter((r) => key(r) === k && r.kind === 'commentary').map(reasonOf))],
    });
  }
  changes.sort(
    (a, b) =>
      a.indicator.ref.localeCompare(b.indicator.ref, 'en', { numeric: true }) ||
      comparePeriods(parsePeriod(b.period.code)!, parsePeriod(a.period.code)!) ||
      a.breakdown.localeCompare(b.breakdown),
  );
  return {
    from: { month: from.month, at: fromAt },
    to: { month: to?.month ?? null, at: toAt },
    changes,
    newFigures: [...newCounts.entries()]
      .map(([code, c]) => ({ period: parsePeriod(code)!, figures: c.figures, indicators: c.indicators.size }))
      .sort((a, b) => comparePeriods(a.period, b.period)),
  };
}

async function published(db: Kysely<Database>, code: string, field: string): Promise<PublicationPeriod> {
  const month = parseMonth(code, field);
  const period = await findPublicationPeriod(db, month.code);
  if (!period?.publishedAt) throw notFound(`${month.label} has not been published.`);
  return period;
}

function sameFigure(a: CurrentValue, b: CurrentValue): boolean {
  return a.value === b.value && a.numerator === b.numerator && a.denominator === b.denominator;
}

function reasonOf(r: RevisionBetween): string {
  const when = r.enteredAt.toISOString().slice(0, 10);
  if (r.importFile)
    return `Imported from ${r.importFile} by ${r.enteredBy} on ${when}${r.reason ? `: ${r.reason}` : ''}`;
  if (r.reason) return `${r.reason} (${r.enteredBy}, ${when})`;
  return `Entered by ${r.enteredBy} on ${when}${r.source ? ` (${r.source})` : ''}`;
}
