import type { ColumnType, Generated, Selectable } from 'kysely';

/** Kysely's view of the tables created by the migrations in ./migrations. */
export interface Database {
  schema_migrations: { id: string; applied_at: Generated<Date> };
  data_version: { id: number; version: number };
  dimensions: { code: string; name: string };
  dimension_items: { dimension_code: string; code: string; label: string; sort_order: number };
  indicators: IndicatorsTable;
  indicator_series: {
    id: Generated<number>;
    indicator_id: number;
    starts_on: string;
    definition: string;
    reason: string;
  };
  targets: TargetsTable;
  benchmark_values: { indicator_id: number; year: string; benchmark: string; value: number; source: string };
  populations: { breakdown: string; year: number; population: number; source: string };
  indicator_values: IndicatorValuesTable;
  commentary: CommentaryTable;
}

export interface IndicatorsTable {
  id: Generated<number>;
  ref: string;
  title: string;
  definition: string;
  unit: string;
  decimals: number;
  aim: string;
  frequency: string;
  basis: string;
  comparison: string;
  reporting_year: string;
  service_area: string;
  directorate: string;
  portfolio: string;
  priority: string;
  owner: string;
  reporting_organisation: string;
  is_ratio: boolean;
  numerator_label: string;
  denominator_label: string;
  complement_label: string;
  value_label: string;
  total_label: string;
  shows_rate_per_10k: boolean;
  is_additive: boolean;
  row_dimension: string | null;
  column_dimension: string | null;
  scorecard_order: number;
}

export interface TargetsTable {
  id: Generated<number>;
  indicator_id: number;
  year: string;
  kind: string;
  value: number | null;
  low: number | null;
  high: number | null;
  benchmark: string | null;
  tolerance: number | null;
  note: string;
}

export interface IndicatorValuesTable {
  id: Generated<number>;
  indicator_id: number;
  period: string;
  breakdown: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  status: string;
  source: string;
  entered_by: string;
  entered_at: ColumnType<Date, Date | undefined, never>;
  revision: number;
  is_current: boolean;
  reason: string;
}

export interface CommentaryTable {
  id: Generated<number>;
  indicator_id: number;
  period: string;
  body: string;
  author: string;
  entered_at: ColumnType<Date, Date | undefined, never>;
  revision: number;
  is_current: boolean;
}

export type IndicatorRow = Selectable<IndicatorsTable>;
export type ValueRow = Selectable<IndicatorValuesTable>;
