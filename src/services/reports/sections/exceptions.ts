import { previousPeriod, parsePeriod, type Period } from '../../../domain/periods.ts';
import type { ScorecardSection } from '../../../domain/scorecard.ts';
import { exceptionBlocks, exceptionReasons, type ExceptionRow } from '../../../reports/exceptions.ts';
import { listFacets } from '../../../db/repositories/catalogue.ts';
import { buildScorecard } from '../../build-scorecard.ts';
import type { SectionBuilder } from '../section-input.ts';

/**
 * Indicators outside tolerance, or worse for two periods running, in one
 * service area or all of them. The second test needs each indicator's
 * previous period as its own scorecard saw it, so the scorecard of the
 * month that period ends in is built too.
 */
export const buildExceptionsSection: SectionBuilder<'exceptions'> = async (db, input) => {
  const build = (serviceArea: string, month: Period) =>
    buildScorecard(db, { serviceArea, month: month.code, asAt: input.asAt }, input.visibility);
  const areas =
    input.definition.serviceArea === null
      ? (await listFacets(db, input.visibility.organisationId)).serviceAreas
      : [input.definition.serviceArea];

  const rows: ExceptionRow[] = [];
  for (const area of areas) {
    const scorecard = await build(area, input.month);
    const earlierSections = new Map<string, ScorecardSection>();
    const earlierMonths = new Set(scorecard.sections.map((s) => monthOfPreviousPeriod(s.period)));
    for (const month of earlierMonths) {
      const earlier = await build(area, parsePeriod(month)!);
      for (const s of earlier.sections) earlierSections.set(`${s.ref}|${s.period.code}`, s);
    }
    for (const section of scorecard.sections) {
      const earlier = earlierSections.get(`${section.ref}|${previousPeriod(section.period).code}`);
      const reasons = exceptionReasons(section, earlier);
      if (reasons.length) rows.push({ section, reasons });
    }
  }
  return {
    id: input.id,
    kind: 'exceptions',
    heading:
      input.definition.heading ||
      `Exceptions${input.definition.serviceArea ? `: ${input.definition.serviceArea}` : ''}, ${input.month.label}`,
    blocks: exceptionBlocks(rows),
  };
};

/** The month in which the period before this one ends ('2017-04' for May 2017, '2017-03' for Q1 2017-18). */
function monthOfPreviousPeriod(period: Period): string {
  return previousPeriod(period).end.slice(0, 7);
}
