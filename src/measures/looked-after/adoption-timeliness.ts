/**
 * Adoption timeliness, DfE's adoption scorecard measures A1 and A2: average
 * days, over the children adopted in the 36 months ending at the period
 * end, from entering care to moving in with the adoptive family (A1), and
 * from the court's authority to place the child to the match (A2).
 */
import { addDays, addMonths, daysBetween } from '../dates.ts';
import type { MeasureDefinition, MeasureInput, MeasureRow } from '../measure.ts';
import type { Adoption, IsoDate } from '../model.ts';
import { usable } from '../model.ts';
import { groupByChild } from '../records-index.ts';
import { childrenWithEpisodes, periodsOfCare, type PeriodOfCare } from './periods-of-care.ts';
import { isAdoptionByCurrentCarers, isAdoptionPlacement, placementsOf } from './placements.ts';

/** Reasons a period of care ends in adoption: application unopposed (E11) or consent dispensed with (E12). */
const ADOPTED: ReadonlySet<string> = new Set(['E11', 'E12']);

const COHORT_MONTHS = 36;

interface AdoptedChild {
  childId: string;
  care: PeriodOfCare;
  adopted: IsoDate;
  /** The child's adoption decision and match, when returned: the latest not reversed. */
  adoption: Adoption | undefined;
  /** A field of the last episode that keeps the child out, or null. */
  problem: string | null;
}

/** The children whose period of care ended in adoption in the 36 months ending at the period end. */
function adoptedChildren({ records, period }: MeasureInput): AdoptedChild[] {
  const from = addDays(addMonths(period.end, -COHORT_MONTHS), 1);
  const adoptions = groupByChild(records.adoptions, (a) => a.decisionDate ?? '');
  const children: AdoptedChild[] = [];
  for (const childId of childrenWithEpisodes(records.episodes)) {
    for (const care of periodsOfCare(records.episodesOf(childId))) {
      if (care.end === null || care.end < from || care.end > period.end) continue;
      if (care.reasonEnded === null || !ADOPTED.has(care.reasonEnded)) continue;
      const decisions = adoptions.get(childId) ?? [];
      const last = care.episodes[care.episodes.length - 1]!;
      children.push({
        childId,
        care,
        adopted: care.end,
        adoption:
          decisions.filter((a) => a.decisionReversedDate === null).pop() ?? decisions[decisions.length - 1],
        problem: ['endDate', 'reasonEnded'].find((f) => !usable(last, f)) ?? null,
      });
    }
  }
  return children;
}

function rowOf(
  child: AdoptedChild,
  dates: Record<string, IsoDate | null>,
  value: number | null,
  problem: string | null,
): MeasureRow {
  const counted = problem === null && value !== null;
  return {
    childId: child.childId,
    kind: 'episodes',
    recordKey: child.care.episodes[child.care.episodes.length - 1]!.key,
    dates: { ...dates, Adopted: child.adopted },
    ageAt: child.adopted,
    inDenominator: counted,
    inNumerator: counted,
    value: counted ? value : null,
    leftOutBecause: problem,
  };
}

/**
 * The day the child moved in with the family who adopted them: the start of
 * the first placement for adoption (A3–A6) in the period of care; where the
 * foster carers adopted (placement A5/A6, or the adoption record says so),
 * the day the child was first placed with them; with no adoption placement
 * in the episodes, the placed-for-adoption date the return gives.
 */
function movedIn(child: AdoptedChild): { date: IsoDate | null; problem: string | null } {
  const episodes = child.care.episodes;
  const placementProblem = episodes.some((e) => !usable(e, 'placement')) ? 'placement' : null;
  const placements = placementsOf(episodes);
  const index = placements.findIndex((p) => p.episodes.some(isAdoptionPlacement));
  if (index >= 0) {
    const placement = placements[index]!;
    const first = placement.episodes.find(isAdoptionPlacement)!;
    if (isAdoptionByCurrentCarers(first)) return { date: placement.start, problem: placementProblem };
    if (child.adoption?.fosterCarerAdoption === true && index > 0)
      return { date: placements[index - 1]!.start, problem: placementProblem };
    return { date: first.startDate, problem: placementProblem };
  }
  const placed = child.adoption?.placedDate ?? null;
  if (placed === null || !usable(child.adoption!, 'placedDate')) return { date: null, problem: 'placedDate' };
  return { date: placed, problem: null };
}

export const adoptionA1: MeasureDefinition = {
  id: 'adoption-a1',
  title: 'Adoption A1: days from entering care to moving in with the adoptive family',
  summary:
    'For children adopted in the 36 months ending at the period end, the average days from entering care to moving in with their adoptive family.',
  kind: 'average_days',
  polarity: 'lower_is_better',
  numeratorLabel: 'Children adopted in the 3 years',
  denominatorLabel: 'Children adopted in the 3 years',
  source: 'DfE adoption scorecard, measure A1; SSDA903 episodes and PlacedAdoption',
  rows(input) {
    return adoptedChildren(input).map((child) => {
      const entered = child.care.start;
      const moved = movedIn(child);
      const problem =
        child.problem ?? (usable(child.care.episodes[0]!, 'startDate') ? null : 'startDate') ?? moved.problem;
      return rowOf(
        child,
        { 'Entered care': entered, 'Moved in with adopters': moved.date },
        moved.date === null ? null : daysBetween(entered, moved.date),
        problem,
      );
    });
  },
};

/** The placement order: the date the return gives, else the start of the first episode under legal status E1. */
function placementOrder(child: AdoptedChild): { date: IsoDate | null; problem: string | null } {
  const adoption = child.adoption;
  if (adoption && !usable(adoption, 'placementOrderDate'))
    return { date: null, problem: 'placementOrderDate' };
  if (adoption?.placementOrderDate) return { date: adoption.placementOrderDate, problem: null };
  const order = child.care.episodes.find((e) => e.legalStatus === 'E1');
  return {
    date: order ? order.startDate : null,
    problem: order && !usable(order, 'legalStatus') ? 'legalStatus' : null,
  };
}

export const adoptionA2: MeasureDefinition = {
  id: 'adoption-a2',
  title: 'Adoption A2: days from placement order to match',
  summary:
    'For children adopted in the 36 months ending at the period end under a placement order, the average days from the order to being matched with their adopters.',
  kind: 'average_days',
  polarity: 'lower_is_better',
  numeratorLabel: 'Children adopted in the 3 years under a placement order',
  denominatorLabel: 'Children adopted in the 3 years under a placement order',
  source: 'DfE adoption scorecard, measure A2; SSDA903 episodes (legal status E1) and AD1 (DATE_MATCH)',
  rows(input) {
    const rows: MeasureRow[] = [];
    for (const child of adoptedChildren(input)) {
      const order = placementOrder(child);
      // Children placed with their parents' consent had no court authority: they are not in A2's cohort.
      if (order.date === null && order.problem === null) continue;
      const match = child.adoption?.matchDate ?? null;
      const matchProblem = match === null || !usable(child.adoption!, 'matchDate') ? 'matchDate' : null;
      const problem = child.problem ?? order.problem ?? matchProblem;
      // A match recorded before the order (authority first given by consent) counts as made on the order's day.
      const days = order.date !== null && match !== null ? Math.max(0, daysBetween(order.date, match)) : null;
      rows.push(rowOf(child, { 'Placement order': order.date, Matched: match }, days, problem));
    }
    return rows;
  },
};
