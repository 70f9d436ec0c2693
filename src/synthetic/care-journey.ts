/**
 * A period of care, from entry to leaving: episodes (one legal status and
 * one placement each), reviews, missing episodes, the adoption stages for
 * the youngest, and the care leaver's birthdays 17 to 21 afterwards.
 */
import { keys, type Episode } from '../measures/model.ts';
import {
  ADOPTERS_LEGAL_STATUS,
  ADOPTERS_SEX,
  CARE_CATEGORIES_OF_NEED,
  EET_ACTIVITIES,
  ENTRY_LEGAL_STATUSES,
  FOSTER_PROVIDERS,
  HOME_PROVIDERS,
  NEET_ACTIVITIES,
  PLACEMENT_CHANGE_REASONS,
  PLACEMENTS,
  REVIEW_PARTICIPATION,
  SUITABLE_ACCOMMODATION,
  UNSUITABLE_ACCOMMODATION,
} from './codes.ts';
import { addYears, dayOf, isoOf, yearEndingOf } from './days.ts';
import { weighted, type Random } from './random.ts';
import { knownBy, type SimulatedChild, type Simulation } from './simulation.ts';

const YEAR = 365.25;

/** How a period of care ends, with the SSDA903 reasons and the CIN census closure reason that go with it. */
const LEAVING_AT_18 = weighted([
  ['E5', 40],
  ['E17', 25],
  ['E6', 10],
  ['E8', 25],
] as const);
const SPECIAL_GUARDIANSHIP = weighted([
  ['E45', 70],
  ['E46', 30],
] as const);
const ARRANGEMENTS_ORDER = weighted([
  ['E41', 60],
  ['E48', 40],
] as const);
const REVERSAL_REASONS = weighted([
  ['RD1', 40],
  ['RD2', 30],
  ['RD3', 20],
  ['RD4', 10],
] as const);
const IN_TOUCH_OTHERWISE = weighted([
  ['NO', 60],
  ['REFU', 20],
  ['NREQ', 18],
  ['DIED', 2],
] as const);

/** Shares that set the headline figures; docs/synthetic-data.md gives each its target. */
export const CARE_RATES = {
  adoptionUnder5: 0.33,
  adoptionReversed: 0.08,
  fosterCarerAdoption: 0.12,
  unstablePlacements: 0.19,
  unstableMovesPerYear: 2.6,
  stableMovesPerYear: 0.12,
  reviewOnTime: 0.93,
  goesMissing: 0.22,
  careLeaverInTouch: 0.92,
  careLeaverEet: 0.6,
  careLeaverSuitable: 0.955,
  placementDefect: 0.001,
};

export interface CareOutcome {
  /** The day the child left care, or null if still in care at the end. */
  leftOn: number | null;
  /** The CIN census reason the child's episode of need closes with. */
  closureReason: string;
}

interface Change {
  day: number;
  legalStatus?: string;
  placement?: string;
  placeChangeReason?: string;
}

interface Plan {
  leaves: number;
  reason: string;
  closureReason: string;
  adoption?: AdoptionPath;
}

interface AdoptionPath {
  decision: number;
  placementOrder: number;
  match: number | null;
  placed: number | null;
  adoptionOrder: number | null;
  reversed: number | null;
  fosterCarer: boolean;
}

function placementFor(random: Random, age: number): string {
  for (;;) {
    const placement = random.pick(PLACEMENTS);
    if (placement === 'H5' && age < 16) continue;
    if ((placement === 'K2' || placement === 'R2' || placement === 'S1') && age < 10) continue;
    return placement;
  }
}

function providerFor(random: Random, placement: string): string | null {
  if (placement === 'Z1') return null;
  if (placement === 'P1') return 'PR0';
  if (placement.startsWith('U') || placement.startsWith('A')) return random.pick(FOSTER_PROVIDERS);
  return random.pick(HOME_PROVIDERS);
}

const needsUrn = (placement: string) => ['K2', 'H5', 'R1', 'S1', 'R2'].includes(placement);

function postcode(random: Random, area: string): string {
  const letters = 'ABDEFGHJLNPQRSTUWXYZ';
  return `${area}${random.int(1, 40)} ${random.int(1, 9)}${letters[random.int(0, 19)]}${letters[random.int(0, 19)]}`;
}

/** How the period of care will end, drawn at entry as a social worker's plan would be; no later than the 18th birthday. */
function planCare(sim: Simulation, child: SimulatedChild, entry: number, isUasc: boolean): Plan {
  const plan = drawPlan(sim, child, entry, isUasc);
  return plan.leaves < child.adult
    ? plan
    : { leaves: child.adult, reason: sim.random.pick(LEAVING_AT_18), closureReason: 'RC6' };
}

function drawPlan(sim: Simulation, child: SimulatedChild, entry: number, isUasc: boolean): Plan {
  const { random } = sim;
  const age = (entry - child.birth) / YEAR;
  const at18 = { leaves: child.adult, reason: random.pick(LEAVING_AT_18), closureReason: 'RC6' };
  if (isUasc) {
    return random.chance(0.85)
      ? at18
      : { leaves: entry + random.int(60, 500), reason: 'E8', closureReason: 'RC7' };
  }
  if (age < 5 && random.chance(CARE_RATES.adoptionUnder5)) {
    const decision = entry + random.int(110, 290);
    const placementOrder = decision + random.int(40, 140);
    if (random.chance(CARE_RATES.adoptionReversed)) {
      const reversed = placementOrder + random.int(60, 300);
      return {
        leaves: reversed + random.int(200, 1500),
        reason: random.pick(SPECIAL_GUARDIANSHIP),
        closureReason: 'RC4',
        adoption: {
          decision,
          placementOrder,
          match: null,
          placed: null,
          adoptionOrder: null,
          reversed,
          fosterCarer: false,
        },
      };
    }
    const match = placementOrder + random.int(50, 270);
    const placed = match + random.int(14, 45);
    const adoptionOrder = placed + random.int(120, 420);
    return {
      leaves: adoptionOrder,
      reason: 'E11',
      closureReason: 'RC1',
      adoption: {
        decision,
        placementOrder,
        match,
        placed,
        adoptionOrder,
        reversed: null,
        fosterCarer: random.chance(CARE_RATES.fosterCarerAdoption),
      },
    };
  }
  const draw = random.next();
  if (draw < 0.34) return { leaves: entry + random.int(7, 420), reason: 'E4A', closureReason: 'RC7' };
  if (draw < 0.48)
    return {
      leaves: entry + random.int(300, 1100),
      reason: random.pick(SPECIAL_GUARDIANSHIP),
      closureReason: 'RC4',
    };
  if (draw < 0.54)
    return {
      leaves: entry + random.int(250, 900),
      reason: random.pick(ARRANGEMENTS_ORDER),
      closureReason: 'RC3',
    };
  if (age >= 9) return at18;
  return {
    leaves: entry + random.int(900, 3600),
    reason: random.pick(SPECIAL_GUARDIANSHIP),
    closureReason: 'RC4',
  };
}

function legalChanges(random: Random, entry: number, first: string, leaves: number): Change[] {
  const changes: Change[] = [];
  let status = first;
  let day = entry;
  if (status === 'L1' || status === 'L2') {
    day += random.int(1, 8);
    status = 'C2';
    changes.push({ day, legalStatus: status });
  }
  if (status === 'V2' && random.chance(0.15)) {
    day += random.int(20, 200);
    status = 'C2';
    changes.push({ day, legalStatus: status });
  }
  if (status === 'C2' && leaves - day > 200 && random.chance(0.45)) {
    changes.push({ day: day + random.int(120, 330), legalStatus: 'C1' });
  }
  return changes;
}

/** Placed under the placement order: with new adopters (A4), or staying with the foster carers who adopt (A6). */
function adoptionChanges(path: AdoptionPath): Change[] {
  const changes: Change[] = [{ day: path.placementOrder, legalStatus: 'E1' }];
  if (path.placed !== null)
    changes.push({ day: path.placed, placement: path.fosterCarer ? 'A6' : 'A4', placeChangeReason: 'PLACE' });
  return changes;
}

function placementMoves(sim: Simulation, child: SimulatedChild, entry: number, until: number): Change[] {
  const { random } = sim;
  const rate = random.chance(CARE_RATES.unstablePlacements)
    ? CARE_RATES.unstableMovesPerYear
    : CARE_RATES.stableMovesPerYear;
  const moves: Change[] = [];
  for (let day = entry + Math.ceil(random.exponential(rate) * 365); day < until;) {
    moves.push({
      day,
      placement: placementFor(random, (day - child.birth) / YEAR),
      placeChangeReason: random.pick(PLACEMENT_CHANGE_REASONS),
    });
    day += Math.max(1, Math.ceil(random.exponential(rate) * 365));
  }
  return moves;
}

/** Simulates a period of care from `entry`, writing its records; returns how and when it ended. */
export function careJourney(
  sim: Simulation,
  child: SimulatedChild,
  entry: number,
  isUasc: boolean,
): CareOutcome {
  const { random, la, records } = sim;
  const childId = child.record.childId;
  const age = (entry - child.birth) / YEAR;
  const plan = planCare(sim, child, entry, isUasc);
  const leaves = plan.leaves;
  const firstLegal = isUasc ? 'V2' : random.pick(ENTRY_LEGAL_STATUSES);
  const settledUntil = plan.adoption?.placed ?? leaves;
  const changes = [
    ...legalChanges(random, entry, firstLegal, leaves),
    ...(plan.adoption ? adoptionChanges(plan.adoption) : []),
    ...placementMoves(sim, child, entry, settledUntil),
  ]
    .filter((c) => c.day > entry && c.day < leaves && c.day <= sim.end)
    .sort((a, b) => a.day - b.day);

  const categoryOfNeed = isUasc ? 'N8' : random.pick(CARE_CATEGORIES_OF_NEED);
  const homePostcode = postcode(random, sim.postcodeArea);
  const placed = (placement: string) => {
    const isDefect = random.chance(CARE_RATES.placementDefect);
    return {
      placement: isDefect ? 'ZZ' : placement,
      isDefect,
      provider: providerFor(random, placement),
      postcode:
        placement === 'P1' ? homePostcode : postcode(random, random.chance(0.7) ? sim.postcodeArea : 'ZZ'),
      urn: needsUrn(placement) ? `SC${random.int(100000, 999999)}` : 'XXXXXXX',
    };
  };
  let legalStatus: string = firstLegal;
  let current = placed(placementFor(random, age));
  const open = (startDay: number, reasonNewEpisode: string): Episode => {
    const startDate = isoOf(startDay);
    return {
      la,
      childId,
      key: keys.episode(la, childId, startDate),
      problems: current.isDefect ? ['placement'] : [],
      startDate,
      reasonNewEpisode,
      legalStatus,
      categoryOfNeed,
      placement: current.placement,
      placementProvider: current.provider,
      endDate: null,
      reasonEnded: null,
      reasonPlaceChange: null,
      homePostcode,
      placementPostcode: current.postcode,
      urn: current.urn,
    };
  };
  let episode = open(entry, 'S');
  for (let i = 0; i < changes.length;) {
    const day = changes[i]!.day;
    let legal: string | undefined;
    let move: Change | undefined;
    for (; i < changes.length && changes[i]!.day === day; i++) {
      if (changes[i]!.legalStatus) legal = changes[i]!.legalStatus;
      if (changes[i]!.placement) move = changes[i];
    }
    const isLegalChange = legal !== undefined && legal !== legalStatus;
    if (!isLegalChange && !move) continue;
    episode.endDate = isoOf(day);
    episode.reasonEnded = 'X1';
    episode.reasonPlaceChange = move?.placeChangeReason ?? null;
    records.episodes.push(episode);
    if (isLegalChange) legalStatus = legal!;
    if (move) current = placed(move.placement!);
    episode = open(day, isLegalChange && move ? 'T' : move ? 'P' : 'L');
  }
  const leftOn = leaves <= sim.end ? leaves : null;
  if (leftOn !== null) {
    episode.endDate = isoOf(leftOn);
    episode.reasonEnded = plan.reason;
  }
  records.episodes.push(episode);

  reviews(sim, child, entry, Math.min(leaves, sim.end));
  if (age >= 11 && random.chance(CARE_RATES.goesMissing))
    missingEpisodes(sim, childId, entry, Math.min(leaves, sim.end));
  if (plan.adoption) adoption(sim, childId, plan.adoption);
  if (leftOn !== null && plan.reason !== 'E11') careLeaver(sim, child, entry, leftOn);
  return { leftOn, closureReason: plan.closureReason };
}

function reviews(sim: Simulation, child: SimulatedChild, entry: number, until: number): void {
  const { random, la, records } = sim;
  const childId = child.record.childId;
  const onTime = () => random.chance(CARE_RATES.reviewOnTime);
  const intervals = [
    (from: number) => sim.addWorkingDays(from, onTime() ? random.int(8, 20) : random.int(21, 35)),
    (from: number) => from + (onTime() ? random.int(60, 91) : random.int(92, 130)),
  ];
  const later = (from: number) => from + (onTime() ? random.int(120, 182) : random.int(183, 240));
  for (let n = 0, day = intervals[0]!(entry); day <= until; n++) {
    const reviewDate = isoOf(day);
    const isUnder4 = day < dayOf(addYears(isoOf(child.birth), 4));
    records.careReviews.push({
      la,
      childId,
      key: keys.careReview(la, childId, reviewDate),
      problems: [],
      reviewDate,
      participation: isUnder4 ? 'PN0' : random.pick(REVIEW_PARTICIPATION),
    });
    day = (intervals[n + 1] ?? later)(day);
  }
}

function missingEpisodes(sim: Simulation, childId: string, from: number, until: number): void {
  const { random, la, records } = sim;
  const count = 1 + Math.floor(random.exponential(0.45));
  const starts = new Set<number>();
  for (let n = 0; n < count; n++) starts.add(random.int(from, until));
  for (const day of [...starts].sort((a, b) => a - b)) {
    const startDate = isoOf(day);
    records.missingEpisodes.push({
      la,
      childId,
      key: keys.missingEpisode(la, childId, startDate),
      problems: [],
      kind: random.chance(0.85) ? 'M' : 'A',
      startDate,
      endDate: knownBy(sim, day + random.int(0, 4)),
    });
  }
}

function adoption(sim: Simulation, childId: string, path: AdoptionPath): void {
  const { random, la, records } = sim;
  if (path.decision > sim.end) return;
  const decisionDate = isoOf(path.decision);
  const isMatched = path.match !== null && path.match <= sim.end;
  const adoptersSex = isMatched ? random.pick(ADOPTERS_SEX) : null;
  records.adoptions.push({
    la,
    childId,
    key: keys.adoption(la, childId, decisionDate),
    problems: [],
    decisionDate,
    matchDate: isMatched ? isoOf(path.match!) : null,
    decisionReversedDate: path.reversed === null ? null : knownBy(sim, path.reversed),
    decisionReversedReason:
      path.reversed !== null && path.reversed <= sim.end ? random.pick(REVERSAL_REASONS) : null,
    fosterCarerAdoption: isMatched ? path.fosterCarer : null,
    numberOfAdopters:
      adoptersSex === null ? null : adoptersSex.length === 2 && adoptersSex[1] !== '1' ? 2 : 1,
    adoptersSex,
    adoptersLegalStatus: isMatched ? random.pick(ADOPTERS_LEGAL_STATUS) : null,
    placementOrderDate: knownBy(sim, path.placementOrder),
    placedDate: path.placed === null ? null : knownBy(sim, path.placed),
    adoptionOrderDate: path.adoptionOrder === null ? null : knownBy(sim, path.adoptionOrder),
  });
}

/** Relevant and former relevant children: looked after 13 weeks since 14 and leaving at 16 or later. */
function careLeaver(sim: Simulation, child: SimulatedChild, entry: number, leftOn: number): void {
  const { random, la, records } = sim;
  const birthIso = isoOf(child.birth);
  const fourteenth = dayOf(addYears(birthIso, 14));
  const sixteenth = dayOf(addYears(birthIso, 16));
  if (leftOn < sixteenth || leftOn - Math.max(entry, fourteenth) < 91) return;
  for (let age = 17; age <= 21; age++) {
    const birthday = dayOf(addYears(birthIso, age));
    if (birthday <= leftOn || birthday < sim.start || age <= child.lastCareLeaverAge) continue;
    if (birthday > sim.end) return;
    const yearEnding = yearEndingOf(isoOf(birthday));
    const inTouch = random.chance(CARE_RATES.careLeaverInTouch) ? 'YES' : random.pick(IN_TOUCH_OTHERWISE);
    const isInTouch = inTouch === 'YES';
    records.careLeavers.push({
      la,
      childId: child.record.childId,
      key: keys.careLeaver(la, child.record.childId, yearEnding),
      problems: [],
      ageAtBirthday: age,
      inTouch,
      // The OC3 guide's "0": nothing known of a young person the authority is not in touch with.
      activity: isInTouch
        ? random.pick(random.chance(CARE_RATES.careLeaverEet) ? EET_ACTIVITIES : NEET_ACTIVITIES)
        : '0',
      accommodation: isInTouch
        ? random.pick(
            random.chance(CARE_RATES.careLeaverSuitable) ? SUITABLE_ACCOMMODATION : UNSUITABLE_ACCOMMODATION,
          )
        : '0',
      yearEnding,
    });
    child.lastCareLeaverAge = age;
    if (inTouch === 'DIED') return;
  }
}
