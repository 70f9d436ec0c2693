import { assertDisclosureThreshold, controlDisclosure, isSmallCount } from '../domain/disclosure-control.ts';
import type { Block, HeadlineFigure, ReportDocument, ReportTable, TableCell } from './document.ts';

/** What a withheld figure shows. */
export const SUPPRESSED_TEXT = 'c';

/**
 * A public report with small counts withheld (see docs/disclosure-control.md):
 * in each table, counts from 1 to the document's threshold, the cells that
 * would let a reader work them out from a total, and percentages and rates
 * worked out from any of these show as 'c' with no value; headline counts
 * likewise. A report that is not public is returned as it is. The document
 * given is never changed: tables and figures are copied where they change.
 * Throws a RangeError for a threshold that is not a whole number of at least 1.
 *
 * Only tables and headline figures are controlled: paragraphs, summaries and
 * charts are written by the report's builders, which must not put small
 * counts into a public report's words or pictures.
 */
export function applyDisclosure(document: ReportDocument): ReportDocument {
  if (!document.disclosure.isPublic) return document;
  const { threshold } = document.disclosure;
  assertDisclosureThreshold(threshold);
  return {
    ...document,
    sections: document.sections.map((section) => ({
      ...section,
      blocks: section.blocks.map((block) => controlBlock(block, threshold)),
    })),
  };
}

/** The one sentence a public report shows to explain its 'c's. */
export function disclosureNote(threshold: number): string {
  const small = threshold === 1 ? 'Counts of 1' : `Counts from 1 to ${threshold}`;
  return (
    `${small} are shown as c to protect the children they describe, as are any other figures ` +
    '(totals, counts, percentages and rates) from which they could be worked out.'
  );
}

function controlBlock(block: Block, threshold: number): Block {
  switch (block.type) {
    case 'table':
      return { ...block, table: controlTable(block.table, threshold) };
    case 'figures':
      return { ...block, figures: block.figures.map((figure) => controlFigure(figure, threshold)) };
    default:
      return block;
  }
}

function controlTable(table: ReportTable, threshold: number): ReportTable {
  const { reasons } = controlDisclosure(
    {
      rows: table.rows.map((row) =>
        row.cells.map((cell) => ({
          value: cell.value ?? null,
          isCount: cell.isCount ?? false,
          derivedFrom: cell.derivedFrom,
        })),
      ),
      totals: table.totals ?? [],
    },
    threshold,
  );
  return {
    ...table,
    rows: table.rows.map((row, r) => ({
      ...row,
      cells: row.cells.map((cell, c) => (reasons[r]![c] ? suppressCell(cell) : cell)),
    })),
  };
}

function suppressCell(cell: TableCell): TableCell {
  // A rating beside a withheld figure could place it against a known target.
  const { rating: _rating, ...rest } = cell;
  return { ...rest, text: SUPPRESSED_TEXT, value: null, isSuppressed: true };
}

function controlFigure(figure: HeadlineFigure, threshold: number): HeadlineFigure {
  if (!figure.isCount || !isSmallCount(figure.value, threshold)) return figure;
  return { ...figure, text: SUPPRESSED_TEXT, value: null, isSuppressed: true };
}
