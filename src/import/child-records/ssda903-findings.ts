/**
 * Where the 903 import's findings are collected: a rule broken by a row
 * becomes a Finding pointing at the row, and the field the rule guards is
 * listed in the record's `problems`.
 */
import type { Finding, RecordKind } from '../../measures/model.ts';
import type { Ssda903Rule } from './ssda903-rules.ts';
import type { SourceRow } from './ssda903-tables.ts';

/** A record while it is built: its problems still open to additions. */
export type Draft<T extends { problems: readonly string[] }> = Omit<T, 'problems'> & { problems: string[] };

export interface FlagOptions {
  /** The value shown, when not the rule's own column of the row. */
  value?: string;
  /** The record the finding is about when it is not the record flagged (a left-out repeat names the kept one). */
  recordKey?: string;
  /** The kind, for rules that apply to every table (a row without a child). */
  kind?: RecordKind;
}

export class FindingSink {
  readonly findings: Finding[] = [];

  /** Reports `rule` broken by `row`; `record`, when given, lists the rule's field among its problems. */
  flag(
    rule: Ssda903Rule,
    row: SourceRow,
    childId: string | null,
    record: { key: string; problems: string[] } | null,
    options: FlagOptions = {},
  ): void {
    const value = options.value ?? row.values[rule.column] ?? '';
    this.findings.push({
      rule: rule.code,
      severity: rule.severity,
      message: rule.message,
      file: row.file,
      location: row.location,
      kind: options.kind ?? rule.kind,
      recordKey: record?.key ?? options.recordKey ?? null,
      childId,
      field: rule.field,
      value: value === '' ? null : value,
    });
    if (record && !record.problems.includes(rule.field)) record.problems.push(rule.field);
  }

  /** Flags `rule` when the row's value in the rule's column is given but not one of `codes`, or blank where `blankIsInvalid`. */
  checkCode(
    rule: Ssda903Rule,
    codes: readonly string[],
    value: string,
    row: SourceRow,
    record: { key: string; childId: string; problems: string[] },
    blankIsInvalid = false,
  ): void {
    if (value === '' ? blankIsInvalid : !codes.includes(value)) this.flag(rule, row, record.childId, record);
  }
}

/** What every table's mapping needs: the authority, the findings, and the Header's children. */
export interface MapContext {
  la: string;
  sink: FindingSink;
  isKnownChild(childId: string): boolean;
  /** The row's child, or null (reported as a finding about `kind`) when the row names none. */
  childOf(row: SourceRow, kind: RecordKind): string | null;
}
