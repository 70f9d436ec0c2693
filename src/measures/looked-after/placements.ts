/**
 * Placements read from episodes, as DfE's placement-stability measures count
 * them: a placement is a stay with one carer, which may span several
 * episodes, because a new episode is also opened for a change of legal status
 * alone (RNE L) or of legal status or placement type while the carer stays the
 * same (RNE U and B).
 */
import type { Episode, IsoDate } from '../model.ts';

export interface Placement {
  /** The episodes of the placement, earliest first; never empty. */
  episodes: readonly Episode[];
  start: IsoDate;
  /** The day the last episode of the placement ended; null while it is open. */
  end: IsoDate | null;
}

/** Reasons for a new episode that move the child to a new carer: starting care, or a placement change (alone or with a legal-status change). */
const NEW_CARER_REASONS: ReadonlySet<string> = new Set(['S', 'P', 'T']);

/** Placed for adoption with the child's current foster carers (with consent, with a placement order): not a move. */
const ADOPTION_BY_CURRENT_CARERS: ReadonlySet<string> = new Set(['A5', 'A6']);

/** Placed for adoption, with new adopters (A3, A4) or with the current foster carers (A5, A6). */
const ADOPTION_PLACEMENTS: ReadonlySet<string> = new Set(['A3', 'A4', 'A5', 'A6']);

export const isAdoptionPlacement = (episode: Episode): boolean =>
  episode.placement !== null && ADOPTION_PLACEMENTS.has(episode.placement);

export const isAdoptionByCurrentCarers = (episode: Episode): boolean =>
  episode.placement !== null && ADOPTION_BY_CURRENT_CARERS.has(episode.placement);

/** Temporary placements (T0–T4: hospital, holiday, the carer away, a stay of 7 days or less) interrupt a placement without ending it. */
const isTemporary = (episode: Episode): boolean =>
  episode.placement !== null && /^T[0-4]$/.test(episode.placement);

const samePlace = (a: Episode, b: Episode): boolean =>
  a.placement === b.placement &&
  a.placementProvider === b.placementProvider &&
  a.placementPostcode === b.placementPostcode &&
  a.urn === b.urn;

/**
 * Whether an episode begins a new placement, given the episodes before it.
 * The first episode and every start of care do; otherwise only a move to a
 * new carer (RNE P or T) does, and not when it is a temporary placement, a
 * return from one to the same place, or a placement for adoption with the
 * foster carers the child already lives with (DfE: "where a child is
 * subsequently placed for adoption with their existing foster carers, then
 * this is not counted as a placement change").
 */
function beginsPlacement(episodes: readonly Episode[], index: number): boolean {
  const episode = episodes[index]!;
  if (index === 0 || episode.reasonNewEpisode === 'S') return true;
  if (episode.reasonNewEpisode === null || !NEW_CARER_REASONS.has(episode.reasonNewEpisode)) return false;
  if (isTemporary(episode) || isAdoptionByCurrentCarers(episode)) return false;
  const previous = episodes[index - 1]!;
  if (isTemporary(previous)) {
    let before = index - 2;
    while (before >= 0 && isTemporary(episodes[before]!)) before--;
    if (before >= 0 && samePlace(episodes[before]!, episode)) return false;
  }
  return true;
}

/** A child's placements from their episodes (earliest first). */
export function placementsOf(episodes: readonly Episode[]): Placement[] {
  const placements: Placement[] = [];
  let current: Episode[] = [];
  const close = () =>
    placements.push({
      episodes: current,
      start: current[0]!.startDate,
      end: current[current.length - 1]!.endDate,
    });
  episodes.forEach((_, index) => {
    if (index > 0 && beginsPlacement(episodes, index)) {
      close();
      current = [];
    }
    current.push(episodes[index]!);
  });
  if (current.length > 0) close();
  return placements;
}
