import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/support/databases.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { findIndicator } from '../../db/repositories/catalogue.ts';
import { countMovements } from '../../domain/schools/movements.ts';
import type { Position, PositionColumn } from '../../domain/schools/position.ts';
import type { Phase } from '../../domain/schools/school.ts';
import { systemContext } from '../context.ts';
import { createSchoolServices } from '../schools/index.ts';
import { JUNE, NOVEMBER, toWindows1252 } from './illustrative-schools.ts';
import {
  BIRMINGHAM,
  ILLUSTRATIVE_SCHOOL_FILES,
  loadSchools,
  makeIllustrativeSchools,
} from './load-schools.ts';

const FIXTURES = new URL('../../../demo/fixtures/', import.meta.url).pathname;
const READER = systemContext('test');

/** ofsted-position.csv, as the council printed it. */
interface PrintedRow {
  as_at: string;
  governance: string;
  phase: string;
  total_schools: string;
  [column: string]: string;
}

const PHASE: Record<string, Phase | 'total'> = {
  Nursery: 'nursery',
  Primary: 'primary',
  Secondary: 'secondary',
  'All Through': 'all_through',
  Special: 'special',
  PRU: 'pru_ap',
  'PRU / Alternate Provision': 'pru_ap',
  Total: 'total',
};
const COLUMN_PREFIX: Record<PositionColumn, string> = {
  outstanding: 'outstanding',
  good: 'good',
  requires_improvement: 'ri',
  inadequate: 'inadequate',
  good_or_outstanding: 'good_or_outstanding',
  special_measures: 'special_measures',
};

describe.each(testDatabases)('the illustrative Birmingham schools on $name', (database) => {
  let handle: DatabaseHandle;
  let printed: PrintedRow[];
  const positions = new Map<string, Position>();

  beforeAll(async () => {
    handle = await database.open();
    printed = Papa.parse<PrintedRow>(await readFile(`${FIXTURES}ofsted-position.csv`, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    await loadSchools(handle.db, FIXTURES);
    const schools = createSchoolServices(handle.db);
    for (const asAt of [JUNE, NOVEMBER])
      positions.set(asAt, (await schools.position({ laCodes: [BIRMINGHAM], asAt }, READER)).position);
  });
  afterAll(() => handle?.close());

  /** The printed rows, less the June academies' 54-school Secondary row (the known duplicate: see the fixtures README). */
  const reproducible = () =>
    printed.filter((r) => !(r.as_at === JUNE && r.governance === 'Academy' && r.total_schools === '54'));

  it('reproduces both published tables cell for cell: counts, and percentages rounded half up', () => {
    const rows = reproducible();
    expect(rows).toHaveLength(28);
    for (const row of rows) {
      const governance = row.governance === 'Academy' ? 'academy' : 'la_maintained';
      const cell = positions
        .get(row.as_at)!
        .tables.find((t) => t.governance === governance)!
        .rows.find((r) => r.phase === PHASE[row.phase])!.cell;
      const where = `${row.as_at} ${row.governance} ${row.phase}`;
      expect(cell.total, where).toBe(Number(row.total_schools));
      for (const [column, prefix] of Object.entries(COLUMN_PREFIX) as [PositionColumn, string][]) {
        expect(cell.counts[column], `${where} ${column}`).toBe(Number(row[`${prefix}_count`]));
        // A printed "-" is an empty percentage: 000 prints it for a count of 0; both print it for a row of no schools.
        const printedPercent = row[`${prefix}_pct`]!;
        expect(cell.percents[column], `${where} ${column} %`).toBe(
          printedPercent === '' ? (cell.total === 0 ? null : 0) : Number(printedPercent),
        );
      }
    }
  });

  it('does not reproduce the June academies’ duplicated 54-school Secondary row, which contradicts the printed Total', () => {
    const secondary = positions
      .get(JUNE)!
      .tables.find((t) => t.governance === 'academy')!
      .rows.find((r) => r.phase === 'secondary')!.cell;
    expect(secondary.total).toBe(52);
  });

  it('leaves the eight uninspected free schools out of both tables, listed as not yet graded', () => {
    for (const asAt of [JUNE, NOVEMBER]) {
      const position = positions.get(asAt)!;
      expect(position.summary.notGraded).toBe(8);
      expect(position.summary.counted).toBe(439);
      expect(position.summary.byPredecessor).toBeGreaterThan(10);
    }
  });

  it('finds the movements between the two reports that the tables imply, one grade at a time', async () => {
    const { movements, from } = await createSchoolServices(handle.db).movements(
      { laCodes: [BIRMINGHAM], to: NOVEMBER },
      READER,
    );
    // "Since the last report": the June position was recorded before November's.
    expect(from).toBe(JUNE);
    expect(countMovements(movements)).toEqual({
      improved: 6,
      declined: 8,
      newly_special_measures: 2,
      left_special_measures: 2,
      joined: 0,
      left: 0,
    });
    for (const m of movements)
      if (m.gradeBefore !== null && m.gradeAfter !== null)
        expect(Math.abs(m.gradeAfter - m.gradeBefore)).toBeLessThanOrEqual(1);
  });

  it('records both positions as the indicator, whole authority and by governance', async () => {
    const indicator = (await findIndicator(handle.db, 'SCH-01'))!;
    const rows = await handle.db
      .selectFrom('indicator_values')
      .select(['period', 'breakdown', 'value', 'numerator', 'denominator', 'status', 'source'])
      .where('indicator_id', '=', indicator.id)
      .where('is_current', '=', true)
      .orderBy('period')
      .orderBy('breakdown')
      .execute();
    expect(rows.map((r) => [r.period, r.breakdown, r.numerator, r.denominator])).toEqual([
      ['2017-06', '', 356, 439],
      ['2017-06', 'school_governance=academy', 124, 170],
      ['2017-06', 'school_governance=la_maintained', 232, 269],
      ['2017-11', '', 355, 439],
      ['2017-11', 'school_governance=academy', 124, 170],
      ['2017-11', 'school_governance=la_maintained', 231, 269],
    ]);
    expect(rows[0]!.source).toBe(
      'Computed from the school register and Ofsted inspection outcomes: the Ofsted position of Birmingham (330) as at 2017-06-12, by the rules in docs/schools.md',
    );
    expect(rows.every((r) => r.status === 'validated')).toBe(true);
  });

  it('shows the transition in 2026: report cards counted by area, the last overall grade kept and marked', async () => {
    const { position } = await createSchoolServices(handle.db).position(
      { laCodes: [BIRMINGHAM], asAt: '2026-04-30' },
      READER,
    );
    const all = position.reportCards.find((t) => t.governance === 'all')!;
    expect(position.summary.withReportCard).toBeGreaterThan(30);
    expect(all.schools).toBe(position.summary.withReportCard);
    // A school with a report card keeps its own last overall grade, marked superseded; a converted academy
    // that was judged by its predecessor has no grade of its own, so its first inspection, a report card,
    // takes it out of the four-point counts (and into the not-yet-graded list).
    const carded = position.schools.filter((p) => p.standing?.reportCard);
    const superseded = carded.filter((p) => p.placement === 'counted');
    const ownCardOnly = carded.filter((p) => p.placement === 'not_graded');
    expect(superseded.length + ownCardOnly.length).toBe(carded.length);
    expect(superseded.every((p) => p.standing!.isGradeSuperseded && !p.standing!.isPredecessors)).toBe(true);
    expect(position.summary.gradeSuperseded).toBe(superseded.length);
    expect(position.summary.counted).toBe(439 - ownCardOnly.length);
    expect(position.summary.notGraded).toBe(8 + ownCardOnly.length);
    expect(all.safeguarding.met + all.safeguarding.notMet).toBe(all.schools);
    expect(all.areas.find((a) => a.area === 'inclusion')!.graded).toBe(all.schools);
  });

  it('loads once: loading again changes nothing', async () => {
    const before = await handle.db.selectFrom('school_imports').select('id').execute();
    await loadSchools(handle.db, FIXTURES);
    expect(await handle.db.selectFrom('school_imports').select('id').execute()).toEqual(before);
  });

  it('marks every record illustrative', async () => {
    const real = await handle.db
      .selectFrom('schools')
      .select('urn')
      .where('is_illustrative', '=', false)
      .execute();
    expect(real).toEqual([]);
  });
});

describe('the illustrative files', () => {
  it('are exactly what the generator makes from the published tables', async () => {
    const files = await makeIllustrativeSchools(FIXTURES);
    const committed = async (name: string) => new Uint8Array(await readFile(`${FIXTURES}${name}`));
    expect(await committed(ILLUSTRATIVE_SCHOOL_FILES.establishments)).toEqual(
      toWindows1252(files.establishments),
    );
    expect(await committed(ILLUSTRATIVE_SCHOOL_FILES.links)).toEqual(new TextEncoder().encode(files.links));
    expect(await committed(ILLUSTRATIVE_SCHOOL_FILES.inspections)).toEqual(toWindows1252(files.inspections));
    expect(await committed(ILLUSTRATIVE_SCHOOL_FILES.reportCards)).toEqual(toWindows1252(files.reportCards));
  });
});
