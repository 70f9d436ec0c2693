import type { ColumnType, Generated } from 'kysely';

/** The schools tables (migration 20261129T0300_schools.sql), joined into Database in schema.ts. */
export interface SchoolsTables {
  school_imports: SchoolImportsTable;
  schools: SchoolsTable;
  school_links: SchoolLinksTable;
  school_inspections: SchoolInspectionsTable;
  school_position_reports: SchoolPositionReportsTable;
}

export interface SchoolImportsTable {
  id: Generated<number>;
  kind: 'register' | 'inspections';
  file_name: string;
  layout: Generated<string>;
  encoding: Generated<string>;
  rows_read: Generated<number>;
  created_count: Generated<number>;
  updated_count: Generated<number>;
  unchanged_count: Generated<number>;
  links_count: Generated<number>;
  notes: ColumnType<unknown, string | undefined, string>;
  created_by: string;
  channel: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface SchoolsTable {
  urn: number;
  laestab: string;
  name: string;
  la_code: string;
  la_name: string;
  type_code: string;
  type_name: string;
  type_group_code: string;
  type_group_name: string;
  phase_code: string;
  phase_name: string;
  status_code: string;
  status_name: string;
  open_date: string | null;
  close_date: string | null;
  is_illustrative: Generated<boolean>;
  import_id: number | null;
  updated_at: ColumnType<Date, Date | undefined, Date | undefined>;
}

export interface SchoolLinksTable {
  urn: number;
  link_urn: number;
  link_type: string;
  link_date: string | null;
  import_id: number | null;
}

export interface SchoolInspectionsTable {
  inspection_number: string;
  reported_urn: number;
  urn: number;
  kind: 'graded' | 'ungraded' | 'report_card';
  start_date: string;
  publication_date: string | null;
  overall_effectiveness: number | null;
  category_of_concern: 'special_measures' | 'serious_weaknesses' | null;
  ungraded_outcome: string | null;
  report_card: ColumnType<unknown, string | null, string | null>;
  import_id: number | null;
}

export interface SchoolPositionReportsTable {
  la_code: string;
  as_at: string;
  indicator_id: number | null;
  period: string;
  created_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}
