/**
 * A deterministic synthetic authority: children's journeys through contacts,
 * referrals, assessments, section 47 enquiries, protection plans and care,
 * simulated day by day from a seed, as the child-level model's records.
 * Pure: the same options always give the same records, on any machine.
 */
import { emptyRecords, keys, type ChildRecords, type IsoDate, type Section47 } from '../measures/model.ts';
import { careJourney } from './care-journey.ts';
import {
  ABUSE_CATEGORIES,
  ASSESSMENT_FACTORS,
  ETHNICITIES,
  PRIMARY_NEEDS,
  REFERRAL_SOURCES,
  SEXES,
  SEXES_AT_CONTACT,
  UASC_ETHNICITIES,
} from './codes.ts';
import { addYears, dayOf, isoDateTimeOf, isoOf } from './days.ts';
import { seededRandom, weighted, type Random } from './random.ts';
import { knownBy, workingDayStepper, type SimulatedChild, type Simulation } from './simulation.ts';

export interface AuthorityOptions {
  la: string;
  name: string;
  /** Children aged 0–17. */
  childPopulation: number;
  /** The last day of the first reported year (a 31 March). */
  firstYearEnding: IsoDate;
  years: number;
  seed: number;
  /**
   * The authority's own team names: its localities and its disabled
   * children's team. By default 3 to 5 of North, South, East, West and
   * Central, and "Disabled Children".
   */
  teams?: { localities: readonly string[]; disabledChildren: string };
}

/** Years simulated before the first reported one, so that re-referrals, second plans, long stays and care leavers exist from its first day. */
export const WARM_UP_YEARS = 7;

/** Rates per 10,000 children a year, and shares, calibrated so that the headline measures land near England's (docs/synthetic-data.md). */
export const RATES = {
  newChildrenPer10k: 278,
  uascEntriesPer10k: 2.4,
  contactsWithoutReferralPer10k: 800,
  contactDecidedLate: 0.08,
  referralNfa: 0.06,
  assessed: 0.95,
  assessmentOnTime: 0.83,
  childSeen: 0.95,
  section47: 0.23,
  section47AfterPlan: 0.55,
  icpc: 0.4,
  icpcAfterPlan: 0.6,
  icpcOnTime: 0.78,
  icpcPlan: 0.9,
  plan2YearsPlus: 0.05,
  careFromPlan: 0.17,
  careFromSection47: 0.07,
  careFromAssessment: 0.026,
  reReferred: 0.55,
  reReferredAfterPlan: 0.85,
  reReferredSoon: 0.65,
  allocatedLate: 0.04,
  visitOverdue: 0.06,
  assessmentDefect: 0.002,
  icpcDefect: 0.002,
};

const LOCALITIES = ['North', 'South', 'East', 'West', 'Central'];
const DISABLED_CHILDREN_TEAM = 'Disabled Children';
const YEAR = 365.25;

/** Age at a child's first referral, in years: from birth to 17, the babies' and teenagers' peaks. */
const FIRST_REFERRAL_AGE = weighted([
  [[0, 1], 14],
  [[1, 5], 20],
  [[5, 10], 26],
  [[10, 16], 32],
  [[16, 17.9], 8],
] as const);

export function generateAuthority(options: AuthorityOptions): ChildRecords {
  const random = seededRandom(options.seed);
  const reportStart = dayOf(addYears(options.firstYearEnding, -1)) + 1;
  const end = dayOf(addYears(options.firstYearEnding, options.years - 1));
  const start = dayOf(addYears(isoOf(reportStart), -WARM_UP_YEARS));
  // Drawn whether or not the teams are given, so that naming them changes nothing else.
  const defaultLocalities = LOCALITIES.slice(0, random.int(3, 5));
  const localities = options.teams?.localities ?? defaultLocalities;
  const sim: Simulation = {
    la: options.la,
    random,
    records: emptyRecords(),
    start,
    reportStart,
    end,
    detailFrom: reportStart - 366,
    endIso: isoOf(end),
    teams: [...localities, options.teams?.disabledChildren ?? DISABLED_CHILDREN_TEAM],
    postcodeArea: postcodeAreaOf(options.name),
    addWorkingDays: workingDayStepper(start - 400, end + 800),
  };
  const perDay = (per10k: number) => (options.childPopulation * per10k) / 10_000 / 365;
  const days = end - start + 1;
  arrivals(random, start, days, perDay(RATES.newChildrenPer10k), (day) => {
    const [from, to] = random.pick(FIRST_REFERRAL_AGE);
    const child = newChild(sim, day - Math.floor((from + random.next() * (to - from)) * YEAR), 'referred');
    needJourney(sim, child, day);
  });
  arrivals(random, start, days, perDay(RATES.uascEntriesPer10k), (day) => {
    const child = newChild(sim, day - Math.floor((14.5 + random.next() * 3) * YEAR), 'uasc');
    needJourney(sim, child, day);
  });
  const detailDays = end - sim.detailFrom + 1;
  arrivals(random, sim.detailFrom, detailDays, perDay(RATES.contactsWithoutReferralPer10k), (day) => {
    const child = newChild(sim, day - random.int(0, 6500), 'contact');
    contact(sim, child, { receivedMinute: day * 1440 + workingMinute(random) });
  });
  return sim.records;
}

/** Calls `arrive` on the days a Poisson process of `perDay` events lands on, in order. */
function arrivals(
  random: Random,
  first: number,
  days: number,
  perDay: number,
  arrive: (day: number) => void,
) {
  if (perDay <= 0) return;
  for (let t = random.exponential(perDay); t < days; t += random.exponential(perDay))
    arrive(first + Math.floor(t));
}

function postcodeAreaOf(name: string): string {
  const letters = name.toUpperCase().replace(/[^A-Z]/g, '');
  return letters.length >= 2 ? letters.slice(0, 2) : 'ZZ';
}

const workingMinute = (random: Random) =>
  random.chance(0.85) ? random.int(8 * 60, 18 * 60 - 1) : random.int(0, 24 * 60 - 1);

/** A unique pupil number with its check letter (DfE's modulus 23 rule). */
function upnOf(random: Random, la: string): string {
  const digits = `${la}${random.int(1000, 7999)}${String(random.int(0, 99)).padStart(2, '0')}${String(random.int(0, 999)).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * (i + 2);
  return `${'ABCDEFGHJKLMNPQRTUVWXYZ'[sum % 23]}${digits}`;
}

/** A new child: referred, arriving unaccompanied to be looked after, or known only from a contact. */
function newChild(sim: Simulation, birth: number, arrival: 'referred' | 'uasc' | 'contact'): SimulatedChild {
  const { random, la, records } = sim;
  const isUasc = arrival === 'uasc';
  const childId = `${random.int(1, 9)}${String(records.children.length + 1).padStart(7, '0')}`;
  const birthDate = isoOf(birth);
  const adult = dayOf(addYears(birthDate, 18));
  const hasDisability = !isUasc && random.chance(0.08);
  const isOfSchoolAge = dayOf(addYears(birthDate, 5)) <= sim.end;
  const record = {
    la,
    childId,
    key: keys.child(la, childId),
    problems: [],
    birthDate,
    sex: isUasc
      ? random.chance(0.92)
        ? 'M'
        : 'F'
      : random.pick(arrival === 'contact' ? SEXES_AT_CONTACT : SEXES),
    ethnicity: random.pick(isUasc ? UASC_ETHNICITIES : ETHNICITIES),
    upn: isOfSchoolAge && !isUasc && random.chance(0.93) ? upnOf(random, la) : null,
    hasDisability,
    uascCeasedDate: isUasc ? isoOf(adult) : null,
    wasUasc: isUasc,
    team:
      hasDisability && random.chance(0.6)
        ? sim.teams[sim.teams.length - 1]!
        : sim.teams[random.int(0, sim.teams.length - 2)]!,
  } as const;
  records.children.push({ ...record });
  return { record: records.children[records.children.length - 1]!, birth, adult, lastCareLeaverAge: 0 };
}

/**
 * A contact, decided within hours or, for a few, days: either received at a
 * known minute (and leading nowhere), or decided into a referral on a day.
 */
function contact(
  sim: Simulation,
  child: SimulatedChild,
  timing: { receivedMinute: number } | { referralDay: number },
): void {
  const { random, la, records } = sim;
  const delay = random.chance(RATES.contactDecidedLate)
    ? random.int(48 * 60 + 1, 120 * 60)
    : random.int(10, 47 * 60);
  const decided =
    'referralDay' in timing
      ? timing.referralDay * 1440 + random.int(9 * 60, 17 * 60)
      : timing.receivedMinute + delay;
  const received = decided - delay;
  const receivedAt = isoDateTimeOf(received);
  const contactDate = receivedAt.slice(0, 10);
  records.contacts.push({
    la,
    childId: child.record.childId,
    key: keys.contact(la, child.record.childId, contactDate, receivedAt),
    problems: [],
    contactDate,
    receivedAt,
    decidedAt: decided < (sim.end + 1) * 1440 ? isoDateTimeOf(decided) : null,
    source: random.pick(REFERRAL_SOURCES),
  });
}

/** A child's episodes of need from a first referral: each may bring the child back, until 18 or the end. */
function needJourney(sim: Simulation, child: SimulatedChild, firstReferral: number): void {
  const { random } = sim;
  let day = firstReferral;
  let plans = 0;
  while (day <= sim.end && day < child.adult) {
    const episode = referral(sim, child, day, plans);
    plans += episode.plans;
    const returns = random.chance(plans > 0 ? RATES.reReferredAfterPlan : RATES.reReferred);
    if (episode.closure === null || !returns) return;
    day =
      episode.closure + (random.chance(RATES.reReferredSoon) ? random.int(7, 240) : random.int(300, 2400));
  }
}

interface NeedEpisode {
  closure: number | null;
  plans: number;
}

function referral(sim: Simulation, child: SimulatedChild, day: number, previousPlans: number): NeedEpisode {
  const { random, la, records } = sim;
  const childId = child.record.childId;
  const referralDate = isoOf(day);
  contact(sim, child, { referralDay: day });
  const isNfa = !child.record.wasUasc && random.chance(RATES.referralNfa);
  const isAssessed = child.record.wasUasc || (!isNfa && random.chance(RATES.assessed));
  let closure = day + random.int(0, 40);
  let closureReason = 'RC7';
  let plans = 0;
  let careFrom: number | null = null;

  if (isNfa) closure = day + random.int(0, 3);
  if (isAssessed) {
    const completed = assessment(sim, childId, day);
    closure = Math.max(closure, completed);
    const draw = random.next();
    if (draw < 0.42) {
      closure = completed + random.int(0, 10);
      closureReason = random.chance(0.6) ? 'RC8' : 'RC9';
    } else if (draw < 0.97) closure = completed + random.int(60, 365);
    else closure = completed + random.int(730, 2900);
  }
  const s47Chance = previousPlans > 0 ? RATES.section47AfterPlan : RATES.section47;
  const enquiry =
    isAssessed && !child.record.wasUasc && random.chance(s47Chance)
      ? section47(sim, childId, day, previousPlans > 0)
      : null;
  if (enquiry?.resultsInPlan && enquiry.icpc < child.adult) {
    const plan = protectionPlan(sim, child, day, enquiry.icpc, previousPlans);
    plans = 1;
    closure = Math.max(closure, plan.end + random.int(14, 180));
    if (random.chance(RATES.careFromPlan)) careFrom = Math.min(plan.end, enquiry.icpc + random.int(7, 240));
    plan.endOn(careFrom);
  } else if (enquiry && random.chance(RATES.careFromSection47)) careFrom = day + random.int(3, 90);
  else if (child.record.wasUasc) careFrom = day + random.int(0, 3);
  else if (isAssessed && random.chance(RATES.careFromAssessment)) careFrom = day + random.int(3, 120);

  if (careFrom !== null && careFrom <= sim.end && careFrom < child.adult - 30) {
    const care = careJourney(sim, child, careFrom, child.record.wasUasc);
    closure = care.leftOn === null ? Infinity : Math.max(closure, care.leftOn + random.int(0, 60));
    closureReason = care.closureReason;
  }
  if (closure >= child.adult) {
    closure = child.adult;
    closureReason = 'RC6';
  }
  const isOpen = closure > sim.end;
  records.referrals.push({
    la,
    childId,
    key: keys.referral(la, childId, referralDate),
    problems: [],
    referralDate,
    source: random.pick(REFERRAL_SOURCES),
    primaryNeed: random.pick(PRIMARY_NEEDS),
    closureDate: isOpen ? null : isoOf(closure),
    closureReason: isOpen ? null : closureReason,
    noFurtherAction: isNfa,
  });
  if (!isNfa) allocation(sim, child, day);
  return { closure: isOpen ? null : closure, plans };
}

/** Writes the assessment of the referral made on `day`; returns the day it was (or will be) completed. */
function assessment(sim: Simulation, childId: string, day: number): number {
  const { random, la, records } = sim;
  const startDay = sim.addWorkingDays(day, random.chance(0.7) ? 0 : random.int(1, 3));
  const workingDays = random.chance(RATES.assessmentOnTime) ? random.int(5, 45) : random.int(46, 110);
  const completed = Math.max(startDay + 1, sim.addWorkingDays(day, workingDays));
  if (startDay > sim.end) return completed;
  const isDefect = random.chance(RATES.assessmentDefect);
  const startDate = isoOf(startDay);
  const factors = new Set<string>();
  for (let n = random.int(1, 4); n > 0; n--) factors.add(random.pick(ASSESSMENT_FACTORS));
  records.assessments.push({
    la,
    childId,
    key: keys.assessment(la, childId, startDate),
    problems: isDefect ? ['completedDate'] : [],
    referralDate: isoOf(day),
    startDate,
    completedDate: isDefect ? isoOf(startDay - random.int(1, 20)) : knownBy(sim, completed),
    childSeen: random.chance(RATES.childSeen),
    factors: [...factors],
  });
  return completed;
}

interface Enquiry {
  icpc: number;
  resultsInPlan: boolean;
}

function section47(sim: Simulation, childId: string, day: number, hadPlan: boolean): Enquiry | null {
  const { random, la, records } = sim;
  const strategy = sim.addWorkingDays(day, random.int(0, 8));
  if (strategy > sim.end) return null;
  const hasIcpc = random.chance(hadPlan ? RATES.icpcAfterPlan : RATES.icpc);
  const icpc = sim.addWorkingDays(
    strategy,
    random.chance(RATES.icpcOnTime) ? random.int(3, 15) : random.int(16, 35),
  );
  const isHeld = hasIcpc && icpc <= sim.end;
  const resultsInPlan = hasIcpc && random.chance(RATES.icpcPlan);
  const isDefect = isHeld && random.chance(RATES.icpcDefect);
  const strategyDate = isoOf(strategy);
  const record: Section47 = {
    la,
    childId,
    key: keys.section47(la, childId, strategyDate),
    problems: isDefect ? ['icpcDate'] : [],
    referralDate: isoOf(day),
    strategyDate,
    icpcTargetDate: isoOf(sim.addWorkingDays(strategy, 15)),
    icpcDate: isDefect ? isoOf(strategy - random.int(1, 10)) : isHeld ? isoOf(icpc) : null,
    icpcNotRequired: !hasIcpc,
    icpcResultedInPlan: isHeld ? resultsInPlan : null,
  };
  records.section47s.push(record);
  return { icpc, resultsInPlan: isHeld && resultsInPlan };
}

function planLength(random: Random): number {
  const draw = random.next();
  if (draw < RATES.plan2YearsPlus) return random.int(731, 1100);
  if (draw < 0.25) return random.int(80, 180);
  if (draw < 0.8) return random.int(181, 450);
  return random.int(451, 730);
}

/** A protection plan from the conference; `endOn` brings its end forward when the child comes into care. */
function protectionPlan(
  sim: Simulation,
  child: SimulatedChild,
  referralDay: number,
  start: number,
  previousPlans: number,
) {
  const { random, la, records } = sim;
  const childId = child.record.childId;
  const startDate = isoOf(start);
  const plannedEnd = Math.min(start + planLength(random), child.adult);
  const record = {
    la,
    childId,
    key: keys.protectionPlan(la, childId, startDate),
    problems: [] as string[],
    referralDate: isoOf(referralDay),
    startDate,
    endDate: knownBy(sim, plannedEnd),
    initialCategory: random.pick(ABUSE_CATEGORIES),
    latestCategory: null as string | null,
    previousPlans,
    reviewDates: [] as string[],
  };
  record.latestCategory = random.chance(0.9) ? record.initialCategory : random.pick(ABUSE_CATEGORIES);
  records.protectionPlans.push(record);
  return {
    end: plannedEnd,
    endOn(day: number | null) {
      const end = day !== null && day < plannedEnd ? day : plannedEnd;
      record.endDate = knownBy(sim, end);
      for (
        let review = start + random.int(50, 91);
        review < end && review <= sim.end;
        review += random.int(150, 182)
      )
        record.reviewDates.push(isoOf(review));
      visits(sim, childId, start, Math.min(end, sim.end + 1));
    },
  };
}

function visits(sim: Simulation, childId: string, planStart: number, until: number): void {
  const { random, la, records } = sim;
  const planStartDate = isoOf(planStart);
  for (let day = sim.addWorkingDays(planStart, random.int(1, 5)); day < until;) {
    if (day >= sim.detailFrom) {
      const visitDate = isoOf(day);
      records.protectionVisits.push({
        la,
        childId,
        key: keys.protectionVisit(la, childId, visitDate),
        problems: [],
        planStartDate,
        visitDate,
        seenAlone: random.chance(0.75),
      });
    }
    const draw = random.next();
    const gap =
      draw < RATES.visitOverdue ? random.int(16, 30) : draw < 0.2 ? random.int(11, 15) : random.int(5, 10);
    day = sim.addWorkingDays(day, gap);
  }
}

function allocation(sim: Simulation, child: SimulatedChild, day: number): void {
  const { random, la, records } = sim;
  const childId = child.record.childId;
  const allocated = day + (random.chance(RATES.allocatedLate) ? random.int(8, 40) : random.int(0, 5));
  const team = child.record.team;
  records.allocations.push({
    la,
    childId,
    key: keys.allocation(la, childId, isoOf(day), sim.endIso),
    problems: [],
    referralDate: isoOf(day),
    allocatedDate: knownBy(sim, allocated),
    team,
    worker: allocated <= sim.end ? `${team} SW${String(random.int(1, 40)).padStart(2, '0')}` : null,
    asAt: sim.endIso,
  });
}
