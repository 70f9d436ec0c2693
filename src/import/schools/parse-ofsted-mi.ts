import {
  REPORT_CARD_AREAS,
  REPORT_CARD_GRADES,
  type CategoryOfConcern,
  type Grade,
  type Inspection,
  type InspectionKind,
  type ReportCard,
  type ReportCardArea,
  type ReportCardGrade,
  type Safeguarding,
} from '../../domain/schools/inspection.ts';
import type { Issue } from '../../errors.ts';
import {
  columnLetter,
  decodeText,
  isNothing,
  normaliseHeader,
  parseDate,
  parseUrn,
  readCsvTable,
  type CsvTable,
} from './csv-table.ts';

/**
 * Ofsted's monthly management information for state-funded schools, "latest
 * inspections": one row per open school with its latest graded inspection,
 * the one before, and its latest ungraded inspection. Three layouts are
 * read (docs/schools.md lists their columns):
 *
 * - `eif`: 2019 to 2023, "full inspection" and "section 8" in the names;
 * - `graded_ungraded`: 2023-24 and 2024-25, the same columns renamed to
 *   "graded" and "ungraded" ("Overall effectiveness" is "Not judged" for
 *   graded inspections from September 2024);
 * - `report_card`: from November 2025: the latest inspection's report card
 *   (a grade per evaluation area, safeguarding standards met or not), and
 *   the latest graded inspection under the old framework ("OEIF") beside it.
 *
 * The layout is told by its columns, never by the file name. Title rows
 * above the headings, Windows-1252 text, `NULL` for nothing and spacing
 * differences in headings are all tolerated. Each inspection becomes one
 * record, keyed by its inspection number, whether it is of the school now
 * open or of its predecessor ("Does the … inspection relate to the URN of
 * the current school?"). Never throws on bad data: every problem is an
 * issue naming the file, row and column.
 */

export const MI_LAYOUTS = ['eif', 'graded_ungraded', 'report_card'] as const;
export type MiLayout = (typeof MI_LAYOUTS)[number];

export const MI_LAYOUT_LABELS: Record<MiLayout, string> = {
  eif: 'Ofsted management information, 2019–2023 layout (full and section 8 inspections)',
  graded_ungraded: 'Ofsted management information, 2023–2025 layout (graded and ungraded inspections)',
  report_card: 'Ofsted management information, report-card layout (from November 2025)',
};

export interface ParsedInspections {
  layout: MiLayout | null;
  inspections: Inspection[];
  /** Every school the file reports on, with its row: each must be in the register. */
  reported: { urn: number; row: number; name: string }[];
  issues: Issue[];
  notes: string[];
  encoding: string;
}

/** Where one inspection's facts are, in a layout: header names, compared normalised; the first found is used. */
interface Slot {
  kind: InspectionKind;
  number: string[];
  start: string[];
  publication: string[];
  relatesToCurrent: string[];
  urnAtTime: string[];
  overall?: string[];
  category?: string[];
  outcome?: string[];
  /** The slot is the latest inspection's report card: its grades are in the report-card columns. */
  isReportCard?: boolean;
}

const LATEST_GRADED: Slot = {
  kind: 'graded',
  number: ['Inspection number of latest full inspection', 'Inspection number of latest graded inspection'],
  start: ['Inspection start date'],
  publication: ['Publication date'],
  relatesToCurrent: [
    'Does the latest full inspection relate to the URN of the current school?',
    'Does the latest graded inspection relate to the URN of the current school?',
  ],
  urnAtTime: ['URN at time of latest full inspection', 'URN at time of latest graded inspection'],
  overall: ['Overall effectiveness'],
  category: ['Category of concern'],
};

const PREVIOUS_GRADED: Slot = {
  kind: 'graded',
  number: [
    'Previous full inspection number',
    'Previous graded inspection number',
    'Previous inspection number',
  ],
  start: ['Previous inspection start date'],
  publication: ['Previous publication date'],
  relatesToCurrent: [
    'Does the previous full inspection relate to the URN of the current school?',
    'Does the previous graded inspection relate to the URN of the current school?',
  ],
  urnAtTime: ['URN at time of previous full inspection', 'URN at time of previous graded inspection'],
  overall: [
    'Previous full inspection overall effectiveness',
    'Previous graded inspection overall effectiveness',
    'Previous overall effectiveness',
  ],
  category: ['Previous category of concern'],
};

const LATEST_UNGRADED: Slot = {
  kind: 'ungraded',
  number: [
    'Latest section 8 inspection number since last full inspection',
    'Latest ungraded inspection number since last graded inspection',
    'Latest ungraded inspection number',
  ],
  start: ['Date of latest section 8 inspection', 'Date of latest ungraded inspection'],
  publication: ['Section 8 inspection publication date', 'Ungraded inspection publication date'],
  relatesToCurrent: [
    'Does the section 8 inspection relate to the URN of the current school?',
    'Does the ungraded inspection relate to the URN of the current school?',
  ],
  urnAtTime: ['URN at time of the section 8 inspection', 'URN at time of the ungraded inspection'],
  outcome: ['Section 8 inspection overall outcome', 'Ungraded inspection overall outcome'],
};

const LATEST_REPORT_CARD: Slot = {
  kind: 'report_card',
  number: ['Inspection number of latest full inspection'],
  start: ['Inspection start date'],
  publication: ['Publication date'],
  relatesToCurrent: ['Does the latest full inspection relate to the URN of the current school?'],
  urnAtTime: ['URN at time of latest full inspection'],
  category: ['Category of concern'],
  isReportCard: true,
};

const LATEST_OEIF: Slot = {
  kind: 'graded',
  number: ['Inspection number of latest OEIF graded inspection'],
  start: ['Inspection start date of latest OEIF graded inspection'],
  publication: ['Publication date of latest OEIF graded inspection'],
  relatesToCurrent: ['Does the latest OEIF graded inspection relate to the URN of the current school?'],
  urnAtTime: ['URN at time of latest OEIF graded inspection'],
  overall: ['Latest OEIF overall effectiveness'],
  category: ['Latest OEIF category of concern'],
};

const SLOTS: Record<MiLayout, Slot[]> = {
  eif: [LATEST_GRADED, PREVIOUS_GRADED, LATEST_UNGRADED],
  graded_ungraded: [LATEST_GRADED, PREVIOUS_GRADED, LATEST_UNGRADED],
  report_card: [LATEST_REPORT_CARD, LATEST_OEIF, LATEST_UNGRADED],
};

const REPORT_CARD_COLUMNS: Record<ReportCardArea, string[]> = {
  inclusion: ['Inclusion'],
  curriculum_and_teaching: ['Curriculum and teaching'],
  achievement: ['Achievement'],
  attendance_and_behaviour: ['Attendance and behaviour'],
  personal_development_and_wellbeing: [
    'Personal development and wellbeing',
    'Personal development and well-being',
  ],
  early_years: ['Early years (where applicable)', 'Early years'],
  post_16: ['Post-16 provision (where applicable)', 'Post-16 provision'],
  leadership_and_governance: ['Leadership and governance'],
};
const SAFEGUARDING_COLUMNS = ['Safeguarding standards'];
const NAME_COLUMNS = ['School name'];

/** Tells the layout from the headings. */
export function detectLayout(columns: Map<string, unknown>): MiLayout | null {
  const has = (name: string) => columns.has(normaliseHeader(name));
  if (has('Safeguarding standards') || has('Latest OEIF overall effectiveness')) return 'report_card';
  if (has('Inspection number of latest graded inspection')) return 'graded_ungraded';
  if (has('Inspection number of latest full inspection') && has('Overall effectiveness')) return 'eif';
  return null;
}

const OVERALL_WORDS: Record<string, Grade | null> = {
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  outstanding: 1,
  good: 2,
  'requires improvement': 3,
  inadequate: 4,
  // Ofsted's "not applicable" code, and the words used for graded inspections without an overall grade.
  '9': null,
  'not judged': null,
  'not applicable': null,
};

const CATEGORY_WORDS: Record<string, CategoryOfConcern | null> = {
  sm: 'special_measures',
  'special measures': 'special_measures',
  swk: 'serious_weaknesses',
  sw: 'serious_weaknesses',
  'serious weaknesses': 'serious_weaknesses',
  '9': null,
  none: null,
  'not applicable': null,
};

const REPORT_CARD_WORDS: Record<string, ReportCardGrade | null> = {
  exceptional: 'exceptional',
  'strong standard': 'strong_standard',
  strong: 'strong_standard',
  'expected standard': 'expected_standard',
  expected: 'expected_standard',
  'needs attention': 'needs_attention',
  'urgent improvement': 'urgent_improvement',
  ...Object.fromEntries(REPORT_CARD_GRADES.map((g, i) => [String(i + 1), g])),
  'not applicable': null,
  'not graded': null,
  'not inspected': null,
};

const SAFEGUARDING_WORDS: Record<string, Safeguarding> = {
  met: 'met',
  yes: 'met',
  true: 'met',
  'not met': 'not_met',
  no: 'not_met',
  false: 'not_met',
};

const YES_NO: Record<string, boolean> = {
  yes: true,
  y: true,
  true: true,
  '1': true,
  no: false,
  n: false,
  false: false,
  '0': false,
};

const words = (value: string) => value.trim().toLowerCase().replace(/\s+/g, ' ');

export function parseOfstedInspections(fileName: string, bytes: Uint8Array): ParsedInspections {
  const decoded = decodeText(bytes);
  const { table, issues } = readCsvTable(fileName, decoded.text, 'URN');
  const result: ParsedInspections = {
    layout: null,
    inspections: [],
    reported: [],
    issues,
    notes: [`Read as ${decoded.encodingLabel}.`],
    encoding: decoded.encodingLabel,
  };
  if (!table) return result;
  if (table.skippedTitleRows)
    result.notes.push(
      `The first ${table.skippedTitleRows} row${table.skippedTitleRows === 1 ? ' was a title' : 's were titles'} above the column headings, and ${table.skippedTitleRows === 1 ? 'was' : 'were'} skipped.`,
    );
  const layout = detectLayout(table.columns);
  if (!layout) {
    issues.push({
      file: fileName,
      row: table.skippedTitleRows + 1,
      field: '',
      message:
        'the columns are not one of the Ofsted management-information layouts this service reads (2019–2023 "full inspection", 2023–2025 "graded inspection", or the report-card layout from November 2025): none of "Inspection number of latest full inspection" with "Overall effectiveness", "Inspection number of latest graded inspection", "Safeguarding standards" or "Latest OEIF overall effectiveness" is there',
    });
    return result;
  }
  result.layout = layout;
  result.notes.push(`Layout: ${MI_LAYOUT_LABELS[layout]}.`);
  readRows(fileName, table, layout, result);
  return result;
}

function readRows(fileName: string, table: CsvTable, layout: MiLayout, result: ParsedInspections) {
  const { issues } = result;
  const find = (names: string[] | undefined) =>
    names?.map((n) => table.columns.get(normaliseHeader(n))).find((i) => i !== undefined);
  const urnColumn = find(['URN'])!;
  const nameColumn = find(NAME_COLUMNS);
  const slots = SLOTS[layout].map((slot) => ({
    slot,
    number: find(slot.number),
    start: find(slot.start),
    publication: find(slot.publication),
    relatesToCurrent: find(slot.relatesToCurrent),
    urnAtTime: find(slot.urnAtTime),
    overall: find(slot.overall),
    category: find(slot.category),
    outcome: find(slot.outcome),
  }));
  const cardColumns = REPORT_CARD_AREAS.map((area) => ({ area, index: find(REPORT_CARD_COLUMNS[area]) }));
  const safeguardingColumn = find(SAFEGUARDING_COLUMNS);
  const firstRowOf = new Map<number, number>();
  const byKey = new Map<string, Inspection>();

  for (const { row, cells } of table.rows) {
    const at = (index: number | undefined) => (index === undefined ? '' : (cells[index] ?? '').trim());
    const problem = (index: number, message: string) =>
      issues.push({
        file: fileName,
        row,
        column: columnLetter(index),
        field: table.headers[index]!,
        message,
      });

    const urn = parseUrn(at(urnColumn));
    if (urn === null) {
      problem(urnColumn, `"${at(urnColumn)}" is not a URN (a whole number)`);
      continue;
    }
    const earlier = firstRowOf.get(urn);
    if (earlier !== undefined) {
      problem(urnColumn, `URN ${urn} is also on row ${earlier}: each school must appear once`);
      continue;
    }
    firstRowOf.set(urn, row);
    result.reported.push({ urn, row, name: at(nameColumn) });

    for (const s of slots) {
      const numberText = at(s.number);
      const startText = at(s.start);
      const card = s.slot.isReportCard ? readReportCard() : null;
      if (s.slot.isReportCard && !card) continue; // the latest inspection was not a report card
      if (isNothing(numberText) && isNothing(startText)) continue; // no such inspection
      const issuesBefore = issues.length;
      const startDate = isNothing(startText) ? null : parseDate(startText);
      if (startDate === null)
        problem(
          s.start ?? s.number!,
          isNothing(startText)
            ? 'the inspection has no start date'
            : `"${startText}" is not a date (Ofsted writes them as 18/01/2018)`,
        );
      const publicationText = at(s.publication);
      const publicationDate = isNothing(publicationText) ? null : parseDate(publicationText);
      if (!isNothing(publicationText) && publicationDate === null)
        problem(s.publication!, `"${publicationText}" is not a date (Ofsted writes them as 18/01/2018)`);
      const inspectedUrn = urnInspected(s.relatesToCurrent, s.urnAtTime, urn);
      const overall =
        s.overall === undefined
          ? null
          : lookUp(s.overall, OVERALL_WORDS, 'an overall effectiveness grade (1 to 4)');
      const category =
        s.category === undefined
          ? null
          : lookUp(s.category, CATEGORY_WORDS, 'a category of concern (SM or SWK)');
      if (issues.length > issuesBefore) continue;
      const outcome = at(s.outcome);
      const inspection: Inspection = {
        inspectionNumber: isNothing(numberText) ? `${inspectedUrn}-${startDate}` : numberText,
        urn: inspectedUrn!,
        reportedUrn: urn,
        kind: s.slot.kind,
        startDate: startDate!,
        publicationDate,
        overallEffectiveness: overall ?? null,
        categoryOfConcern: category ?? null,
        ungradedOutcome: s.slot.kind === 'ungraded' && !isNothing(outcome) ? outcome : null,
        reportCard: card,
      };
      const key = `${inspection.inspectionNumber}|${urn}`;
      const existing = byKey.get(key);
      // The report-card layout may give one inspection twice (as the latest, and as the latest OEIF one).
      if (existing && (existing.kind === 'report_card' || existing.overallEffectiveness !== null)) continue;
      byKey.set(key, inspection);
    }

    function lookUp<T>(index: number, table: Record<string, T>, what: string): T | null | undefined {
      const text = at(index);
      if (isNothing(text)) return null;
      const key = words(text);
      if (key in table) return table[key];
      problem(index, `"${text}" is not ${what}`);
      return undefined;
    }

    function urnInspected(
      relates: number | undefined,
      urnAtTime: number | undefined,
      current: number,
    ): number | null {
      const text = at(relates);
      if (isNothing(text)) return current;
      const answer = YES_NO[words(text)];
      if (answer === undefined) {
        problem(relates!, `"${text}" is not Yes or No`);
        return null;
      }
      if (answer) return current;
      const other = parseUrn(at(urnAtTime));
      if (other === null) {
        problem(
          urnAtTime ?? relates!,
          `the inspection is of another school, but "${at(urnAtTime)}" is not the URN it had then`,
        );
        return null;
      }
      return other;
    }

    function readReportCard(): ReportCard | null {
      const grades: ReportCard['grades'] = {};
      let isAny = false;
      for (const { area, index } of cardColumns) {
        if (index === undefined) continue;
        const grade = lookUp(
          index,
          REPORT_CARD_WORDS,
          'a report-card grade (Exceptional, Strong standard, Expected standard, Needs attention or Urgent improvement)',
        );
        if (grade) {
          grades[area] = grade;
          isAny = true;
        }
      }
      let safeguarding: Safeguarding | null = null;
      if (safeguardingColumn !== undefined && !isNothing(at(safeguardingColumn))) {
        const text = at(safeguardingColumn);
        safeguarding = SAFEGUARDING_WORDS[words(text)] ?? null;
        if (!safeguarding) problem(safeguardingColumn, `"${text}" is not Met or Not met`);
        else isAny = true;
      }
      return isAny ? { grades, safeguarding } : null;
    }
  }
  result.inspections = [...byKey.values()];
  if (!result.reported.length && !issues.length)
    issues.push({ file: fileName, field: '', message: 'the file has column headings but no schools' });
}
