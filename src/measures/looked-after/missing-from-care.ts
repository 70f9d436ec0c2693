/**
 * Looked-after children missing from their placement (SSDA903 Missing, kind
 * M): the episodes that began in the period, and the children who had one.
 * Absences without authorisation (kind A) are a different thing, as DfE
 * publishes them apart, and are not counted.
 */
import type { MeasureDefinition, MeasureRow } from '../measure.ts';
import type { MissingEpisode } from '../model.ts';
import { usable } from '../model.ts';
import { groupByChild } from '../records-index.ts';

const DECIDING_FIELDS = ['kind', 'startDate'] as const;

const problemOf = (episode: MissingEpisode): string | null =>
  DECIDING_FIELDS.find((f) => !usable(episode, f)) ?? null;

/** A missing episode belongs to the period when it began in it; one whose kind or start failed validation is listed as left out. */
const belongs = (episode: MissingEpisode, start: string, end: string): boolean =>
  episode.startDate >= start &&
  episode.startDate <= end &&
  (episode.kind === 'M' || problemOf(episode) !== null);

function rowOf(episode: MissingEpisode, problem: string | null): MeasureRow {
  return {
    childId: episode.childId,
    kind: 'missingEpisodes',
    recordKey: episode.key,
    dates: { 'Went missing': episode.startDate, Returned: episode.endDate },
    ageAt: episode.startDate,
    inDenominator: problem === null,
    inNumerator: problem === null,
    value: null,
    leftOutBecause: problem,
  };
}

const SOURCE = 'SSDA903 Missing table; LAIT: "% Children looked after who were missing"';

export const missingEpisodes: MeasureDefinition = {
  id: 'missing-episodes',
  title: 'Missing episodes of looked-after children',
  summary: 'Episodes of a looked-after child going missing that began in the period.',
  kind: 'count',
  polarity: 'lower_is_better',
  numeratorLabel: 'Missing episodes',
  denominatorLabel: 'Missing episodes',
  source: SOURCE,
  rows: ({ records, period }) =>
    records.missingEpisodes
      .filter((e) => belongs(e, period.start, period.end))
      .map((e) => rowOf(e, problemOf(e))),
};

export const childrenMissing: MeasureDefinition = {
  id: 'children-missing',
  title: 'Looked-after children who went missing',
  summary:
    'Looked-after children with at least one missing episode beginning in the period, each counted once.',
  kind: 'count',
  polarity: 'lower_is_better',
  numeratorLabel: 'Children who went missing',
  denominatorLabel: 'Children who went missing',
  source: SOURCE,
  rows({ records, period }) {
    const rows: MeasureRow[] = [];
    for (const episodes of groupByChild(records.missingEpisodes, (e) => e.startDate).values()) {
      const inPeriod = episodes.filter((e) => belongs(e, period.start, period.end));
      if (inPeriod.length === 0) continue;
      // A child counts on their first episode that can be trusted; only when none can is the child left out.
      const counted = inPeriod.find((e) => problemOf(e) === null);
      rows.push(counted ? rowOf(counted, null) : rowOf(inPeriod[0]!, problemOf(inPeriod[0]!)));
    }
    return rows;
  },
};
