/**
 * Ofsted's Annex A lists for an inspection, one CSV per list, for the 12
 * months before the extract date: the headings of the 2024 template, dates
 * dd/mm/yyyy, plus the local columns our Annex A importer also reads
 * ("Date and time of contact", "Contact decision date" on List 1, "Date
 * allocated" on List 3). List 2 (early help) is written empty: the
 * generator simulates no early help.
 */
import type { Child, ChildRecords, Episode, IsoDate } from '../measures/model.ts';
import { addYears, ukDate } from './days.ts';
import { groupByChild } from '../measures/records-index.ts';
import { csvLine, knownAt, overlaps } from './text-output.ts';

const PERSON = ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age'];

export const ANNEX_A_HEADERS: Record<number, readonly string[]> = {
  1: [...PERSON, 'Date of Contact', 'Contact Source', 'Date and time of contact', 'Contact decision date'],
  2: [...PERSON, 'Assessment start date', 'Assessment completion date', 'Organisation completing assessment'],
  3: [
    ...PERSON,
    'Date of Referral',
    'Referral Source',
    'Referral NFA?',
    'Number of Referrals in Last 12 Months',
    'Allocated Team',
    'Allocated Worker',
    'Date allocated',
  ],
  4: [
    ...PERSON,
    'Does the Child have a Disability',
    'Continuous Assessment Start Date',
    'Child Seen During Continuous Assessment',
    'Continuous Assessment Date of Authorisation',
    "Was the child assessed as requiring LA children's social care support?",
    'Allocated Team',
    'Allocated Worker',
  ],
  5: [
    ...PERSON,
    'Does the Child have a Disability',
    'Strategy discussion initiating Section 47 Enquiry Start Date',
    'Was an Initial Child Protection Conference deemed unnecessary?',
    'Date of Initial Child Protection Conference',
    'Did the Initial Child Protection Conference Result in a Child Protection Plan',
    'Number of Section 47 Enquiries in the last 12 months',
    'Number of ICPCs in the last 12 months',
    'Allocated Team',
    'Allocated Worker',
  ],
  6: [
    ...PERSON,
    'Does the Child have a Disability',
    'CIN Start Date',
    'Primary Need Code',
    'Date Child Was Last Seen',
    'CIN Closure Date',
    'Reason for Closure',
    'Case Status',
    'Allocated Team',
    'Allocated Worker',
  ],
  7: [
    ...PERSON,
    'Does the Child have a Disability',
    'Child Protection Plan Start Date',
    'Initial Category of Abuse',
    'Latest Category of Abuse',
    'Date of the Last Statutory Visit',
    'Was the Child Seen Alone?',
    'Date of latest review conference',
    'Child Protection Plan End Date',
    'Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)',
    'Number of Previous Child Protection Plans',
    'Allocated Team',
    'Allocated Worker',
  ],
  8: [
    ...PERSON,
    'Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))',
    'Does the Child have a Disability',
    'Date Started to be Looked After',
    "Child's Category of Need",
    'Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)',
    'Start date of current legal status',
    "Child's Legal Status",
    'Date of Latest Statutory Review',
    'Date of Last Social Work Visit',
    'What is the permanence plan for this child?',
    'Date of Last IRO Visit / Contact to the Child',
    'Date of Last Health Assessment',
    'Date of Last Dental Check',
    'Number of Placements in the Last 12 months',
    'Date Ceased to be Looked After',
    'Reason Ceased to be Looked After',
    'Start Date of Most Recent Placement',
    'Placement Type',
    'Placement Provider',
    'Placement postcode',
    'URN of Placement',
    'Placement Location',
    'LA of Placement',
    'Number of Episodes the Child has been ‘Missing’ from their Placement in the last 12 months',
    'Number of Episodes the Child has been ‘Absent’ from their Placement in the last 12 months',
    'Was the child offered a Return Interview after their last missing episode (Y/N)?',
    'Did the child accept a Return Interview after their last missing episode (Y/N)?',
    'Allocated Team',
    'Allocated Worker',
  ],
  9: [
    ...PERSON,
    'Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)',
    'Does the Child have a Disability',
    'Allocated Team',
    'Allocated Worker',
    'Allocated Personal Advisor',
    'Eligibility Category',
    'Latest Pathway Plan Review Date',
    'LA in Touch',
    'Latest Date of Contact',
    'Type of Accommodation',
    'Suitability of Accommodation',
    'Activity Status',
  ],
  10: [
    'Child Unique ID',
    'Family identifier',
    'Gender',
    'Ethnicity',
    'Date of Birth',
    'Age of Child (Years)',
    'Does the Child have a Disability',
    'Date the Child Entered Care',
    'Date of Decision that Child Should be Placed for Adoption',
    'Date of Placement Order',
    'Date of Matching Child and Prospective Adopters',
    'Date Placed for Adoption',
    'Date of Adoption Order',
    'Date of Decision that Child Should No Longer be Placed for Adoption',
    'Reason Why Child No Longer Placed for Adoption',
    'Date the child was placed for fostering in FFA or concurrent planning placement',
  ],
};

export interface AnnexAExtract {
  /** The day the lists are drawn up; each covers the 12 months before it. */
  extractDate: IsoDate;
}

type Cell = string | number | null;

const GENDER: Record<string, string> = { M: 'a) Male', F: 'b) Female', U: 'c) Not stated/recorded' };
const yesNo = (value: boolean | null) => (value === null ? '' : value ? 'Yes' : 'No');
const codedYesNo = (value: boolean | null) => (value === null ? '' : value ? 'a) Yes' : 'b) No');
const ukDateTime = (dateTime: string | null) =>
  dateTime === null ? '' : `${ukDate(dateTime.slice(0, 10))} ${dateTime.slice(11, 16)}`;

function ageOn(child: Child, date: IsoDate): number | null {
  if (child.birthDate === null) return null;
  let age = +date.slice(0, 4) - +child.birthDate.slice(0, 4);
  if (date.slice(5) < child.birthDate.slice(5)) age--;
  return age;
}

/** Every list, as CSV text streamed a row at a time, keyed by its number. */
export function writeAnnexA(
  records: ChildRecords,
  { extractDate }: AnnexAExtract,
): Map<number, Iterable<string>> {
  const from = addYears(extractDate, -1);
  const inWindow = (date: string | null) => date !== null && date > from && date <= extractDate;
  const asAt = (date: string | null) => knownAt(date, extractDate);
  const children = new Map(records.children.map((c) => [c.childId, c]));
  const person = (childId: string): Cell[] => {
    const c = children.get(childId)!;
    return [c.childId, GENDER[c.sex ?? 'U'] ?? '', c.ethnicity, ukDate(c.birthDate), ageOn(c, extractDate)];
  };
  const disability = (childId: string) => codedYesNo(children.get(childId)!.hasDisability);
  const allocations = new Map(records.allocations.map((a) => [`${a.childId}|${a.referralDate}`, a]));
  const allocationOf = (childId: string, referralDate: string | null) => {
    const a = allocations.get(`${childId}|${referralDate}`);
    return a && asAt(a.allocatedDate) ? a : undefined;
  };
  const worker = (childId: string, referralDate: string | null): Cell[] => {
    const a = allocationOf(childId, referralDate);
    return [a?.team ?? null, a?.worker ?? null];
  };
  const referralsByChild = groupByChild(records.referrals);
  const within12Months = (dates: readonly string[], date: string) => {
    const yearBefore = addYears(date, -1);
    return dates.filter((d) => d < date && d >= yearBefore).length;
  };
  const currentReferral = (childId: string, date: string) =>
    (referralsByChild.get(childId) ?? []).filter((r) => r.referralDate <= date).at(-1)?.referralDate ?? null;

  /** A list that can be read more than once (each reading walks the records again). */
  const list = (n: number, rows: () => Iterable<Cell[]>): Iterable<string> => ({
    *[Symbol.iterator]() {
      yield csvLine(ANNEX_A_HEADERS[n]!);
      for (const row of rows()) yield csvLine(row);
    },
  });
  const lists = new Map<number, Iterable<string>>();
  lists.set(
    1,
    list(1, function* () {
      for (const c of records.contacts)
        if (inWindow(c.contactDate))
          yield [
            ...person(c.childId),
            ukDate(c.contactDate),
            c.source,
            ukDateTime(c.receivedAt),
            ukDateTime(knownAt(c.decidedAt, `${extractDate}T23:59`)),
          ];
    }),
  );
  lists.set(
    2,
    list(2, () => []),
  );
  lists.set(
    3,
    list(3, function* () {
      for (const r of records.referrals) {
        if (!inWindow(r.referralDate)) continue;
        const previous = (referralsByChild.get(r.childId) ?? []).map((p) => p.referralDate);
        const a = allocationOf(r.childId, r.referralDate);
        yield [
          ...person(r.childId),
          ukDate(r.referralDate),
          r.source,
          yesNo(r.noFurtherAction),
          within12Months(previous, r.referralDate),
          a?.team ?? null,
          a?.worker ?? null,
          ukDate(a?.allocatedDate ?? null),
        ];
      }
    }),
  );
  lists.set(
    4,
    list(4, function* () {
      for (const a of records.assessments) {
        const completed = asAt(a.completedDate);
        if (!(inWindow(a.startDate) || inWindow(completed))) continue;
        yield [
          ...person(a.childId),
          disability(a.childId),
          ukDate(a.startDate),
          yesNo(a.childSeen),
          ukDate(completed),
          completed === null ? '' : 'Yes',
          ...worker(a.childId, a.referralDate),
        ];
      }
    }),
  );
  const enquiriesByChild = groupByChild(records.section47s);
  lists.set(
    5,
    list(5, function* () {
      for (const s of records.section47s) {
        if (!inWindow(s.strategyDate)) continue;
        const earlier = enquiriesByChild.get(s.childId)!;
        const icpc = asAt(s.icpcDate);
        yield [
          ...person(s.childId),
          disability(s.childId),
          ukDate(s.strategyDate),
          yesNo(s.icpcNotRequired),
          ukDate(icpc),
          icpc === null ? '' : yesNo(s.icpcResultedInPlan),
          within12Months(
            earlier.map((e) => e.strategyDate),
            s.strategyDate,
          ),
          within12Months(
            earlier.flatMap((e) => (e.icpcDate ? [e.icpcDate] : [])),
            s.strategyDate,
          ),
          ...worker(s.childId, s.referralDate),
        ];
      }
    }),
  );
  lists.set(
    6,
    list(6, function* () {
      for (const r of records.referrals) {
        const closure = asAt(r.closureDate);
        if (r.referralDate > extractDate || !overlaps(r.referralDate, closure, from, extractDate)) continue;
        yield [
          ...person(r.childId),
          disability(r.childId),
          ukDate(r.referralDate),
          r.primaryNeed,
          '',
          ukDate(closure),
          closure === null ? '' : r.closureReason,
          closure === null ? 'c) Child in need plan' : 'e) Closed episode',
          ...worker(r.childId, r.referralDate),
        ];
      }
    }),
  );
  const visitsByChild = groupByChild(records.protectionVisits);
  lists.set(
    7,
    list(7, function* () {
      for (const p of records.protectionPlans) {
        const end = asAt(p.endDate);
        if (p.startDate > extractDate || !overlaps(p.startDate, end, from, extractDate)) continue;
        const lastVisit = (visitsByChild.get(p.childId) ?? [])
          .filter((v) => v.planStartDate === p.startDate && v.visitDate <= extractDate)
          .at(-1);
        const lastReview = p.reviewDates.filter((d) => d <= extractDate).at(-1) ?? null;
        yield [
          ...person(p.childId),
          disability(p.childId),
          ukDate(p.startDate),
          p.initialCategory,
          p.latestCategory,
          ukDate(lastVisit?.visitDate ?? null),
          codedYesNo(lastVisit?.seenAlone ?? null),
          ukDate(lastReview),
          ukDate(end),
          'b) No',
          p.previousPlans,
          ...worker(p.childId, p.referralDate),
        ];
      }
    }),
  );
  lists.set(
    8,
    list(8, () =>
      lookedAfterRows(records, { extractDate, from, person, disability, worker, currentReferral }),
    ),
  );
  lists.set(
    9,
    list(9, function* () {
      for (const l of records.careLeavers) {
        const c = children.get(l.childId)!;
        if (c.birthDate === null || !inWindow(addYears(c.birthDate, l.ageAtBirthday ?? 0))) continue;
        const suitable =
          l.accommodation === null ? '' : l.accommodation.endsWith('1') ? 'a) Suitable' : 'b) Unsuitable';
        yield [
          ...person(l.childId),
          c.wasUasc ? 'a) Yes' : 'b) No',
          disability(l.childId),
          'Care Leavers',
          null,
          null,
          (l.ageAtBirthday ?? 18) >= 18 ? 'b) Former relevant child' : 'a) Relevant child',
          '',
          l.inTouch === 'YES' ? 'a) Yes' : l.inTouch === null ? '' : 'b) No',
          '',
          l.accommodation?.slice(0, 1) ?? '',
          suitable,
          l.activity,
        ];
      }
    }),
  );
  const episodesByChild = groupByChild(records.episodes);
  lists.set(
    10,
    list(10, function* () {
      for (const a of records.adoptions) {
        const order = asAt(a.adoptionOrderDate);
        const reversed = asAt(a.decisionReversedDate);
        if (a.decisionDate === null || a.decisionDate > extractDate) continue;
        if ((order ?? reversed ?? extractDate) <= from) continue;
        const c = children.get(a.childId)!;
        const entered = periodStart(episodesByChild.get(a.childId) ?? [], a.decisionDate);
        yield [
          c.childId,
          `F${c.childId}`,
          GENDER[c.sex ?? 'U'] ?? '',
          c.ethnicity,
          ukDate(c.birthDate),
          ageOn(c, extractDate),
          codedYesNo(c.hasDisability),
          ukDate(entered),
          ukDate(a.decisionDate),
          ukDate(asAt(a.placementOrderDate)),
          ukDate(asAt(a.matchDate)),
          ukDate(asAt(a.placedDate)),
          ukDate(order),
          ukDate(reversed),
          reversed === null ? '' : a.decisionReversedReason,
          '',
        ];
      }
    }),
  );
  return lists;
}

/** The start of the period of care that a day falls in: the latest episode starting one (reason S) on or before it. */
function periodStart(episodes: readonly Episode[], day: IsoDate): IsoDate | null {
  return episodes.filter((e) => e.reasonNewEpisode === 'S' && e.startDate <= day).at(-1)?.startDate ?? null;
}

interface LookedAfterContext {
  extractDate: IsoDate;
  from: IsoDate;
  person(childId: string): Cell[];
  disability(childId: string): string;
  worker(childId: string, referralDate: string | null): Cell[];
  currentReferral(childId: string, date: string): string | null;
}

function* lookedAfterRows(records: ChildRecords, context: LookedAfterContext): Generator<Cell[]> {
  const { extractDate, from } = context;
  const asAt = (date: string | null) => knownAt(date, extractDate);
  const children = new Map(records.children.map((c) => [c.childId, c]));
  const reviews = groupByChild(records.careReviews);
  const missing = groupByChild(records.missingEpisodes);
  for (const [childId, all] of groupByChild(records.episodes)) {
    const episodes = all.filter(
      (e) => e.startDate <= extractDate && overlaps(e.startDate, asAt(e.endDate), from, extractDate),
    );
    const last = episodes.at(-1);
    if (!last) continue;
    const c = children.get(childId)!;
    const start = periodStart(all, last.startDate)!;
    const earlierPeriodEnds = all.filter(
      (e) => e.startDate < start && e.endDate !== null && e.endDate > from,
    );
    const legalSince = all
      .filter((e) => e.startDate >= start && e.startDate <= last.startDate)
      .reverse()
      .find((e, i, list) => list[i + 1]?.legalStatus !== e.legalStatus);
    const placements = episodes.filter((e, i) => i === 0 || e.reasonNewEpisode !== 'L');
    const placedSince = [...all]
      .filter((e) => e.startDate <= last.startDate)
      .reverse()
      .find((e) => e.reasonNewEpisode !== 'L');
    const ended = asAt(last.endDate);
    const childMissing = (missing.get(childId) ?? []).filter(
      (m) => m.startDate > from && m.startDate <= extractDate,
    );
    yield [
      ...context.person(childId),
      c.wasUasc && (c.uascCeasedDate === null || c.uascCeasedDate > from) ? 'a) Yes' : 'b) No',
      context.disability(childId),
      ukDate(start),
      last.categoryOfNeed,
      earlierPeriodEnds.length > 0 ? 'a) Yes' : 'b) No',
      ukDate(legalSince?.startDate ?? null),
      last.legalStatus,
      ukDate(
        (reviews.get(childId) ?? []).filter((r) => r.reviewDate <= extractDate).at(-1)?.reviewDate ?? null,
      ),
      '',
      '',
      '',
      '',
      '',
      placements.length,
      ukDate(ended),
      ended === null ? '' : last.reasonEnded,
      ukDate(placedSince?.startDate ?? null),
      last.placement,
      last.placementProvider,
      last.placementPostcode,
      last.urn,
      '',
      '',
      childMissing.filter((m) => m.kind === 'M').length,
      childMissing.filter((m) => m.kind === 'A').length,
      '',
      '',
      ...context.worker(childId, context.currentReferral(childId, start)),
    ];
  }
}
