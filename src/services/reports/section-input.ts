import type { Kysely } from 'kysely';
import type { Period } from '../../domain/periods.ts';
import type { Visibility } from '../../domain/permissions.ts';
import type { Database } from '../../db/schema.ts';
import type { SectionDefinition } from '../../reports/definition.ts';
import type { ReportSection } from '../../reports/document.ts';

/** What every section builder is given: its definition and the report's month and moment. */
export interface SectionInput<K extends SectionDefinition['kind']> {
  /** The section's anchor within the report ('s1', 's2' …). */
  id: string;
  definition: Extract<SectionDefinition, { kind: K }>;
  month: Period;
  /** The figures as they stood at this moment. */
  asAt: Date;
  /** What the person building the report may see. */
  visibility: Visibility;
}

export type SectionBuilder<K extends SectionDefinition['kind']> = (
  db: Kysely<Database>,
  input: SectionInput<K>,
) => Promise<ReportSection>;
