import type { RatingColour } from '../domain/evaluate-target.ts';

/**
 * A report as it reads: every figure, rating, chart and sentence resolved
 * into plain, serialisable data. A report is built into one of these once
 * per render, and every output (the HTML page, the PDF printed from that
 * page, the DOCX and the XLSX) is drawn from it, so the outputs cannot
 * disagree. Publishing a report stores its document as JSON: a published
 * report reopens exactly as it was, whatever has been corrected since.
 */
export interface ReportDocument {
  title: string;
  audience: string;
  /** The reporting month, 'YYYY-MM', and how it reads ('May 2017'). */
  period: string;
  periodLabel: string;
  /** When the figures were read (ISO 8601): the report shows them as they stood then. */
  asAt: string;
  status: 'draft' | 'published';
  disclosure: Disclosure;
  sections: ReportSection[];
}

export interface Disclosure {
  /** A report for the public has small counts suppressed (see docs/disclosure-control.md). */
  isPublic: boolean;
  /** Counts from 1 to this are shown as 'c'. */
  threshold: number;
}

export const SECTION_KINDS = [
  'scorecard',
  'exceptions',
  'indicators',
  'end-of-year',
  'quarterly',
  'contracts',
  'improvement',
  'risks',
  'infographic',
  'text',
] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

export interface ReportSection {
  /** Unique within the report ('s1', 's2' …): the anchor the contents link to. */
  id: string;
  kind: SectionKind;
  heading: string;
  blocks: Block[];
}

export type Block =
  /** A heading inside a section (one level below the section's). */
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string; isNote?: boolean }
  | { type: 'table'; table: ReportTable }
  | { type: 'chart'; chart: ReportChart }
  /** Label and value pairs: an indicator's target, rating and trend. */
  | { type: 'summary'; items: SummaryItem[] }
  /** Headline figures, as on an infographic. */
  | { type: 'figures'; figures: HeadlineFigure[] };

export interface SummaryItem {
  label: string;
  text: string;
  rating?: RatingColour;
}

export interface ReportTable {
  /** The table's caption; also names its XLSX worksheet. */
  caption: string;
  columns: TableColumn[];
  rows: TableRow[];
  /**
   * Which cells add up to which: each total cell with its parts (a
   * locality row and the city figure). Disclosure control uses these so
   * that a total can never reveal a suppressed part.
   */
  totals?: TotalRelation[];
}

export interface TableColumn {
  label: string;
  isNumeric: boolean;
}

export interface TableRow {
  cells: TableCell[];
  /** The row is a row header's total (shown in bold). */
  isTotal?: boolean;
}

/** A cell's position: row and column indexes into its table. */
export interface CellRef {
  row: number;
  column: number;
}

export interface TotalRelation {
  total: CellRef;
  parts: CellRef[];
}

export interface TableCell {
  /** What the cell shows, formatted ('1,218', '93%', 'Green: better than target', 'c'). */
  text: string;
  /** The exact number behind the text, when it is a number: XLSX stores this. */
  value?: number | null;
  format?: NumberFormat;
  /** A rating shown as a coloured tag beside the text. */
  rating?: RatingColour;
  isProvisional?: boolean;
  isRevised?: boolean;
  /** A count of children, families or cases: subject to suppression in public reports. */
  isCount?: boolean;
  /** The cells this one is worked out from (a percentage from its numerator and denominator). */
  derivedFrom?: CellRef[];
  /** Set by disclosure control: the figure is withheld and shows as 'c'. */
  isSuppressed?: boolean;
  /** The stored figure behind the cell: traces it, and finds corrections made after publication. */
  source?: FigureSource;
}

export interface FigureSource {
  indicator: string;
  period: string;
  /** Breakdown key ('' for the whole indicator, 'locality=EAST'). */
  breakdown: string;
  /** The revision shown (1 for the first figure recorded). */
  revision: number;
}

export interface NumberFormat {
  kind: 'count' | 'percent' | 'rate' | 'days' | 'money' | 'score' | 'number';
  decimals: number;
}

export interface ReportChart {
  title: string;
  /** Self-contained SVG markup (no scripts, no external references). */
  svg: string;
  /** What the chart shows, in words: its text alternative in every output. */
  description: string;
  width: number;
  height: number;
}

export interface HeadlineFigure {
  label: string;
  /** As shown ('1,735', '£162.5m', '84%'). */
  text: string;
  value: number | null;
  format?: NumberFormat;
  isCount?: boolean;
  isSuppressed?: boolean;
  /** A comparison shown under the figure ('England and Wales: 38.0%'). */
  comparison?: string;
  source?: FigureSource;
}
