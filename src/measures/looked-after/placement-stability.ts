/**
 * Placement stability of the children looked after at the period end:
 * short term (three or more placements in the 12 months to the period end)
 * and long term (children under 16 looked after for 2½ years or more who
 * have been in the same placement for 2 years or more).
 */
import { addDays, addMonths, addYears, ageOn } from '../dates.ts';
import type { MeasureDefinition, MeasureRow } from '../measure.ts';
import type { IsoDate } from '../model.ts';
import { usable } from '../model.ts';
import { lookedAfterOn, type LookedAfterChild } from './looked-after-on.ts';
import { isAdoptionPlacement, placementsOf, type Placement } from './placements.ts';

/** The episode fields that decide where placements begin and end. */
const PLACEMENT_FIELDS = ['startDate', 'endDate', 'reasonNewEpisode', 'placement'] as const;

function placementProblem(placements: readonly Placement[]): string | null {
  for (const placement of placements)
    for (const episode of placement.episodes)
      for (const field of PLACEMENT_FIELDS) if (!usable(episode, field)) return field;
  return null;
}

function row(
  child: LookedAfterChild,
  periodEnd: IsoDate,
  dates: Record<string, IsoDate | null>,
  part: { inNumerator: boolean; leftOutBecause: string | null },
): MeasureRow {
  const counted = part.leftOutBecause === null;
  return {
    childId: child.childId,
    kind: 'episodes',
    recordKey: child.episode.key,
    dates: { 'Looked after since': child.period.start, ...dates },
    ageAt: periodEnd,
    inDenominator: counted,
    inNumerator: counted && part.inNumerator,
    value: null,
    leftOutBecause: part.leftOutBecause,
  };
}

export const placementStabilityShortTerm: MeasureDefinition = {
  id: 'placement-stability-short-term',
  title: 'Children looked after with three or more placements in the year',
  summary:
    'Of the children looked after at the period end, the percentage who had three or more placements in the 12 months ending then.',
  kind: 'percent',
  polarity: 'lower_is_better',
  numeratorLabel: 'Children with three or more placements in the 12 months',
  denominatorLabel: 'Children looked after at the period end',
  source: 'LAIT: "Placement 1 - % CLA with three or more placements"; DfE children looked after statistics',
  rows({ records, period }) {
    // The 12 months ending at the period end: 1 April to 31 March for a financial year.
    const from = addDays(addMonths(period.end, -12), 1);
    return lookedAfterOn(records, period.end).map((child) => {
      const inWindow = placementsOf(records.episodesOf(child.childId)).filter(
        (p) => p.start <= period.end && (p.end === null || p.end > from),
      );
      const third = inWindow[2];
      return row(
        child,
        period.end,
        { 'Placements counted from': from, 'Third placement started': third ? third.start : null },
        { inNumerator: third !== undefined, leftOutBecause: child.problem ?? placementProblem(inWindow) },
      );
    });
  },
};

/**
 * The day the child's current placement began, counting a placement for
 * adoption with new adopters together with the placement before it (DfE:
 * "placed for adoption and their adoptive placement together with their
 * previous placement last for at least 2 years").
 */
function stableSince(placements: readonly Placement[]): IsoDate {
  const current = placements[placements.length - 1]!;
  const previous = placements[placements.length - 2];
  return isAdoptionPlacement(current.episodes[0]!) && previous && previous.end === current.start
    ? previous.start
    : current.start;
}

export const placementStabilityLongTerm: MeasureDefinition = {
  id: 'placement-stability-long-term',
  title: 'Children looked after in the same placement for 2 years',
  summary:
    'Of the children under 16 looked after at the period end who had been looked after for 2½ years or more, the percentage in the same placement (or placed for adoption, with the placement before) for 2 years or more.',
  kind: 'percent',
  polarity: 'higher_is_better',
  numeratorLabel: 'Children in the same placement for 2 years or more',
  denominatorLabel: 'Children under 16 looked after for 2½ years or more',
  source: 'LAIT: "Long Term Placement Stability (%)"; DfE children looked after statistics',
  rows({ records, period }) {
    const lookedAfterSince = addMonths(period.end, -30);
    const placedSince = addYears(period.end, -2);
    const rows: MeasureRow[] = [];
    for (const child of lookedAfterOn(records, period.end)) {
      if (child.period.start > lookedAfterSince) continue;
      const birthDate = records.child(child.childId)?.birthDate ?? null;
      const birthUsable = birthDate !== null && usable(records.child(child.childId)!, 'birthDate');
      if (birthUsable && (ageOn(birthDate, period.end) ?? 0) >= 16) continue;
      const placements = placementsOf(child.period.episodes);
      const since = stableSince(placements);
      rows.push(
        row(
          child,
          period.end,
          { 'Current placement since': since },
          {
            inNumerator: since <= placedSince,
            leftOutBecause:
              child.problem ?? (birthUsable ? null : 'birthDate') ?? placementProblem(placements),
          },
        ),
      );
    }
    return rows;
  },
};
