import { keys, type Episode, type IsoDate } from '../../measures/model.ts';
import {
  LIST_1,
  LIST_10,
  LIST_3,
  LIST_4,
  LIST_5,
  LIST_6,
  LIST_7,
  LIST_8,
  LIST_9,
  type ListNumber,
} from './annex-a-headings.ts';
import type { AnnexARecords } from './annex-a-records.ts';
import { RecordReader, type ListRow } from './annex-a-rows.ts';
import { codeOf, readAbuseCategory, readTime, withoutOptionLetter } from './annex-a-values.ts';

/**
 * How each list's row becomes records of the child-level model. The
 * mapping table, with what each list cannot give, is in
 * docs/imports/annex-a.md.
 */

type Fields<Spec extends { columns: object }> = Extract<keyof Spec['columns'], string>;
type ChildField = Fields<typeof LIST_3>;

/** The child's facts on every list from 1 to 10; `uasc` where the list has that column. */
function readChild<F extends string>(
  row: ListRow<F | ChildField>,
  out: AnnexARecords,
  childId: string,
): void {
  const reader = new RecordReader(row, 'children');
  const uasc = row.has('wasUasc' as F) ? reader.yesNo('wasUasc' as F) : null;
  out.child(
    {
      childId,
      birthDate: reader.date('birthDate'),
      sex: reader.sex('sex'),
      ethnicity: reader.ethnicity('ethnicity'),
      upn: null,
      hasDisability: row.has('hasDisability') ? reader.yesNo('hasDisability') : null,
      uascCeasedDate: null,
      wasUasc: uasc === true,
      team: row.text('team'),
    },
    reader,
    row,
  );
}

/** A row's defining date, or null with AA-002 when it is blank. */
function keyDate<F extends string>(
  reader: RecordReader<F>,
  row: ListRow<F>,
  out: AnnexARecords,
  column: F,
  field: string,
): IsoDate | null {
  const date = reader.date(column, field);
  if (date === null && row.text(column) === null)
    out.findings.push(row.finding('missingDate', reader.kind, field, null));
  return date;
}

/** A row that could not be made a record still has its findings told, about the row. */
function unread<F extends string>(reader: RecordReader<F>, out: AnnexARecords, childId: string): void {
  out.findings.push(...reader.findings(null, childId));
}

/** Values that say nobody holds the case. */
const UNALLOCATED = /^(unallocated|not allocated|none|no worker|n\/?a)$/i;

function contact(row: ListRow<Fields<typeof LIST_1>>, out: AnnexARecords, childId: string): void {
  const reader = new RecordReader(row, 'contacts');
  const received = reader.dateTime('receivedAt', 'receivedTime', 'receivedAt', () => null);
  const contactDate = row.has('contactDate')
    ? keyDate(reader, row, out, 'contactDate', 'contactDate')
    : (received?.date ?? null);
  if (contactDate === null) {
    if (!row.has('contactDate') && row.text('receivedAt') === null)
      out.findings.push(row.finding('missingDate', 'contacts', 'contactDate', null));
    return unread(reader, out, childId);
  }
  const time = readTime(row.cell('receivedTime'));
  const receivedAt = received?.at ?? (time === null ? null : `${contactDate}T${time}`);
  // A decision dated without a time is taken at the end of that day: never quicker than it may have been.
  const decided = reader.dateTime('decidedAt', 'decidedTime', 'decidedAt', (date) => `${date}T23:59`);
  reader.inOrder(receivedAt ?? contactDate, decided?.at ?? null, 'decidedAt');
  out.add(
    'contacts',
    {
      la: out.la,
      childId,
      key: keys.contact(out.la, childId, contactDate, receivedAt),
      problems: reader.problems,
      contactDate,
      receivedAt,
      decidedAt: decided?.at ?? null,
      source: codeOf(row.cell('source')),
    },
    reader,
    row,
    'contactDate',
  );
}

function referral(row: ListRow<Fields<typeof LIST_3>>, out: AnnexARecords, childId: string): void {
  const reader = new RecordReader(row, 'referrals');
  const referralDate = keyDate(reader, row, out, 'referralDate', 'referralDate');
  if (referralDate === null) return unread(reader, out, childId);
  out.add(
    'referrals',
    {
      la: out.la,
      childId,
      key: keys.referral(out.la, childId, referralDate),
      problems: reader.problems,
      referralDate,
      source: codeOf(row.cell('source')),
      primaryNeed: null,
      closureDate: null,
      closureReason: null,
      noFurtherAction: reader.yesNo('noFurtherAction'),
    },
    reader,
    row,
    'referralDate',
  );
  if (!row.has('team') && !row.has('worker') && !row.has('allocatedDate')) return;
  const allocation = new RecordReader(row, 'allocations');
  const allocatedDate = allocation.date('allocatedDate');
  allocation.inOrder(referralDate, allocatedDate, 'allocatedDate');
  const worker = row.text('worker');
  out.add(
    'allocations',
    {
      la: out.la,
      childId,
      key: keys.allocation(out.la, childId, referralDate, row.extractDate),
      problems: allocation.problems,
      referralDate,
      allocatedDate,
      team: row.text('team'),
      worker: worker !== null && UNALLOCATED.test(worker) ? null : worker,
      asAt: row.extractDate,
    },
    allocation,
    row,
    'referralDate',
  );
}

function assessment(row: ListRow<Fields<typeof LIST_4>>, out: AnnexARecords, childId: string): void {
  const reader = new RecordReader(row, 'assessments');
  const startDate = keyDate(reader, row, out, 'startDate', 'startDate');
  if (startDate === null) return unread(reader, out, childId);
  const completedDate = reader.date('completedDate');
  reader.inOrder(startDate, completedDate, 'completedDate');
  out.add(
    'assessments',
    {
      la: out.la,
      childId,
      key: keys.assessment(out.la, childId, startDate),
      problems: reader.problems,
      referralDate: null,
      startDate,
      completedDate,
      childSeen: reader.yesNo('childSeen'),
      factors: [],
    },
    reader,
    row,
    'startDate',
  );
}

function section47(row: ListRow<Fields<typeof LIST_5>>, out: AnnexARecords, childId: string): void {
  const reader = new RecordReader(row, 'section47s');
  const strategyDate = keyDate(reader, row, out, 'strategyDate', 'strategyDate');
  if (strategyDate === null) return unread(reader, out, childId);
  const icpcDate = reader.date('icpcDate');
  reader.inOrder(strategyDate, icpcDate, 'icpcDate');
  out.add(
    'section47s',
    {
      la: out.la,
      childId,
      key: keys.section47(out.la, childId, strategyDate),
      problems: reader.problems,
      referralDate: null,
      strategyDate,
      icpcTargetDate: null,
      icpcDate,
      icpcNotRequired: reader.yesNo('icpcNotRequired'),
      icpcResultedInPlan: reader.yesNo('icpcResultedInPlan'),
    },
    reader,
    row,
    'strategyDate',
  );
}

function episodeOfNeed(row: ListRow<Fields<typeof LIST_6>>, out: AnnexARecords, childId: string): void {
  const reader = new RecordReader(row, 'referrals');
  const referralDate = keyDate(reader, row, out, 'referralDate', 'referralDate');
  if (referralDate === null) return unread(reader, out, childId);
  const closureDate = reader.date('closureDate');
  reader.inOrder(referralDate, closureDate, 'closureDate');
  out.add(
    'referrals',
    {
      la: out.la,
      childId,
      key: keys.referral(out.la, childId, referralDate),
      problems: reader.problems,
      referralDate,
      source: null,
      primaryNeed: codeOf(row.cell('primaryNeed')),
      closureDate,
      closureReason: codeOf(row.cell('closureReason')),
      noFurtherAction: null,
    },
    reader,
    row,
    'referralDate',
  );
}

function protectionPlan(row: ListRow<Fields<typeof LIST_7>>, out: AnnexARecords, childId: string): void {
  const reader = new RecordReader(row, 'protectionPlans');
  const startDate = keyDate(reader, row, out, 'startDate', 'startDate');
  if (startDate === null) return unread(reader, out, childId);
  const endDate = reader.date('endDate');
  const reviewDate = reader.date('reviewDate', 'reviewDates');
  reader.inOrder(startDate, endDate, 'endDate');
  reader.inOrder(startDate, reviewDate, 'reviewDates');
  out.add(
    'protectionPlans',
    {
      la: out.la,
      childId,
      key: keys.protectionPlan(out.la, childId, startDate),
      problems: reader.problems,
      referralDate: null,
      startDate,
      endDate,
      initialCategory: readAbuseCategory(row.cell('initialCategory')),
      latestCategory: readAbuseCategory(row.cell('latestCategory')),
      previousPlans: reader.count('previousPlans'),
      reviewDates: reviewDate === null ? [] : [reviewDate],
    },
    reader,
    row,
    'startDate',
  );
  const visit = new RecordReader(row, 'protectionVisits');
  const visitDate = visit.date('visitDate');
  if (visitDate === null) return unread(visit, out, childId);
  visit.inOrder(startDate, visitDate, 'visitDate');
  out.add(
    'protectionVisits',
    {
      la: out.la,
      childId,
      key: keys.protectionVisit(out.la, childId, visitDate),
      problems: visit.problems,
      planStartDate: startDate,
      visitDate,
      seenAlone: visit.yesNo('seenAlone'),
    },
    visit,
    row,
    'visitDate',
  );
}

/**
 * List 8 gives the start of the current period of care, the start of the
 * current legal status and of the latest placement, not the episodes
 * between. Each of those dates starts an episode; an episode holds the
 * legal status and placement only from the dates the list gives them, and
 * null before (unknown, not absent). The last episode ends when care did.
 */
function childInCare(row: ListRow<Fields<typeof LIST_8>>, out: AnnexARecords, childId: string): void {
  const reader = new RecordReader(row, 'episodes');
  const periodStart = keyDate(reader, row, out, 'periodStartDate', 'startDate');
  const legalStart = reader.date('legalStatusStartDate', 'legalStatus');
  const placementStart = reader.date('placementStartDate', 'placement');
  const endDate = reader.date('endDate');
  reader.inOrder(periodStart, endDate, 'endDate');
  reader.inOrder(periodStart, legalStart, 'legalStatus');
  reader.inOrder(periodStart, placementStart, 'placement');
  const review = new RecordReader(row, 'careReviews');
  const reviewDate = review.date('reviewDate');
  if (reviewDate === null) unread(review, out, childId);
  else
    out.add(
      'careReviews',
      {
        la: out.la,
        childId,
        key: keys.careReview(out.la, childId, reviewDate),
        problems: review.problems,
        reviewDate,
        participation: null,
      },
      review,
      row,
      'reviewDate',
    );
  if (periodStart === null) return unread(reader, out, childId);
  const starts = [...new Set([periodStart, legalStart, placementStart])]
    .filter((date): date is IsoDate => date !== null && date >= periodStart)
    .sort();
  const known = (from: IsoDate | null, at: IsoDate) => from !== null && from <= at;
  starts.forEach((start, i) => {
    const next = starts[i + 1] ?? null;
    const reason =
      start === periodStart
        ? 'S'
        : start === legalStart && start === placementStart
          ? 'T'
          : start === legalStart
            ? 'L'
            : 'P';
    const placed = known(placementStart, start);
    const episode: Episode = {
      la: out.la,
      childId,
      key: keys.episode(out.la, childId, start),
      problems: reader.problems,
      startDate: start,
      reasonNewEpisode: reason,
      legalStatus: known(legalStart, start) ? codeOf(row.cell('legalStatus')) : null,
      categoryOfNeed: codeOf(row.cell('categoryOfNeed')),
      placement: placed ? codeOf(row.cell('placement')) : null,
      placementProvider: placed ? codeOf(row.cell('placementProvider')) : null,
      endDate: next ?? endDate,
      // X1: the episode ended because the next one began the same day.
      reasonEnded: next !== null ? 'X1' : codeOf(row.cell('reasonEnded')),
      reasonPlaceChange: null,
      homePostcode: null,
      placementPostcode: placed ? (row.text('placementPostcode')?.toUpperCase() ?? null) : null,
      urn: placed ? row.text('urn') : null,
    };
    // The row's findings are told once, against the current (last) episode.
    out.add(
      'episodes',
      episode,
      next === null ? reader : new RecordReader(row, 'episodes'),
      row,
      'startDate',
    );
  });
}

/** Annex A's "LA in touch" options as the SSDA903 codes them. */
const IN_TOUCH: readonly [RegExp, string][] = [
  [/^yes/i, 'YES'],
  [/^no$/i, 'NO'],
  [/^died/i, 'DIED'],
  [/refuse/i, 'REFU'],
  [/not required|no longer required/i, 'NREQ'],
  [/returned home/i, 'RHOM'],
];

/** Accommodation as the SSDA903 codes it: its letter, then 1 suitable or 2 not suitable. */
function accommodationCode(type: string | null, suitability: string | null): string | null {
  if (type === null) return null;
  const bare = suitability === null ? '' : withoutOptionLetter(suitability).toLowerCase();
  return `${type}${bare.startsWith('suitable') ? '1' : bare.startsWith('unsuitable') || bare.startsWith('not suitable') ? '2' : ''}`;
}

function careLeaver(row: ListRow<Fields<typeof LIST_9>>, out: AnnexARecords, childId: string): void {
  const reader = new RecordReader(row, 'careLeavers');
  const inTouch = row.text('inTouch');
  const bare = inTouch === null ? null : withoutOptionLetter(inTouch);
  out.add(
    'careLeavers',
    {
      la: out.la,
      childId,
      // Annex A says where the young person is as at the extract, not which birthday it is about.
      key: keys.careLeaver(out.la, childId, row.extractDate),
      problems: reader.problems,
      ageAtBirthday: null,
      inTouch: bare === null ? null : (IN_TOUCH.find(([pattern]) => pattern.test(bare))?.[1] ?? bare),
      activity: codeOf(row.cell('activity')),
      accommodation: accommodationCode(codeOf(row.cell('accommodation')), row.text('suitability')),
      yearEnding: row.extractDate,
    },
    reader,
    row,
    'yearEnding',
  );
}

function adoption(row: ListRow<Fields<typeof LIST_10>>, out: AnnexARecords, childId: string): void {
  const reader = new RecordReader(row, 'adoptions');
  const decisionDate = reader.date('decisionDate');
  const placementOrderDate = reader.date('placementOrderDate');
  const matchDate = reader.date('matchDate');
  const placedDate = reader.date('placedDate');
  const adoptionOrderDate = reader.date('adoptionOrderDate');
  const decisionReversedDate = reader.date('decisionReversedDate');
  reader.inOrder(decisionDate, matchDate, 'matchDate');
  reader.inOrder(matchDate, placedDate, 'placedDate');
  reader.inOrder(placedDate, adoptionOrderDate, 'adoptionOrderDate');
  reader.inOrder(decisionDate, decisionReversedDate, 'decisionReversedDate');
  out.add(
    'adoptions',
    {
      la: out.la,
      childId,
      key: keys.adoption(out.la, childId, decisionDate),
      problems: reader.problems,
      decisionDate,
      matchDate,
      decisionReversedDate,
      decisionReversedReason: codeOf(row.cell('decisionReversedReason')),
      fosterCarerAdoption: null,
      numberOfAdopters: null,
      adoptersSex: null,
      adoptersLegalStatus: null,
      placementOrderDate,
      placedDate,
      adoptionOrderDate,
    },
    reader,
    row,
    'decisionDate',
  );
}

type ListReader = (row: ListRow<string>, out: AnnexARecords, childId: string) => void;

/**
 * What each list adds besides the child. List 2 (early help assessments)
 * and List 11 (adopters) add nothing: an early help assessment is not a
 * statutory assessment, and the model has no place to tell them apart; an
 * adopter is not a child.
 */
const LIST_READERS: Partial<Record<ListNumber, ListReader>> = {
  1: contact as ListReader,
  3: referral as ListReader,
  4: assessment as ListReader,
  5: section47 as ListReader,
  6: episodeOfNeed as ListReader,
  7: protectionPlan as ListReader,
  8: childInCare as ListReader,
  9: careLeaver as ListReader,
  10: adoption as ListReader,
};

/** Reads one data row of a recognised list into `out`. */
export function readListRow(row: ListRow<string>, out: AnnexARecords): void {
  if (row.spec.list === 11) return;
  const childId = row.text('childId');
  if (childId === null) {
    out.findings.push(row.finding('missingChildId', 'children', 'childId', null));
    return;
  }
  readChild(row as ListRow<ChildField>, out, childId);
  LIST_READERS[row.spec.list]?.(row, out, childId);
}
