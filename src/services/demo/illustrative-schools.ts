import Papa from 'papaparse';
import { GRADES, type Grade } from '../../domain/schools/inspection.ts';
import { PHASES, type Governance, type Phase } from '../../domain/schools/school.ts';

/**
 * ILLUSTRATIVE school records for the demo: a made-up Birmingham register,
 * its links and Ofsted outcomes, built so that the position computed from
 * them reproduces, cell for cell, the two tables the council published
 * (ofsted-position.csv: outcomes to 12 June 2017 and to 8 November 2017).
 * No record is a real school: the URNs are 900001 upwards (real URNs are
 * far below), every name ends "(illustrative)", and the import marks every
 * record illustrative so every page says so. Only the counts are real.
 *
 * How the records are made, per governance and phase:
 * - as many schools as the published row counts (the same in June and
 *   November), each with a judgement published before 12 June 2017 giving
 *   the June counts, special measures included;
 * - the fewest re-inspections, published between 13 June and 8 November
 *   2017, that turn the June counts into the November ones, each moving a
 *   school one grade (found from the difference in cumulative counts at
 *   each boundary between grades);
 * - academies of three kinds: converters whose predecessor (a closed LA
 *   school, linked in the links file) carries the judgement because the
 *   academy has not been inspected itself; converters and sponsor-led
 *   academies with their own judgement (and the predecessor's before it in
 *   their history); free schools. Eight more free schools, opened in
 *   September 2016 and not yet inspected, are left out of both tables: the
 *   council's infographic counted 178 academies and free schools against
 *   170 in the table;
 * - older inspections and the odd ungraded (section 8) inspection give the
 *   school pages a history.
 *
 * Pure and deterministic: the same published tables give the same files.
 * demo/generate-illustrative-schools.ts writes them to demo/fixtures/.
 */

export const JUNE = '2017-06-12';
export const NOVEMBER = '2017-11-08';
const LA_CODE = '330';
const LA_NAME = 'Birmingham';
const FIRST_URN = 900001;
/** Free schools open and not yet inspected: left out of both tables. */
const UNINSPECTED_FREE_SCHOOLS = 8;
/** Counted free schools per phase (the rest of the academies are academies). */
const FREE_SCHOOLS: Partial<Record<Phase, number>> = { primary: 4, secondary: 3, pru_ap: 1, special: 1 };

export interface PublishedCounts {
  total: number;
  grades: Record<Grade, number>;
  specialMeasures: number;
}

/** The published position: date → governance → phase → counts. */
export type PublishedPosition = Map<string, Map<Governance, Map<Phase, PublishedCounts>>>;

const PHASE_AS_PRINTED: Record<string, Phase> = {
  nursery: 'nursery',
  primary: 'primary',
  secondary: 'secondary',
  'all through': 'all_through',
  special: 'special',
  pru: 'pru_ap',
  'pru / alternate provision': 'pru_ap',
};
const GOVERNANCE_AS_PRINTED: Record<string, Governance> = {
  'la maintained': 'la_maintained',
  academy: 'academy',
};

/**
 * Reads ofsted-position.csv. Where a table prints a phase twice (the June
 * academies' two Secondary rows, a known error of the source), the row kept
 * is the one with which the phases add up to the printed Total row.
 */
export function readPublishedPosition(csv: string): PublishedPosition {
  const rows = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
  const result: PublishedPosition = new Map();
  const grouped = new Map<string, Record<string, string>[]>();
  for (const row of rows) {
    const key = `${row.as_at}|${row.governance}`;
    grouped.set(key, [...(grouped.get(key) ?? []), row]);
  }
  for (const [key, table] of grouped) {
    const [asAt, governanceText] = key.split('|') as [string, string];
    const governance = GOVERNANCE_AS_PRINTED[governanceText.toLowerCase()];
    if (!governance) throw new Error(`ofsted-position.csv: unknown governance "${governanceText}"`);
    const total = table.find((r) => r.phase === 'Total');
    if (!total) throw new Error(`ofsted-position.csv: no Total row for ${key}`);
    const byPhase = new Map<Phase, Record<string, string>[]>();
    for (const row of table.filter((r) => r.phase !== 'Total')) {
      const phase = PHASE_AS_PRINTED[row.phase!.toLowerCase()];
      if (!phase) throw new Error(`ofsted-position.csv: unknown phase "${row.phase}"`);
      byPhase.set(phase, [...(byPhase.get(phase) ?? []), row]);
    }
    const fixed = [...byPhase].filter(([, r]) => r.length === 1).map(([, r]) => r[0]!);
    const sumOf = (list: Record<string, string>[], column: string) =>
      list.reduce((sum, r) => sum + Number(r[column] || 0), 0);
    const chosen = new Map<Phase, Record<string, string>>();
    for (const [phase, candidates] of byPhase) {
      const pick =
        candidates.length === 1
          ? candidates[0]!
          : candidates.find((c) =>
              ['total_schools', 'outstanding_count', 'good_count', 'ri_count', 'inadequate_count'].every(
                (column) => sumOf([...fixed, c], column) === Number(total[column]),
              ),
            );
      if (!pick) throw new Error(`ofsted-position.csv: no ${phase} row of ${key} adds up to the Total row`);
      chosen.set(phase, pick);
    }
    const phases = new Map<Phase, PublishedCounts>();
    for (const phase of PHASES) {
      const row = chosen.get(phase);
      phases.set(phase, {
        total: Number(row?.total_schools ?? 0),
        grades: {
          1: Number(row?.outstanding_count ?? 0),
          2: Number(row?.good_count ?? 0),
          3: Number(row?.ri_count ?? 0),
          4: Number(row?.inadequate_count ?? 0),
        },
        specialMeasures: Number(row?.special_measures_count ?? 0),
      });
    }
    if (!result.has(asAt)) result.set(asAt, new Map());
    result.get(asAt)!.set(governance, phases);
  }
  return result;
}

/** One school's outcome at each of the two dates. */
export interface Trajectory {
  june: Grade;
  november: Grade;
  juneSpecialMeasures: boolean;
  novemberSpecialMeasures: boolean;
  isReinspected: boolean;
}

/**
 * The schools of one row, with their June and November outcomes: the June
 * counts, then the fewest one-grade moves giving the November counts. At
 * each boundary between grade k and k+1 the number of schools crossing it
 * is the June count at or above k less the November count at or above k
 * (positive: declines; negative: improvements). Special measures are then
 * placed so that both dates' counts hold, schools not re-inspected keeping
 * their category.
 */
export function trajectories(june: PublishedCounts, november: PublishedCounts, where: string): Trajectory[] {
  if (june.total !== november.total)
    throw new Error(`${where}: ${june.total} schools in June but ${november.total} in November`);
  const schools: { june: Grade; november: Grade }[] = [];
  for (const grade of GRADES)
    for (let i = 0; i < june.grades[grade]; i++) schools.push({ june: grade, november: grade });
  const moved = new Set<number>();
  const cumulative = (c: PublishedCounts, k: number) =>
    GRADES.filter((g) => g <= k).reduce((s, g) => s + c.grades[g], 0);
  for (const k of [1, 2, 3] as const) {
    const flow = cumulative(june, k) - cumulative(november, k);
    const [from, to] = flow > 0 ? [k, k + 1] : [k + 1, k];
    for (let n = 0; n < Math.abs(flow); n++) {
      const index = schools.findIndex((s, i) => !moved.has(i) && s.june === from);
      if (index < 0) throw new Error(`${where}: cannot move a school from grade ${from} to ${to}`);
      moved.add(index);
      schools[index]!.november = to as Grade;
    }
  }
  for (const grade of GRADES)
    if (schools.filter((s) => s.november === grade).length !== november.grades[grade])
      throw new Error(`${where}: the moves do not give November's grade ${grade} count`);

  // Special measures: June's inadequate schools, then November's.
  const inadequateInJune = schools.map((s, i) => i).filter((i) => schools[i]!.june === 4);
  const stayers = inadequateInJune.filter((i) => schools[i]!.november === 4);
  const leavers = inadequateInJune.filter((i) => schools[i]!.november !== 4);
  const arrivals = schools
    .map((s, i) => i)
    .filter((i) => schools[i]!.june !== 4 && schools[i]!.november === 4);
  let stayersInSm = -1;
  for (
    let n = Math.max(0, june.specialMeasures - leavers.length);
    n <= Math.min(june.specialMeasures, stayers.length);
    n++
  ) {
    const arrivalsInSm = november.specialMeasures - n;
    if (arrivalsInSm >= 0 && arrivalsInSm <= arrivals.length) {
      stayersInSm = n;
      break;
    }
  }
  if (stayersInSm < 0) throw new Error(`${where}: special measures cannot be placed`);
  const inSmJune = new Set([
    ...stayers.slice(0, stayersInSm),
    ...leavers.slice(0, june.specialMeasures - stayersInSm),
  ]);
  const inSmNovember = new Set([
    ...stayers.slice(0, stayersInSm),
    ...arrivals.slice(0, november.specialMeasures - stayersInSm),
  ]);
  return schools.map((s, i) => ({
    ...s,
    juneSpecialMeasures: inSmJune.has(i),
    novemberSpecialMeasures: inSmNovember.has(i),
    isReinspected: moved.has(i),
  }));
}

// ---------------------------------------------------------------------------
// Records

interface IllustrativeSchool {
  urn: number;
  establishmentNumber: string;
  name: string;
  typeCode: string;
  typeName: string;
  typeGroupCode: string;
  typeGroupName: string;
  phaseCode: string;
  phaseName: string;
  statusCode: string;
  statusName: string;
  openDate: string;
  closeDate: string;
  reasonClosed: string;
}

interface IllustrativeInspection {
  number: string;
  urn: number;
  start: string;
  published: string;
  grade: Grade | null;
  category: 'SM' | 'SWK' | null;
  outcome: string | null;
}

interface Row {
  school: IllustrativeSchool;
  latest: IllustrativeInspection | null;
  previous: IllustrativeInspection | null;
  ungraded: IllustrativeInspection | null;
}

const LA_GROUP = { typeGroupCode: '4', typeGroupName: 'Local authority maintained schools' };
const ACADEMY_GROUP = { typeGroupCode: '10', typeGroupName: 'Academies' };
const FREE_GROUP = { typeGroupCode: '11', typeGroupName: 'Free Schools' };

const PHASE_OF_EDUCATION: Record<Phase, { phaseCode: string; phaseName: string; noun: string }> = {
  nursery: { phaseCode: '1', phaseName: 'Nursery', noun: 'Nursery School' },
  primary: { phaseCode: '2', phaseName: 'Primary', noun: 'Primary School' },
  secondary: { phaseCode: '4', phaseName: 'Secondary', noun: 'Secondary School' },
  all_through: { phaseCode: '7', phaseName: 'All-through', noun: 'All-through School' },
  special: { phaseCode: '0', phaseName: 'Not applicable', noun: 'Special School' },
  pru_ap: { phaseCode: '0', phaseName: 'Not applicable', noun: 'Pupil Referral Unit' },
};

const LA_TYPES: Record<Phase, [string, string][]> = {
  nursery: [['15', 'Local authority nursery school']],
  primary: [
    ['01', 'Community school'],
    ['02', 'Voluntary aided school'],
    ['03', 'Voluntary controlled school'],
    ['05', 'Foundation school'],
  ],
  secondary: [
    ['01', 'Community school'],
    ['05', 'Foundation school'],
    ['02', 'Voluntary aided school'],
  ],
  all_through: [['01', 'Community school']],
  special: [
    ['07', 'Community special school'],
    ['12', 'Foundation special school'],
  ],
  pru_ap: [['14', 'Pupil referral unit']],
};

function academyType(
  phase: Phase,
  kind: 'converter' | 'sponsor' | 'free',
): [string, string, typeof ACADEMY_GROUP] {
  if (kind === 'free') {
    if (phase === 'special') return ['36', 'Free schools special', FREE_GROUP];
    if (phase === 'pru_ap') return ['38', 'Free schools alternative provision', FREE_GROUP];
    return ['35', 'Free schools', FREE_GROUP];
  }
  if (phase === 'special')
    return kind === 'converter'
      ? ['44', 'Academy special converter', ACADEMY_GROUP]
      : ['33', 'Academy special sponsor led', ACADEMY_GROUP];
  if (phase === 'pru_ap')
    return kind === 'converter'
      ? ['42', 'Academy alternative provision converter', ACADEMY_GROUP]
      : ['43', 'Academy alternative provision sponsor led', ACADEMY_GROUP];
  return kind === 'converter'
    ? ['34', 'Academy converter', ACADEMY_GROUP]
    : ['28', 'Academy sponsor led', ACADEMY_GROUP];
}

const FIRST_WORDS = [
  'Alder',
  'Ashfield',
  'Beech',
  'Birchwood',
  'Bramble',
  'Cedar',
  'Chestnut',
  'Clover',
  'Elmstead',
  'Fernhill',
  'Foxglove',
  'Hawthorn',
  'Hazel',
  'Heather',
  'Hollybank',
  'Juniper',
  'Kestrel',
  'Larch',
  'Linden',
  'Maple',
  'Meadow',
  'Oakridge',
  'Orchard',
  'Primrose',
  'Rowan',
  'Sorrel',
  'Sycamore',
  'Willow',
  'Wren',
  'Yew',
];
const SECOND_WORDS = [
  'Lane',
  'Park',
  'Vale',
  'Green',
  'Brook',
  'Hill',
  'Grove',
  'Fields',
  'Row',
  'Heath',
  'Dale',
  'Cross',
  'Mount',
  'Gate',
  'Bank',
  'End',
];
const SAINTS = ['St Aidan’s', 'St Bede’s', 'St Clare’s', 'St Hilda’s', 'St Oswald’s', 'St Cuthbert’s'];

/** A small deterministic generator (a linear congruential one), so the files are the same on every run. */
function randomFrom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

export interface IllustrativeFiles {
  establishments: string;
  links: string;
  /** CSV text in the 2019–2023 Ofsted layout, with a title row; written as Windows-1252. */
  inspections: string;
  /**
   * CSV text in the report-card layout (from November 2025), as at March
   * 2026: every open school's latest graded inspection, and for one school
   * in eleven a report card published since December 2025.
   */
  reportCards: string;
  schools: number;
}

/**
 * The register, links and Ofsted files for the published position.
 * `ofstedHeadings` are the column headings of Ofsted's 2019–2023 layout,
 * `reportCardHeadings` those of its report-card layout.
 */
export function buildIllustrativeSchools(
  published: PublishedPosition,
  ofstedHeadings: string[],
  reportCardHeadings: string[],
): IllustrativeFiles {
  const random = randomFrom(20171108);
  const between = (from: string, to: string) =>
    addDays(from, Math.floor(random() * (daysBetween(from, to) + 1)));
  let nextUrn = FIRST_URN;
  let nextInspection = 700001;
  let nameIndex = 0;
  const numbers = new Map<Phase, number>();
  const rows: Row[] = [];
  const closed: IllustrativeSchool[] = [];
  const links: [number, number, string, string][] = [];

  const nameFor = (phase: Phase, kind: 'la' | 'converter' | 'sponsor' | 'free') => {
    const i = nameIndex++;
    const round = Math.floor(i / (FIRST_WORDS.length * SECOND_WORDS.length));
    const place = `${FIRST_WORDS[i % FIRST_WORDS.length]} ${SECOND_WORDS[Math.floor(i / FIRST_WORDS.length) % SECOND_WORDS.length]}${round ? ` ${['North', 'South', 'East', 'West'][(round - 1) % 4]}` : ''}`;
    const noun = PHASE_OF_EDUCATION[phase].noun;
    const base =
      kind === 'la' && phase === 'primary' && i % 23 === 0
        ? `${SAINTS[(i / 23) % SAINTS.length]} C of E ${noun}`
        : kind === 'free'
          ? `${place} Free School`
          : kind === 'la'
            ? `${place} ${noun}`
            : `${place} Academy`;
    return `${base} (illustrative)`;
  };
  const establishmentNumber = (phase: Phase) => {
    const base = {
      nursery: 1000,
      primary: 2000,
      secondary: 4000,
      all_through: 4500,
      special: 7000,
      pru_ap: 1100,
    }[phase];
    const n = (numbers.get(phase) ?? 0) + 1;
    numbers.set(phase, n);
    return String(base + n);
  };
  const school = (
    phase: Phase,
    type: [string, string, { typeGroupCode: string; typeGroupName: string }],
    name: string,
    dates: { open?: string; close?: string; reasonClosed?: string } = {},
  ): IllustrativeSchool => ({
    urn: nextUrn++,
    establishmentNumber: establishmentNumber(phase),
    name,
    typeCode: type[0],
    typeName: type[1],
    ...type[2],
    phaseCode: PHASE_OF_EDUCATION[phase].phaseCode,
    phaseName: PHASE_OF_EDUCATION[phase].phaseName,
    statusCode: dates.close ? '2' : '1',
    statusName: dates.close ? 'Closed' : 'Open',
    openDate: dates.open ?? '',
    closeDate: dates.close ?? '',
    reasonClosed: dates.reasonClosed ?? '',
  });
  const inspect = (
    urn: number,
    grade: Grade,
    isSpecialMeasures: boolean,
    window: [string, string],
  ): IllustrativeInspection => {
    const published = between(window[0], window[1]);
    return {
      number: String(nextInspection++),
      urn,
      start: addDays(published, -(21 + Math.floor(random() * 21))),
      published,
      grade,
      category: grade === 4 ? (isSpecialMeasures ? 'SM' : 'SWK') : null,
      outcome: null,
    };
  };
  /** When the June judgement was published: schools in a category recently, others any time in seven years. */
  const juneWindow = (t: Trajectory, after = '2010-09-01'): [string, string] =>
    t.june === 4 ? [later('2016-01-15', after), '2017-05-31'] : [later('2010-09-01', after), '2017-05-31'];
  const later = (a: string, b: string) => (a > b ? a : b);
  const reinspection = (urn: number, t: Trajectory) =>
    inspect(urn, t.november, t.novemberSpecialMeasures, ['2017-06-30', '2017-11-03']);

  for (const governance of ['la_maintained', 'academy'] as const) {
    for (const phase of PHASES) {
      const where = `${governance} ${phase}`;
      const june = published.get(JUNE)?.get(governance)?.get(phase);
      const november = published.get(NOVEMBER)?.get(governance)?.get(phase);
      if (!june || !november) throw new Error(`The published position has no ${where} row for both dates`);
      const list = trajectories(june, november, where);
      // Re-inspected schools first, so that the academies judged by their predecessor are among the rest.
      list.sort((a, b) => Number(b.isReinspected) - Number(a.isReinspected));
      const freeCount = governance === 'academy' ? (FREE_SCHOOLS[phase] ?? 0) : 0;
      list.forEach((t, index) => {
        if (governance === 'la_maintained') {
          const types = LA_TYPES[phase];
          const s = school(phase, [...types[index % types.length]!, LA_GROUP], nameFor(phase, 'la'));
          const first = inspect(s.urn, t.june, t.juneSpecialMeasures, juneWindow(t));
          const older =
            index % 3 === 0
              ? inspect(s.urn, Math.min(4, t.june + (index % 2)) as Grade, false, [
                  '2008-01-10',
                  addDays(first.start, -700),
                ])
              : null;
          if (older && older.grade === 4) older.category = 'SWK';
          rows.push({
            school: s,
            latest: t.isReinspected ? reinspection(s.urn, t) : first,
            previous: t.isReinspected ? first : older,
            ungraded:
              !t.isReinspected && t.june === 2 && index % 5 === 1 && first.published < '2016-01-01'
                ? {
                    number: String(nextInspection++),
                    urn: s.urn,
                    start: addDays(first.published, 400),
                    published: addDays(first.published, 430),
                    grade: null,
                    category: null,
                    outcome: 'School remains Good',
                  }
                : null,
          });
          return;
        }
        // Academies and free schools.
        const kind = index >= list.length - freeCount ? 'free' : index % 3 === 0 ? 'sponsor' : 'converter';
        const isJudgedByPredecessor = kind === 'converter' && !t.isReinspected && index % 2 === 1;
        const opened =
          kind === 'free'
            ? between('2013-09-01', '2015-09-01')
            : `${2012 + (index % 5)}-${index % 2 ? '09' : '04'}-01`;
        const s = school(phase, academyType(phase, kind), nameFor(phase, kind), { open: opened });
        if (kind === 'converter') {
          const predecessor = school(phase, [...LA_TYPES[phase][0]!, LA_GROUP], nameFor(phase, 'la'), {
            close: addDays(opened, -1),
            reasonClosed: 'Academy converter',
          });
          closed.push(predecessor);
          links.push(
            [s.urn, predecessor.urn, 'Predecessor', opened],
            [predecessor.urn, s.urn, 'Successor', opened],
          );
          if (isJudgedByPredecessor) {
            const judgement = inspect(predecessor.urn, t.june, t.juneSpecialMeasures, [
              '2009-09-01',
              addDays(opened, -60),
            ]);
            rows.push({ school: s, latest: judgement, previous: null, ungraded: null });
            return;
          }
          const before = inspect(predecessor.urn, t.june === 1 ? 1 : 2, false, [
            '2009-09-01',
            addDays(opened, -60),
          ]);
          const first = inspect(s.urn, t.june, t.juneSpecialMeasures, juneWindow(t, addDays(opened, 120)));
          rows.push({
            school: s,
            latest: t.isReinspected ? reinspection(s.urn, t) : first,
            previous: t.isReinspected ? first : before,
            ungraded: null,
          });
          return;
        }
        const first = inspect(s.urn, t.june, t.juneSpecialMeasures, juneWindow(t, addDays(opened, 120)));
        rows.push({
          school: s,
          latest: t.isReinspected ? reinspection(s.urn, t) : first,
          previous: t.isReinspected ? first : null,
          ungraded: null,
        });
      });
    }
  }
  // Free schools opened in September 2016 and not yet inspected: in the register, left out of the tables.
  for (let i = 0; i < UNINSPECTED_FREE_SCHOOLS; i++) {
    const phase: Phase = i < 5 ? 'primary' : 'secondary';
    const s = school(phase, academyType(phase, 'free'), nameFor(phase, 'free'), { open: '2016-09-01' });
    rows.push({ school: s, latest: null, previous: null, ungraded: null });
  }

  const all = [...rows.map((r) => r.school), ...closed].sort((a, b) => a.urn - b.urn);
  return {
    establishments: csv(ESTABLISHMENT_HEADINGS, all.map(establishmentRow)),
    links: csv(
      LINK_HEADINGS,
      links
        .sort((a, b) => a[0] - b[0] || a[1] - b[1])
        .map(([urn, linkUrn, type, date]) => [
          String(urn),
          String(linkUrn),
          all.find((s) => s.urn === linkUrn)!.name,
          type,
          gias(date),
        ]),
    ),
    inspections: [
      'Management information - state-funded schools - latest inspections at 8 November 2017 (ILLUSTRATIVE records for the Scorecard demo: not real schools)',
      csv(
        ofstedHeadings,
        rows.map((r) => ofstedRow(ofstedHeadings, r)),
      ).trimEnd(),
      '',
    ].join('\r\n'),
    reportCards: [
      'Management information - state-funded schools - latest inspections at 31 March 2026 (ILLUSTRATIVE records for the Scorecard demo: not real schools)',
      csv(
        reportCardHeadings,
        rows.map((r, index) =>
          reportCardRow(reportCardHeadings, r, index, random, () => String(nextInspection++)),
        ),
      ).trimEnd(),
      '',
    ].join('\r\n'),
    schools: all.length,
  };
}

/** For each November 2017 grade, the report-card grades a school of it might get (drawn from at random). */
const CARD_GRADES: Record<Grade, string[]> = {
  1: ['Exceptional', 'Strong standard', 'Strong standard', 'Expected standard'],
  2: ['Strong standard', 'Expected standard', 'Expected standard', 'Expected standard', 'Needs attention'],
  3: ['Expected standard', 'Expected standard', 'Needs attention', 'Needs attention'],
  4: ['Expected standard', 'Needs attention', 'Needs attention', 'Urgent improvement'],
};

/** A school's row in the report-card layout: its latest graded inspection, and for one in eleven a report card. */
function reportCardRow(
  headings: string[],
  row: Row,
  index: number,
  random: () => number,
  nextNumber: () => string,
): string[] {
  const { school: s, latest } = row;
  const values: Record<string, string> = {
    URN: String(s.urn),
    LAESTAB: `${LA_CODE}${s.establishmentNumber}`,
    'School name': s.name,
    'Type of education': s.typeName,
    'Local authority': LA_NAME,
    'Ofsted region': 'West Midlands',
  };
  if (latest) {
    Object.assign(values, {
      'Inspection number of latest OEIF graded inspection': latest.number,
      'Inspection start date of latest OEIF graded inspection': ofsted(latest.start),
      'Publication date of latest OEIF graded inspection': ofsted(latest.published),
      'Does the latest OEIF graded inspection relate to the URN of the current school?':
        latest.urn === s.urn ? 'Yes' : 'No',
      'URN at time of latest OEIF graded inspection': String(latest.urn),
      'Latest OEIF overall effectiveness': String(latest.grade),
      'Latest OEIF category of concern': latest.category ?? 'NULL',
      'Inspection number of latest full inspection': latest.number,
      'Inspection start date': ofsted(latest.start),
      'Publication date': ofsted(latest.published),
      'Does the latest full inspection relate to the URN of the current school?':
        latest.urn === s.urn ? 'Yes' : 'No',
      'URN at time of latest full inspection': String(latest.urn),
    });
  }
  if (latest && index % 11 === 3) {
    const published = addDays('2025-12-15', Math.floor(random() * 100));
    const options = CARD_GRADES[latest.grade!];
    const grade = () => options[Math.floor(random() * options.length)]!;
    const isPrimaryOrNursery = s.phaseName === 'Primary' || s.phaseName === 'Nursery';
    const urgent = latest.grade === 4 && latest.category === 'SM';
    Object.assign(values, {
      'Inspection number of latest full inspection': nextNumber(),
      'Inspection type': 'Report card inspection',
      'Inspection start date': ofsted(addDays(published, -30)),
      'Publication date': ofsted(published),
      'Does the latest full inspection relate to the URN of the current school?': 'Yes',
      'URN at time of latest full inspection': String(s.urn),
      'Category of concern': urgent ? 'SM' : 'NULL',
      'Safeguarding standards': urgent ? 'Not met' : 'Met',
      Inclusion: grade(),
      'Curriculum and teaching': grade(),
      Achievement: grade(),
      'Attendance and behaviour': grade(),
      'Personal development and wellbeing': grade(),
      'Early years (where applicable)': isPrimaryOrNursery ? grade() : 'NULL',
      'Post-16 provision (where applicable)': s.phaseName === 'Secondary' && index % 2 ? grade() : 'NULL',
      'Leadership and governance': urgent ? 'Urgent improvement' : grade(),
      'Most recent category of concern': urgent ? 'SM' : 'NULL',
    });
  }
  return headings.map((h) => values[h] ?? 'NULL');
}

const ESTABLISHMENT_HEADINGS = [
  'URN',
  'LA (code)',
  'LA (name)',
  'EstablishmentNumber',
  'EstablishmentName',
  'TypeOfEstablishment (code)',
  'TypeOfEstablishment (name)',
  'EstablishmentTypeGroup (code)',
  'EstablishmentTypeGroup (name)',
  'EstablishmentStatus (code)',
  'EstablishmentStatus (name)',
  'OpenDate',
  'ReasonEstablishmentClosed (name)',
  'CloseDate',
  'PhaseOfEducation (code)',
  'PhaseOfEducation (name)',
];
const LINK_HEADINGS = ['URN', 'LinkURN', 'LinkName', 'LinkType', 'LinkEstablishedDate'];

const gias = (iso: string) => (iso ? `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}` : '');
const ofsted = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

function establishmentRow(s: IllustrativeSchool): string[] {
  return [
    String(s.urn),
    LA_CODE,
    LA_NAME,
    s.establishmentNumber,
    s.name,
    s.typeCode,
    s.typeName,
    s.typeGroupCode,
    s.typeGroupName,
    s.statusCode,
    s.statusName,
    gias(s.openDate),
    s.reasonClosed || 'Not applicable',
    gias(s.closeDate),
    s.phaseCode,
    s.phaseName,
  ];
}

function ofstedRow(headings: string[], row: Row): string[] {
  const { school: s, latest, previous, ungraded } = row;
  const relates = (i: IllustrativeInspection) => (i.urn === s.urn ? 'Yes' : 'No');
  const values: Record<string, string> = {
    URN: String(s.urn),
    LAESTAB: `${LA_CODE}${s.establishmentNumber}`,
    'School name': s.name,
    'Ofsted phase':
      s.phaseName === 'Not applicable' ? (s.typeName.includes('special') ? 'Special' : 'PRU') : s.phaseName,
    'Type of education': s.typeName,
    'School open date': s.openDate ? ofsted(s.openDate) : 'NULL',
    'Local authority': LA_NAME,
    'Ofsted region': 'West Midlands',
  };
  if (latest) {
    Object.assign(values, {
      'Inspection number of latest full inspection': latest.number,
      'Inspection start date': ofsted(latest.start),
      'Inspection end date': ofsted(addDays(latest.start, 1)),
      'Publication date': ofsted(latest.published),
      'Overall effectiveness': String(latest.grade),
      'Category of concern': latest.category ?? 'NULL',
      'Does the latest full inspection relate to the URN of the current school?': relates(latest),
      'URN at time of latest full inspection': String(latest.urn),
      'Inspection type': 'S5 Inspection',
    });
  }
  if (previous) {
    Object.assign(values, {
      'Previous full inspection number': previous.number,
      'Previous inspection start date': ofsted(previous.start),
      'Previous inspection end date': ofsted(addDays(previous.start, 1)),
      'Previous publication date': ofsted(previous.published),
      'Previous full inspection overall effectiveness': String(previous.grade),
      'Previous category of concern': previous.category ?? 'NULL',
      'Does the previous full inspection relate to the URN of the current school?': relates(previous),
      'URN at time of previous full inspection': String(previous.urn),
    });
  }
  if (ungraded) {
    Object.assign(values, {
      'Latest section 8 inspection number since last full inspection': ungraded.number,
      'Date of latest section 8 inspection': ofsted(ungraded.start),
      'Section 8 inspection publication date': ofsted(ungraded.published),
      'Section 8 inspection overall outcome': ungraded.outcome ?? 'NULL',
      'Does the section 8 inspection relate to the URN of the current school?': 'Yes',
      'URN at time of the section 8 inspection': String(s.urn),
      'Number of section 8 inspections since the last full inspection': '1',
    });
  }
  return headings.map((h) => values[h] ?? 'NULL');
}

function csv(headings: string[], rows: string[][]): string {
  const cell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  return [headings, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Text as Windows-1252 bytes (Ofsted's and GIAS's encoding); only the characters the demo uses beyond ASCII. */
export function toWindows1252(text: string): Uint8Array {
  const high: Record<string, number> = { '’': 0x92, '‘': 0x91, '–': 0x96, é: 0xe9 };
  return new Uint8Array(
    [...text].map((ch) => {
      const code = ch.charCodeAt(0);
      if (code < 0x80) return code;
      const byte = high[ch];
      if (byte === undefined) throw new Error(`No Windows-1252 byte for "${ch}" in the demo's list`);
      return byte;
    }),
  );
}
