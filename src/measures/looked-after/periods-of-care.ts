/**
 * Periods of care read from SSDA903 episodes, the unit every looked-after
 * measure counts in. An episode records one legal status and one placement;
 * a period of care is the run of episodes from the child starting to be
 * looked after (RNE S) to ceasing (an episode ending with any reason other
 * than X1, "episode ceases and new episode begins").
 */
import type { Episode, IsoDate } from '../model.ts';

export interface PeriodOfCare {
  /** The episodes of the period, earliest first; never empty. */
  episodes: readonly Episode[];
  /** The day the child started to be looked after. */
  start: IsoDate;
  /** The day the child ceased to be looked after; null while the period is open. */
  end: IsoDate | null;
  /** The reason the last episode ceased (E11 adopted, …); null while open. */
  reasonEnded: string | null;
}

const CARE_CONTINUES = 'X1';

/**
 * Legal statuses under which a child is looked after only for an agreed
 * series of short breaks (SSDA903 V3 and V4; rules 398, 399 and 426 treat
 * them apart). DfE's published figures leave these children out; V2, a
 * single period of accommodation under section 20, is counted.
 */
const SHORT_BREAK_STATUSES: ReadonlySet<string> = new Set(['V3', 'V4']);

export const isShortBreak = (episode: Episode): boolean =>
  episode.legalStatus !== null && SHORT_BREAK_STATUSES.has(episode.legalStatus);

/**
 * A child's periods of care from their episodes (earliest first). A new
 * period begins at the first episode, at an episode whose reason is S, and
 * after an episode that ended for a reason other than X1; an episode left
 * open but followed by another is read as continuing care, as the next
 * episode's start shows it did.
 */
export function periodsOfCare(episodes: readonly Episode[]): PeriodOfCare[] {
  const periods: PeriodOfCare[] = [];
  let current: Episode[] = [];
  const close = () => {
    const last = current[current.length - 1]!;
    periods.push({
      episodes: current,
      start: current[0]!.startDate,
      end: last.endDate,
      reasonEnded: last.endDate === null ? null : last.reasonEnded,
    });
  };
  for (const episode of episodes) {
    const previous = current[current.length - 1];
    const continues =
      previous !== undefined &&
      episode.reasonNewEpisode !== 'S' &&
      (previous.endDate === null || previous.reasonEnded === CARE_CONTINUES);
    if (previous !== undefined && !continues) {
      close();
      current = [];
    }
    current.push(episode);
  }
  if (current.length > 0) close();
  return periods;
}

/** Whether an episode held on a day: started on or before it and not ended on or before it. */
export const isOpenOn = (episode: { startDate: IsoDate; endDate: IsoDate | null }, date: IsoDate): boolean =>
  episode.startDate <= date && (episode.endDate === null || episode.endDate > date);

/** The period of care and the episode a child was in at the end of a day, or null when not looked after. */
export function careOn(
  periods: readonly PeriodOfCare[],
  date: IsoDate,
): { period: PeriodOfCare; episode: Episode } | null {
  for (let p = periods.length - 1; p >= 0; p--) {
    const period = periods[p]!;
    if (period.start > date) continue;
    for (let e = period.episodes.length - 1; e >= 0; e--) {
      const episode = period.episodes[e]!;
      if (episode.startDate > date) continue;
      return isOpenOn(episode, date) ? { period, episode } : null;
    }
  }
  return null;
}

/** The children with at least one episode, in the order their episodes first appear. */
export function childrenWithEpisodes(episodes: readonly Episode[]): string[] {
  return [...new Set(episodes.map((e) => e.childId))];
}
