import { formatValue, roundHalfUp } from '../../domain/format.ts';
import type { Unit } from '../../domain/indicator.ts';
import type {
  Block,
  CellRef,
  FigureSource,
  HeadlineFigure,
  ReportTable,
  TableCell,
  TotalRelation,
} from '../document.ts';
import { COUNT_FORMAT, numberFormatOf } from '../number-format.ts';
import { CHART_HEIGHT, CHART_WIDTH, describeBars, renderComparisonBars } from './comparison-chart.ts';
import {
  comparatorKey,
  isComparator,
  placeKey,
  tableCellPlace,
  type BarsSpec,
  type ComparatorPlace,
  type FigurePlace,
  type HeadlineSpec,
  type InfographicPanel,
  type PanelFigures,
  type PanelItem,
  type TableSpec,
} from './panel.ts';

/** What a headline box shows when its figure is not there to read (or not for this reader). */
export const NOT_AVAILABLE = 'Not available';

/**
 * A panel's blocks, from its definition and the figures read for it: pure,
 * so every output draws the same boxes, bars and table. A figure that is
 * missing shows as not available (a box), an empty cell (the table) or a
 * missing bar, never as zero; notes whose figures are missing are left out.
 */
export function buildPanelBlocks(panel: InfographicPanel, data: PanelFigures): Block[] {
  return panel.items.flatMap((item) => buildItem(item, data));
}

function buildItem(item: PanelItem, data: PanelFigures): Block[] {
  switch (item.type) {
    case 'heading':
      return [{ type: 'heading', text: item.text }];
    case 'figures':
      return [{ type: 'figures', figures: item.figures.map((spec) => headlineFigure(spec, data)) }];
    case 'bars':
      return [comparisonChart(item.bars, data)];
    case 'table':
      return tableBlocks(item.table, data);
    case 'sum-note':
      return sumNote(item, data);
    case 'note': {
      const texts = item.figures.map((place) => exactText(place, data));
      if (texts.some((t) => t === null)) return [];
      return [{ type: 'paragraph', text: fill(item.text, texts as string[]), isNote: true }];
    }
  }
}

// ---------------------------------------------------------------------------
// Reading figures

function figureOf(place: FigurePlace, data: PanelFigures) {
  return data.figures.get(placeKey(place)) ?? null;
}

/** The number at a place (its value, or the part named), or null when there is none. */
export function numberAt(place: FigurePlace | ComparatorPlace, data: PanelFigures): number | null {
  if (isComparator(place)) return data.comparators.get(comparatorKey(place)) ?? null;
  const figure = figureOf(place, data);
  if (!figure) return null;
  return figure[place.part ?? 'value'];
}

function unitOf(place: FigurePlace, data: PanelFigures): { unit: Unit; decimals: number } {
  const indicator = data.indicators.get(place.ref);
  if (!indicator) return { unit: 'count', decimals: 0 };
  // Numerators and denominators are counts, whatever the ratio's unit.
  if (place.part === 'numerator' || place.part === 'denominator') return { unit: 'count', decimals: 0 };
  return { unit: indicator.unit, decimals: indicator.decimals };
}

function exactText(place: FigurePlace, data: PanelFigures): string | null {
  const value = numberAt(place, data);
  return value === null ? null : formatValue(value, unitOf(place, data));
}

function sourceOf(place: FigurePlace, data: PanelFigures): FigureSource | undefined {
  const figure = figureOf(place, data);
  return figure
    ? {
        indicator: place.ref,
        period: place.period,
        breakdown: place.breakdown ?? '',
        revision: figure.revision,
      }
    : undefined;
}

const fill = (template: string, values: string[]) =>
  template.replace(/\{(\d+)\}/g, (whole, index: string) => values[Number(index)] ?? whole);

// ---------------------------------------------------------------------------
// Headline boxes

/**
 * One headline box. The value is the exact figure (the sum, for a box that
 * adds figures); the text is as the infographic prints it: rounded
 * ('1,849' as '1,800'), in millions ('£162.5m'), with any prefix ('Over
 * 40'). The source traces a box of one figure; a sum has none of its own
 * (its label names its parts).
 */
export function headlineFigure(spec: HeadlineSpec, data: PanelFigures): HeadlineFigure {
  const values = spec.figures.map((place) => numberAt(place, data));
  const details = (spec.details ?? spec.figures).map((place) => exactText(place, data));
  const label = fill(
    spec.label,
    details.map((d) => d ?? 'not available'),
  );
  const { unit, decimals } = unitOf(spec.figures[0]!, data);
  const isCount = spec.isCount ?? false;
  if (values.some((v) => v === null)) return { label, text: NOT_AVAILABLE, value: null, isCount };
  const value = roundHalfUp(
    (values as number[]).reduce((a, b) => a + b, 0),
    6,
  );
  const figure: HeadlineFigure = {
    label,
    text: `${spec.prefix ?? ''}${shown(value, spec, { unit, decimals })}${spec.suffix ?? ''}`,
    value,
    format: numberFormatOf(unit, decimals),
    isCount,
  };
  if (spec.comparison) {
    const comparator = numberAt({ ...spec.figures[0]!, benchmark: spec.comparison.benchmark }, data);
    if (comparator !== null)
      figure.comparison = `${spec.comparison.label}: ${formatValue(comparator, { unit, decimals })}`;
  }
  if (spec.figures.length === 1) {
    const source = sourceOf(spec.figures[0]!, data);
    if (source) figure.source = source;
  }
  return figure;
}

function shown(value: number, spec: HeadlineSpec, format: { unit: Unit; decimals: number }): string {
  if (spec.millions) {
    const millions = formatValue(value / 1_000_000, { unit: format.unit, decimals: spec.millions.decimals });
    return `${millions}m`;
  }
  if (spec.rounding) {
    const { to, direction } = spec.rounding;
    const rounded = direction === 'down' ? Math.floor(value / to) * to : roundHalfUp(value / to, 0) * to;
    return formatValue(rounded, format);
  }
  return formatValue(value, format);
}

// ---------------------------------------------------------------------------
// Comparison bars

function comparisonChart(spec: BarsSpec, data: PanelFigures): Block {
  const bars = {
    title: spec.title,
    categories: spec.categories,
    series: spec.series.map((s) => {
      const values = s.places.map((place) => numberAt(place, data));
      return {
        name: s.name,
        colour: s.colour,
        values,
        texts: values.map((v, i) => (v === null ? '' : formatValue(v, unitOf(s.places[i]!, data)))),
      };
    }),
  };
  const description = describeBars(bars);
  return {
    type: 'chart',
    chart: {
      title: spec.title,
      svg: renderComparisonBars(bars, description),
      description,
      width: CHART_WIDTH,
      height: CHART_HEIGHT,
    },
  };
}

// ---------------------------------------------------------------------------
// The table (schools by type)

/**
 * A two-way table of one indicator's breakdown: a row per row item, a
 * column per column item, totals where the item is null. Totals relations
 * tie each total cell to its parts, along rows and down columns. Where the
 * parts given do not add up to the total, or a row has only its total, a
 * note says so: the table is shown as printed, not made to add up.
 */
export function tableBlocks(spec: TableSpec, data: PanelFigures): Block[] {
  const format = COUNT_FORMAT;
  const cellAt = (row: string | null, column: string | null): TableCell => {
    const place = tableCellPlace(spec, row, column);
    const value = numberAt(place, data);
    const source = sourceOf(place, data);
    return {
      text: value === null ? '' : formatValue(value, unitOf(place, data)),
      value,
      format,
      isCount: spec.isCount,
      ...(source ? { source } : {}),
    };
  };
  const table: ReportTable = {
    caption: spec.caption,
    columns: [
      { label: spec.corner, isNumeric: false },
      ...spec.columns.map((c) => ({ label: c.label, isNumeric: true })),
    ],
    rows: spec.rows.map((row) => ({
      cells: [{ text: row.label }, ...spec.columns.map((column) => cellAt(row.item, column.item))],
      ...(row.item === null ? { isTotal: true } : {}),
    })),
    totals: [],
  };
  // Cell references count the label column: data columns start at 1.
  const totalColumn = spec.columns.findIndex((c) => c.item === null) + 1;
  const totalRow = spec.rows.findIndex((r) => r.item === null);
  const valueAt = (ref: CellRef) => table.rows[ref.row]!.cells[ref.column]!.value ?? null;
  const notes: string[] = [];
  const relate = (total: CellRef, parts: CellRef[], describe: (sum: number, total: number) => string) => {
    table.totals!.push({ total, parts } satisfies TotalRelation);
    const totalValue = valueAt(total);
    const known = parts.map(valueAt).filter((v): v is number => v !== null);
    if (totalValue === null || known.length === 0) return;
    const sum = known.reduce((a, b) => a + b, 0);
    if (sum !== totalValue) notes.push(describe(sum, totalValue));
  };
  const partColumns = spec.columns.flatMap((c, i) => (c.item === null ? [] : [i + 1]));
  const partRows = spec.rows.flatMap((r, i) => (r.item === null ? [] : [i]));
  const list = (labels: string[]) =>
    labels.length < 2 ? labels.join('') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
  const count = (n: number) => formatValue(n, { unit: 'count', decimals: 0 });
  if (totalColumn > 0) {
    spec.rows.forEach((row, r) => {
      const parts = partColumns.map((column) => ({ row: r, column }));
      if (valueAt({ row: r, column: totalColumn }) !== null && parts.every((p) => valueAt(p) === null))
        notes.push(
          `${row.label}: only the total (${count(valueAt({ row: r, column: totalColumn })!)}) is given.`,
        );
      relate(
        { row: r, column: totalColumn },
        parts,
        (sum, total) =>
          `${row.label}: ${list(partColumns.map((c) => spec.columns[c - 1]!.label))} add up to ${count(sum)}; the total given is ${count(total)}.`,
      );
    });
  }
  if (totalRow >= 0) {
    spec.columns.forEach((column, c) => {
      relate(
        { row: totalRow, column: c + 1 },
        partRows.map((row) => ({ row, column: c + 1 })),
        (sum, total) =>
          `${column.label}: the ${spec.corner.toLowerCase()} rows add up to ${count(sum)}; the total given is ${count(total)}.`,
      );
    });
  }
  return [
    { type: 'table', table },
    ...notes.map((text): Block => ({ type: 'paragraph', text, isNote: true })),
  ];
}

// ---------------------------------------------------------------------------
// Notes

function sumNote(item: Extract<PanelItem, { type: 'sum-note' }>, data: PanelFigures): Block[] {
  const total = numberAt(item.total, data);
  const parts = item.parts.map((p) => numberAt(p, data));
  if (total === null || parts.some((p) => p === null)) return [];
  const sum = roundHalfUp(
    (parts as number[]).reduce((a, b) => a + b, 0),
    6,
  );
  if (sum === total) return [];
  const format = unitOf(item.total, data);
  const text = item.text
    .replaceAll('{sum}', formatValue(sum, format))
    .replaceAll('{total}', formatValue(total, format))
    .replaceAll('{difference}', formatValue(Math.abs(total - sum), format));
  return [{ type: 'paragraph', text, isNote: true }];
}
