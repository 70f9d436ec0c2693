import type { Finding, IsoDate, IsoDateTime, RecordKind, Sex } from '../../measures/model.ts';
import type { ColumnIndex, ListSpec } from './annex-a-headings.ts';
import { ANNEX_A_RULES, type AnnexARuleName } from './annex-a-rules.ts';
import {
  readCount,
  readDate,
  readEthnicity,
  readSex,
  readTime,
  readYesNo,
  textOf,
  type CellValue,
  type DateRead,
  type DateSystem,
} from './annex-a-values.ts';
import type { SourceTable } from './annex-a-tables.ts';
import type { SheetRow } from './annex-a-workbook.ts';

/** One data row of a recognised list, with what the findings about it need to say where it is. */
export class ListRow<Field extends string> {
  readonly file: string;
  /** "List 3 row 5"; in a workbook, with the sheet's name, which need not say which list it is. */
  readonly location: string;
  readonly dateSystem: DateSystem;

  constructor(
    table: SourceTable,
    readonly spec: ListSpec<Field>,
    private readonly columns: ColumnIndex<Field>,
    private readonly row: SheetRow,
    readonly extractDate: IsoDate,
  ) {
    this.file = table.file;
    this.dateSystem = table.dateSystem;
    this.location = `List ${spec.list}${table.sheet === null ? '' : ` (sheet "${table.sheet}")`} row ${row.row}`;
  }

  /** Whether the table has the column at all (a missing column is not a blank cell). */
  has(field: Field): boolean {
    return this.columns[field] !== undefined;
  }

  cell(field: Field): CellValue {
    const index = this.columns[field];
    return index === undefined ? null : (this.row.cells[index] ?? null);
  }

  text(field: Field): string | null {
    return textOf(this.cell(field));
  }

  /** A finding about the row that no record can carry (it was not read as one). */
  finding(rule: AnnexARuleName, kind: RecordKind, field: string, value: CellValue): Finding {
    return {
      rule: ANNEX_A_RULES[rule].code,
      severity: ANNEX_A_RULES[rule].severity,
      message: ANNEX_A_RULES[rule].message,
      file: this.file,
      location: this.location,
      kind,
      recordKey: null,
      childId: this.text('childId' as Field),
      field,
      value: textOf(value),
    };
  }
}

interface Issue {
  rule: AnnexARuleName;
  field: string;
  value: string | null;
}

/**
 * Reads the cells of one record from a row, noting each rule a value
 * breaks under the record's own field name; once the record has its key,
 * the notes become findings and the record's `problems`.
 */
export class RecordReader<Field extends string> {
  private readonly issues: Issue[] = [];

  constructor(
    private readonly row: ListRow<Field>,
    readonly kind: RecordKind,
  ) {}

  note(rule: AnnexARuleName, field: string, value: CellValue): void {
    this.issues.push({ rule, field, value: textOf(value) });
  }

  private dateRead(column: Field, field: string): DateRead | null {
    const cell = this.row.cell(column);
    if (textOf(cell) === null) return null;
    const read = readDate(cell, this.row.dateSystem);
    if (read === null) this.note('unreadableDate', field, cell);
    // A date of birth may be ahead of the extract: unborn children are on the lists with their due date.
    else if (field !== 'birthDate' && read.date > this.row.extractDate)
      this.note('afterExtract', field, cell);
    return read;
  }

  /** The column's date, recorded under `field` of the record (the column's own name by default). */
  date(column: Field, field: string = column): IsoDate | null {
    return this.dateRead(column, field)?.date ?? null;
  }

  /**
   * A date and time of day: from one column holding both, or its date with
   * the time from `timeColumn`. `whenNoTime` says what a date alone gives.
   */
  dateTime(
    column: Field,
    timeColumn: Field,
    field: string,
    whenNoTime: (date: IsoDate) => IsoDateTime | null,
  ): { date: IsoDate; at: IsoDateTime | null } | null {
    const read = this.dateRead(column, field);
    if (read === null) return null;
    const time = read.time ?? readTime(this.row.cell(timeColumn));
    return { date: read.date, at: time === null ? whenNoTime(read.date) : `${read.date}T${time}` };
  }

  /** Notes AA-004 when `later` is before `earlier`; both may be dates or date-times. */
  inOrder(earlier: string | null, later: string | null, field: string): void {
    if (earlier !== null && later !== null && later < earlier) this.note('endBeforeStart', field, later);
  }

  yesNo(column: Field, field: string = column): boolean | null {
    const read = readYesNo(this.row.cell(column));
    if (read !== 'unreadable') return read;
    this.note('unreadableValue', field, this.row.cell(column));
    return null;
  }

  sex(column: Field): Sex | null {
    const read = readSex(this.row.cell(column));
    if (read !== 'unreadable') return read;
    this.note('unreadableValue', 'sex', this.row.cell(column));
    return null;
  }

  ethnicity(column: Field): string | null {
    const read = readEthnicity(this.row.cell(column));
    if (read !== 'unreadable') return read;
    this.note('unreadableValue', 'ethnicity', this.row.cell(column));
    return null;
  }

  count(column: Field, field: string = column): number | null {
    const read = readCount(this.row.cell(column));
    if (read !== 'unreadable') return read;
    this.note('unreadableValue', field, this.row.cell(column));
    return null;
  }

  /** The fields that broke a rule, for the record's `problems`. */
  get problems(): string[] {
    return [...new Set(this.issues.map((issue) => issue.field))];
  }

  /** The notes as findings about the record with this key, or about the row when no record could be made of it. */
  findings(recordKey: string | null, childId: string): Finding[] {
    return this.issues.map(({ rule, field, value }) => ({
      rule: ANNEX_A_RULES[rule].code,
      severity: ANNEX_A_RULES[rule].severity,
      message: ANNEX_A_RULES[rule].message,
      file: this.row.file,
      location: this.row.location,
      kind: this.kind,
      recordKey,
      childId,
      field,
      value,
    }));
  }
}
