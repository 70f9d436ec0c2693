/**
 * Disclosure control for figures published to the public: small counts of
 * children are withheld so that no child can be picked out, and so are the
 * figures from which a withheld count could be worked back.
 *
 * The method (docs/disclosure-control.md has a worked example and its limits):
 * - Primary: a count from 1 to the threshold is withheld. Zero is shown (the
 *   usual ONS and DfE convention: that no child is in a group says nothing
 *   about any child), and a blank (null) stays blank.
 * - Secondary: in a total relation (a total and the parts that add up to it),
 *   a lone withheld cell could be worked out by subtraction, so one more cell
 *   is withheld: the smallest shown non-zero part (the first of equals), or,
 *   when no such part is left, the total itself. A relation whose withheld
 *   cells are all primary parts beside a shown total is exposed too when their
 *   sum pins each of them (two cells summing to 2 must both be 1). Relations
 *   overlap (a 2-D table's rows and columns), so this runs to a fixed point.
 * - Derived: a percentage or rate is withheld when any cell it is worked out
 *   from is withheld.
 *
 * Pure and deterministic: the same grid always gives the same cells withheld,
 * relations being visited in the order given.
 */

/** A cell's position: row and column indexes into the grid. */
export interface GridRef {
  row: number;
  column: number;
}

export interface GridCell {
  /** The figure; null when blank. */
  value: number | null;
  /** A count of children, families or cases: the only figures withheld on their own. */
  isCount: boolean;
  /** The cells a percentage or rate is worked out from. */
  derivedFrom?: readonly GridRef[];
}

/** A total cell and the parts that add up to it. */
export interface GridTotal {
  total: GridRef;
  parts: readonly GridRef[];
}

export interface DisclosureGrid {
  rows: readonly (readonly GridCell[])[];
  totals: readonly GridTotal[];
}

/**
 * Why a cell is withheld: its own small count (primary), to stop a total
 * revealing another cell (secondary), or worked out from a withheld cell (derived).
 */
export type SuppressionReason = 'primary' | 'secondary' | 'derived';

export interface DisclosureResult {
  /** Parallel to the grid's rows: why each cell is withheld, or null when it is shown. */
  reasons: (SuppressionReason | null)[][];
  /** How many cells are withheld, by reason. */
  counts: Record<SuppressionReason, number>;
}

/** The threshold commonly used for children's services statistics. */
export const DEFAULT_DISCLOSURE_THRESHOLD = 5;

/** Whether a figure is withheld on its own: a count from 1 to the threshold (0 and blank are shown). */
export function isSmallCount(value: number | null, threshold: number): boolean {
  return value !== null && value > 0 && value <= threshold;
}

/**
 * Which cells of a grid are withheld, and why. Throws a RangeError for a
 * threshold that is not a whole number of at least 1, or a relation or
 * derivation pointing outside the grid (a report built wrongly must not be
 * published with a cell left unprotected).
 */
export function controlDisclosure(grid: DisclosureGrid, threshold: number): DisclosureResult {
  assertDisclosureThreshold(threshold);
  checkRefs(grid);

  const reasons = grid.rows.map((cells) =>
    cells.map((cell): SuppressionReason | null =>
      cell.isCount && isSmallCount(cell.value, threshold) ? 'primary' : null,
    ),
  );
  const cells: CellLookup = {
    valueAt: (ref) => grid.rows[ref.row]![ref.column]!.value,
    reasonAt: (ref) => reasons[ref.row]![ref.column]!,
  };
  const isWithheld = (ref: GridRef): boolean => cells.reasonAt(ref) !== null;

  // Each pass that changes anything withholds one more cell, so this ends.
  let isChanged = true;
  while (isChanged) {
    isChanged = false;
    for (const relation of grid.totals) {
      if (!isExposed(relation, cells, threshold)) continue;
      const complement = chooseComplement(relation, cells);
      if (complement) {
        reasons[complement.row]![complement.column] = 'secondary';
        isChanged = true;
      }
    }
    grid.rows.forEach((rowCells, row) =>
      rowCells.forEach((cell, column) => {
        if (reasons[row]![column] === null && (cell.derivedFrom ?? []).some(isWithheld)) {
          reasons[row]![column] = 'derived';
          isChanged = true;
        }
      }),
    );
  }

  const counts: Record<SuppressionReason, number> = { primary: 0, secondary: 0, derived: 0 };
  for (const reason of reasons.flat()) if (reason) counts[reason] += 1;
  return { reasons, counts };
}

interface CellLookup {
  valueAt: (ref: GridRef) => number | null;
  reasonAt: (ref: GridRef) => SuppressionReason | null;
}

/** Whether a reader could work out a withheld cell of this relation from the cells shown. */
function isExposed(relation: GridTotal, { valueAt, reasonAt }: CellLookup, threshold: number): boolean {
  const withheldParts = relation.parts.filter((part) => reasonAt(part) !== null);
  const isTotalWithheld = reasonAt(relation.total) !== null;
  if (withheldParts.length + (isTotalWithheld ? 1 : 0) === 1) return true;
  if (isTotalWithheld || withheldParts.length === 0) return false;
  // The total is shown, so the withheld parts' sum is known. When they are
  // all primary (each from 1 to the threshold, as the published method says),
  // a sum at either end of its range pins every one: 1 + 1 = 2, 5 + 5 = 10.
  if (!withheldParts.every((part) => reasonAt(part) === 'primary')) return false;
  const sum = withheldParts.reduce((total, part) => total + valueAt(part)!, 0);
  return sum === withheldParts.length || sum === withheldParts.length * threshold;
}

/**
 * The cell to withhold beside the others: the smallest shown non-zero part
 * (the first of equals), else the total. Null when nothing is left to withhold.
 */
function chooseComplement(relation: GridTotal, { valueAt, reasonAt }: CellLookup): GridRef | null {
  let smallest: GridRef | null = null;
  for (const part of relation.parts) {
    const value = valueAt(part);
    if (reasonAt(part) !== null || value === null || value === 0) continue;
    if (smallest === null || value < valueAt(smallest)!) smallest = part;
  }
  if (smallest) return smallest;
  return reasonAt(relation.total) === null ? relation.total : null;
}

/** Throws a RangeError unless the threshold is a whole number of at least 1. */
export function assertDisclosureThreshold(threshold: number): void {
  if (!Number.isInteger(threshold) || threshold < 1) {
    throw new RangeError(`Disclosure threshold must be a whole number of at least 1, not ${threshold}`);
  }
}

function checkRefs(grid: DisclosureGrid): void {
  const check = (ref: GridRef, what: string): void => {
    if (grid.rows[ref.row]?.[ref.column] === undefined) {
      throw new RangeError(
        `Disclosure control: ${what} refers to row ${ref.row}, column ${ref.column}, outside the table`,
      );
    }
  };
  grid.totals.forEach((relation, index) => {
    check(relation.total, `total relation ${index}`);
    relation.parts.forEach((part) => check(part, `total relation ${index}`));
  });
  grid.rows.forEach((cells, row) =>
    cells.forEach((cell, column) =>
      (cell.derivedFrom ?? []).forEach((ref) => check(ref, `the cell at row ${row}, column ${column}`)),
    ),
  );
}
