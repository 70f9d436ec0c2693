import type { Period } from '../../../domain/periods.ts';

/**
 * The day an improvement plan or risk register is reported as at: the last
 * day of the report's month, or the day the report is built (asAt, UTC, as
 * the plan counts days) if that comes first, so a report for the current
 * month never counts target dates still to come as missed.
 */
export function planDay(month: Period, asAt: Date): string {
  const built = asAt.toISOString().slice(0, 10);
  return built < month.end ? built : month.end;
}
