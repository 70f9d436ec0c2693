import type { Kysely } from 'kysely';
import { directionOfTravel, type DirectionOfTravel } from '../domain/direction-of-travel.ts';
import { effectiveTargetValue, evaluateAgainstTarget, type Evaluation } from '../domain/evaluate-target.ts';
import {
  comparePeriods,
  parsePeriod,
  previousPeriod,
  reportingYearOf,
  samePeriodLastYear,
  type Period,
} from '../domain/periods.ts';
import { isSameSeries, seriesIndexFor, type SeriesStart } from '../domain/series.ts';
import { notFound } from '../errors.ts';
import { SEES_EVERYTHING, type Visibility } from '../domain/permissions.ts';
import {
  findIndicator,
  findSeries,
  findTargets,
  type Indicator,
  type TargetRecord,
} from '../db/repositories/catalogue.ts';
import {
  findCommentary,
  findValueHistory,
  type CommentaryEntry,
  type ValueRevision,
} from '../db/repositories/values.ts';
import { findItemPublications } from '../db/repositories/publication.ts';
import type { Database } from '../db/schema.ts';
import { periodPublication, publishedOnly, type PeriodPublication } from './publication/corrections.ts';

export interface PeriodRow {
  period: Period;
  /** Which definition the figure was measured under (0 = the original). */
  series: number;
  total: ValueRevision | null;
  breakdowns: ValueRevision[];
  /** Earlier revisions of any figure in this period, newest first. */
  superseded: ValueRevision[];
  target: number | null;
  evaluation: Evaluation;
  againstPrevious: DirectionOfTravel;
  againstLastYear: DirectionOfTravel;
  commentary: CommentaryEntry[];
  /** Set when the publication cycle covers the period: when it was published, and corrections since. */
  publication: PeriodPublication | null;
}

export interface IndicatorDetail {
  indicator: Indicator;
  targets: TargetRecord[];
  series: SeriesStart[];
  rows: PeriodRow[];
}

/** Everything the indicator page shows: definition, targets by year, and each period's figures, rating, trend and commentary. */
export async function getIndicator(
  db: Kysely<Database>,
  ref: string,
  visibility: Visibility = SEES_EVERYTHING,
): Promise<IndicatorDetail> {
  const indicator = await findIndicator(db, ref);
  // Another organisation's indicator is "not there", so references cannot be probed.
  if (
    !indicator ||
    (visibility.organisationId !== null && indicator.organisationId !== visibility.organisationId)
  )
    throw notFound(`There is no indicator with the reference "${ref}".`);
  const [allRevisions, targets, series, commentary, items] = await Promise.all([
    findValueHistory(db, indicator.id),
    findTargets(db, [indicator.id]),
    findSeries(db, [indicator.id]),
    findCommentary(db, [indicator.id], { isPublishedOnly: visibility.isPublishedOnly }),
    findItemPublications(db, [indicator.id]),
  ]);
  const history = visibility.isPublishedOnly ? publishedOnly(allRevisions, items) : allRevisions;
  const itemOf = new Map(items.map((i) => [i.period, i]));
  const targetList = targets.get(indicator.id) ?? [];
  const starts = series.get(indicator.id) ?? [];
  const targetFor = (p: Period) =>
    targetList.find((t) => t.year === reportingYearOf(p, indicator.reportingYear))?.target ?? null;

  const byPeriod = new Map<string, ValueRevision[]>();
  for (const v of history) byPeriod.set(v.period, [...(byPeriod.get(v.period) ?? []), v]);
  const currentTotal = (code: string) =>
    byPeriod.get(code)?.find((v) => v.isCurrent && v.breakdown === '') ?? null;

  const rows = [...byPeriod.keys()]
    .map((code) => parsePeriod(code)!)
    .filter((p) => p.kind !== 'range')
    .sort((a, b) => comparePeriods(b, a))
    .map((period): PeriodRow => {
      const revisions = byPeriod.get(period.code)!;
      const total = currentTotal(period.code);
      const target = targetFor(period);
      const trend = (other: Period) =>
        directionOfTravel({
          aim: indicator.aim,
          current: total?.value ?? null,
          previous: currentTotal(other.code)?.value ?? null,
          target,
          decimals: indicator.decimals,
          isComparable: isSameSeries(period, other, starts),
        });
      return {
        period,
        series: seriesIndexFor(period, starts),
        total,
        breakdowns: revisions.filter((v) => v.isCurrent && v.breakdown !== ''),
        superseded: revisions.filter((v) => !v.isCurrent).reverse(),
        target: effectiveTargetValue(target),
        evaluation: evaluateAgainstTarget({
          aim: indicator.aim,
          value: total?.value ?? null,
          target,
          display: { unit: indicator.unit, decimals: indicator.decimals },
        }),
        againstPrevious: trend(previousPeriod(period)),
        againstLastYear: trend(samePeriodLastYear(period)),
        commentary: commentary.filter((c) => c.period === period.code),
        publication: periodPublication(itemOf.get(period.code), revisions),
      };
    });
  return { indicator, targets: targetList, series: starts, rows };
}
