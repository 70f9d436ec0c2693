import type { Kysely } from 'kysely';
import {
  findIndicators,
  findSeries,
  findTargets,
  type Indicator,
} from '../../../db/repositories/catalogue.ts';
import { findCommentary, findScorecardFigures, type CurrentValue } from '../../../db/repositories/values.ts';
import type { Database } from '../../../db/schema.ts';
import type { Target } from '../../../domain/indicator.ts';
import type { Visibility } from '../../../domain/permissions.ts';
import type { SeriesStart } from '../../../domain/series.ts';
import { correctionMarks } from '../../publication/corrections.ts';
import { unknownRefs } from './cells.ts';

/**
 * What a year or quarter section reads for its chosen indicators: the
 * indicators (in the order chosen), their total figures for the periods
 * each needs as they stood at asAt (marked revised as the publication
 * cycle says), their targets, series breaks and commentary. An indicator
 * the reader may not see is refused exactly as one that does not exist.
 */
export interface IndicatorFigures {
  indicator: Indicator;
  figures: CurrentValue[];
  /** By reporting-year label ('2017-18', or '2017' for a calendar year). */
  targets: Map<string, Target>;
  series: SeriesStart[];
  /** The current commentary (at asAt) by period code. */
  commentary: Map<string, string>;
}

export async function readIndicatorFigures(
  db: Kysely<Database>,
  request: {
    refs: string[];
    periodsFor: (indicator: Indicator) => string[];
    targetYearsFor: (indicator: Indicator) => string[];
    asAt: Date;
    visibility: Visibility;
  },
): Promise<IndicatorFigures[]> {
  const refs = [...new Set(request.refs)];
  const found = await findIndicators(db, { refs, organisationId: request.visibility.organisationId });
  const byRef = new Map(found.map((i) => [i.ref, i]));
  const missing = refs.filter((ref) => !byRef.has(ref));
  if (missing.length) throw unknownRefs('refs', 'indicator', missing);
  const indicators = refs.map((ref) => byRef.get(ref)!);
  const ids = indicators.map((i) => i.id);
  const periods = [...new Set(indicators.flatMap(request.periodsFor))];
  const years = [...new Set(indicators.flatMap(request.targetYearsFor))];
  const { asAt, visibility } = request;
  const [values, targets, series, commentary] = await Promise.all([
    findScorecardFigures(db, {
      indicatorIds: ids,
      periods: [],
      earlierPeriods: periods,
      earlierBreakdowns: [''],
      asAt,
      isPublishedOnly: visibility.isPublishedOnly,
    }),
    findTargets(db, ids, { years }),
    findSeries(db, ids),
    findCommentary(db, ids, { periods, asAt, isPublishedOnly: visibility.isPublishedOnly }),
  ]);
  const marksOf = await correctionMarks(db, values);
  return indicators.map((indicator) => {
    const notes = new Map<string, string>();
    // Newest revision first: the first for each period is the one current at asAt.
    for (const c of commentary)
      if (c.indicatorId === indicator.id && !notes.has(c.period)) notes.set(c.period, c.body);
    return {
      indicator,
      figures: values
        .filter((v) => v.indicatorId === indicator.id)
        .map((v) => ({ ...v, isRevised: marksOf(v).isRevised })),
      targets: new Map((targets.get(indicator.id) ?? []).map((t) => [t.year, t.target])),
      series: series.get(indicator.id) ?? [],
      commentary: notes,
    };
  });
}
