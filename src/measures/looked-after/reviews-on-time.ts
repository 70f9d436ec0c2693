/**
 * Looked-after children's reviews held on time by the statutory schedule
 * (Care Planning, Placement and Case Review (England) Regulations 2010,
 * regulation 33): the first within 20 working days of the child becoming
 * looked after, the second within 3 months of the first, each later one
 * within 6 months of the one before.
 */
import { addMonths } from '../dates.ts';
import type { MeasureDefinition, MeasureRow } from '../measure.ts';
import type { CareReview, IsoDate } from '../model.ts';
import { usable } from '../model.ts';
import { groupByChild } from '../records-index.ts';
import { isShortBreak, periodsOfCare, type PeriodOfCare } from './periods-of-care.ts';

const FIRST_REVIEW_WORKING_DAYS = 20;
const SECOND_REVIEW_MONTHS = 3;
const LATER_REVIEW_MONTHS = 6;

const periodHolding = (periods: readonly PeriodOfCare[], date: IsoDate): PeriodOfCare | undefined =>
  periods.find((p) => p.start <= date && (p.end === null || date <= p.end));

/** A child looked after for short breaks needs no review in the 903 (rule 399), so such reviews are not counted. */
function isShortBreakOn(care: PeriodOfCare, date: IsoDate): boolean {
  let current = care.episodes[0]!;
  for (const episode of care.episodes) if (episode.startDate <= date) current = episode;
  return isShortBreak(current) && usable(current, 'legalStatus');
}

/**
 * The field that keeps a review out of the figure: its own date, a review
 * held when the episodes show no care (a 903 validation failure, reported
 * against the review's date), the review before it that sets its due date,
 * or the start of care that sets the first review's.
 */
function problemOf(review: CareReview, care: PeriodOfCare | undefined, before: CareReview | undefined) {
  if (!usable(review, 'reviewDate') || !care) return 'reviewDate';
  if (before) return usable(before, 'reviewDate') ? null : 'reviewDate';
  return usable(care.episodes[0]!, 'startDate') ? null : 'startDate';
}

export const reviewsOnTime: MeasureDefinition = {
  id: 'reviews-on-time',
  title: 'Looked-after reviews held on time',
  summary:
    'Of the reviews of looked-after children held in the period, the percentage held by the date the statutory schedule set.',
  kind: 'percent',
  polarity: 'higher_is_better',
  numeratorLabel: 'Reviews held on time',
  denominatorLabel: 'Reviews held in the period',
  source:
    'Care Planning, Placement and Case Review (England) Regulations 2010, regulation 33; SSDA903 Reviews table',
  rows({ records, period, calendar }) {
    const rows: MeasureRow[] = [];
    for (const [childId, reviews] of groupByChild(records.careReviews, (r) => r.reviewDate)) {
      if (!reviews.some((r) => r.reviewDate >= period.start && r.reviewDate <= period.end)) continue;
      const periods = periodsOfCare(records.episodesOf(childId));
      reviews.forEach((review, index) => {
        if (review.reviewDate < period.start || review.reviewDate > period.end) return;
        const care = periodHolding(periods, review.reviewDate);
        if (care && isShortBreakOn(care, review.reviewDate)) return;
        const earlier: CareReview[] = [];
        for (
          let i = index - 1;
          i >= 0 && care && reviews[i]!.reviewDate >= care.start && earlier.length < 2;
          i--
        )
          earlier.push(reviews[i]!);
        const before = earlier[0];
        const due = !care
          ? null
          : before === undefined
            ? calendar.addWorkingDays(care.start, FIRST_REVIEW_WORKING_DAYS)
            : addMonths(before.reviewDate, earlier.length === 1 ? SECOND_REVIEW_MONTHS : LATER_REVIEW_MONTHS);
        const problem = problemOf(review, care, before);
        rows.push({
          childId,
          kind: 'careReviews',
          recordKey: review.key,
          dates: {
            'Looked after since': care ? care.start : null,
            'Previous review': before ? before.reviewDate : null,
            'Review due': due,
            'Review held': review.reviewDate,
          },
          ageAt: review.reviewDate,
          inDenominator: problem === null,
          inNumerator: problem === null && due !== null && review.reviewDate <= due,
          value: null,
          leftOutBecause: problem,
        });
      });
    }
    return rows;
  },
};
