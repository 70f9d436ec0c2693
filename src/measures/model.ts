/**
 * The child-level model: one shape for the records behind the statutory
 * measures, whichever return they came from (Children in Need census,
 * SSDA903, Ofsted Annex A). Importers map their source onto these records;
 * measures read only these. docs/child-level-model.md describes every field
 * and where each source puts it.
 *
 * Conventions:
 * - Dates are ISO strings (YYYY-MM-DD); a date-time is YYYY-MM-DDTHH:MM
 *   (local time, no zone). A missing or unreadable value is null.
 * - Every record names its authority (`la`, the DfE three-digit code) and
 *   the child (`childId`, the authority's own identifier: LAchildID in the
 *   CIN census, CHILD in the SSDA903, "Child Unique ID" in Annex A).
 * - `key` identifies a record within its kind, so that a later return of the
 *   same record replaces it and a data-quality finding can point at it. It is
 *   built by `keys` below from the record's natural key.
 * - `problems` names the fields of this record that failed a validation
 *   rule; a measure that depends on one of them leaves the record out and
 *   counts it as left out (see `usable`).
 */

export type IsoDate = string;
export type IsoDateTime = string;

/** Sex as the returns code it: 1 / M male, 2 / F female; U not known or not recorded. */
export type Sex = 'M' | 'F' | 'U';

interface Keyed {
  la: string;
  childId: string;
  key: string;
  problems: readonly string[];
}

export interface Child extends Keyed {
  birthDate: IsoDate | null;
  sex: Sex | null;
  /** DfE ethnicity code (WBRI, APKN, …), upper case; null when not recorded. */
  ethnicity: string | null;
  upn: string | null;
  hasDisability: boolean | null;
  /** The date the child ceased to be an unaccompanied asylum-seeking child (SSDA903 UASC DUC); null if never one. */
  uascCeasedDate: IsoDate | null;
  /** Whether the child was recorded as unaccompanied asylum-seeking at any point (Annex A List 8, SSDA903 UASC). */
  wasUasc: boolean;
  /** The team or locality the child's case is held in, as last recorded; the "team" breakdown. */
  team: string | null;
}

/** A contact: information received about a child, before any decision to refer (Annex A List 1). */
export interface Contact extends Keyed {
  contactDate: IsoDate;
  /** When the contact was received, where the source records the time. */
  receivedAt: IsoDateTime | null;
  /** When the decision on the contact (refer, advice, no further action) was made; null while awaiting one. */
  decidedAt: IsoDateTime | null;
  source: string | null;
}

/** A referral to children's social care, opening an episode of need (CIN census CINdetails, Annex A List 3). */
export interface Referral extends Keyed {
  referralDate: IsoDate;
  source: string | null;
  primaryNeed: string | null;
  /** The day the episode of need closed; null while open. */
  closureDate: IsoDate | null;
  closureReason: string | null;
  /** Referral closed with no further action. */
  noFurtherAction: boolean | null;
}

/** A (single or continuous) assessment (CIN census Assessments, Annex A Lists 2 and 4). */
export interface Assessment extends Keyed {
  /** The referral this assessment belongs to, when the source links them. */
  referralDate: IsoDate | null;
  startDate: IsoDate;
  /** The day the assessment was completed (authorised); null while in progress. */
  completedDate: IsoDate | null;
  childSeen: boolean | null;
  /** Assessment factors (CIN census codes, e.g. 1C, 4A). */
  factors: readonly string[];
}

/** A section 47 enquiry, with its initial child protection conference (CIN census Section47, Annex A List 5). */
export interface Section47 extends Keyed {
  referralDate: IsoDate | null;
  /** The strategy discussion that started the enquiry (S47ActualStartDate). */
  strategyDate: IsoDate;
  icpcTargetDate: IsoDate | null;
  icpcDate: IsoDate | null;
  icpcNotRequired: boolean | null;
  /** Whether the conference resulted in a plan (Annex A); null where not recorded. */
  icpcResultedInPlan: boolean | null;
}

/** A child protection plan (CIN census ChildProtectionPlans, Annex A List 7). */
export interface ProtectionPlan extends Keyed {
  referralDate: IsoDate | null;
  startDate: IsoDate;
  endDate: IsoDate | null;
  initialCategory: string | null;
  latestCategory: string | null;
  /** Number of previous plans as the source records it (CIN census NumberOfPreviousCPP). */
  previousPlans: number | null;
  reviewDates: readonly IsoDate[];
}

/** A statutory visit to a child on a plan (Annex A List 7's last visit; local visit extracts). */
export interface ProtectionVisit extends Keyed {
  planStartDate: IsoDate;
  visitDate: IsoDate;
  seenAlone: boolean | null;
}

/** Who holds the child's case: a team and a worker from a date (Annex A allocated team and worker). */
export interface Allocation extends Keyed {
  /** The referral whose case this is, when known. */
  referralDate: IsoDate | null;
  /** The day the case was allocated to a worker; null when the source shows it unallocated. */
  allocatedDate: IsoDate | null;
  team: string | null;
  worker: string | null;
  /** The day the source reported this (the Annex A extract date). */
  asAt: IsoDate;
}

/** An episode of care: a period with one legal status and one placement (SSDA903 Episodes). */
export interface Episode extends Keyed {
  startDate: IsoDate;
  /** Reason for new episode: S started, L legal status change, P placement change, T both, B/U other changes. */
  reasonNewEpisode: string | null;
  legalStatus: string | null;
  categoryOfNeed: string | null;
  placement: string | null;
  placementProvider: string | null;
  endDate: IsoDate | null;
  /** Reason episode ceased (E11 adopted, X1 continuing in care, …). */
  reasonEnded: string | null;
  reasonPlaceChange: string | null;
  homePostcode: string | null;
  placementPostcode: string | null;
  urn: string | null;
}

/** A looked-after child's statutory review (SSDA903 Reviews). */
export interface CareReview extends Keyed {
  reviewDate: IsoDate;
  /** Participation code PN0–PN7. */
  participation: string | null;
}

/** Adoption decisions and match (SSDA903 AD1 and PlacedAdoption). */
export interface Adoption extends Keyed {
  /** The authority's decision that the child should be placed for adoption (PlacedAdoption DATE_PLACED, AD1 DATE_INT). */
  decisionDate: IsoDate | null;
  /** The child matched with the adopters (AD1 DATE_MATCH). */
  matchDate: IsoDate | null;
  /** A decision that the child should no longer be placed for adoption, and why. */
  decisionReversedDate: IsoDate | null;
  decisionReversedReason: string | null;
  fosterCarerAdoption: boolean | null;
  numberOfAdopters: number | null;
  adoptersSex: string | null;
  adoptersLegalStatus: string | null;
  /** Dates Annex A List 10 holds and the SSDA903 derives from episodes. */
  placementOrderDate: IsoDate | null;
  placedDate: IsoDate | null;
  adoptionOrderDate: IsoDate | null;
}

/** A care leaver's position around their birthday (SSDA903 OC3, Annex A List 9). */
export interface CareLeaver extends Keyed {
  /** The birthday (17th to 21st) the information is about; null when the source does not say. */
  ageAtBirthday: number | null;
  inTouch: string | null;
  activity: string | null;
  accommodation: string | null;
  /** The collection year's end the information was returned for. */
  yearEnding: IsoDate;
}

/** Missing from placement or absent (SSDA903 Missing). */
export interface MissingEpisode extends Keyed {
  /** M missing, A away from placement without authorisation. */
  kind: 'M' | 'A' | null;
  startDate: IsoDate;
  endDate: IsoDate | null;
}

export interface ChildRecords {
  children: Child[];
  contacts: Contact[];
  referrals: Referral[];
  assessments: Assessment[];
  section47s: Section47[];
  protectionPlans: ProtectionPlan[];
  protectionVisits: ProtectionVisit[];
  allocations: Allocation[];
  episodes: Episode[];
  careReviews: CareReview[];
  adoptions: Adoption[];
  careLeavers: CareLeaver[];
  missingEpisodes: MissingEpisode[];
}

export type RecordKind = keyof ChildRecords;

export const RECORD_KINDS: readonly RecordKind[] = [
  'children',
  'contacts',
  'referrals',
  'assessments',
  'section47s',
  'protectionPlans',
  'protectionVisits',
  'allocations',
  'episodes',
  'careReviews',
  'adoptions',
  'careLeavers',
  'missingEpisodes',
];

export function emptyRecords(): ChildRecords {
  return {
    children: [],
    contacts: [],
    referrals: [],
    assessments: [],
    section47s: [],
    protectionPlans: [],
    protectionVisits: [],
    allocations: [],
    episodes: [],
    careReviews: [],
    adoptions: [],
    careLeavers: [],
    missingEpisodes: [],
  };
}

const join = (la: string, childId: string, ...parts: readonly (string | null)[]): string =>
  [la, childId, ...parts.map((p) => p ?? '')].join('|');

/**
 * The natural key of each kind of record: what makes two returns' records
 * the same record (the CIN census of 2023-24 and of 2024-25 both carry a
 * referral open across 31 March; Annex A carries it again). Every importer
 * builds keys here, so that the sources agree.
 */
export const keys = {
  child: (la: string, childId: string) => join(la, childId),
  contact: (la: string, childId: string, contactDate: IsoDate, receivedAt: IsoDateTime | null) =>
    join(la, childId, receivedAt ?? contactDate),
  referral: (la: string, childId: string, referralDate: IsoDate) => join(la, childId, referralDate),
  assessment: (la: string, childId: string, startDate: IsoDate) => join(la, childId, startDate),
  section47: (la: string, childId: string, strategyDate: IsoDate) => join(la, childId, strategyDate),
  protectionPlan: (la: string, childId: string, startDate: IsoDate) => join(la, childId, startDate),
  protectionVisit: (la: string, childId: string, visitDate: IsoDate) => join(la, childId, visitDate),
  allocation: (la: string, childId: string, referralDate: IsoDate | null, asAt: IsoDate) =>
    join(la, childId, referralDate, asAt),
  episode: (la: string, childId: string, startDate: IsoDate) => join(la, childId, startDate),
  careReview: (la: string, childId: string, reviewDate: IsoDate) => join(la, childId, reviewDate),
  adoption: (la: string, childId: string, decisionDate: IsoDate | null) => join(la, childId, decisionDate),
  careLeaver: (la: string, childId: string, yearEnding: IsoDate) => join(la, childId, yearEnding),
  missingEpisode: (la: string, childId: string, startDate: IsoDate) => join(la, childId, startDate),
};

/** Whether none of the named fields of a record failed a validation rule. */
export function usable(record: { problems: readonly string[] }, ...fields: readonly string[]): boolean {
  if (record.problems.length === 0) return true;
  return !fields.some((f) => record.problems.includes(f));
}

export type FindingSeverity = 'error' | 'query';

/**
 * A data-quality finding: a validation rule a record broke. The import
 * keeps the record and lists the finding; measures leave the record out of
 * whatever depends on `field`.
 */
export interface Finding {
  /** The rule's code in its catalogue (SSDA903 "103", CIN "8500", or our own "SC-…" for structure). */
  rule: string;
  severity: FindingSeverity;
  message: string;
  /** Where it was found: the file and, where there is one, its row (1-based, the header being row 1) or XML element path. */
  file: string;
  location: string;
  kind: RecordKind;
  /** The record's key, or null when the finding could not be tied to one record. */
  recordKey: string | null;
  childId: string | null;
  field: string;
  value: string | null;
}

/** What an importer returns: records and findings, or a refusal naming why the file cannot be read at all. */
export type ParsedReturn =
  | {
      ok: true;
      source: ReturnSource;
      la: string | null;
      periodEnd: IsoDate | null;
      records: ChildRecords;
      findings: Finding[];
    }
  | { ok: false; file: string; message: string };

export type ReturnSource = 'cin_census' | 'ssda903' | 'annex_a';
