import type { ColumnType, Generated } from 'kysely';

/** The improvement programme's tables (migration 20261129T0400_improvement_programme.sql), joined into Database in schema.ts. */
export interface ImprovementTables {
  improvement_plans: ImprovementPlansTable;
  improvement_items: ImprovementItemsTable;
  improvement_updates: ImprovementUpdatesTable;
  improvement_board_reports: ImprovementBoardReportsTable;
  improvement_risks: ImprovementRisksTable;
}

/** Date columns are ISO text both ways (src/db/client.ts keeps them as text). */
type DateColumn = string;
type NullableDateColumn = ColumnType<string | null, string | null | undefined, string | null>;

export interface ImprovementPlansTable {
  id: Generated<number>;
  ref: string;
  title: string;
  starts_on: DateColumn;
  update_cycle_days: Generated<number>;
  rag_definitions: ColumnType<unknown, string, string>;
  source: Generated<string>;
  created_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface ImprovementItemsTable {
  id: Generated<number>;
  plan_id: number;
  parent_id: number | null;
  level: 'workstream' | 'project' | 'action';
  ref: string;
  title: string;
  lead: Generated<string>;
  lead_user_id: ColumnType<number | null, number | null | undefined, number | null>;
  deliverables: Generated<string>;
  impact: Generated<string>;
  target_date: NullableDateColumn;
  ambitions: ColumnType<string[], string[] | undefined, string[]>;
  indicator_refs: ColumnType<string[], string[] | undefined, string[]>;
  position: number;
}

export interface ImprovementUpdatesTable {
  id: Generated<number>;
  item_id: number;
  reported_on: DateColumn;
  status: string | null;
  narrative: Generated<string>;
  next_steps: Generated<string>;
  author: string;
  author_user_id: number | null;
  source: Generated<string>;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface ImprovementBoardReportsTable {
  id: Generated<number>;
  plan_id: number;
  board_on: DateColumn;
  title: string;
  reported_counts: ColumnType<unknown, string, string>;
  source: Generated<string>;
  created_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface ImprovementRisksTable {
  id: Generated<number>;
  plan_id: number;
  ref: string;
  title: string;
  owner: Generated<string>;
  cause: Generated<string>;
  consequence: Generated<string>;
  inherent_likelihood: number | null;
  inherent_impact: number | null;
  residual_likelihood: number | null;
  residual_impact: number | null;
  target_likelihood: number | null;
  target_impact: number | null;
  mitigations: Generated<string>;
  review_on: NullableDateColumn;
  is_closed: Generated<boolean>;
  item_refs: ColumnType<string[], string[] | undefined, string[]>;
  source: Generated<string>;
  updated_by: string;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
