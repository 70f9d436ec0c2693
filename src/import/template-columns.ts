/**
 * The columns of a figures template (CSV and XLSX), in order: the one place
 * both the template writer (src/export/) and the importers (src/import/)
 * take them from, so a downloaded template, filled in, always reads back.
 *
 * Headings are lower case and written exactly as `heading`. An importer
 * matches them case-insensitively after trimming. Columns marked
 * `informational` are there for the person filling the template in (which
 * indicator this is, in what unit its value is expressed); an importer
 * ignores their content. Every other column is one of the long-format
 * figures columns the CSV importer already reads (`ref`, `period`,
 * `breakdown`, `numerator`, `denominator`, `value`, `status`, `commentary`).
 *
 * The breakdown column holds a breakdown key as src/domain/breakdown.ts
 * writes and reads it: blank for the whole indicator, `locality=EAST`, or
 * `team_type=assessment;locality=EAST` (the row dimension first).
 *
 * A row whose numerator, denominator, value and commentary are all blank
 * is a figure not yet known: an importer skips it (a template lists every
 * breakdown item, and people fill in the ones they have).
 *
 * Text cells that would start a spreadsheet formula (=, +, -, @ …) are
 * written with an apostrophe in front (src/domain/spreadsheet-text.ts); an
 * importer reads every text cell through `restoreNeutralisedText`, so a
 * pre-filled commentary such as "- fewer re-referrals" reads back unchanged.
 *
 * An XLSX template has exactly one worksheet, named TEMPLATE_SHEET_NAME, with
 * the heading row on row 1 and one row per indicator × breakdown item below.
 */
export interface TemplateColumn {
  /** The heading as written in the template's first row. */
  readonly heading: string;
  /** True for a column an importer ignores (shown to help the person filling it in). */
  readonly informational: boolean;
  /** Column width in characters in the XLSX template. */
  readonly width: number;
  /** What the column holds, for the XLSX heading note and the docs. */
  readonly description: string;
}

export const TEMPLATE_COLUMNS = [
  {
    heading: 'ref',
    informational: false,
    width: 12,
    description: 'The indicator reference. Leave as it is.',
  },
  {
    heading: 'title',
    informational: true,
    width: 48,
    description: 'The indicator title, to help you; ignored on import.',
  },
  {
    heading: 'period',
    informational: false,
    width: 12,
    description:
      'The period the figure is for (2017-05 for a month, 2022-23-Q1 for a quarter). Leave as it is.',
  },
  {
    heading: 'breakdown',
    informational: false,
    width: 34,
    description:
      'Which part of the indicator the figure is for: blank for the whole, or dimension=item such as locality=EAST. Leave as it is.',
  },
  {
    heading: 'units',
    informational: true,
    width: 30,
    description: 'The unit the value is expressed in, and what to give; ignored on import.',
  },
  {
    heading: 'numerator',
    informational: false,
    width: 12,
    description:
      'For a ratio: how many met the measure (a whole number such as 1218). Otherwise leave blank.',
  },
  {
    heading: 'denominator',
    informational: false,
    width: 13,
    description: 'For a ratio: how many there were in all (such as 1304). Otherwise leave blank.',
  },
  {
    heading: 'value',
    informational: false,
    width: 12,
    description:
      'The figure, in the unit stated (93.4 for 93.4%). For a ratio it may be left blank: it is worked out from the numerator and denominator.',
  },
  {
    heading: 'status',
    informational: false,
    width: 13,
    description: 'provisional or validated (blank means provisional).',
  },
  {
    heading: 'commentary',
    informational: false,
    width: 60,
    description: "Optional: a note on the period's figure.",
  },
] as const satisfies readonly TemplateColumn[];

export type TemplateHeading = (typeof TEMPLATE_COLUMNS)[number]['heading'];

/** The headings, in order. */
export const TEMPLATE_HEADINGS: readonly TemplateHeading[] = TEMPLATE_COLUMNS.map((c) => c.heading);

/** Headings an importer reads but ignores the content of. */
export const TEMPLATE_INFORMATIONAL_HEADINGS: readonly string[] = TEMPLATE_COLUMNS.filter(
  (c) => c.informational,
).map((c) => c.heading);

/** The one worksheet of an XLSX template. */
export const TEMPLATE_SHEET_NAME = 'Figures';

/** What the status column accepts (the XLSX template's drop-down list). */
export const TEMPLATE_STATUSES = ['provisional', 'validated'] as const;
