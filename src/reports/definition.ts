import { z } from 'zod';

/**
 * What a saved report asks for: its title, audience and month, and an
 * ordered list of sections, each naming what it draws on (a service area,
 * indicators, a contract, an improvement plan). Stored as JSON with the
 * report and checked with these schemas whenever it is read or written.
 */

const heading = z.string().trim().max(200).optional();
const refs = z.array(z.string().trim().min(1)).min(1, 'choose at least one indicator');
const reportingYear = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}$/, 'must be a reporting year such as 2017-18');

export const SectionDefinition = z.discriminatedUnion('kind', [
  /** A service area's scorecard for the report's month, laid out as Appendix B. */
  z.object({ kind: z.literal('scorecard'), heading, serviceArea: z.string().trim().min(1) }),
  /** Indicators outside tolerance, or worse for two periods running (one area, or all). */
  z.object({ kind: z.literal('exceptions'), heading, serviceArea: z.string().trim().min(1).nullable() }),
  /** Chosen indicators, each with its chart, history and commentary. */
  z.object({ kind: z.literal('indicators'), heading, refs }),
  /** Result, target, achieved or missed, direction of travel and commentary for a reporting year. */
  z.object({ kind: z.literal('end-of-year'), heading, year: reportingYear, refs }),
  /** Target, Q1 to Q4 and commentary for a reporting year. */
  z.object({ kind: z.literal('quarterly'), heading, year: reportingYear, refs }),
  /** A partner contract's indicators rated in month and cumulatively. */
  z.object({ kind: z.literal('contracts'), heading, contract: z.string().trim().min(1) }),
  /** An improvement plan's roll-up by status and its exceptions. */
  z.object({ kind: z.literal('improvement'), heading, plan: z.string().trim().min(1) }),
  /** An improvement plan's risk register. */
  z.object({ kind: z.literal('risks'), heading, plan: z.string().trim().min(1) }),
  /** One of the infographic panels (see src/reports/infographics). */
  z.object({ kind: z.literal('infographic'), heading, panel: z.string().trim().min(1) }),
  /** Free text: an introduction, a recommendation, a note to members. */
  z.object({
    kind: z.literal('text'),
    heading: z.string().trim().min(1).max(200),
    text: z.string().max(20_000),
  }),
]);
export type SectionDefinition = z.infer<typeof SectionDefinition>;

export const AUDIENCES = ['Council', 'Cabinet', 'Scrutiny committee', 'Board', 'Officers', 'Public'] as const;

export const ReportDefinition = z.object({
  title: z.string().trim().min(1, 'enter a title').max(200),
  audience: z.string().trim().min(1, 'choose an audience').max(100),
  /** The reporting month the report is for. */
  period: z
    .string()
    .trim()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month such as 2017-05'),
  /** A report for the public has small numbers suppressed. */
  isPublic: z.boolean(),
  sections: z.array(SectionDefinition).min(1, 'add at least one section').max(200),
});
export type ReportDefinition = z.infer<typeof ReportDefinition>;

/** The kinds of section a person can add, in words, for the report editor. */
export const SECTION_KINDS_OFFERED: { value: SectionDefinition['kind']; text: string; hint: string }[] = [
  { value: 'scorecard', text: 'Scorecard', hint: 'A service area’s scorecard for the month.' },
  { value: 'exceptions', text: 'Exceptions', hint: 'Outside tolerance, or worse for two periods running.' },
  { value: 'indicators', text: 'Indicators in detail', hint: 'Chart, history and commentary.' },
  { value: 'end-of-year', text: 'End-of-year table', hint: 'Result, target, achieved or missed, trend.' },
  { value: 'quarterly', text: 'Quarterly table', hint: 'Target, Q1 to Q4 and commentary.' },
  { value: 'contracts', text: 'Contract summary', hint: 'A partner contract’s indicators.' },
  { value: 'improvement', text: 'Improvement programme', hint: 'Roll-up and exceptions of a plan.' },
  { value: 'risks', text: 'Risks', hint: 'A plan’s risk register.' },
  { value: 'infographic', text: 'Infographic', hint: 'Headline figures and comparisons.' },
  { value: 'text', text: 'Free text', hint: 'An introduction, a recommendation.' },
];

/**
 * A section as the report editor's form sends it (every field a string),
 * shaped for SectionDefinition to check: indicator references may be
 * separated by commas, spaces or new lines; an empty service area for
 * exceptions means every area.
 */
export function sectionFromForm(form: Record<string, string | undefined>): unknown {
  const field = (name: string) => (form[name] ?? '').trim();
  const refs = field('refs')
    .split(/[\s,;]+/)
    .filter(Boolean);
  const heading = field('heading') || undefined;
  switch (field('kind')) {
    case 'scorecard':
      return { kind: 'scorecard', heading, serviceArea: field('serviceArea') };
    case 'exceptions':
      return { kind: 'exceptions', heading, serviceArea: field('serviceArea') || null };
    case 'indicators':
      return { kind: 'indicators', heading, refs };
    case 'end-of-year':
    case 'quarterly':
      return { kind: field('kind'), heading, year: field('year'), refs };
    case 'contracts':
      return { kind: 'contracts', heading, contract: field('contract') };
    case 'improvement':
    case 'risks':
      return { kind: field('kind'), heading, plan: field('plan') };
    case 'infographic':
      return { kind: 'infographic', heading, panel: field('panel') };
    case 'text':
      return { kind: 'text', heading: field('heading'), text: form.text ?? '' };
    default:
      return { kind: field('kind') };
  }
}
