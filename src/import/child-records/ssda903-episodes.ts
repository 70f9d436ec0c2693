/**
 * The Episodes table as episodes of care, each checked alone (codes, dates)
 * and then in sequence with the child's others: an episode may not start
 * while the one before is open (142) or before it ended (501).
 */
import { keys, type Episode, type IsoDate } from '../../measures/model.ts';
import type { Draft, FindingSink, MapContext } from './ssda903-findings.ts';
import { CODES, RULES } from './ssda903-rules.ts';
import type { SourceRow } from './ssda903-tables.ts';
import { code, orNull, parseReturnDate } from './ssda903-values.ts';

export interface MappedEpisodes {
  episodes: Episode[];
  /** Each child's episodes, earliest first. */
  byChild: ReadonlyMap<string, readonly Episode[]>;
}

function checkEpisode(
  episode: Draft<Episode>,
  row: SourceRow,
  sink: FindingSink,
  yearEnding: IsoDate | null,
) {
  const v = row.values;
  sink.checkCode(RULES.reasonNewEpisodeInvalid, CODES.RNE, episode.reasonNewEpisode ?? '', row, episode);
  sink.checkCode(RULES.legalStatusInvalid, CODES.LS, episode.legalStatus ?? '', row, episode);
  sink.checkCode(RULES.categoryOfNeedInvalid, CODES.CIN, episode.categoryOfNeed ?? '', row, episode);
  sink.checkCode(RULES.placementInvalid, CODES.PLACE, episode.placement ?? '', row, episode);
  sink.checkCode(RULES.reasonEndedInvalid, CODES.REC, episode.reasonEnded ?? '', row, episode);
  sink.checkCode(
    RULES.reasonPlaceChangeInvalid,
    CODES.REASON_PLACE_CHANGE,
    episode.reasonPlaceChange ?? '',
    row,
    episode,
  );
  const provider = episode.placementProvider;
  if (
    provider !== null &&
    (!CODES.PLACE_PROVIDER.includes(provider) ||
      CODES.PLACE_WITHOUT_PROVIDER.includes(episode.placement ?? ''))
  )
    sink.flag(RULES.placementProviderInvalid, row, episode.childId, episode);
  const { startDate, endDate } = episode;
  if (v.DEC !== '' && endDate === null) sink.flag(RULES.episodeEndInvalid, row, episode.childId, episode);
  if (endDate !== null && endDate < startDate)
    sink.flag(RULES.episodeEndsBeforeStart, row, episode.childId, episode);
  if (endDate !== null && yearEnding !== null && endDate > yearEnding)
    sink.flag(RULES.episodeEndsAfterYear, row, episode.childId, episode);
}

function checkSequence(
  episodes: readonly Draft<Episode>[],
  rowOf: ReadonlyMap<Episode, SourceRow>,
  sink: FindingSink,
): void {
  for (let i = 1; i < episodes.length; i++) {
    const previous = episodes[i - 1]!;
    const episode = episodes[i]!;
    const previousEnd = rowOf.get(previous)!.values.DEC;
    if (previousEnd === '')
      sink.flag(RULES.previousEpisodeOpen, rowOf.get(previous)!, previous.childId, previous);
    else if (previous.endDate !== null && episode.startDate < previous.endDate)
      sink.flag(RULES.episodeOverlaps, rowOf.get(episode)!, episode.childId, episode);
  }
}

export function mapEpisodes(
  rows: readonly SourceRow[],
  context: MapContext,
  yearEnding: IsoDate | null,
): MappedEpisodes {
  const { la, sink } = context;
  const rowOf = new Map<Episode, SourceRow>();
  const byChild = new Map<string, Draft<Episode>[]>();
  const seen = new Set<string>();
  const episodes: Draft<Episode>[] = [];
  for (const row of rows) {
    const childId = context.childOf(row, 'episodes');
    if (childId === null) continue;
    const v = row.values;
    const startDate = parseReturnDate(v.DECOM!);
    if (startDate === null) {
      sink.flag(RULES.episodeStartInvalid, row, childId, null);
      continue;
    }
    const key = keys.episode(la, childId, startDate);
    if (seen.has(key)) {
      sink.flag(RULES.episodeRepeated, row, childId, null, { recordKey: key });
      continue;
    }
    seen.add(key);
    const episode: Draft<Episode> = {
      la,
      childId,
      key,
      problems: [],
      startDate,
      reasonNewEpisode: orNull(code(v.RNE!)),
      legalStatus: orNull(code(v.LS!)),
      categoryOfNeed: orNull(code(v.CIN!)),
      placement: orNull(code(v.PLACE!)),
      placementProvider: orNull(code(v.PLACE_PROVIDER!)),
      endDate: parseReturnDate(v.DEC!),
      reasonEnded: orNull(code(v.REC!)),
      reasonPlaceChange: orNull(code(v.REASON_PLACE_CHANGE!)),
      homePostcode: orNull(v.HOME_POST!),
      placementPostcode: orNull(v.PL_POST!),
      urn: orNull(v.URN!),
    };
    checkEpisode(episode, row, sink, yearEnding);
    if (!context.isKnownChild(childId)) sink.flag(RULES.episodeChildUnknown, row, childId, episode);
    rowOf.set(episode, row);
    episodes.push(episode);
    const group = byChild.get(childId);
    if (group) group.push(episode);
    else byChild.set(childId, [episode]);
  }
  for (const group of byChild.values()) {
    group.sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0));
    checkSequence(group, rowOf, sink);
  }
  return { episodes, byChild };
}
