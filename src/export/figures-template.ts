import { UNIT_LABELS } from '../domain/indicator.ts';
import { TEMPLATE_COLUMNS, TEMPLATE_SHEET_NAME, TEMPLATE_STATUSES } from '../import/template-columns.ts';
import type { Indicator } from '../db/repositories/catalogue.ts';
import type { FiguresTemplate, TemplateRow } from '../services/figures-template.ts';
import type { CellValue, ExportColumn, ExportTable } from './table-export.ts';

/**
 * A figures template as a table: the columns of
 * src/import/template-columns.ts, in order, one row per indicator ×
 * breakdown item. The units column says, for each indicator, what number to
 * give and how; the XLSX heading notes say what each column is for, and the
 * status column offers its two values as a drop-down list.
 */

const decimalsText = (d: number) =>
  d === 0 ? 'a whole number' : `to ${d} decimal place${d === 1 ? '' : 's'}`;

/** What to give for an indicator, in words: 'Percentage: give the numerator (…) and denominator (…)…'. */
export function unitsText(indicator: Indicator): string {
  const unit = UNIT_LABELS[indicator.unit];
  if (indicator.isRatio) {
    const numerator = indicator.numeratorLabel ? ` (${indicator.numeratorLabel})` : '';
    const denominator = indicator.denominatorLabel ? ` (${indicator.denominatorLabel})` : '';
    const example =
      indicator.unit === 'percent'
        ? ', as a percentage such as 93.4 for 93.4%'
        : indicator.unit === 'rate_per_10k'
          ? ' per 10,000'
          : '';
    return `${unit}: give the numerator${numerator} and denominator${denominator} as whole numbers, or the value${example}`;
  }
  switch (indicator.unit) {
    case 'percent':
      return `${unit}: the value as a percentage such as 93.4 for 93.4%, ${decimalsText(indicator.decimals)}`;
    case 'count':
      return `${unit}: a whole number, not negative`;
    case 'money':
      return `${unit}: pounds, without the £ sign, ${decimalsText(indicator.decimals)}`;
    case 'days':
    case 'rate_per_10k':
    case 'score':
      return `${unit}: ${decimalsText(indicator.decimals)}`;
  }
}

function templateRow(row: TemplateRow): CellValue[] {
  const { indicator, current } = row;
  // For a ratio with its parts recorded, the value is worked out from them: left blank, so changing a part never contradicts it.
  const hasParts = current !== null && current.numerator !== null && current.denominator !== null;
  const cells: Record<(typeof TEMPLATE_COLUMNS)[number]['heading'], CellValue> = {
    ref: indicator.ref,
    title: row.breakdownLabel ? `${indicator.title} (${row.breakdownLabel})` : indicator.title,
    period: row.period.code,
    breakdown: row.breakdown,
    units: unitsText(indicator),
    numerator: current?.numerator ?? null,
    denominator: current?.denominator ?? null,
    value: hasParts ? null : (current?.value ?? null),
    status: current?.status ?? null,
    commentary: row.commentary,
  };
  return TEMPLATE_COLUMNS.map((column) => cells[column.heading]);
}

export function figuresTemplateTable(template: FiguresTemplate): ExportTable {
  const columns: ExportColumn[] = TEMPLATE_COLUMNS.map((column) => ({
    heading: column.heading,
    width: column.width,
    note: column.description,
    ...(column.heading === 'status' ? { allowed: TEMPLATE_STATUSES } : {}),
  }));
  return { title: TEMPLATE_SHEET_NAME, columns, rows: template.rows.map(templateRow) };
}
