import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the report-pack tables (migration 20261129T0600_reports.sql). */
export interface ReportsTables {
  reports: {
    id: Generated<number>;
    title: string;
    definition: ColumnType<unknown, string, string>;
    organisation_id: number;
    created_by: string;
    created_at: ColumnType<Date, Date | undefined, never>;
    updated_by: string;
    updated_at: ColumnType<Date, Date | undefined, Date>;
  };
  report_publications: {
    id: Generated<number>;
    report_id: number;
    published_at: ColumnType<Date, Date | undefined, never>;
    published_by: string;
    document: string;
    document_sha256: string;
  };
}
