import type { Kysely } from 'kysely';
import { parsePeriod, reportingYearOf, type Period } from '../domain/periods.ts';
import {
  buildScorecardSection,
  figuresNeeded,
  reportingPeriodFor,
  type ScorecardSection,
} from '../domain/scorecard.ts';
import { invalid } from '../errors.ts';
import { SEES_EVERYTHING, type Visibility } from '../domain/permissions.ts';
import { findIndicators, findSeries, findTargets } from '../db/repositories/catalogue.ts';
import {
  findCommentary,
  findPopulations,
  findScorecardFigures,
  type CurrentValue,
} from '../db/repositories/values.ts';
import type { Database } from '../db/schema.ts';
import { correctionMarks } from './publication/corrections.ts';

export interface Scorecard {
  serviceArea: string;
  month: Period;
  /** Set when the scorecard shows the figures as they stood at that moment. */
  asAt: Date | null;
  sections: ScorecardSection[];
}

/**
 * The scorecard for one service area and month: reads only the figures the
 * month's grid can show (the month by every breakdown; the six before it, the
 * year before and the last year end by row group only), the targets of the
 * reporting year shown and its commentary, and leaves every calculation to
 * the domain.
 */
export async function buildScorecard(
  db: Kysely<Database>,
  request: { serviceArea: string; month: string; asAt?: Date },
  visibility: Visibility = SEES_EVERYTHING,
): Promise<Scorecard> {
  const month = parsePeriod(request.month);
  if (!month || month.kind !== 'month') {
    throw invalid('No scorecard for that month.', [
      { field: 'month', message: `"${request.month}" is not a month such as 2017-05` },
    ]);
  }
  const indicators = await findIndicators(db, {
    serviceArea: request.serviceArea,
    organisationId: visibility.organisationId,
  });
  const ids = indicators.map((i) => i.id);
  const needs = indicators.map((i) => figuresNeeded(i, month));
  const distinct = (codes: string[]) => [...new Set(codes)];
  const periods = distinct(needs.map((n) => n.period));
  const targetYears = distinct(
    indicators.map((i) => reportingYearOf(reportingPeriodFor(i.frequency, month), i.reportingYear)),
  );
  const [values, targets, series, populations, commentary] = await Promise.all([
    findScorecardFigures(db, {
      indicatorIds: ids,
      periods,
      earlierPeriods: distinct(needs.flatMap((n) => n.earlierPeriods)),
      earlierBreakdowns: distinct(needs.flatMap((n) => n.rowGroupBreakdowns)),
      ...(request.asAt ? { asAt: request.asAt } : {}),
      isPublishedOnly: visibility.isPublishedOnly,
    }),
    findTargets(db, ids, { years: targetYears }),
    findSeries(db, ids),
    findPopulations(db),
    findCommentary(db, ids, {
      periods,
      ...(request.asAt ? { asAt: request.asAt } : { currentOnly: true }),
      isPublishedOnly: visibility.isPublishedOnly,
    }),
  ]);

  // Figures the publication cycle covers are marked revised only when corrected after publication.
  const marksOf = await correctionMarks(db, values);
  const figuresOf = new Map<number, CurrentValue[]>(ids.map((id) => [id, []]));
  for (const value of values) {
    const { isRevised, publishedValue } = marksOf(value);
    figuresOf
      .get(value.indicatorId)
      ?.push({ ...value, isRevised, ...(publishedValue !== undefined ? { publishedValue } : {}) });
  }
  const sections = indicators.map((indicator) => {
    const section = buildScorecardSection(month, {
      indicator,
      figures: figuresOf.get(indicator.id) ?? [],
      targets: Object.fromEntries((targets.get(indicator.id) ?? []).map((t) => [t.year, t.target])),
      populations,
      series: series.get(indicator.id) ?? [],
      commentary: null,
    });
    // Newest revision first, so the first match is the one current (at asAt, if given).
    section.commentary =
      commentary.find((c) => c.indicatorId === indicator.id && c.period === section.period.code)?.body ??
      null;
    return section;
  });
  return {
    serviceArea: request.serviceArea,
    month,
    asAt: request.asAt ?? null,
    sections,
  };
}
