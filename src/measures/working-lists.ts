/**
 * The named working lists: the children a service has to act on now, as at
 * a moment, each list the record-level counterpart of a measure.
 *
 * - unallocated cases: referrals open now, older than the allocation
 *   standard, with no worker yet (the weekly list for heads of service);
 * - contacts awaiting a decision beyond the standard (the twice-daily
 *   tracker of the front door);
 * - children on a plan not visited within the visiting standard;
 * - assessments due within the next 5 working days (and not yet complete).
 *
 * Pure: the moment is given, never read from a clock. Records with a
 * problem in a field a list depends on are left off it, since the list
 * cannot say whether they belong; the import's findings list them.
 */
import type { WorkingDayCalendar } from './calendar.ts';
import { latestVisit } from './children-in-need/children-on-plan.ts';
import { allocatedOn } from './children-in-need/open-cases.ts';
import { addDays, daysBetween, minutesBetween } from './dates.ts';
import type { MeasureSettings } from './measure.ts';
import { usable, type Allocation, type IsoDate, type IsoDateTime, type RecordKind } from './model.ts';
import { groupByChild, type IndexedRecords } from './records-index.ts';

export const WORKING_LIST_IDS = [
  'unallocated-cases',
  'contacts-awaiting-decision',
  'plans-not-visited',
  'assessments-due',
] as const;
export type WorkingListId = (typeof WORKING_LIST_IDS)[number];

/** Working days ahead that the assessments list looks. */
export const ASSESSMENTS_DUE_WITHIN_WORKING_DAYS = 5;
/** The statutory timescale of an assessment (Working Together), in working days. */
const ASSESSMENT_WORKING_DAYS = 45;

export interface WorkingListRow {
  childId: string;
  kind: RecordKind;
  recordKey: string;
  team: string | null;
  worker: string | null;
  /** The dates that put the child on the list, labelled as the page shows them. */
  dates: Readonly<Record<string, IsoDate | IsoDateTime | null>>;
  /** How long past the standard (or, for the assessments list, how long until due), in words with its unit. */
  waiting: string;
  /** For ordering: the most urgent first. */
  urgency: number;
}

export interface WorkingListInput {
  records: IndexedRecords;
  /** The moment the list is drawn up, local time. */
  now: IsoDateTime;
  settings: MeasureSettings;
  calendar: WorkingDayCalendar;
}

export interface WorkingList {
  id: WorkingListId;
  title: string;
  summary: (settings: MeasureSettings) => string;
  rows: (input: WorkingListInput) => WorkingListRow[];
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** The latest team and worker the records give for a child, from their allocations or the child's own team. */
function holderOf(
  records: IndexedRecords,
  allocations: readonly Allocation[] | undefined,
  childId: string,
): { team: string | null; worker: string | null } {
  const latest = allocations?.reduce<Allocation | null>(
    (l, a) => (l === null || a.asAt >= l.asAt ? a : l),
    null,
  );
  return { team: latest?.team ?? records.child(childId)?.team ?? null, worker: latest?.worker ?? null };
}

const byUrgency = (rows: WorkingListRow[]) =>
  rows.sort((a, b) => b.urgency - a.urgency || (a.childId < b.childId ? -1 : a.childId > b.childId ? 1 : 0));

const unallocatedCases: WorkingList = {
  id: 'unallocated-cases',
  title: 'Cases unallocated beyond the standard',
  summary: (s) =>
    `Referrals open now, made more than ${plural(s.allocationDays, 'day')} ago, with no worker allocated.`,
  rows({ records, now, settings }) {
    const today = now.slice(0, 10);
    const allocations = groupByChild(records.allocations);
    const rows: WorkingListRow[] = [];
    for (const r of records.referrals) {
      if (!usable(r, 'referralDate', 'closureDate')) continue;
      if (r.referralDate > today || (r.closureDate !== null && r.closureDate <= today)) continue;
      const due = addDays(r.referralDate, settings.allocationDays);
      if (due >= today) continue;
      const childAllocations = allocations.get(r.childId);
      const allocated = allocatedOn(r, childAllocations ?? []);
      if (allocated !== null && allocated <= today) continue;
      const late = daysBetween(due, today);
      rows.push({
        childId: r.childId,
        kind: 'referrals',
        recordKey: r.key,
        ...holderOf(records, childAllocations, r.childId),
        worker: null,
        dates: { Referral: r.referralDate, 'Allocation due': due },
        waiting: `${plural(late, 'day')} past the standard`,
        urgency: late,
      });
    }
    return byUrgency(rows);
  },
};

const contactsAwaitingDecision: WorkingList = {
  id: 'contacts-awaiting-decision',
  title: 'Contacts awaiting a decision beyond the standard',
  summary: (s) =>
    `Contacts received more than ${plural(s.contactDecisionHours, 'hour')} ago with no decision recorded.`,
  rows({ records, now, settings }) {
    const limit = settings.contactDecisionHours * 60;
    const rows: WorkingListRow[] = [];
    for (const c of records.contacts) {
      if (c.decidedAt !== null || !usable(c, 'contactDate', 'receivedAt', 'decidedAt')) continue;
      const received = c.receivedAt ?? c.contactDate;
      const waited = minutesBetween(received, now);
      if (waited <= limit) continue;
      const hoursLate = Math.floor((waited - limit) / 60);
      rows.push({
        childId: c.childId,
        kind: 'contacts',
        recordKey: c.key,
        team: records.child(c.childId)?.team ?? null,
        worker: null,
        dates: { 'Contact received': c.receivedAt ?? c.contactDate },
        waiting: `${plural(hoursLate, 'hour')} past the standard`,
        urgency: waited - limit,
      });
    }
    return byUrgency(rows);
  },
};

const plansNotVisited: WorkingList = {
  id: 'plans-not-visited',
  title: 'Children on a plan not visited within the standard',
  summary: (s) =>
    `Children on a child protection plan now whose latest visit was more than ${plural(s.protectionVisitWorkingDays, 'working day')} ago, or who have no visit recorded.`,
  rows({ records, now, settings, calendar }) {
    const today = now.slice(0, 10);
    const standard = settings.protectionVisitWorkingDays;
    const allocations = groupByChild(records.allocations);
    const rows: WorkingListRow[] = [];
    const seen = new Set<string>();
    for (const { childId } of records.protectionPlans) {
      if (seen.has(childId)) continue;
      seen.add(childId);
      const plan = [...records.plansOf(childId)]
        .reverse()
        .find((p) => p.startDate <= today && (p.endDate === null || p.endDate > today));
      if (!plan || !usable(plan, 'startDate', 'endDate')) continue;
      const last = latestVisit(records.visitsOf(childId), plan, today);
      const since = last?.visitDate ?? plan.startDate;
      const elapsed = calendar.workingDaysBetween(since, today);
      if (elapsed <= standard) continue;
      rows.push({
        childId,
        kind: 'protectionPlans',
        recordKey: plan.key,
        ...holderOf(records, allocations.get(childId), childId),
        dates: {
          'Plan started': plan.startDate,
          'Latest visit': last?.visitDate ?? null,
          'Visit was due': calendar.addWorkingDays(since, standard),
        },
        waiting: `${plural(elapsed - standard, 'working day')} past the standard`,
        urgency: elapsed - standard,
      });
    }
    return byUrgency(rows);
  },
};

const assessmentsDue: WorkingList = {
  id: 'assessments-due',
  title: 'Assessments due within 5 working days',
  summary: (s) =>
    `Assessments in progress whose 45 working days (from the ${s.assessmentTimelinessFrom === 'referral' ? 'referral' : 'assessment’s start'}) end within the next ${ASSESSMENTS_DUE_WITHIN_WORKING_DAYS} working days. Those already overdue are not on this list: the timeliness measure counts them.`,
  rows({ records, now, settings, calendar }) {
    const today = now.slice(0, 10);
    const horizon = calendar.addWorkingDays(today, ASSESSMENTS_DUE_WITHIN_WORKING_DAYS);
    const allocations = groupByChild(records.allocations);
    const rows: WorkingListRow[] = [];
    for (const a of records.assessments) {
      if (a.completedDate !== null || a.startDate > today) continue;
      const fromReferral = settings.assessmentTimelinessFrom === 'referral' && a.referralDate !== null;
      if (!usable(a, 'startDate', 'completedDate', ...(fromReferral ? ['referralDate'] : []))) continue;
      const from = fromReferral ? a.referralDate! : a.startDate;
      const due = calendar.addWorkingDays(from, ASSESSMENT_WORKING_DAYS);
      if (due < today || due > horizon) continue;
      const left = calendar.workingDaysBetween(today, due);
      rows.push({
        childId: a.childId,
        kind: 'assessments',
        recordKey: a.key,
        ...holderOf(records, allocations.get(a.childId), a.childId),
        dates: { [fromReferral ? 'Referral' : 'Assessment started']: from, Due: due },
        waiting: left === 0 ? 'due today' : `due in ${plural(left, 'working day')}`,
        urgency: ASSESSMENTS_DUE_WITHIN_WORKING_DAYS - left,
      });
    }
    return byUrgency(rows);
  },
};

export const WORKING_LISTS: readonly WorkingList[] = [
  unallocatedCases,
  contactsAwaitingDecision,
  plansNotVisited,
  assessmentsDue,
];

export const workingListById = (id: string): WorkingList | undefined =>
  WORKING_LISTS.find((l) => l.id === id);
