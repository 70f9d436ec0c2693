/**
 * Child-level records grouped by child and sorted by date, built once per
 * computation so that every measure can ask "this child's referrals before
 * this one" without scanning the authority.
 */
import type { Child, ChildRecords, Episode, ProtectionPlan, ProtectionVisit, Referral } from './model.ts';

export interface IndexedRecords extends Readonly<ChildRecords> {
  child(childId: string): Child | undefined;
  /** The child's referrals, earliest first. */
  referralsOf(childId: string): readonly Referral[];
  /** The child's protection plans, earliest first. */
  plansOf(childId: string): readonly ProtectionPlan[];
  /** The child's visits while on a plan, earliest first. */
  visitsOf(childId: string): readonly ProtectionVisit[];
  /** The child's episodes of care, earliest first. */
  episodesOf(childId: string): readonly Episode[];
}

/**
 * Records grouped by child, in the order children first appear; each group
 * sorted by the given date (earliest first), or in the order given without one.
 */
export function groupByChild<T extends { childId: string }>(
  records: readonly T[],
  date?: (record: T) => string,
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const record of records) {
    const group = groups.get(record.childId);
    if (group) group.push(record);
    else groups.set(record.childId, [record]);
  }
  if (date)
    for (const group of groups.values())
      group.sort((a, b) => (date(a) < date(b) ? -1 : date(a) > date(b) ? 1 : 0));
  return groups;
}

/** Indexes one authority's records (every record's `la` the same: measures are per authority). */
export function indexRecords(records: ChildRecords): IndexedRecords {
  const children = new Map(records.children.map((c) => [c.childId, c]));
  const referrals = groupByChild(records.referrals, (r) => r.referralDate);
  const plans = groupByChild(records.protectionPlans, (p) => p.startDate);
  const visits = groupByChild(records.protectionVisits, (v) => v.visitDate);
  const episodes = groupByChild(records.episodes, (e) => e.startDate);
  const none: never[] = [];
  return {
    ...records,
    child: (childId) => children.get(childId),
    referralsOf: (childId) => referrals.get(childId) ?? none,
    plansOf: (childId) => plans.get(childId) ?? none,
    visitsOf: (childId) => visits.get(childId) ?? none,
    episodesOf: (childId) => episodes.get(childId) ?? none,
  };
}
