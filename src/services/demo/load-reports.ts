import type { Kysely } from 'kysely';
import { findReports } from '../../db/repositories/reports.ts';
import type { Database } from '../../db/schema.ts';
import { DEFAULT_DISCLOSURE_THRESHOLD } from '../../domain/disclosure-control.ts';
import type { ReportDefinition } from '../../reports/definition.ts';
import { systemContext } from '../context.ts';
import { publishReport, saveReport } from '../reports/reports.ts';
import { CONTRACT_REF } from './load-contracts.ts';

const CSC = "Children's social care";

/** The papers the demo's figures were first reported in, rebuilt as report packs. */
export const DEMO_REPORTS: ReportDefinition[] = [
  {
    title: "Children's social care performance",
    audience: 'Scrutiny committee',
    period: '2017-05',
    isPublic: false,
    sections: [
      {
        kind: 'text',
        heading: 'Purpose of the report',
        text: 'This report gives members the performance of children’s social care for May 2017: the scorecard (Appendix B), the indicators needing attention, and the summaries of the children’s social care and education services (Appendices A and C).',
      },
      { kind: 'infographic', panel: 'csc-2017-05' },
      { kind: 'scorecard', serviceArea: CSC },
      { kind: 'exceptions', serviceArea: CSC },
      { kind: 'indicators', heading: 'Child protection and children in care', refs: ['CSC-05', 'CSC-07'] },
      { kind: 'infographic', panel: 'education-2017-05' },
    ],
  },
  {
    title: 'Children’s services at a glance',
    audience: 'Public',
    period: '2017-05',
    isPublic: true,
    sections: [
      { kind: 'infographic', panel: 'csc-2017-05' },
      { kind: 'scorecard', serviceArea: CSC },
    ],
  },
  {
    title: 'Children and Families Directorate: performance and improvement',
    audience: 'Cabinet',
    period: '2022-12',
    isPublic: false,
    sections: [
      {
        kind: 'quarterly',
        heading: 'Key performance indicators, 2022/23',
        year: '2022-23',
        refs: Array.from({ length: 15 }, (_, i) => `KPI-22-${i + 1}`),
      },
      { kind: 'improvement', plan: '2023' },
      { kind: 'risks', plan: '2023' },
    ],
  },
  {
    title: 'Children’s Trust contract monitoring',
    audience: 'Board',
    period: '2018-10',
    isPublic: false,
    sections: [
      { kind: 'contracts', contract: CONTRACT_REF },
      { kind: 'indicators', refs: ['EHCP-2.1.1'] },
    ],
  },
];

/**
 * Saves the demo's report packs (once: a report already there by its title
 * is left alone) and publishes the first, so the demo has a paper frozen as
 * sent beside its live draft.
 */
export async function loadDemoReports(db: Kysely<Database>): Promise<void> {
  const context = systemContext('demo');
  const existing = new Set((await findReports(db, null)).map((r) => r.title));
  for (const [index, definition] of DEMO_REPORTS.entries()) {
    if (existing.has(definition.title)) continue;
    const id = await saveReport(db, { id: null, input: definition }, context);
    if (index === 0) {
      await publishReport(db, { id }, context, { disclosureThreshold: DEFAULT_DISCLOSURE_THRESHOLD });
    }
  }
}
