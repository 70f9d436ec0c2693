/**
 * A child's adoption records from the two tables that describe them:
 * PlacedAdoption (one row per decision that the child should be placed for
 * adoption, and its reversal) and AD1 (one row for a child adopted in the
 * year: the "should be placed" date, the match and the adopters).
 *
 * Pairing: the AD1 row joins the decision whose DATE_PLACED is its
 * DATE_INT (rule 523 expects them equal); failing that, the latest
 * decision not reversed; failing that, the latest decision. A child with an
 * AD1 row and no decision gets one record from AD1 alone, its decision date
 * being DATE_INT. The dates Annex A holds and the 903 leaves to the
 * episodes are read from the child's episodes between the decision and its
 * reversal: the placement order (first legal status E1), the placement with
 * the adopters (first placement A3–A6) and the adoption order (the end of
 * the episode ceased E11/E12).
 */
import { keys, type Adoption, type Episode, type IsoDate } from '../../measures/model.ts';
import type { Draft, FindingSink, MapContext } from './ssda903-findings.ts';
import { CODES, RULES } from './ssda903-rules.ts';
import type { SourceRow } from './ssda903-tables.ts';
import { code, orNull, parseReturnDate } from './ssda903-values.ts';

interface Decision {
  row: SourceRow;
  date: IsoDate | null;
  reversedDate: IsoDate | null;
  reversedReason: string | null;
}

interface Ad1 {
  row: SourceRow;
  shouldBePlaced: IsoDate | null;
  match: IsoDate | null;
}

export interface AdoptionContext extends MapContext {
  /** The child's episodes, earliest first. */
  episodesOf(childId: string): readonly Episode[];
}

const byDate = (a: { date: IsoDate | null }, b: { date: IsoDate | null }) =>
  (a.date ?? '') < (b.date ?? '') ? -1 : (a.date ?? '') > (b.date ?? '') ? 1 : 0;

const readDecision = (row: SourceRow): Decision => ({
  row,
  date: parseReturnDate(row.values.DATE_PLACED!),
  reversedDate: parseReturnDate(row.values.DATE_PLACED_CEASED!),
  reversedReason: orNull(code(row.values.REASON_PLACED_CEASED!)),
});

/** Whether a decision has no reversal recorded (an unreadable reversal date still says it was reversed). */
const isOpen = (decision: Decision) => decision.row.values.DATE_PLACED_CEASED === '';

function pairedDecision(decisions: readonly Decision[], ad1: Ad1): Decision | null {
  if (decisions.length === 0) return null;
  const same = decisions.find((d) => d.date !== null && d.date === ad1.shouldBePlaced);
  if (same) return same;
  const open = decisions.filter(isOpen);
  return (open.length ? open : decisions).at(-1)!;
}

/** The first episode start (or end) in [from, to] that `pick` accepts, from usable fields only. */
function firstEpisodeDate(
  episodes: readonly Episode[],
  from: IsoDate | null,
  to: IsoDate | null,
  pick: (e: Episode) => IsoDate | null,
): IsoDate | null {
  for (const episode of episodes) {
    const date = pick(episode);
    if (date !== null && (from === null || date >= from) && (to === null || date <= to)) return date;
  }
  return null;
}

const startsOfCare = (episodes: readonly Episode[]) =>
  episodes
    .filter((e) => e.reasonNewEpisode === 'S' && !e.problems.includes('startDate'))
    .map((e) => e.startDate);

export function mapAdoptions(
  placedRows: readonly SourceRow[],
  ad1Rows: readonly SourceRow[],
  context: AdoptionContext,
): Adoption[] {
  const { la, sink } = context;
  const decisionsOf = new Map<string, Decision[]>();
  for (const row of placedRows) {
    const childId = context.childOf(row, 'adoptions');
    if (childId === null) continue;
    const list = decisionsOf.get(childId) ?? [];
    list.push(readDecision(row));
    decisionsOf.set(childId, list);
  }
  const ad1Of = new Map<string, Ad1>();
  for (const row of ad1Rows) {
    const childId = context.childOf(row, 'adoptions');
    if (childId === null) continue;
    if (ad1Of.has(childId)) {
      sink.flag(RULES.ad1Repeated, row, childId, null);
      continue;
    }
    ad1Of.set(childId, {
      row,
      shouldBePlaced: parseReturnDate(row.values.DATE_INT!),
      match: parseReturnDate(row.values.DATE_MATCH!),
    });
  }

  const adoptions: Draft<Adoption>[] = [];
  for (const childId of new Set([...decisionsOf.keys(), ...ad1Of.keys()])) {
    const decisions = (decisionsOf.get(childId) ?? []).sort(byDate);
    const ad1 = ad1Of.get(childId) ?? null;
    const paired = ad1 ? pairedDecision(decisions, ad1) : null;
    const episodes = context.episodesOf(childId);
    const starts = startsOfCare(episodes);
    const seen = new Set<string>();
    let previous: Decision | null = null;
    const sources: { decision: Decision | null; ad1: Ad1 | null }[] = decisions.map((decision) => ({
      decision,
      ad1: decision === paired ? ad1 : null,
    }));
    if (ad1 && !paired) sources.push({ decision: null, ad1 });

    for (const { decision, ad1: ad1Here } of sources) {
      const decisionDate = decision ? decision.date : ad1Here!.shouldBePlaced;
      const reversedDate = decision?.reversedDate ?? null;
      const key = keys.adoption(la, childId, decisionDate);
      const mainRow = decision?.row ?? ad1Here!.row;
      if (seen.has(key)) {
        sink.flag(RULES.decisionRepeated, mainRow, childId, null, { recordKey: key });
        continue;
      }
      seen.add(key);
      const a = ad1Here?.row.values;
      const fosterCare = a ? code(a.FOSTER_CARE!) : '';
      const adopters = a ? code(a.NB_ADOPTR!) : '';
      const adoption: Draft<Adoption> = {
        la,
        childId,
        key,
        problems: [],
        decisionDate,
        matchDate: ad1Here?.match ?? null,
        decisionReversedDate: reversedDate,
        decisionReversedReason: decision?.reversedReason ?? null,
        fosterCarerAdoption: fosterCare === '1' ? true : fosterCare === '0' ? false : null,
        numberOfAdopters: CODES.NB_ADOPTR.includes(adopters) ? Number(adopters) : null,
        adoptersSex: a ? orNull(code(a.SEX_ADOPTR!)) : null,
        adoptersLegalStatus: a ? orNull(code(a.LS_ADOPTR!)) : null,
        placementOrderDate: firstEpisodeDate(episodes, decisionDate, reversedDate, (e) =>
          CODES.PLACEMENT_ORDER.includes(e.legalStatus ?? '') ? e.startDate : null,
        ),
        placedDate: firstEpisodeDate(episodes, decisionDate, reversedDate, (e) =>
          CODES.PLACED_FOR_ADOPTION.includes(e.placement ?? '') ? e.startDate : null,
        ),
        adoptionOrderDate: firstEpisodeDate(episodes, decisionDate, reversedDate, (e) =>
          CODES.ADOPTED.includes(e.reasonEnded ?? '') && !e.problems.includes('endDate') ? e.endDate : null,
        ),
      };
      adoptions.push(adoption);

      if (decision) {
        const v = decision.row.values;
        if (v.DATE_PLACED !== '' && decision.date === null)
          sink.flag(RULES.decisionDateInvalid, decision.row, childId, adoption);
        if (v.DATE_PLACED_CEASED !== '' && decision.reversedDate === null)
          sink.flag(RULES.decisionReversedInvalid, decision.row, childId, adoption);
        sink.checkCode(
          RULES.decisionReversedReasonInvalid,
          CODES.REASON_PLACED_CEASED,
          decision.reversedReason ?? '',
          decision.row,
          adoption,
        );
        if (decision.date && decision.reversedDate && decision.reversedDate < decision.date)
          sink.flag(RULES.decisionReversedBeforeDecision, decision.row, childId, adoption);
        if (decision.date && starts.length && decision.date < starts[0]!)
          sink.flag(RULES.decisionBeforeCare, decision.row, childId, adoption);
        if (
          decision.date &&
          previous?.date &&
          (isOpen(previous) || (previous.reversedDate !== null && decision.date < previous.reversedDate))
        )
          sink.flag(RULES.decisionsOverlap, decision.row, childId, adoption);
        previous = decision;
        if (!context.isKnownChild(childId))
          sink.flag(RULES.placedAdoptionChildUnknown, decision.row, childId, adoption);
      }
      if (ad1Here) checkAd1(ad1Here, decision, starts, adoption, sink);
      if (ad1Here && !context.isKnownChild(childId))
        sink.flag(RULES.ad1ChildUnknown, ad1Here.row, childId, adoption);
    }
  }
  return adoptions;
}

function checkAd1(
  ad1: Ad1,
  decision: Decision | null,
  startsOfCare: readonly IsoDate[],
  adoption: Draft<Adoption>,
  sink: FindingSink,
): void {
  const { row } = ad1;
  const v = row.values;
  const childId = adoption.childId;
  if (v.DATE_INT !== '' && ad1.shouldBePlaced === null)
    sink.flag(RULES.shouldBePlacedInvalid, row, childId, adoption);
  if (v.DATE_MATCH !== '' && ad1.match === null) sink.flag(RULES.matchDateInvalid, row, childId, adoption);
  sink.checkCode(RULES.fosterCarerInvalid, CODES.FOSTER_CARE, code(v.FOSTER_CARE!), row, adoption);
  sink.checkCode(RULES.numberOfAdoptersInvalid, CODES.NB_ADOPTR, code(v.NB_ADOPTR!), row, adoption);
  sink.checkCode(RULES.adoptersSexInvalid, CODES.SEX_ADOPTR, code(v.SEX_ADOPTR!), row, adoption);
  sink.checkCode(RULES.adoptersLegalStatusInvalid, CODES.LS_ADOPTR, code(v.LS_ADOPTR!), row, adoption);
  if (ad1.shouldBePlaced && ad1.match && ad1.match < ad1.shouldBePlaced)
    sink.flag(RULES.matchBeforeShouldBePlaced, row, childId, adoption);
  const latestStart = startsOfCare.at(-1);
  if (ad1.shouldBePlaced && latestStart && ad1.shouldBePlaced < latestStart)
    sink.flag(RULES.shouldBePlacedBeforeCare, row, childId, adoption);
  if (decision?.date && ad1.shouldBePlaced && decision.date !== ad1.shouldBePlaced)
    sink.flag(RULES.decisionDiffersFromAd1, row, childId, adoption);
}
