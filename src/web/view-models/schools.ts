import {
  CATEGORY_LABELS,
  GRADE_LABELS,
  INSPECTION_KIND_LABELS,
  REPORT_CARD_AREA_LABELS,
  REPORT_CARD_AREAS,
  REPORT_CARD_GRADE_LABELS,
  REPORT_CARD_GRADES,
  countsFrom,
  type Inspection,
  type ReportCardArea,
  type ReportCardGrade,
} from '../../domain/schools/inspection.ts';
import { MOVEMENT_LABELS, type Movement } from '../../domain/schools/movements.ts';
import {
  POSITION_COLUMN_LABELS,
  POSITION_COLUMNS,
  type CountSelector,
  type PlacedSchool,
  type Position,
  type PositionColumn,
} from '../../domain/schools/position.ts';
import { GOVERNANCE_LABELS, PHASE_LABELS, type Governance, type Phase } from '../../domain/schools/school.ts';

/**
 * What the schools pages show, already formatted: the position tables with
 * a drill-down link behind every count, the report-card tables, lists of
 * schools, a school's history and movements. Pure.
 */

export const TABLE_LABELS: Record<Governance | 'all', string> = { ...GOVERNANCE_LABELS, all: 'All schools' };

/** 12 June 2017 */
export function longDate(iso: string): string {
  return new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

export interface PositionQuery {
  laCodes: string[];
  asAt: string;
}

export function queryString(params: Record<string, string | string[] | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) search.append(key, v);
  }
  return search.toString();
}

const percentText = (p: number | null) => (p === null ? '–' : `${p}%`);

/** The four-point tables: rows of phases and a total, each count a link to the schools behind it. */
export function positionTablesView(position: Position, query: PositionQuery) {
  const link = (governance: Governance | 'all', phase: Phase | 'total', column: PositionColumn | 'total') =>
    `/schools/list?${queryString({ la: query.laCodes, asAt: query.asAt, governance, phase, column })}`;
  return position.tables.map((table) => ({
    governance: table.governance,
    caption: TABLE_LABELS[table.governance],
    columns: POSITION_COLUMNS.map((c) => POSITION_COLUMN_LABELS[c]),
    rows: table.rows.map((row) => ({
      label: row.phase === 'total' ? 'Total' : PHASE_LABELS[row.phase],
      isTotal: row.phase === 'total',
      total: {
        count: row.cell.total,
        href: row.cell.total ? link(table.governance, row.phase, 'total') : null,
      },
      cells: POSITION_COLUMNS.map((column) => ({
        count: row.cell.counts[column],
        percent: percentText(row.cell.percents[column]),
        href: row.cell.counts[column] ? link(table.governance, row.phase, column) : null,
        label: `${POSITION_COLUMN_LABELS[column]}, ${row.phase === 'total' ? 'all phases' : PHASE_LABELS[row.phase]}, ${TABLE_LABELS[table.governance]}`,
      })),
    })),
  }));
}

/** The report-card tables: an evaluation area per row, the five-point scale across, then safeguarding. */
export function reportCardTablesView(position: Position, query: PositionQuery) {
  const link = (governance: Governance | 'all', area: string, grade: string) =>
    `/schools/list?${queryString({ la: query.laCodes, asAt: query.asAt, view: 'report-cards', governance, area, grade })}`;
  return position.reportCards.map((table) => ({
    governance: table.governance,
    caption: TABLE_LABELS[table.governance],
    schools: table.schools,
    schoolsHref: table.schools ? link(table.governance, 'any', 'any') : null,
    grades: REPORT_CARD_GRADES.map((g) => REPORT_CARD_GRADE_LABELS[g]),
    rows: table.areas.map((row) => ({
      label: REPORT_CARD_AREA_LABELS[row.area],
      graded: row.graded,
      cells: REPORT_CARD_GRADES.map((grade) => ({
        count: row.counts[grade],
        percent: percentText(
          row.graded ? Math.floor((200 * row.counts[grade] + row.graded) / (2 * row.graded)) : null,
        ),
        href: row.counts[grade] ? link(table.governance, row.area, grade) : null,
      })),
    })),
    safeguarding: {
      met: table.safeguarding.met,
      notMet: table.safeguarding.notMet,
      metHref: table.safeguarding.met ? link(table.governance, 'safeguarding', 'met') : null,
      notMetHref: table.safeguarding.notMet ? link(table.governance, 'safeguarding', 'not_met') : null,
    },
  }));
}

/** What a drill-down is of, in words: "Good or outstanding, primary, LA maintained". */
export function selectorText(selector: CountSelector): string {
  const table = TABLE_LABELS[selector.governance];
  if (selector.view === 'not_graded') return `Not yet graded, ${table}`;
  if (selector.view === 'grades') {
    const column =
      selector.column === 'total' ? 'All schools counted' : POSITION_COLUMN_LABELS[selector.column];
    return `${column}, ${selector.phase === 'total' ? 'all phases' : PHASE_LABELS[selector.phase]}, ${table}`;
  }
  if (selector.area === 'any') return `Schools with a report card, ${table}`;
  if (selector.area === 'safeguarding')
    return `Safeguarding standards ${selector.grade === 'not_met' ? 'not met' : 'met'}, ${table}`;
  const grade =
    selector.grade === 'any' ? 'any grade' : REPORT_CARD_GRADE_LABELS[selector.grade as ReportCardGrade];
  return `${REPORT_CARD_AREA_LABELS[selector.area]}: ${grade}, ${table}`;
}

export function inspectionText(i: Inspection): string {
  if (i.kind === 'ungraded') return i.ungradedOutcome ?? 'Ungraded inspection';
  if (i.kind === 'report_card') return 'Report card';
  if (i.overallEffectiveness === null) return 'No overall grade';
  return GRADE_LABELS[i.overallEffectiveness];
}

/** One school in a list: where it is counted and what judges it. */
export function placedSchoolView(p: PlacedSchool, asAt: string) {
  const c = p.classification;
  const s = p.standing;
  return {
    urn: p.school.urn,
    href: `/schools/${p.school.urn}?${queryString({ asAt })}`,
    name: p.school.name,
    type: p.school.typeName,
    phase: c.isInScope ? PHASE_LABELS[c.phase] : '',
    governance: c.isInScope ? GOVERNANCE_LABELS[c.governance] : '',
    grade: s?.overall ? GRADE_LABELS[s.overall.grade] : 'Not yet graded',
    gradeDate: s?.overall ? longDate(countsFrom(s.overall.inspection)) : '',
    category: s?.categoryOfConcern ? CATEGORY_LABELS[s.categoryOfConcern] : '',
    judgedBy: s?.isPredecessors ? `Predecessor, URN ${s.judgedByUrn}` : s ? 'Own inspection' : '',
    isSuperseded: s?.isGradeSuperseded ?? false,
    reportCard: s?.reportCard
      ? REPORT_CARD_AREAS.filter((a) => s.reportCard!.grades[a]).map((a: ReportCardArea) => ({
          area: REPORT_CARD_AREA_LABELS[a],
          grade: REPORT_CARD_GRADE_LABELS[s.reportCard!.grades[a]!],
        }))
      : null,
    isIllustrative: p.school.isIllustrative,
  };
}

export function historyView(history: Inspection[], urn: number, names: Map<number, { name: string }>) {
  return history.map((i) => ({
    number: i.inspectionNumber,
    kind: INSPECTION_KIND_LABELS[i.kind],
    start: longDate(i.startDate),
    published: i.publicationDate ? longDate(i.publicationDate) : 'Not given',
    outcome: inspectionText(i),
    category: i.categoryOfConcern ? CATEGORY_LABELS[i.categoryOfConcern] : '',
    of: i.urn === urn ? 'This school' : `${names.get(i.urn)?.name ?? 'A predecessor'} (URN ${i.urn})`,
    ofHref: i.urn === urn ? null : `/schools/${i.urn}`,
    reportCard: i.reportCard
      ? [
          ...REPORT_CARD_AREAS.filter((a) => i.reportCard!.grades[a]).map((a) => ({
            area: REPORT_CARD_AREA_LABELS[a],
            grade: REPORT_CARD_GRADE_LABELS[i.reportCard!.grades[a]!],
          })),
          ...(i.reportCard.safeguarding
            ? [
                {
                  area: 'Safeguarding standards',
                  grade: i.reportCard.safeguarding === 'met' ? 'Met' : 'Not met',
                },
              ]
            : []),
        ]
      : null,
  }));
}

export function movementView(m: Movement, to: string) {
  const grade = (g: Movement['gradeBefore']) => (g === null ? 'Not counted' : GRADE_LABELS[g]);
  return {
    name: m.school.name,
    href: `/schools/${m.school.urn}?${queryString({ asAt: to })}`,
    urn: m.school.urn,
    kinds: m.kinds.map((k) => MOVEMENT_LABELS[k]),
    before: grade(m.gradeBefore),
    after: grade(m.gradeAfter),
  };
}
