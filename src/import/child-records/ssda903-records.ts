/**
 * An SSDA903 return's tables mapped onto the child-level model, with the
 * adopted rules (ssda903-rules.ts) applied as it goes. The Header is the
 * child list: a row of another table whose child is not in it is kept and
 * reported. A row that cannot be a record (no child, or no readable date
 * where the record's key needs one) is left out and reported; a repeat of a
 * record's key is left out and reported, the first row kept.
 */
import {
  emptyRecords,
  keys,
  type Child,
  type ChildRecords,
  type Finding,
  type IsoDate,
} from '../../measures/model.ts';
import { mapAdoptions } from './ssda903-adoptions.ts';
import { mapCareLeavers } from './ssda903-care-leavers.ts';
import { mapEpisodes } from './ssda903-episodes.ts';
import { mapMissing, mapReviews } from './ssda903-events.ts';
import { FindingSink, type Draft, type MapContext } from './ssda903-findings.ts';
import { RULES } from './ssda903-rules.ts';
import type { SourceRow, Ssda903Tables } from './ssda903-tables.ts';
import { code, collectionYearEnd, orNull, parseReturnDate } from './ssda903-values.ts';

export interface Ssda903Options {
  /** The authority's DfE three-digit code. */
  la: string;
  /** The 31 March that ends the collection year; by default the one ending the year of the latest episode start. */
  yearEnding?: IsoDate;
}

export interface MappedReturn {
  records: ChildRecords;
  findings: Finding[];
  yearEnding: IsoDate | null;
}

/**
 * The collection year's end: the 31 March on or after the latest valid
 * episode start (DECOM). Episode ends are not used: a DEC after the year
 * is itself an error (rule 385), and reviews and UASC dates run past it in
 * the returns seen.
 */
export function deriveYearEnding(episodeRows: readonly SourceRow[]): IsoDate | null {
  let latest: IsoDate | null = null;
  for (const row of episodeRows) {
    const start = parseReturnDate(row.values.DECOM!);
    if (start && (latest === null || start > latest)) latest = start;
  }
  return latest && collectionYearEnd(latest);
}

export function mapSsda903Tables(tables: Ssda903Tables, options: Ssda903Options): MappedReturn {
  const { la } = options;
  const yearEnding = options.yearEnding ?? deriveYearEnding(tables.episodes);
  const sink = new FindingSink();
  const children = new Map<string, Draft<Child>>();
  const context: MapContext = {
    la,
    sink,
    isKnownChild: (childId) => children.has(childId),
    childOf: (row, kind) => {
      const childId = row.values.CHILD!;
      if (childId !== '') return childId;
      sink.flag(RULES.childIdBlank, row, null, null, { kind });
      return null;
    },
  };

  for (const row of tables.header) {
    const childId = context.childOf(row, 'children');
    if (childId === null) continue;
    const key = keys.child(la, childId);
    if (children.has(childId)) {
      sink.flag(RULES.childRepeated, row, childId, null, { recordKey: key });
      continue;
    }
    const v = row.values;
    const sexCode = code(v.SEX!);
    const child: Draft<Child> = {
      la,
      childId,
      key,
      problems: [],
      birthDate: parseReturnDate(v.DOB!),
      sex: sexCode === '1' ? 'M' : sexCode === '2' ? 'F' : null,
      ethnicity: orNull(code(v.ETHNIC!)),
      upn: orNull(v.UPN!),
      hasDisability: null,
      uascCeasedDate: null,
      wasUasc: false,
      team: null,
    };
    if (child.sex === null) sink.flag(RULES.sexInvalid, row, childId, child);
    if (child.birthDate === null) sink.flag(RULES.birthDateInvalid, row, childId, child);
    children.set(childId, child);
  }
  markUasc(tables.uasc, children, context);

  const { episodes, byChild } = mapEpisodes(tables.episodes, context, yearEnding);
  const records: ChildRecords = {
    ...emptyRecords(),
    children: [...children.values()],
    episodes,
    careReviews: mapReviews(tables.reviews, context),
    missingEpisodes: mapMissing(tables.missing, context),
    adoptions: mapAdoptions(tables.placedAdoption, tables.ad1, {
      ...context,
      episodesOf: (childId) => byChild.get(childId) ?? [],
    }),
    careLeavers: mapCareLeavers(tables.oc3, {
      ...context,
      child: (childId) => children.get(childId),
      yearEnding,
    }),
  };

  const membership = [
    [tables.oc2, RULES.oc2ChildUnknown],
    [tables.previousPermanence, RULES.previousPermanenceChildUnknown],
    [tables.socialWorkerEpisodes, RULES.otherTableChildUnknown],
    [tables.deprivationOfLiberty, RULES.otherTableChildUnknown],
  ] as const;
  for (const [rows, rule] of membership)
    for (const row of rows) {
      const childId = context.childOf(row, 'children');
      if (childId !== null && !children.has(childId)) sink.flag(rule, row, childId, null);
    }

  return { records, findings: sink.findings, yearEnding };
}

/** The UASC table marks its children as having been unaccompanied asylum seekers, with the date that ceased. */
function markUasc(
  rows: readonly SourceRow[],
  children: ReadonlyMap<string, Draft<Child>>,
  context: MapContext,
) {
  const { sink } = context;
  const seen = new Set<string>();
  for (const row of rows) {
    const childId = context.childOf(row, 'children');
    if (childId === null) continue;
    const child = children.get(childId);
    if (!child) sink.flag(RULES.uascChildUnknown, row, childId, null);
    else if (seen.has(childId)) sink.flag(RULES.uascRepeated, row, childId, child);
    else {
      seen.add(childId);
      child.wasUasc = true;
      child.uascCeasedDate = parseReturnDate(row.values.DUC!);
      if (row.values.DUC !== '' && child.uascCeasedDate === null)
        sink.flag(RULES.uascCeasedInvalid, row, childId, child);
    }
  }
}
