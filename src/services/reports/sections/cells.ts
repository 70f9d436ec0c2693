import { AppError, invalid } from '../../../errors.ts';
import type { RatingColour } from '../../../domain/evaluate-target.ts';
import { formatValue } from '../../../domain/format.ts';
import type { Unit } from '../../../domain/indicator.ts';
import type { StoredFigure } from '../../../domain/scorecard.ts';
import type { FigureSource, TableCell, TableColumn } from '../../../reports/document.ts';
import { numberFormatOf } from '../../../reports/number-format.ts';

/**
 * Table cells as the report sections build them: numbers with their exact
 * value, format and text (as the pages format them), counts marked for
 * disclosure control, and cells from a stored figure traced to it. Pure.
 */

export const column = (label: string, isNumeric = false): TableColumn => ({ label, isNumeric });

export function textCell(text: string, rating?: RatingColour): TableCell {
  return rating ? { text, rating } : { text };
}

/** What a figure cell may carry besides its number. */
export interface FigureCellOptions {
  /** The stored figure shown (its indicator's ref), when the cell shows exactly one. */
  source?: { ref: string; figure: StoredFigure; isRevised?: boolean };
  /** Provisional when any figure it comes from is. */
  isProvisional?: boolean;
  rating?: RatingColour;
  /** Whether the number counts people or cases (for disclosure control); default: the unit is a count. */
  isCount?: boolean;
}

export function figureSource(ref: string, figure: StoredFigure): FigureSource {
  return { indicator: ref, period: figure.period, breakdown: figure.breakdown, revision: figure.revision };
}

/**
 * A number in an indicator's unit: '93%', '1,218', '£1,234'; '' for null
 * (the cell still says its format). Revised when its stored figure is a
 * revision (the publication cycle's isRevised when given, else any revision
 * after the first).
 */
export function figureCell(
  value: number | null,
  display: { unit: Unit; decimals: number },
  options: FigureCellOptions = {},
): TableCell {
  const cell: TableCell = {
    text: formatValue(value, display),
    value,
    format: numberFormatOf(display.unit, display.decimals),
  };
  if (options.isCount ?? display.unit === 'count') cell.isCount = true;
  if (options.rating) cell.rating = options.rating;
  if (options.isProvisional) cell.isProvisional = true;
  const source = options.source;
  if (source) {
    cell.source = figureSource(source.ref, source.figure);
    if (source.isRevised ?? source.figure.revision > 1) cell.isRevised = true;
  }
  return cell;
}

/** A whole number of things that are not people or cases (projects, actions, indicators): never suppressed. */
export function tallyCell(n: number): TableCell {
  return {
    text: formatValue(n, { unit: 'count', decimals: 0 }),
    value: n,
    format: numberFormatOf('count', 0),
  };
}

/** Names the references a section asks for that do not exist (or are not the reader's to see). */
export function unknownRefs(field: string, what: string, refs: string[]): AppError {
  return invalid(
    `The section names ${refs.length === 1 ? `an unknown ${what}` : `unknown ${what}s`}: ${refs.join(', ')}.`,
    refs.map((ref) => ({ field, message: `"${ref}" is not a known ${what}` })),
  );
}
