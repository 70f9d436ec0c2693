/**
 * The council's "Ofsted position": every open state-funded school of an
 * authority on a given day, by governance and phase, counted by its
 * inspection judgement. Pure: schools, inspections and links in; tables,
 * and the school behind every count, out.
 *
 * The rules (docs/schools.md says them for people):
 * - A school is in the position on a day when it was open that day (see
 *   isOpenOn: closed schools are left out) and is a state-funded school (see
 *   classifySchool).
 * - It is judged by its own inspections that count by then (published by
 *   that day: see countsFrom). A school with none of its own — a converted
 *   academy not yet inspected — takes its predecessor's, following the chain
 *   of predecessors (see predecessors.ts), and the latest of several.
 * - Its grade is the overall effectiveness of the latest of those
 *   inspections that gave one. A school with no grade at all — a new free
 *   school not yet inspected, and any other new school — is left out of the
 *   counts and listed as not yet judged.
 * - Its category of concern (special measures) is that of the latest graded
 *   or report-card inspection, whether or not it gave an overall grade.
 * - After September 2024 graded inspections gave no overall grade, and from
 *   10 November 2025 report cards replace it: a school inspected since keeps
 *   its last overall grade in the four-point table, marked as superseded,
 *   and its report card is counted in the report-card tables. See
 *   docs/schools.md, "The transition".
 * - Percentages are of the row's total, rounded half up to whole numbers;
 *   a row with no schools has none (shown as a dash).
 */
import {
  compareLatestFirst,
  countsFrom,
  isJudging,
  REPORT_CARD_AREAS,
  REPORT_CARD_GRADES,
  type CategoryOfConcern,
  type Grade,
  type Inspection,
  type ReportCard,
  type ReportCardArea,
  type ReportCardGrade,
} from './inspection.ts';
import { predecessorsOf, type SchoolLink } from './predecessors.ts';
import {
  classifySchool,
  GOVERNANCES,
  isOpenOn,
  PHASES,
  type Classification,
  type Governance,
  type Phase,
  type School,
} from './school.ts';

export const POSITION_COLUMNS = [
  'outstanding',
  'good',
  'requires_improvement',
  'inadequate',
  'good_or_outstanding',
  'special_measures',
] as const;
export type PositionColumn = (typeof POSITION_COLUMNS)[number];

export const POSITION_COLUMN_LABELS: Record<PositionColumn | 'total', string> = {
  total: 'Total schools',
  outstanding: 'Outstanding',
  good: 'Good',
  requires_improvement: 'Requires improvement',
  inadequate: 'Inadequate',
  good_or_outstanding: 'Good or outstanding',
  special_measures: 'Special measures',
};

const GRADE_COLUMN: Record<Grade, PositionColumn> = {
  1: 'outstanding',
  2: 'good',
  3: 'requires_improvement',
  4: 'inadequate',
};

/** What judges a school on a day, and whose inspections say so. */
export interface Standing {
  /** The school whose inspections judge it: itself, or a predecessor. */
  judgedByUrn: number;
  isPredecessors: boolean;
  /** The latest inspection with an overall effectiveness grade, and the grade. */
  overall: { grade: Grade; inspection: Inspection } | null;
  /** The latest graded or report-card inspection (with or without an overall grade). */
  latest: Inspection;
  categoryOfConcern: CategoryOfConcern | null;
  /** The latest inspection's report card, when it was a report-card inspection. */
  reportCard: ReportCard | null;
  /** Inspected since its overall grade under a framework that gives none: the grade is its last, not a current one. */
  isGradeSuperseded: boolean;
}

/** Inspections by the URN inspected, latest first. */
export type InspectionIndex = Map<number, Inspection[]>;

export function indexInspections(inspections: readonly Inspection[]): InspectionIndex {
  const index: InspectionIndex = new Map();
  for (const inspection of inspections) {
    let list = index.get(inspection.urn);
    if (!list) index.set(inspection.urn, (list = []));
    list.push(inspection);
  }
  for (const list of index.values()) list.sort(compareLatestFirst);
  return index;
}

/**
 * The predecessors that carry a judgement: GIAS's links, and Ofsted's own
 * word that a school's inspection was of another URN (an inspection reported
 * for one school but of another).
 */
export function judgementPredecessors(
  links: readonly SchoolLink[],
  inspections: readonly Inspection[],
): Map<number, number[]> {
  const fromOfsted = inspections
    .filter((i) => i.urn !== i.reportedUrn)
    .map((i) => ({ urn: i.reportedUrn, predecessorUrn: i.urn }));
  return predecessorsOf(links, fromOfsted);
}

/**
 * How a school stands on a day, or null when nothing judges it yet. Its own
 * judging inspections decide when it has any; otherwise each predecessor's
 * standing is found the same way (so chains are followed, and a loop is
 * never walked twice) and the one judged most recently is taken.
 */
export function standingOn(
  urn: number,
  day: string,
  inspections: InspectionIndex,
  predecessors: Map<number, number[]>,
): Standing | null {
  const found = judgingInspections(urn, day, inspections, predecessors, new Set([urn]));
  if (!found) return null;
  const [latest] = found.judging;
  const overallInspection = found.judging.find((i) => i.overallEffectiveness !== null) ?? null;
  return {
    judgedByUrn: found.urn,
    isPredecessors: found.urn !== urn,
    overall: overallInspection
      ? { grade: overallInspection.overallEffectiveness!, inspection: overallInspection }
      : null,
    latest: latest!,
    categoryOfConcern: latest!.categoryOfConcern,
    reportCard: latest!.kind === 'report_card' ? latest!.reportCard : null,
    isGradeSuperseded: overallInspection !== null && overallInspection !== latest,
  };
}

function judgingInspections(
  urn: number,
  day: string,
  inspections: InspectionIndex,
  predecessors: Map<number, number[]>,
  visited: Set<number>,
): { urn: number; judging: Inspection[] } | null {
  const own = (inspections.get(urn) ?? []).filter((i) => isJudging(i) && countsFrom(i) <= day);
  if (own.length) return { urn, judging: own };
  let best: { urn: number; judging: Inspection[] } | null = null;
  for (const predecessor of predecessors.get(urn) ?? []) {
    if (visited.has(predecessor)) continue;
    visited.add(predecessor);
    const candidate = judgingInspections(predecessor, day, inspections, predecessors, visited);
    if (candidate && (!best || compareLatestFirst(candidate.judging[0]!, best.judging[0]!) < 0))
      best = candidate;
  }
  return best;
}

/** Where a school is in the position. */
export type Placement =
  /** In the four-point counts. */
  | 'counted'
  /** Open and in scope, with no overall grade of its own or a predecessor's: left out of the counts. */
  | 'not_graded'
  /** Not open on the day (closed, or not yet open). */
  | 'not_open'
  /** Not a state-funded school. */
  | 'out_of_scope';

export interface PlacedSchool {
  school: School;
  classification: Classification;
  placement: Placement;
  standing: Standing | null;
}

export interface PositionCell {
  total: number;
  counts: Record<PositionColumn, number>;
  /** Of the total, rounded half up; null when the total is 0. */
  percents: Record<PositionColumn, number | null>;
}

export interface PositionRow {
  phase: Phase | 'total';
  cell: PositionCell;
}

export interface PositionTable {
  governance: Governance | 'all';
  rows: PositionRow[];
}

export interface ReportCardTable {
  governance: Governance | 'all';
  /** Schools whose latest inspection is a report card. */
  schools: number;
  areas: { area: ReportCardArea; graded: number; counts: Record<ReportCardGrade, number> }[];
  safeguarding: { met: number; notMet: number };
}

export interface Position {
  asAt: string;
  /** LA maintained, academies and free schools, then all schools together. */
  tables: PositionTable[];
  reportCards: ReportCardTable[];
  /** Every school given, with where it is and why. */
  schools: PlacedSchool[];
  summary: {
    counted: number;
    notGraded: number;
    byPredecessor: number;
    gradeSuperseded: number;
    withReportCard: number;
  };
}

export interface PositionInput {
  /** The schools of the authority (or group of authorities). */
  schools: readonly School[];
  /** Their inspections and their predecessors' (others are ignored). */
  inspections: readonly Inspection[];
  links: readonly SchoolLink[];
  /** ISO date. */
  asAt: string;
}

/** The percentage of a total, rounded half up to a whole number, in exact integer arithmetic; null for a total of 0. */
export function percentOf(count: number, total: number): number | null {
  if (total === 0) return null;
  return Math.floor((200 * count + total) / (2 * total));
}

export function buildPosition(input: PositionInput): Position {
  const index = indexInspections(input.inspections);
  const predecessors = judgementPredecessors(input.links, input.inspections);
  const placed = input.schools.map((school) => place(school, input.asAt, index, predecessors));
  return summarise(input.asAt, placed);
}

/** Where one school is on a day. */
export function place(
  school: School,
  day: string,
  inspections: InspectionIndex,
  predecessors: Map<number, number[]>,
): PlacedSchool {
  const classification = classifySchool(school);
  if (!classification.isInScope) return { school, classification, placement: 'out_of_scope', standing: null };
  if (!isOpenOn(school, day)) return { school, classification, placement: 'not_open', standing: null };
  const standing = standingOn(school.urn, day, inspections, predecessors);
  return {
    school,
    classification,
    placement: standing?.overall ? 'counted' : 'not_graded',
    standing,
  };
}

/** The tables from schools already placed (one pass; also what every authority's table in a national run uses). */
export function summarise(asAt: string, placed: PlacedSchool[]): Position {
  const tally = new Map<string, { total: number; counts: Record<PositionColumn, number> }>();
  const cardTally = new Map<Governance | 'all', ReportCardTable>();
  const blank = () => ({ total: 0, counts: zeroes(POSITION_COLUMNS) });
  for (const governance of [...GOVERNANCES, 'all' as const]) {
    for (const phase of [...PHASES, 'total' as const]) tally.set(`${governance}|${phase}`, blank());
    cardTally.set(governance, emptyReportCardTable(governance));
  }
  const summary = { counted: 0, notGraded: 0, byPredecessor: 0, gradeSuperseded: 0, withReportCard: 0 };

  for (const { classification, placement, standing } of placed) {
    if (!classification.isInScope || !standing) {
      if (placement === 'not_graded') summary.notGraded++;
      continue;
    }
    const { governance, phase } = classification;
    if (standing.reportCard) {
      summary.withReportCard++;
      for (const key of [governance, 'all'] as const) addReportCard(cardTally.get(key)!, standing.reportCard);
    }
    if (placement !== 'counted') {
      summary.notGraded++;
      continue;
    }
    summary.counted++;
    if (standing.isPredecessors) summary.byPredecessor++;
    if (standing.isGradeSuperseded) summary.gradeSuperseded++;
    const columns = columnsOf(standing);
    for (const key of [`${governance}|${phase}`, `${governance}|total`, `all|${phase}`, 'all|total']) {
      const cell = tally.get(key)!;
      cell.total++;
      for (const column of columns) cell.counts[column]++;
    }
  }

  const tables = [...GOVERNANCES, 'all' as const].map((governance) => ({
    governance,
    rows: [...PHASES, 'total' as const].map((phase) => {
      const { total, counts } = tally.get(`${governance}|${phase}`)!;
      const percents = Object.fromEntries(
        POSITION_COLUMNS.map((column) => [column, percentOf(counts[column], total)]),
      ) as Record<PositionColumn, number | null>;
      return { phase, cell: { total, counts, percents } };
    }),
  }));
  return {
    asAt,
    tables,
    reportCards: [...GOVERNANCES, 'all' as const].map((g) => cardTally.get(g)!),
    schools: placed,
    summary,
  };
}

/** The columns a counted school adds one to: its grade, good-or-outstanding, special measures. */
export function columnsOf(standing: Standing): PositionColumn[] {
  if (!standing.overall) return [];
  const columns: PositionColumn[] = [GRADE_COLUMN[standing.overall.grade]];
  if (standing.overall.grade <= 2) columns.push('good_or_outstanding');
  if (standing.categoryOfConcern === 'special_measures') columns.push('special_measures');
  return columns;
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

function emptyReportCardTable(governance: Governance | 'all'): ReportCardTable {
  return {
    governance,
    schools: 0,
    areas: REPORT_CARD_AREAS.map((area) => ({ area, graded: 0, counts: zeroes(REPORT_CARD_GRADES) })),
    safeguarding: { met: 0, notMet: 0 },
  };
}

function addReportCard(table: ReportCardTable, card: ReportCard) {
  table.schools++;
  for (const row of table.areas) {
    const grade = card.grades[row.area];
    if (!grade) continue;
    row.graded++;
    row.counts[grade]++;
  }
  if (card.safeguarding === 'met') table.safeguarding.met++;
  if (card.safeguarding === 'not_met') table.safeguarding.notMet++;
}

/** What a drill-down asks for: the schools behind one count of a table. */
export type CountSelector =
  | {
      view: 'grades';
      governance: Governance | 'all';
      phase: Phase | 'total';
      column: PositionColumn | 'total';
    }
  | {
      view: 'report_cards';
      governance: Governance | 'all';
      area: ReportCardArea | 'safeguarding' | 'any';
      grade: ReportCardGrade | 'met' | 'not_met' | 'any';
    }
  | { view: 'not_graded'; governance: Governance | 'all' };

/** The schools behind one count, in name order: exactly as many as the count. */
export function schoolsBehind(position: Position, selector: CountSelector): PlacedSchool[] {
  const inGovernance = (p: PlacedSchool) =>
    p.classification.isInScope &&
    (selector.governance === 'all' || p.classification.governance === selector.governance);
  const chosen = position.schools.filter((p) => {
    if (!inGovernance(p) || !p.classification.isInScope) return false;
    if (selector.view === 'not_graded') return p.placement === 'not_graded';
    if (selector.view === 'grades') {
      if (p.placement !== 'counted') return false;
      if (selector.phase !== 'total' && p.classification.phase !== selector.phase) return false;
      return selector.column === 'total' || columnsOf(p.standing!).includes(selector.column);
    }
    const card = p.standing?.reportCard;
    if (!card) return false;
    if (selector.area === 'safeguarding')
      return selector.grade === 'any' || card.safeguarding === selector.grade;
    if (selector.area === 'any') return true;
    const grade = card.grades[selector.area];
    return grade !== undefined && (selector.grade === 'any' || grade === selector.grade);
  });
  return chosen.sort((a, b) => a.school.name.localeCompare(b.school.name) || a.school.urn - b.school.urn);
}
