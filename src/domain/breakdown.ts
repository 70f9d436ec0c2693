/**
 * Breakdown keys: which slice of an indicator a figure belongs to.
 *
 * An indicator has up to two breakdown dimensions: one laid out as rows on
 * the scorecard (team type, say) and one as columns (locality). A figure is
 * for the whole indicator (key ''), for one item of either dimension
 * ('locality=EAST'), or for one item of each ('team_type=assessment;locality=EAST',
 * the row dimension first).
 */

export interface DimensionItem {
  code: string;
  label: string;
}

export interface Dimension {
  code: string;
  name: string;
  items: DimensionItem[];
}

export interface Breakdown {
  row: string | null;
  column: string | null;
}

export const TOTAL: Breakdown = { row: null, column: null };

export function breakdownKey(
  dimensions: { row: Dimension | null; column: Dimension | null },
  breakdown: Breakdown,
): string {
  const parts: string[] = [];
  if (breakdown.row !== null && dimensions.row) parts.push(`${dimensions.row.code}=${breakdown.row}`);
  if (breakdown.column !== null && dimensions.column)
    parts.push(`${dimensions.column.code}=${breakdown.column}`);
  return parts.join(';');
}

/**
 * Reads a key against an indicator's dimensions. Returns the breakdown, or a
 * sentence saying what is wrong with it (an unknown dimension or item, a
 * dimension given twice, the dimensions in the wrong order).
 */
export function parseBreakdownKey(
  dimensions: { row: Dimension | null; column: Dimension | null },
  key: string,
): Breakdown | string {
  const trimmed = key.trim();
  if (trimmed === '') return TOTAL;
  const result: { row: string | null; column: string | null } = { row: null, column: null };
  for (const part of trimmed.split(';')) {
    const [code, item, extra] = part.split('=').map((s) => s.trim());
    if (!code || !item || extra !== undefined) {
      return `"${part}" is not of the form dimension=item (for example locality=EAST)`;
    }
    const slot = dimensions.row?.code === code ? 'row' : dimensions.column?.code === code ? 'column' : null;
    if (!slot) {
      const known = [dimensions.row?.code, dimensions.column?.code].filter(Boolean);
      return known.length
        ? `this indicator is not broken down by "${code}" (it is broken down by ${known.join(' and ')})`
        : `this indicator has no breakdowns, so "${part}" cannot be recorded`;
    }
    if (result[slot] !== null) return `"${code}" is given twice`;
    const dimension = dimensions[slot]!;
    const found = dimension.items.find((i) => i.code.toLowerCase() === item.toLowerCase());
    if (!found) {
      return `"${item}" is not a ${dimension.name.toLowerCase()} (expected one of ${dimension.items.map((i) => i.code).join(', ')})`;
    }
    result[slot] = found.code;
  }
  return result;
}
