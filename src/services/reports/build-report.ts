import type { Kysely } from 'kysely';
import { parsePeriod } from '../../domain/periods.ts';
import type { Visibility } from '../../domain/permissions.ts';
import type { Database } from '../../db/schema.ts';
import { applyDisclosure } from '../../reports/apply-disclosure.ts';
import type { ReportDefinition, SectionDefinition } from '../../reports/definition.ts';
import type { ReportDocument, ReportSection } from '../../reports/document.ts';
import type { SectionBuilder, SectionInput } from './section-input.ts';
import { buildContractsSection } from './sections/contracts.ts';
import { buildEndOfYearSection } from './sections/end-of-year.ts';
import { buildExceptionsSection } from './sections/exceptions.ts';
import { buildImprovementSection } from './sections/improvement.ts';
import { buildIndicatorsSection } from './sections/indicators.ts';
import { buildInfographicSection } from './sections/infographic.ts';
import { buildQuarterlySection } from './sections/quarterly.ts';
import { buildRisksSection } from './sections/risks.ts';
import { buildScorecardSection } from './sections/scorecard.ts';
import { buildTextSection } from './sections/text.ts';

type Builders = { [K in SectionDefinition['kind']]: SectionBuilder<K> };

const BUILDERS: Builders = {
  scorecard: buildScorecardSection,
  exceptions: buildExceptionsSection,
  indicators: buildIndicatorsSection,
  'end-of-year': buildEndOfYearSection,
  quarterly: buildQuarterlySection,
  contracts: buildContractsSection,
  improvement: buildImprovementSection,
  risks: buildRisksSection,
  infographic: buildInfographicSection,
  text: buildTextSection,
};

export interface BuildOptions {
  asAt: Date;
  visibility: Visibility;
  /** Counts from 1 to this are suppressed when the report is public. */
  disclosureThreshold: number;
  /** Told after each section, for a progress bar. */
  onSection?: (done: number, total: number) => void;
}

/**
 * A report definition resolved into the document every output is drawn
 * from: each section built in order from the figures as they stood at
 * `asAt`, then, for a public report, small numbers suppressed.
 */
export async function buildReportDocument(
  db: Kysely<Database>,
  definition: ReportDefinition,
  options: BuildOptions,
): Promise<ReportDocument> {
  const month = parsePeriod(definition.period)!;
  const sections: ReportSection[] = [];
  for (const [index, section] of definition.sections.entries()) {
    sections.push(
      await buildSection(db, {
        id: `s${index + 1}`,
        definition: section,
        month,
        asAt: options.asAt,
        visibility: options.visibility,
      }),
    );
    options.onSection?.(index + 1, definition.sections.length);
  }
  return applyDisclosure({
    title: definition.title,
    audience: definition.audience,
    period: month.code,
    periodLabel: month.label,
    asAt: options.asAt.toISOString(),
    status: 'draft',
    disclosure: { isPublic: definition.isPublic, threshold: options.disclosureThreshold },
    sections,
  });
}

function buildSection<K extends SectionDefinition['kind']>(
  db: Kysely<Database>,
  input: SectionInput<K>,
): Promise<ReportSection> {
  const builder = BUILDERS[input.definition.kind] as SectionBuilder<K>;
  return builder(db, input);
}
