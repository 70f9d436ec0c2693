import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { systemContext } from '../context.ts';
import { importInspections, importSchoolRegister } from '../schools/import-schools.ts';
import { recordSchoolsPosition, SCHOOLS_INDICATOR_REF } from '../schools/record-position.ts';
import { setTarget } from '../set-target.ts';
import {
  buildIllustrativeSchools,
  JUNE,
  NOVEMBER,
  readPublishedPosition,
  type IllustrativeFiles,
} from './illustrative-schools.ts';

const DEMO = systemContext('demo');

/**
 * The demo's schools: an ILLUSTRATIVE Birmingham register, its links and
 * Ofsted outcomes (made-up schools, every record marked illustrative; see
 * illustrative-schools.ts), imported through the same parsers and services
 * as real files, so that the Ofsted position computed from them reproduces
 * the tables the council published for 12 June and 8 November 2017 (and,
 * from a second Ofsted file in the report-card layout, report cards for
 * one school in eleven since December 2025, so today's position shows the
 * transition). Both
 * positions are then recorded as the indicator "proportion of schools judged
 * good or outstanding" (SCH-01), with the council plan's 2017-18 target of
 * 80% (council plan measure 1 is the same measure).
 *
 * Idempotent: once the illustrative register is loaded, it does nothing.
 */

export const ILLUSTRATIVE_SCHOOL_FILES = {
  establishments: 'schools-illustrative-gias-establishments.csv',
  links: 'schools-illustrative-gias-links.csv',
  inspections: 'schools-illustrative-ofsted-mi-2017-11.csv',
  reportCards: 'schools-illustrative-ofsted-mi-2026-03.csv',
} as const;
/** The column headings of Ofsted's 2019–2023 layout, which the illustrative inspections file uses. */
export const OFSTED_2019_HEADINGS_FILE = 'ofsted_mi_cols_2019-2023_full-section8_latest.txt';
/** The column headings of Ofsted's report-card layout, which the illustrative 2026 file uses. */
export const OFSTED_REPORT_CARD_HEADINGS_FILE = 'ofsted_mi_cols_2025-11_reportcard_latest.txt';

/**
 * The illustrative files made afresh from the fixtures (the published
 * position and Ofsted's column headings): what
 * demo/generate-illustrative-schools.ts writes, and what a test checks the
 * committed files against.
 */
export async function makeIllustrativeSchools(fixturesDir: string): Promise<IllustrativeFiles> {
  const published = readPublishedPosition(await readFile(join(fixturesDir, 'ofsted-position.csv'), 'utf8'));
  const headingsOf = async (file: string) =>
    (await readFile(join(fixturesDir, file), 'utf8'))
      .split(/\r?\n/)
      .filter((line) => line.trim() && !line.startsWith('#'));
  return buildIllustrativeSchools(
    published,
    await headingsOf(OFSTED_2019_HEADINGS_FILE),
    await headingsOf(OFSTED_REPORT_CARD_HEADINGS_FILE),
  );
}
export const BIRMINGHAM = '330';

export async function loadSchools(db: Kysely<Database>, fixturesDir: string): Promise<void> {
  const loaded = await db
    .selectFrom('schools')
    .select('urn')
    .where('is_illustrative', '=', true)
    .limit(1)
    .executeTakeFirst();
  if (loaded) return;
  const file = async (name: string) => ({
    fileName: name,
    bytes: new Uint8Array(await readFile(join(fixturesDir, name))),
  });
  await importSchoolRegister(
    db,
    {
      establishments: await file(ILLUSTRATIVE_SCHOOL_FILES.establishments),
      links: await file(ILLUSTRATIVE_SCHOOL_FILES.links),
    },
    DEMO,
    { isIllustrative: true },
  );
  await importInspections(db, await file(ILLUSTRATIVE_SCHOOL_FILES.inspections), DEMO);
  // Report cards from December 2025 for some schools: the position today shows the transition.
  await importInspections(db, await file(ILLUSTRATIVE_SCHOOL_FILES.reportCards), DEMO);
  for (const asAt of [JUNE, NOVEMBER]) await recordSchoolsPosition(db, { laCode: BIRMINGHAM, asAt }, DEMO);
  await setTarget(
    db,
    {
      ref: SCHOOLS_INDICATOR_REF,
      year: '2017-18',
      kind: 'value',
      value: 80,
      note: 'The council plan’s 2017/18 target for "the percentage of schools rated as good or outstanding" (council plan measure 1): 80%',
    },
    DEMO,
  );
}
