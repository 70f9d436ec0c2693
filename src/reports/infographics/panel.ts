import type { Benchmark, Unit } from '../../domain/indicator.ts';

/**
 * An infographic panel, declared: which stored figure (indicator, period and
 * breakdown) or published comparator feeds each headline box, bar and table
 * cell, and how the infographic shows it. Definitions hold no figures: a
 * panel is rebuilt from the catalogue every time, as the figures stood at
 * the report's moment, so a corrected figure shows in the next report.
 */
export interface InfographicPanel {
  /** 'csc-2017-05': what a report's infographic section names. */
  id: string;
  title: string;
  /** The month the infographic reports ('2017-05'). */
  month: string;
  items: PanelItem[];
}

/** A stored figure: breakdown keys are canonical (the row dimension first), '' for the whole indicator. */
export interface FigurePlace {
  ref: string;
  period: string;
  breakdown?: string;
  /** The part of a ratio to show (default: its value). */
  part?: 'value' | 'numerator' | 'denominator';
}

/** A published comparator of a figure: the benchmark of the figure's indicator, reporting year and breakdown. */
export interface ComparatorPlace extends FigurePlace {
  benchmark: Benchmark;
}

export type PanelItem =
  | { type: 'heading'; text: string }
  | { type: 'figures'; figures: HeadlineSpec[] }
  | { type: 'bars'; bars: BarsSpec }
  | { type: 'table'; table: TableSpec }
  /**
   * A sentence shown only when the parts of a figure do not add up to it.
   * `text` may name {sum}, {total} and {difference}.
   */
  | { type: 'sum-note'; total: FigurePlace; parts: FigurePlace[]; text: string }
  /** A sentence naming figures: {0}, {1} … are the figures, as their indicators format them. */
  | { type: 'note'; text: string; figures: FigurePlace[] };

export interface HeadlineSpec {
  /** The words beside the figure; {0}, {1} … are `details`, exact, as their indicators format them. */
  label: string;
  /** The figure shown: one, or several added together (SENAR's plans and statements). */
  figures: FigurePlace[];
  /** The figures the label names (default: `figures`). */
  details?: FigurePlace[];
  /** Rounded as the infographic prints it (1,849 as '1,800'); the exact figure stays the value. */
  rounding?: { to: number; direction: 'nearest' | 'down' };
  /** Money shown in millions ('£162.5m'), to this many decimals. */
  millions?: { decimals: number };
  prefix?: string;
  suffix?: string;
  /** A comparator shown under the figure: '{label}: 38.0%'. */
  comparison?: { label: string; benchmark: Benchmark };
  /** A count of children, families or cases (so subject to disclosure control); not of schools, homes or carers. */
  isCount?: boolean;
}

export interface BarsSpec {
  title: string;
  /** The groups along the axis ('White', 'BME'). */
  categories: string[];
  /** One bar per category in each series; a colour with at least 4.5:1 contrast on white. */
  series: { name: string; colour: string; places: (FigurePlace | ComparatorPlace)[] }[];
}

export interface TableSpec {
  caption: string;
  ref: string;
  period: string;
  /** The header of the label column. */
  corner: string;
  rowDimension: string;
  columnDimension: string;
  /** Items of the row and column dimensions; null is the total (the key without that dimension). */
  rows: { label: string; item: string | null }[];
  columns: { label: string; item: string | null }[];
  /** The cells count children, families or cases. */
  isCount: boolean;
}

/** What an indicator contributes to formatting. */
export interface IndicatorFacts {
  ref: string;
  title: string;
  unit: Unit;
  decimals: number;
}

export interface ResolvedFigure {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  revision: number;
}

/** The figures a panel draws on, as read at the report's moment (only those its reader may see). */
export interface PanelFigures {
  indicators: ReadonlyMap<string, IndicatorFacts>;
  /** By placeKey. */
  figures: ReadonlyMap<string, ResolvedFigure>;
  /** By comparatorKey. */
  comparators: ReadonlyMap<string, number>;
}

export const placeKey = (p: { ref: string; period: string; breakdown?: string }): string =>
  `${p.ref}|${p.period}|${p.breakdown ?? ''}`;

export const comparatorKey = (p: ComparatorPlace): string => `${placeKey(p)}|${p.benchmark}`;

export const isComparator = (p: FigurePlace | ComparatorPlace): p is ComparatorPlace => 'benchmark' in p;

/** Every stored figure and comparator a panel reads, so the service can fetch just those. */
export function placesOf(panel: InfographicPanel): {
  figures: FigurePlace[];
  comparators: ComparatorPlace[];
} {
  const figures: FigurePlace[] = [];
  const comparators: ComparatorPlace[] = [];
  const add = (p: FigurePlace | ComparatorPlace) => (isComparator(p) ? comparators : figures).push(p);
  for (const item of panel.items) {
    switch (item.type) {
      case 'figures':
        for (const f of item.figures) {
          f.figures.forEach(add);
          f.details?.forEach(add);
          if (f.comparison) for (const p of f.figures) add({ ...p, benchmark: f.comparison.benchmark });
        }
        break;
      case 'bars':
        item.bars.series.forEach((s) => s.places.forEach(add));
        break;
      case 'table':
        for (const row of item.table.rows)
          for (const column of item.table.columns) add(tableCellPlace(item.table, row.item, column.item));
        break;
      case 'sum-note':
        [item.total, ...item.parts].forEach(add);
        break;
      case 'note':
        item.figures.forEach(add);
        break;
      case 'heading':
        break;
    }
  }
  return { figures, comparators };
}

export function tableCellPlace(table: TableSpec, row: string | null, column: string | null): FigurePlace {
  const breakdown = [
    row === null ? '' : `${table.rowDimension}=${row}`,
    column === null ? '' : `${table.columnDimension}=${column}`,
  ]
    .filter(Boolean)
    .join(';');
  return { ref: table.ref, period: table.period, breakdown };
}
