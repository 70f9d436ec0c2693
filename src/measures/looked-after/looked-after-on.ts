/**
 * The children looked after at the end of a day, as DfE counts them: the
 * snapshot behind the count at 31 March and behind the placement-stability
 * measures.
 */
import type { Episode, IsoDate } from '../model.ts';
import { usable } from '../model.ts';
import type { IndexedRecords } from '../records-index.ts';
import {
  careOn,
  childrenWithEpisodes,
  isShortBreak,
  periodsOfCare,
  type PeriodOfCare,
} from './periods-of-care.ts';

export interface LookedAfterChild {
  childId: string;
  /** The episode open at the end of the day. */
  episode: Episode;
  period: PeriodOfCare;
  /** Every period of care of the child, earliest first. */
  periods: readonly PeriodOfCare[];
  /** The field of the open episode that failed validation, or null when it can be counted. */
  problem: string | null;
}

/** The episode fields that decide whether a child is looked after on a day and is counted. */
const DECIDING_FIELDS = ['startDate', 'endDate', 'legalStatus'] as const;

/**
 * Children looked after at the end of `date`: an episode started on or
 * before the day and did not end on or before it (a child who ceased on the
 * day is not counted, as DfE's 31 March figures count only episodes with no
 * end date in the year). Children looked after under an agreed series of
 * short breaks (V3, V4) are left out, as in every DfE figure.
 */
export function lookedAfterOn(records: IndexedRecords, date: IsoDate): LookedAfterChild[] {
  const children: LookedAfterChild[] = [];
  for (const childId of childrenWithEpisodes(records.episodes)) {
    const periods = periodsOfCare(records.episodesOf(childId));
    const care = careOn(periods, date);
    if (!care || (isShortBreak(care.episode) && usable(care.episode, 'legalStatus'))) continue;
    const problem = usable(care.episode, ...DECIDING_FIELDS)
      ? null
      : DECIDING_FIELDS.find((f) => care.episode.problems.includes(f))!;
    children.push({ childId, ...care, periods, problem });
  }
  return children;
}
