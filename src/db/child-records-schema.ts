import type { ColumnType, Generated } from 'kysely';

/** The child-level tables (migration 20261129T0700_child_records.sql), joined into Database in schema.ts. */
export interface ChildRecordsTables {
  child_record_imports: ChildRecordImportsTable;
  child_records: ChildRecordsTable;
  child_record_findings: ChildRecordFindingsTable;
  indicator_measures: IndicatorMeasuresTable;
}

export interface IndicatorMeasuresTable {
  indicator_id: number;
  measure_id: string;
  la: string;
  breakdown: ColumnType<string, string | undefined, string>;
  created_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface ChildRecordImportsTable {
  id: Generated<number>;
  source: 'cin_census' | 'ssda903' | 'annex_a';
  la: string;
  as_at: string;
  file_names: string;
  record_counts: ColumnType<Record<string, number>, string, string>;
  finding_count: number;
  error_count: number;
  created_by: string;
  channel: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface ChildRecordsTable {
  kind: string;
  key: string;
  la: string;
  child_id: string;
  as_at: string;
  import_id: number;
  /** The record's JSON. */
  record: string;
}

export interface ChildRecordFindingsTable {
  import_id: number;
  seq: number;
  rule: string;
  severity: 'error' | 'query';
  message: string;
  file: string;
  location: string;
  kind: string;
  record_key: string | null;
  child_id: string | null;
  field: string;
  value: string | null;
}
