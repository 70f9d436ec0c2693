/**
 * Record factories for tests, one for each kind of record the model has:
 * each takes the child and the dates that make the record's key and fills
 * the rest with neutral values, so a test states only what its case is
 * about. Records are authority 330's unless the fields name another `la`;
 * the key is made from the fields given, so it always matches the record.
 */
import {
  keys,
  type Adoption,
  type Allocation,
  type Assessment,
  type CareLeaver,
  type CareReview,
  type Child,
  type Contact,
  type Episode,
  type IsoDate,
  type MissingEpisode,
  type ProtectionPlan,
  type ProtectionVisit,
  type Referral,
  type Section47,
} from './model.ts';

const LA = '330';

type Keyed = Pick<Child, 'la' | 'childId' | 'key' | 'problems'>;

function keyed(childId: string, fields: Partial<Keyed>, key: (la: string) => string): Keyed {
  const la = fields.la ?? LA;
  return { la, childId, key: key(la), problems: [] };
}

export function child(childId: string, fields: Partial<Child> = {}): Child {
  return {
    ...keyed(childId, fields, (la) => keys.child(la, childId)),
    birthDate: '2015-06-01',
    sex: 'F',
    ethnicity: 'WBRI',
    upn: null,
    hasDisability: false,
    uascCeasedDate: null,
    wasUasc: false,
    team: null,
    ...fields,
  };
}

export function contact(childId: string, contactDate: IsoDate, fields: Partial<Contact> = {}): Contact {
  const receivedAt = fields.receivedAt ?? null;
  return {
    ...keyed(childId, fields, (la) => keys.contact(la, childId, contactDate, receivedAt)),
    contactDate,
    receivedAt,
    decidedAt: null,
    source: null,
    ...fields,
  };
}

export function referral(childId: string, referralDate: IsoDate, fields: Partial<Referral> = {}): Referral {
  return {
    ...keyed(childId, fields, (la) => keys.referral(la, childId, referralDate)),
    referralDate,
    source: null,
    primaryNeed: null,
    closureDate: null,
    closureReason: null,
    noFurtherAction: null,
    ...fields,
  };
}

export function assessment(
  childId: string,
  startDate: IsoDate,
  completedDate: IsoDate | null,
  fields: Partial<Assessment> = {},
): Assessment {
  return {
    ...keyed(childId, fields, (la) => keys.assessment(la, childId, startDate)),
    referralDate: null,
    startDate,
    completedDate,
    childSeen: true,
    factors: [],
    ...fields,
  };
}

export function section47(
  childId: string,
  strategyDate: IsoDate,
  fields: Partial<Section47> = {},
): Section47 {
  return {
    ...keyed(childId, fields, (la) => keys.section47(la, childId, strategyDate)),
    referralDate: null,
    strategyDate,
    icpcTargetDate: null,
    icpcDate: null,
    icpcNotRequired: null,
    icpcResultedInPlan: null,
    ...fields,
  };
}

export function plan(
  childId: string,
  startDate: IsoDate,
  endDate: IsoDate | null,
  fields: Partial<ProtectionPlan> = {},
): ProtectionPlan {
  return {
    ...keyed(childId, fields, (la) => keys.protectionPlan(la, childId, startDate)),
    referralDate: null,
    startDate,
    endDate,
    initialCategory: null,
    latestCategory: null,
    previousPlans: null,
    reviewDates: [],
    ...fields,
  };
}

export function visit(
  childId: string,
  planStartDate: IsoDate,
  visitDate: IsoDate,
  fields: Partial<ProtectionVisit> = {},
): ProtectionVisit {
  return {
    ...keyed(childId, fields, (la) => keys.protectionVisit(la, childId, visitDate)),
    planStartDate,
    visitDate,
    seenAlone: null,
    ...fields,
  };
}

export function allocation(childId: string, asAt: IsoDate, fields: Partial<Allocation> = {}): Allocation {
  const referralDate = fields.referralDate ?? null;
  return {
    ...keyed(childId, fields, (la) => keys.allocation(la, childId, referralDate, asAt)),
    referralDate,
    allocatedDate: null,
    team: null,
    worker: null,
    asAt,
    ...fields,
  };
}

/** An episode in a foster placement under a full care order unless told otherwise. */
export function episode(childId: string, startDate: IsoDate, fields: Partial<Episode> = {}): Episode {
  return {
    ...keyed(childId, fields, (la) => keys.episode(la, childId, startDate)),
    startDate,
    reasonNewEpisode: 'S',
    legalStatus: 'C2',
    categoryOfNeed: 'N1',
    placement: 'U1',
    placementProvider: 'PR1',
    endDate: null,
    reasonEnded: null,
    reasonPlaceChange: null,
    homePostcode: null,
    placementPostcode: null,
    urn: null,
    ...fields,
  };
}

/**
 * A child's consecutive episodes: each one ends (X1) the day the next
 * starts; the last ends as given in its own fields.
 */
export function episodes(childId: string, ...steps: readonly [IsoDate, Partial<Episode>][]): Episode[] {
  return steps.map(([start, fields], i) => {
    const next = steps[i + 1];
    const reasonNewEpisode = i === 0 ? 'S' : 'P';
    return next
      ? episode(childId, start, { reasonNewEpisode, endDate: next[0], reasonEnded: 'X1', ...fields })
      : episode(childId, start, { reasonNewEpisode, ...fields });
  });
}

export function review(childId: string, reviewDate: IsoDate, fields: Partial<CareReview> = {}): CareReview {
  return {
    ...keyed(childId, fields, (la) => keys.careReview(la, childId, reviewDate)),
    reviewDate,
    participation: 'PN1',
    ...fields,
  };
}

export function adoption(childId: string, fields: Partial<Adoption> = {}): Adoption {
  const decisionDate = fields.decisionDate ?? null;
  return {
    ...keyed(childId, fields, (la) => keys.adoption(la, childId, decisionDate)),
    decisionDate,
    matchDate: null,
    decisionReversedDate: null,
    decisionReversedReason: null,
    fosterCarerAdoption: false,
    numberOfAdopters: 2,
    adoptersSex: 'MF',
    adoptersLegalStatus: 'L0',
    placementOrderDate: null,
    placedDate: null,
    adoptionOrderDate: null,
    ...fields,
  };
}

export function careLeaver(
  childId: string,
  yearEnding: IsoDate,
  fields: Partial<CareLeaver> = {},
): CareLeaver {
  return {
    ...keyed(childId, fields, (la) => keys.careLeaver(la, childId, yearEnding)),
    ageAtBirthday: null,
    inTouch: 'YES',
    activity: 'F2',
    accommodation: 'U1',
    yearEnding,
    ...fields,
  };
}

export function missing(
  childId: string,
  startDate: IsoDate,
  fields: Partial<MissingEpisode> = {},
): MissingEpisode {
  return {
    ...keyed(childId, fields, (la) => keys.missingEpisode(la, childId, startDate)),
    kind: 'M',
    startDate,
    endDate: null,
    ...fields,
  };
}
