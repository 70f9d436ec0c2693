/**
 * Helpers for the looked-after measures' tests: a measure's input and rows
 * over some records for a period, and the children a test states of them.
 */
import { parsePeriod, type Period } from '../../domain/periods.ts';
import { workingDayCalendar } from '../calendar.ts';
import { DEFAULT_SETTINGS, type MeasureDefinition, type MeasureInput, type MeasureRow } from '../measure.ts';
import { emptyRecords, type ChildRecords } from '../model.ts';
import { indexRecords } from '../records-index.ts';

const calendar = workingDayCalendar(2010, 2030);

export function period(code: string): Period {
  const parsed = parsePeriod(code);
  if (!parsed) throw new Error(`Not a period code: ${code}`);
  return parsed;
}

export function input(records: Partial<ChildRecords>, periodCode: string): MeasureInput {
  return {
    records: indexRecords({ ...emptyRecords(), ...records }),
    period: period(periodCode),
    settings: DEFAULT_SETTINGS,
    calendar,
  };
}

export const rowsOf = (measure: MeasureDefinition, records: Partial<ChildRecords>, periodCode: string) =>
  measure.rows(input(records, periodCode));

/** The children counted in the numerator, in row order. */
export const numerator = (rows: readonly MeasureRow[]): string[] =>
  rows.filter((r) => r.inNumerator && r.leftOutBecause === null).map((r) => r.childId);

/** The children counted in the denominator, in row order. */
export const denominator = (rows: readonly MeasureRow[]): string[] =>
  rows.filter((r) => r.inDenominator && r.leftOutBecause === null).map((r) => r.childId);

/** The children left out, with the field that left each out. */
export const leftOut = (rows: readonly MeasureRow[]): [string, string][] =>
  rows.filter((r) => r.leftOutBecause !== null).map((r) => [r.childId, r.leftOutBecause!]);
