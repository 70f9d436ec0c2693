/**
 * Cases open at the period end: children in need for more than 2 years,
 * and referrals not allocated to a worker within the local standard.
 */
import { addDays, addYears } from '../dates.ts';
import { notRecorded, type MeasureDefinition } from '../measure.ts';
import { type Allocation, type Referral, usable } from '../model.ts';
import { groupByChild } from '../records-index.ts';
import { openAt, problemAmong, rowOf } from './rows.ts';

export const cinOpenMoreThan2Years: MeasureDefinition = {
  id: 'cin-open-more-than-2-years',
  title: 'Children in need for more than 2 years',
  summary:
    'The number of children whose episode of need is open at the end of the period and started more than 2 years before it.',
  kind: 'count',
  polarity: 'lower_is_better',
  numeratorLabel: 'Children in need for more than 2 years',
  denominatorLabel: 'Children in need at the period end',
  source:
    'DfE Children in need statistics, children in need at 31 March by length of episode ("2 years or more")',
  rows({ records, period }) {
    const twoYearsBefore = addYears(period.end, -2);
    const seen = new Set<string>();
    const rows = [];
    for (const referral of records.referrals) {
      if (!openAt(referral.referralDate, referral.closureDate, period.end) || seen.has(referral.childId))
        continue;
      seen.add(referral.childId);
      // The child's earliest open episode: the longest they have been in need.
      const episode =
        records
          .referralsOf(referral.childId)
          .find((e) => openAt(e.referralDate, e.closureDate, period.end)) ?? referral;
      const leftOutBecause = problemAmong(episode, 'referralDate', 'closureDate');
      rows.push(
        rowOf(episode, 'referrals', {
          dates: { Referral: episode.referralDate },
          ageAt: period.end,
          inNumerator: leftOutBecause === null && episode.referralDate < twoYearsBefore,
          leftOutBecause,
        }),
      );
    }
    return rows;
  },
};

/**
 * The first day the referral's case is known to have had a worker: an
 * allocation date, or an extract showing a worker. An allocation names its
 * referral where the source says; one that does not counts for the
 * referral it follows. An allocation with a field that failed validation
 * is not evidence either way.
 */
export function allocatedOn(referral: Referral, allocations: readonly Allocation[]): string | null {
  let first: string | null = null;
  for (const a of allocations) {
    if (!usable(a, 'referralDate', 'allocatedDate', 'asAt', 'worker')) continue;
    if (a.referralDate !== null ? a.referralDate !== referral.referralDate : a.asAt < referral.referralDate)
      continue;
    const day = a.allocatedDate ?? (a.worker !== null && a.worker.trim() !== '' ? a.asAt : null);
    if (day !== null && (first === null || day < first)) first = day;
  }
  return first;
}

export const unallocatedMoreThan7Days: MeasureDefinition = {
  id: 'unallocated-more-than-7-days',
  title: 'Referrals not allocated to a worker within 7 days',
  summary:
    'The number of referrals open at the end of the period that were not allocated to a worker within the local standard (7 days by default) of the referral.',
  kind: 'count',
  polarity: 'lower_is_better',
  numeratorLabel: 'Not allocated within the standard',
  denominatorLabel: 'Open referrals past the allocation deadline',
  source: 'Local standard (settings.allocationDays); allocated team and worker as in Ofsted Annex A',
  rows({ records, period, settings }) {
    const allocations = groupByChild(records.allocations);
    return records.referrals.flatMap((r) => {
      if (!openAt(r.referralDate, r.closureDate, period.end)) return [];
      const deadline = addDays(r.referralDate, settings.allocationDays);
      // A case whose deadline has not passed by the period end cannot yet be late.
      if (deadline >= period.end) return [];
      const allocated = allocatedOn(r, allocations.get(r.childId) ?? []);
      // Only Annex A records allocations: without any, whether a case was allocated is unknown, not "no".
      const leftOutBecause =
        problemAmong(r, 'referralDate', 'closureDate') ??
        (records.allocations.length === 0 ? notRecorded('allocations') : null);
      return [
        rowOf(r, 'referrals', {
          dates: { Referral: r.referralDate, 'Allocation due': deadline, Allocated: allocated },
          ageAt: period.end,
          inNumerator: leftOutBecause === null && (allocated === null || allocated > deadline),
          leftOutBecause,
        }),
      ];
    });
  },
};
