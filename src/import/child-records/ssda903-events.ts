/**
 * The dated events of a child looked after: statutory reviews (Reviews) and
 * periods missing or away from placement (Missing). Each is keyed by its
 * date, so a row whose date cannot be read is left out and reported.
 */
import { keys, type CareReview, type MissingEpisode } from '../../measures/model.ts';
import type { Draft, MapContext } from './ssda903-findings.ts';
import { CODES, RULES } from './ssda903-rules.ts';
import type { SourceRow } from './ssda903-tables.ts';
import { code, orNull, parseReturnDate } from './ssda903-values.ts';

export function mapReviews(rows: readonly SourceRow[], context: MapContext): CareReview[] {
  const { la, sink } = context;
  const seen = new Set<string>();
  const reviews: CareReview[] = [];
  for (const row of rows) {
    const childId = context.childOf(row, 'careReviews');
    if (childId === null) continue;
    const reviewDate = parseReturnDate(row.values.REVIEW!);
    if (reviewDate === null) {
      sink.flag(RULES.reviewDateInvalid, row, childId, null);
      continue;
    }
    const key = keys.careReview(la, childId, reviewDate);
    if (seen.has(key)) {
      sink.flag(RULES.reviewRepeated, row, childId, null, { recordKey: key });
      continue;
    }
    seen.add(key);
    const participation = code(row.values.REVIEW_CODE!);
    const review: Draft<CareReview> = {
      la,
      childId,
      key,
      problems: [],
      reviewDate,
      participation: orNull(participation),
    };
    sink.checkCode(RULES.participationInvalid, CODES.REVIEW_CODE, participation, row, review, true);
    if (!context.isKnownChild(childId)) sink.flag(RULES.reviewChildUnknown, row, childId, review);
    reviews.push(review);
  }
  return reviews;
}

export function mapMissing(rows: readonly SourceRow[], context: MapContext): MissingEpisode[] {
  const { la, sink } = context;
  const seen = new Set<string>();
  const periods: MissingEpisode[] = [];
  for (const row of rows) {
    const childId = context.childOf(row, 'missingEpisodes');
    if (childId === null) continue;
    const v = row.values;
    const startDate = parseReturnDate(v.MIS_START!);
    if (startDate === null) {
      sink.flag(v.MIS_START === '' ? RULES.missingStartBlank : RULES.missingStartInvalid, row, childId, null);
      continue;
    }
    const key = keys.missingEpisode(la, childId, startDate);
    if (seen.has(key)) {
      sink.flag(RULES.missingRepeated, row, childId, null, { recordKey: key });
      continue;
    }
    seen.add(key);
    const kind = code(v.MISSING!);
    const period: Draft<MissingEpisode> = {
      la,
      childId,
      key,
      problems: [],
      kind: kind === 'M' || kind === 'A' ? kind : null,
      startDate,
      endDate: parseReturnDate(v.MIS_END!),
    };
    if (kind === '') sink.flag(RULES.missingKindBlank, row, childId, period);
    else sink.checkCode(RULES.missingKindInvalid, CODES.MISSING, kind, row, period);
    if (v.MIS_END !== '' && period.endDate === null) sink.flag(RULES.missingEndInvalid, row, childId, period);
    if (period.endDate !== null && period.endDate < startDate)
      sink.flag(RULES.missingEndsBeforeStart, row, childId, period);
    if (!context.isKnownChild(childId)) sink.flag(RULES.missingChildUnknown, row, childId, period);
    periods.push(period);
  }
  return periods;
}
