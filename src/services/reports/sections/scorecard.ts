import { listFacets } from '../../../db/repositories/catalogue.ts';
import { invalid } from '../../../errors.ts';
import { scorecardBlocks } from '../../../reports/scorecard-blocks.ts';
import { buildScorecard } from '../../build-scorecard.ts';
import type { SectionBuilder } from '../section-input.ts';

/** A service area's scorecard for the report's month, indicator by indicator as on the page. */
export const buildScorecardSection: SectionBuilder<'scorecard'> = async (db, input) => {
  const { serviceArea } = input.definition;
  const { serviceAreas } = await listFacets(db, input.visibility.organisationId);
  if (!serviceAreas.includes(serviceArea)) {
    throw invalid('The report asks for a scorecard that does not exist.', [
      { field: 'serviceArea', message: `there is no service area called "${serviceArea}"` },
    ]);
  }
  const scorecard = await buildScorecard(
    db,
    { serviceArea, month: input.month.code, asAt: input.asAt },
    input.visibility,
  );
  return {
    id: input.id,
    kind: 'scorecard',
    heading: input.definition.heading || `${serviceArea} scorecard, ${input.month.label}`,
    blocks: scorecard.sections.length
      ? scorecard.sections.flatMap(scorecardBlocks)
      : [{ type: 'paragraph', text: 'No indicators in this service area.' }],
  };
};
