/**
 * Referrals, their rate per 10,000 children, and re-referrals within 12
 * months of a previous referral (DfE children in need statistics).
 */
import { addMonths } from '../dates.ts';
import type { MeasureDefinition, MeasureInput, MeasureRow } from '../measure.ts';
import { type Referral, usable } from '../model.ts';
import { inPeriod, problemAmong, rowOf } from './rows.ts';

const REFERRAL_SOURCE =
  'DfE Children in need statistics (CIN census CINreferralDate); LAIT measure 305 "Number of referrals to children\'s social services"';

function referralRows({ records, period }: MeasureInput): MeasureRow[] {
  return records.referrals
    .filter((r) => inPeriod(r.referralDate, period))
    .map((r) => {
      const leftOutBecause = problemAmong(r, 'referralDate');
      return rowOf(r, 'referrals', {
        dates: { Referral: r.referralDate },
        ageAt: r.referralDate,
        inNumerator: leftOutBecause === null,
        leftOutBecause,
      });
    });
}

export const referrals: MeasureDefinition = {
  id: 'referrals',
  title: 'Referrals',
  summary:
    'The number of referrals to children’s social care in the period; each referral of a child counts.',
  kind: 'count',
  polarity: 'neither',
  numeratorLabel: 'Referrals',
  denominatorLabel: 'Referrals',
  source: REFERRAL_SOURCE,
  rows: referralRows,
};

export const referralsRate: MeasureDefinition = {
  id: 'referrals-rate',
  title: 'Referrals per 10,000 children',
  summary: 'Referrals in the period per 10,000 children aged 0–17 living in the area.',
  kind: 'rate_per_10k',
  polarity: 'neither',
  numeratorLabel: 'Referrals',
  denominatorLabel: 'Children aged 0–17',
  source: `${REFERRAL_SOURCE}; "Rates per 10,000 of referrals to Children's Social Services"`,
  rows: referralRows,
};

/**
 * The child's latest referral with a usable date before `referral`'s date:
 * a binary search in the child's sorted referrals, then a step back past
 * any whose date failed validation.
 */
function previousReferral(sorted: readonly Referral[], referral: Referral): Referral | null {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]!.referralDate < referral.referralDate) low = mid + 1;
    else high = mid;
  }
  for (let i = low - 1; i >= 0; i--) if (usable(sorted[i]!, 'referralDate')) return sorted[i]!;
  return null;
}

export const reReferralsWithin12Months: MeasureDefinition = {
  id: 're-referrals-within-12-months',
  title: 'Re-referrals within 12 months',
  summary:
    'Of the referrals in the period, the percentage made within 12 months of a previous referral of the same child.',
  kind: 'percent',
  polarity: 'lower_is_better',
  numeratorLabel: 'Re-referrals within 12 months',
  denominatorLabel: 'Referrals',
  source:
    'DfE Children in need statistics, re-referrals; LAIT measure 271 "Percentage of re-referrals to children\'s social care within 12 months"',
  rows({ records, period }) {
    return records.referrals
      .filter((r) => inPeriod(r.referralDate, period))
      .map((r) => {
        const leftOutBecause = problemAmong(r, 'referralDate');
        const previous = previousReferral(records.referralsOf(r.childId), r);
        // The day exactly 12 months before is within 12 months (see docs/measures/re-referrals-within-12-months.md).
        const within = previous !== null && previous.referralDate >= addMonths(r.referralDate, -12);
        return rowOf(r, 'referrals', {
          dates: { Referral: r.referralDate, 'Previous referral': previous?.referralDate ?? null },
          ageAt: r.referralDate,
          inNumerator: leftOutBecause === null && within,
          leftOutBecause,
        });
      });
  },
};
