import type { ColumnType, Generated, Selectable } from 'kysely';
import type { ChildRecordsTables } from './child-records-schema.ts';
import type { ImprovementTables } from './improvement-schema.ts';
import type { ReportsTables } from './reports-schema.ts';
import type { SchoolsTables } from './schools-schema.ts';

/** Kysely's view of the tables created by the migrations in ./migrations. */
export interface Database extends SchoolsTables, ImprovementTables, ReportsTables, ChildRecordsTables {
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
  benchmark_values: {
    indicator_id: number;
    year: string;
    benchmark: string;
    /** '' for the whole indicator, or a breakdown key ('ethnic_group=white'). */
    breakdown: ColumnType<string, string | undefined, string>;
    value: number;
    source: string;
  };
  populations: { breakdown: string; year: number; population: number; source: string };
  indicator_values: IndicatorValuesTable;
  commentary: CommentaryTable;
  imports: ImportsTable;
  import_rows: ImportRowsTable;
  organisations: { id: Generated<number>; name: string; kind: string };
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_events: AuditEventsTable;
  contracts: {
    id: Generated<number>;
    ref: string;
    title: string;
    organisation_id: number;
    starts_on: string;
    ends_on: string | null;
    notes: string;
    is_illustrative: Generated<boolean>;
  };
  contract_indicators: {
    contract_id: number;
    indicator_id: number;
    position: number;
    target: number | null;
    tolerance: Generated<number>;
    cumulative_basis: Generated<string>;
  };
  publication_periods: PublicationPeriodsTable;
  publication_items: PublicationItemsTable;
  publication_item_events: PublicationItemEventsTable;
}

export interface PublicationPeriodsTable {
  month: string;
  due_on: string;
  opened_at: ColumnType<Date, Date | undefined, never>;
  opened_by: string;
  published_at: Date | null;
  published_by: string | null;
}

export interface PublicationItemsTable {
  id: Generated<number>;
  month: string;
  indicator_id: number;
  period: string;
  stage: Generated<string>;
  note: Generated<string>;
  changed_at: ColumnType<Date, Date | undefined, Date | undefined>;
  changed_by: string;
}

export interface PublicationItemEventsTable {
  id: Generated<number>;
  item_id: number;
  at: ColumnType<Date, Date | undefined, never>;
  actor: string;
  from_stage: string;
  to_stage: string;
  note: Generated<string>;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  organisation_id: number;
  role: string;
  password_hash: string | null;
  must_change_password: Generated<boolean>;
  failed_sign_ins: Generated<number>;
  locked_until: Date | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  is_disabled: Generated<boolean>;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  last_seen_at: ColumnType<Date, Date | undefined, Date>;
  expires_at: Date;
  ip: string;
  user_agent: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  scopes: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: ColumnType<Date, Date | undefined, never>;
  actor_user_id: number | null;
  actor: string;
  organisation_id: number | null;
  channel: string;
  ip: string;
  action: string;
  entity_type: string;
  entity_id: string;
  outcome: string;
  before: unknown;
  after: unknown;
  detail: string;
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
  organisation_id: ColumnType<number | null, number | null | undefined, number | null>;
  owner_user_id: ColumnType<number | null, number | null | undefined, number | null>;
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
  /** The file import that wrote this revision, if one did. */
  import_id: ColumnType<number | null, number | null | undefined, number | null>;
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
  /** The file import that wrote this revision, if one did. */
  import_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export type IndicatorRow = Selectable<IndicatorsTable>;
export type ValueRow = Selectable<IndicatorValuesTable>;

export interface ImportsTable {
  id: Generated<number>;
  file_name: string;
  file_sha256: string;
  file_bytes: number;
  format: Generated<string>;
  sheet: Generated<string>;
  encoding: Generated<string>;
  status: string;
  created_by_user_id: number | null;
  created_by: string;
  channel: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  bytes_read: Generated<number>;
  rows_read: Generated<number>;
  new_count: Generated<number>;
  changed_count: Generated<number>;
  unchanged_count: Generated<number>;
  refused_count: Generated<number>;
  commentary_count: Generated<number>;
  problems: ColumnType<unknown, string | undefined, string>;
  problem_count: Generated<number>;
  notes: ColumnType<unknown, string | undefined, string>;
  committed_at: Date | null;
  committed_by: string | null;
  rolled_back_at: Date | null;
  rolled_back_by: string | null;
  /** The data version when the preview began (see data_version). */
  data_version: number | null;
}

export interface ImportRowsTable {
  import_id: number;
  row_number: number;
  indicator_id: number;
  period: string;
  breakdown: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  status: string;
  source: string;
  reason: string;
  outcome: string;
  commentary: string | null;
  replaces: number | null;
  revision: number;
  old_value: number | null;
  old_numerator: number | null;
  old_denominator: number | null;
  old_status: string | null;
}
