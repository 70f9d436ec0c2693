/**
 * What every children-in-need measure does the same way: whether a date
 * falls in the period, which of a record's fields failed validation, and
 * the shape of a row.
 */
import type { Period } from '../../domain/periods.ts';
import type { WorkingDayCalendar } from '../calendar.ts';
import type { MeasureRow } from '../measure.ts';
import type { IsoDate, RecordKind } from '../model.ts';

/** Whether a date falls in the period, both ends included. */
export const inPeriod = (date: IsoDate | null, period: Period): date is IsoDate =>
  date !== null && date >= period.start && date <= period.end;

/** Whether something that started on `start` and ended on `end` (null while open) is open at the end of `day`. */
export const openAt = (start: IsoDate, end: IsoDate | null, day: IsoDate): boolean =>
  start <= day && (end === null || end > day);

/** The first of the fields that failed a validation rule on the record, or null when all of them are usable. */
export function problemAmong(
  record: { problems: readonly string[] },
  ...fields: readonly string[]
): string | null {
  if (record.problems.length === 0) return null;
  return fields.find((f) => record.problems.includes(f)) ?? null;
}

/**
 * Working days after `from` up to `to`, or null when either date is outside
 * the calendar (a mistyped year): such a record is left out rather than
 * stopping the whole computation.
 */
export function workingDaysOrNull(calendar: WorkingDayCalendar, from: IsoDate, to: IsoDate): number | null {
  try {
    return calendar.workingDaysBetween(from, to);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/** The date `n` working days after `from`, or null outside the calendar. */
export function addWorkingDaysOrNull(calendar: WorkingDayCalendar, from: IsoDate, n: number): IsoDate | null {
  try {
    return calendar.addWorkingDays(from, n);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

export interface RowParts {
  dates: Record<string, IsoDate | null>;
  ageAt: IsoDate;
  inNumerator: boolean;
  /** Defaults to true: most rows are in the denominator. */
  inDenominator?: boolean;
  value?: number | null;
  leftOutBecause?: string | null;
}

export function rowOf(
  record: { childId: string; key: string },
  kind: RecordKind,
  parts: RowParts,
): MeasureRow {
  return {
    childId: record.childId,
    kind,
    recordKey: record.key,
    dates: parts.dates,
    ageAt: parts.ageAt,
    inDenominator: parts.inDenominator ?? true,
    inNumerator: parts.inNumerator,
    value: parts.value ?? null,
    leftOutBecause: parts.leftOutBecause ?? null,
  };
}
