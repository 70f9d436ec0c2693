/**
 * Helpers for the children-in-need measure tests: a measure's rows over
 * some records for a period, and the counts a test states of them.
 */
import { parsePeriod, type Period } from '../../domain/periods.ts';
import { workingDayCalendar } from '../calendar.ts';
import {
  DEFAULT_SETTINGS,
  type MeasureDefinition,
  type MeasureRow,
  type MeasureSettings,
} from '../measure.ts';
import { type ChildRecords, emptyRecords } from '../model.ts';
import { indexRecords } from '../records-index.ts';

export const calendar = workingDayCalendar(2010, 2030);

/**
 * The rows of a measure over the given records for a period code
 * ('2023-24-Q1', 'FY2022-23', '2023-01'), with the default settings unless
 * some are given.
 */
export function rowsOf(
  measure: MeasureDefinition,
  records: Partial<ChildRecords>,
  periodCode: string,
  settings: Partial<MeasureSettings> = {},
): MeasureRow[] {
  return measure.rows({
    records: indexRecords({ ...emptyRecords(), ...records }),
    period: period(periodCode),
    settings: { ...DEFAULT_SETTINGS, ...settings },
    calendar,
  });
}

export function period(code: string): Period {
  const parsed = parsePeriod(code);
  if (!parsed) throw new Error(`Not a period code: ${code}`);
  return parsed;
}

/** The parts of the rows as the tests state them: how many in each, and which were left out. */
export function tally(rows: readonly MeasureRow[]): {
  numerator: number;
  denominator: number;
  leftOut: number;
} {
  const counted = rows.filter((r) => r.leftOutBecause === null);
  return {
    numerator: counted.filter((r) => r.inNumerator).length,
    denominator: counted.filter((r) => r.inDenominator).length,
    leftOut: rows.length - counted.length,
  };
}
