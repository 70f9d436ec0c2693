/**
 * Series breaks. When an indicator's definition changes ("not comparable:
 * new scoring system"), a new series starts; figures from different series
 * are never compared (no direction of travel, no trend line across the break).
 *
 * Series are numbered from 0: series 0 runs until the first start, series 1
 * from the first start until the second, and so on. A period belongs to the
 * series in force on its START date, so the financial year 2017-18 belongs
 * to the old series if the new definition starts on 1 September 2017.
 */
import { isIsoDate, type Period } from './periods.ts';

export interface SeriesStart {
  /** The first day the new definition applies, YYYY-MM-DD. */
  startsOn: string;
  definition: string;
  reason: string;
}

/** The starts, oldest first; throws an Error for a date that is not YYYY-MM-DD or a date given twice. */
function sortedStarts(starts: SeriesStart[]): SeriesStart[] {
  for (const s of starts)
    if (!isIsoDate(s.startsOn))
      throw new Error(`A series start must be a date (YYYY-MM-DD), not ${s.startsOn}`);
  if (new Set(starts.map((s) => s.startsOn)).size !== starts.length)
    throw new Error('Two series cannot start on the same day');
  return [...starts].sort((a, b) => (a.startsOn < b.startsOn ? -1 : 1));
}

/**
 * The number of the series a period belongs to: how many starts fall on or
 * before its start date. 0 before the first start (or with no starts at all);
 * a period starting on a start date belongs to the new series. The starts may
 * be given in any order. Throws an Error for a start that is not a
 * YYYY-MM-DD date, or two starts on the same day.
 */
export function seriesIndexFor(period: Period, starts: SeriesStart[]): number {
  return sortedStarts(starts).filter((s) => s.startsOn <= period.start).length;
}

/** Whether two periods belong to the same series, so their figures may be compared. */
export function isSameSeries(a: Period, b: Period, starts: SeriesStart[]): boolean {
  return seriesIndexFor(a, starts) === seriesIndexFor(b, starts);
}

/**
 * The series starts that fall after a period's first day and on or before
 * its last day, oldest first: the period's figure mixes two definitions
 * (a rolling 12 months running over the change). Empty when none.
 * Throws as seriesIndexFor does.
 */
export function seriesStartsWithin(period: Period, starts: SeriesStart[]): SeriesStart[] {
  return sortedStarts(starts).filter((s) => s.startsOn > period.start && s.startsOn <= period.end);
}
