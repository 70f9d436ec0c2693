/**
 * Children who started and who ceased to be looked after in the period,
 * counted as DfE counts them: each child once, by the first start (or the
 * last cease) in the period, leaving out care under an agreed series of
 * short breaks.
 */
import type { MeasureDefinition, MeasureRow } from '../measure.ts';
import type { Episode } from '../model.ts';
import { usable } from '../model.ts';
import { childrenWithEpisodes, isShortBreak, periodsOfCare, type PeriodOfCare } from './periods-of-care.ts';

const firstProblem = (episode: Episode, fields: readonly string[]): string | null =>
  fields.find((f) => !usable(episode, f)) ?? null;

/** A short-break period is left out only when its legal status can be trusted. */
const isTrustedShortBreak = (episode: Episode): boolean =>
  isShortBreak(episode) && usable(episode, 'legalStatus');

export const startedToBeLookedAfter: MeasureDefinition = {
  id: 'started-to-be-looked-after',
  title: 'Children who started to be looked after',
  summary: 'Children who started a period of care in the period, each counted once (their first start).',
  kind: 'count',
  polarity: 'neither',
  numeratorLabel: 'Children who started to be looked after',
  denominatorLabel: 'Children who started to be looked after',
  source: 'LAIT: "Number of children who started to be looked after"; DfE children looked after statistics',
  rows({ records, period }) {
    const rows: MeasureRow[] = [];
    for (const childId of childrenWithEpisodes(records.episodes)) {
      const start = periodsOfCare(records.episodesOf(childId)).find(
        (p) => p.start >= period.start && p.start <= period.end && !isTrustedShortBreak(p.episodes[0]!),
      );
      if (!start) continue;
      const problem = firstProblem(start.episodes[0]!, ['startDate', 'reasonNewEpisode', 'legalStatus']);
      rows.push(rowOf(childId, start, 'start', problem));
    }
    return rows;
  },
};

export const ceasedToBeLookedAfter: MeasureDefinition = {
  id: 'ceased-to-be-looked-after',
  title: 'Children who ceased to be looked after',
  summary: 'Children who ceased to be looked after in the period, each counted once (their last cease).',
  kind: 'count',
  polarity: 'neither',
  numeratorLabel: 'Children who ceased to be looked after',
  denominatorLabel: 'Children who ceased to be looked after',
  source:
    'LAIT: "Number of children who ceased to be looked after during the year"; DfE children looked after statistics',
  rows({ records, period }) {
    const rows: MeasureRow[] = [];
    for (const childId of childrenWithEpisodes(records.episodes)) {
      const ended = periodsOfCare(records.episodesOf(childId))
        .filter(
          (p) =>
            p.end !== null &&
            p.end >= period.start &&
            p.end <= period.end &&
            !isTrustedShortBreak(p.episodes[p.episodes.length - 1]!),
        )
        .pop();
      if (!ended) continue;
      const last = ended.episodes[ended.episodes.length - 1]!;
      rows.push(rowOf(childId, ended, 'end', firstProblem(last, ['endDate', 'reasonEnded', 'legalStatus'])));
    }
    return rows;
  },
};

function rowOf(
  childId: string,
  care: PeriodOfCare,
  event: 'start' | 'end',
  problem: string | null,
): MeasureRow {
  const episode = event === 'start' ? care.episodes[0]! : care.episodes[care.episodes.length - 1]!;
  return {
    childId,
    kind: 'episodes',
    recordKey: episode.key,
    dates:
      event === 'start'
        ? { 'Started to be looked after': care.start }
        : { 'Started to be looked after': care.start, 'Ceased to be looked after': care.end },
    ageAt: event === 'start' ? care.start : care.end!,
    inDenominator: problem === null,
    inNumerator: problem === null,
    value: null,
    leftOutBecause: problem,
  };
}
