/**
 * Small record factories for the looked-after measures' tests: each takes
 * the fields a test is about and fills the rest with harmless values.
 */
import { parsePeriod, type Period } from '../../domain/periods.ts';
import { workingDayCalendar } from '../calendar.ts';
import { DEFAULT_SETTINGS, type MeasureDefinition, type MeasureInput, type MeasureRow } from '../measure.ts';
import {
  emptyRecords,
  keys,
  type Adoption,
  type CareLeaver,
  type CareReview,
  type Child,
  type ChildRecords,
  type Episode,
  type IsoDate,
  type MissingEpisode,
} from '../model.ts';
import { indexRecords } from '../records-index.ts';

const LA = '330';
const calendar = workingDayCalendar(2010, 2030);

export function child(childId: string, fields: Partial<Child> = {}): Child {
  return {
    la: LA,
    childId,
    key: keys.child(LA, childId),
    problems: [],
    birthDate: '2015-06-01',
    sex: 'F',
    ethnicity: 'WBRI',
    upn: null,
    hasDisability: false,
    uascCeasedDate: null,
    wasUasc: false,
    team: null,
    ...fields,
  };
}

/** An episode in a foster placement under a full care order unless told otherwise. */
export function episode(childId: string, startDate: IsoDate, fields: Partial<Episode> = {}): Episode {
  return {
    la: LA,
    childId,
    key: keys.episode(LA, childId, startDate),
    problems: [],
    startDate,
    reasonNewEpisode: 'S',
    legalStatus: 'C2',
    categoryOfNeed: 'N1',
    placement: 'U1',
    placementProvider: 'PR1',
    endDate: null,
    reasonEnded: null,
    reasonPlaceChange: null,
    homePostcode: null,
    placementPostcode: null,
    urn: null,
    ...fields,
  };
}

/**
 * A child's consecutive episodes: each one ends (X1) the day the next
 * starts; the last ends as given in its own fields.
 */
export function episodes(childId: string, ...steps: readonly [IsoDate, Partial<Episode>][]): Episode[] {
  return steps.map(([start, fields], i) => {
    const next = steps[i + 1];
    const reasonNewEpisode = i === 0 ? 'S' : 'P';
    return next
      ? episode(childId, start, { reasonNewEpisode, endDate: next[0], reasonEnded: 'X1', ...fields })
      : episode(childId, start, { reasonNewEpisode, ...fields });
  });
}

export function review(childId: string, reviewDate: IsoDate, fields: Partial<CareReview> = {}): CareReview {
  return {
    la: LA,
    childId,
    key: keys.careReview(LA, childId, reviewDate),
    problems: [],
    reviewDate,
    participation: 'PN1',
    ...fields,
  };
}

export function adoption(childId: string, fields: Partial<Adoption> = {}): Adoption {
  const decisionDate = fields.decisionDate ?? null;
  return {
    la: LA,
    childId,
    key: keys.adoption(LA, childId, decisionDate),
    problems: [],
    decisionDate,
    matchDate: null,
    decisionReversedDate: null,
    decisionReversedReason: null,
    fosterCarerAdoption: false,
    numberOfAdopters: 2,
    adoptersSex: 'MF',
    adoptersLegalStatus: 'L0',
    placementOrderDate: null,
    placedDate: null,
    adoptionOrderDate: null,
    ...fields,
  };
}

export function careLeaver(
  childId: string,
  yearEnding: IsoDate,
  fields: Partial<CareLeaver> = {},
): CareLeaver {
  return {
    la: LA,
    childId,
    key: keys.careLeaver(LA, childId, yearEnding),
    problems: [],
    ageAtBirthday: null,
    inTouch: 'YES',
    activity: 'F2',
    accommodation: 'U1',
    yearEnding,
    ...fields,
  };
}

export function missing(
  childId: string,
  startDate: IsoDate,
  fields: Partial<MissingEpisode> = {},
): MissingEpisode {
  return {
    la: LA,
    childId,
    key: keys.missingEpisode(LA, childId, startDate),
    problems: [],
    kind: 'M',
    startDate,
    endDate: null,
    ...fields,
  };
}

export function period(code: string): Period {
  const parsed = parsePeriod(code);
  if (!parsed) throw new Error(`Not a period code: ${code}`);
  return parsed;
}

export function input(records: Partial<ChildRecords>, periodCode: string): MeasureInput {
  return {
    records: indexRecords({ ...emptyRecords(), ...records }),
    period: period(periodCode),
    settings: DEFAULT_SETTINGS,
    calendar,
  };
}

export const rowsOf = (measure: MeasureDefinition, records: Partial<ChildRecords>, periodCode: string) =>
  measure.rows(input(records, periodCode));

/** The children counted in the numerator, in row order. */
export const numerator = (rows: readonly MeasureRow[]): string[] =>
  rows.filter((r) => r.inNumerator && r.leftOutBecause === null).map((r) => r.childId);

/** The children counted in the denominator, in row order. */
export const denominator = (rows: readonly MeasureRow[]): string[] =>
  rows.filter((r) => r.inDenominator && r.leftOutBecause === null).map((r) => r.childId);

/** The children left out, with the field that left each out. */
export const leftOut = (rows: readonly MeasureRow[]): [string, string][] =>
  rows.filter((r) => r.leftOutBecause !== null).map((r) => [r.childId, r.leftOutBecause!]);
