import { parsePeriod, reportingYearOf } from '../../../domain/periods.ts';
import { invalid } from '../../../errors.ts';
import { findBenchmarkValues, findIndicators } from '../../../db/repositories/catalogue.ts';
import { findScorecardFigures } from '../../../db/repositories/values.ts';
import { buildPanelBlocks } from '../../../reports/infographics/build-panel.ts';
import {
  comparatorKey,
  placeKey,
  placesOf,
  type IndicatorFacts,
  type ResolvedFigure,
} from '../../../reports/infographics/panel.ts';
import { INFOGRAPHIC_PANELS } from '../../../reports/infographics/panels.ts';
import type { SectionBuilder } from '../section-input.ts';

/**
 * An infographic panel (src/reports/infographics/panels.ts) rebuilt from the
 * figures as they stood at the report's moment, as its reader may see them:
 * a partner only its own organisation's indicators, a viewer only published
 * figures. A figure the reader may not see shows as not available.
 *
 * Published comparators (England, England and Wales) are not revisioned:
 * they are shown as they are now, whatever the moment.
 */
export const buildInfographicSection: SectionBuilder<'infographic'> = async (db, input) => {
  const { definition, asAt, visibility } = input;
  const panel = INFOGRAPHIC_PANELS.get(definition.panel);
  if (!panel)
    throw invalid('No such infographic.', [
      {
        field: 'panel',
        message: `"${definition.panel}" is not an infographic panel (choose one of: ${[...INFOGRAPHIC_PANELS.keys()].join(', ')})`,
      },
    ]);

  const places = placesOf(panel);
  const all = [...places.figures, ...places.comparators];
  const indicators = await findIndicators(db, {
    refs: [...new Set(all.map((p) => p.ref))],
    organisationId: visibility.organisationId,
  });
  const byRef = new Map(indicators.map((i) => [i.ref, i]));
  const ids = indicators.map((i) => i.id);
  const yearOf = (place: { ref: string; period: string }) => {
    const indicator = byRef.get(place.ref);
    const period = parsePeriod(place.period);
    return indicator && period ? reportingYearOf(period, indicator.reportingYear) : null;
  };

  const [stored, benchmarks] = await Promise.all([
    findScorecardFigures(db, {
      indicatorIds: ids,
      periods: [...new Set(places.figures.map((p) => p.period))],
      earlierPeriods: [],
      earlierBreakdowns: [],
      asAt,
      isPublishedOnly: visibility.isPublishedOnly,
    }),
    findBenchmarkValues(db, ids, [...new Set(places.comparators.flatMap((p) => yearOf(p) ?? []))]),
  ]);

  const refOf = new Map(indicators.map((i) => [i.id, i.ref]));
  const figures = new Map<string, ResolvedFigure>();
  for (const v of stored) {
    const ref = refOf.get(v.indicatorId)!;
    figures.set(placeKey({ ref, period: v.period, breakdown: v.breakdown }), {
      value: v.value,
      numerator: v.numerator,
      denominator: v.denominator,
      revision: v.revision,
    });
  }
  const comparators = new Map<string, number>();
  for (const place of places.comparators) {
    const indicator = byRef.get(place.ref);
    const found = benchmarks.find(
      (b) =>
        b.indicatorId === indicator?.id &&
        b.year === yearOf(place) &&
        b.benchmark === place.benchmark &&
        b.breakdown === (place.breakdown ?? ''),
    );
    if (found) comparators.set(comparatorKey(place), found.value);
  }
  const facts = new Map<string, IndicatorFacts>(
    indicators.map((i) => [i.ref, { ref: i.ref, title: i.title, unit: i.unit, decimals: i.decimals }]),
  );

  return {
    id: input.id,
    kind: 'infographic',
    heading: definition.heading || panel.title,
    blocks: buildPanelBlocks(panel, { indicators: facts, figures, comparators }),
  };
};
