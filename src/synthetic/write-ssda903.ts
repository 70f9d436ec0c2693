/**
 * The SSDA903 return (children looked after) for one collection year: the
 * CSV tables, with the headers and dd/mm/yyyy dates of the DfE's layout,
 * and the same return as one XML file. The year's episodes are those open
 * at any point in it, each as known on 31 March.
 */
import { SSDA903_TABLES } from '../import/child-records/ssda903-tables.ts';
import type {
  Adoption,
  CareLeaver,
  CareReview,
  Child,
  ChildRecords,
  Episode,
  MissingEpisode,
} from '../measures/model.ts';
import { groupByChild } from '../measures/records-index.ts';
import { ukDate } from './days.ts';
import { csvLine, element, knownAt, overlaps, yearStartOf } from './text-output.ts';
import type { CollectionYear } from './write-cin-census.ts';

/**
 * The tables written, each under the file name the DfE's sample gives it,
 * with the columns the importer reads it by.
 */
export const SSDA903_HEADERS = {
  header: SSDA903_TABLES.header,
  episodes: SSDA903_TABLES.episodes,
  reviews: SSDA903_TABLES.reviews,
  uasc: SSDA903_TABLES.uasc,
  oc3: SSDA903_TABLES.oc3,
  ad1: SSDA903_TABLES.ad1,
  placed_for_adoption: SSDA903_TABLES.placedAdoption,
  missing: SSDA903_TABLES.missing,
};

export type Ssda903Table = keyof typeof SSDA903_HEADERS;

const sexCode = (sex: Child['sex']) => (sex === 'M' ? '1' : sex === 'F' ? '2' : '');
const flag = (value: boolean | null) => (value === null ? '' : value ? '1' : '0');

/** One collection year's SSDA903 records, per child, as known on its 31 March. */
interface Ssda903Year {
  children: Child[];
  episodes: Map<string, Episode[]>;
  reviews: Map<string, CareReview[]>;
  missing: Map<string, MissingEpisode[]>;
  leavers: Map<string, CareLeaver[]>;
  adopted: Map<string, Adoption[]>;
  decisions: Map<string, Adoption[]>;
}

function selectYear(records: ChildRecords, yearEnding: string): Ssda903Year {
  const from = yearStartOf(yearEnding);
  const inYear = (date: string | null) => date !== null && date >= from && date <= yearEnding;
  const episodes = groupByChild(
    records.episodes
      .filter((e) => overlaps(e.startDate, knownAt(e.endDate, yearEnding), from, yearEnding))
      .map((e) =>
        e.endDate !== null && e.endDate > yearEnding
          ? { ...e, endDate: null, reasonEnded: null, reasonPlaceChange: null }
          : e,
      ),
  );
  const leavers = groupByChild(records.careLeavers.filter((c) => c.yearEnding === yearEnding));
  const lookedAfter = (childId: string) => episodes.has(childId);
  return {
    children: records.children.filter((c) => lookedAfter(c.childId) || leavers.has(c.childId)),
    episodes,
    leavers,
    reviews: groupByChild(records.careReviews.filter((r) => lookedAfter(r.childId) && inYear(r.reviewDate))),
    missing: groupByChild(
      records.missingEpisodes
        .filter((m) => lookedAfter(m.childId) && inYear(m.startDate))
        .map((m) => ({ ...m, endDate: knownAt(m.endDate, yearEnding) })),
    ),
    adopted: groupByChild(records.adoptions.filter((a) => inYear(a.adoptionOrderDate))),
    decisions: groupByChild(
      records.adoptions.filter(
        (a) =>
          lookedAfter(a.childId) &&
          a.decisionDate !== null &&
          a.decisionDate <= yearEnding &&
          (ceasedOn(a, yearEnding) ?? yearEnding) >= from &&
          (knownAt(a.adoptionOrderDate, yearEnding) ?? yearEnding) >= from,
      ),
    ),
  };
}

/** The day the decision to place for adoption was reversed, as known at the year's end; an adoption leaves it standing. */
const ceasedOn = (a: Adoption, yearEnding: string) => knownAt(a.decisionReversedDate, yearEnding);

const ceasedReason = (a: Adoption, yearEnding: string) =>
  ceasedOn(a, yearEnding) === null ? null : a.decisionReversedReason;

/** Each table of the year as CSV text, streamed a child at a time. */
export function writeSsda903Tables(
  records: ChildRecords,
  { yearEnding }: CollectionYear,
): Record<Ssda903Table, Iterable<string>> {
  let year: Ssda903Year | undefined;
  const selected = () => (year ??= selectYear(records, yearEnding));
  /** A table that can be read more than once; the year's selection is made on the first reading of any table. */
  const table = (
    name: Ssda903Table,
    rows: (child: Child, y: Ssda903Year) => (string | number | null)[][],
  ): Iterable<string> => ({
    *[Symbol.iterator]() {
      yield csvLine(SSDA903_HEADERS[name]);
      const y = selected();
      for (const child of y.children) for (const row of rows(child, y)) yield csvLine(row);
    },
  });
  const dob = (child: Child) => ukDate(child.birthDate);
  return {
    header: table('header', (c) => [[c.childId, sexCode(c.sex), dob(c), c.ethnicity, c.upn, '', '']]),
    episodes: table('episodes', (c, y) =>
      (y.episodes.get(c.childId) ?? []).map((e) => [
        c.childId,
        ukDate(e.startDate),
        e.reasonNewEpisode,
        e.legalStatus,
        e.categoryOfNeed,
        e.placement,
        e.placementProvider,
        ukDate(e.endDate),
        e.reasonEnded,
        e.reasonPlaceChange,
        e.homePostcode,
        e.placementPostcode,
        e.urn,
      ]),
    ),
    reviews: table('reviews', (c, y) =>
      (y.reviews.get(c.childId) ?? []).map((r) => [c.childId, dob(c), ukDate(r.reviewDate), r.participation]),
    ),
    uasc: table('uasc', (c, y) =>
      c.wasUasc && y.episodes.has(c.childId)
        ? [[c.childId, sexCode(c.sex), dob(c), ukDate(c.uascCeasedDate)]]
        : [],
    ),
    oc3: table('oc3', (c, y) =>
      (y.leavers.get(c.childId) ?? []).map((l) => [
        c.childId,
        dob(c),
        l.inTouch,
        l.activity,
        l.accommodation,
      ]),
    ),
    ad1: table('ad1', (c, y) =>
      (y.adopted.get(c.childId) ?? []).map((a) => [
        c.childId,
        dob(c),
        ukDate(a.decisionDate),
        ukDate(a.matchDate),
        flag(a.fosterCarerAdoption),
        a.numberOfAdopters,
        a.adoptersSex,
        a.adoptersLegalStatus,
      ]),
    ),
    placed_for_adoption: table('placed_for_adoption', (c, y) =>
      (y.decisions.get(c.childId) ?? []).map((a) => [
        c.childId,
        dob(c),
        ukDate(a.decisionDate),
        ukDate(ceasedOn(a, yearEnding)),
        ceasedReason(a, yearEnding),
      ]),
    ),
    missing: table('missing', (c, y) =>
      (y.missing.get(c.childId) ?? []).map((m) => [
        c.childId,
        dob(c),
        m.kind,
        ukDate(m.startDate),
        ukDate(m.endDate),
      ]),
    ),
  };
}

/** An element always written, empty when unknown, as the DfE's XML export writes optional fields. */
const field = (name: string, value: string | number | null): string =>
  value === null || value === '' ? `<${name} />` : element(name, value);

/** The same return as one XML file (the EXPSSDA903 layout), a child at a time. */
export function* writeSsda903Xml(records: ChildRecords, { yearEnding }: CollectionYear): Generator<string> {
  const y = selectYear(records, yearEnding);
  yield "<?xml version='1.0' encoding='us-ascii'?>\n<EXPSSDA903>\n";
  for (const c of y.children) {
    const leaver = y.leavers.get(c.childId)?.[0];
    const adopted = y.adopted.get(c.childId)?.[0];
    let xml = `<CHILD><HEADER>${element('CHILDID', c.childId)}${field('UPN', c.upn)}${element('SEX', sexCode(c.sex))}${element('DOB', ukDate(c.birthDate))}${element('ETHNIC', c.ethnicity)}`;
    const isUasc = c.wasUasc && y.episodes.has(c.childId);
    xml += isUasc ? `${element('UASC', '1')}${element('DUC', ukDate(c.uascCeasedDate))}` : '<UASC />';
    for (const m of y.missing.get(c.childId) ?? [])
      xml += `<AMISSING>${element('MISSING', m.kind)}${element('MIS_START', ukDate(m.startDate))}${field('MIS_END', ukDate(m.endDate))}</AMISSING>`;
    if (leaver)
      xml += `${element('IN_TOUCH', leaver.inTouch)}${field('ACTIV', leaver.activity)}${field('ACCOM', leaver.accommodation)}`;
    if (adopted)
      xml += `${element('DATE_INT', ukDate(adopted.decisionDate))}${element('DATE_MATCH', ukDate(adopted.matchDate))}${element('FOSTER_CARE', flag(adopted.fosterCarerAdoption))}${element('NB_ADOPTR', adopted.numberOfAdopters)}${element('SEX_ADOPTR', adopted.adoptersSex)}${element('LS_ADOPTR', adopted.adoptersLegalStatus)}`;
    for (const r of y.reviews.get(c.childId) ?? [])
      xml += `<AREVIEW>${element('REVIEW', ukDate(r.reviewDate))}${element('REVIEW_CODE', r.participation)}</AREVIEW>`;
    xml += '<MOTHER /><MC_DOB />';
    for (const a of y.decisions.get(c.childId) ?? [])
      xml += `<AD_PLACED>${element('DATE_PLACED', ukDate(a.decisionDate))}${field('DATE_PLACED_CEASED', ukDate(ceasedOn(a, yearEnding)))}${field('REASON_PLACED_CEASED', ceasedReason(a, yearEnding))}</AD_PLACED>`;
    xml += '</HEADER>';
    for (const e of y.episodes.get(c.childId) ?? [])
      xml += `<EPISODE>${element('DECOM', ukDate(e.startDate))}${element('RNE', e.reasonNewEpisode)}${element('LS', e.legalStatus)}${element('CIN', e.categoryOfNeed)}${element('PL', e.placement)}${field('PL_POST', e.placementPostcode)}${field('HOME_POST', e.homePostcode)}${field('URN', e.urn)}${element('PLACE_PROVIDER', e.placementProvider)}${field('DEC', ukDate(e.endDate))}${field('REC', e.reasonEnded)}${field('REASON_PLACE_CHANGE', e.reasonPlaceChange)}</EPISODE>`;
    yield `${xml}</CHILD>\n`;
  }
  yield '</EXPSSDA903>\n';
}
