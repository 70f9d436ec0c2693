import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import Papa from 'papaparse';
import type { Aim } from '../../domain/indicator.ts';
import { systemContext } from '../context.ts';
import type { Database } from '../../db/schema.ts';
import type { TargetInput, ValueInput } from '../inputs.ts';
import { recordValues } from '../record-values.ts';
import { saveIndicator } from '../save-indicator.ts';
import { setTarget } from '../set-target.ts';

const DEMO = systemContext('demo');

/**
 * The Children and Families Directorate KPIs for 2022/23 (Birmingham, report
 * of April 2023, Appendix three): target, Qtr1–Qtr3 and the Q3 commentary.
 * Every measure is a quarterly indicator KPI-22-1 … KPI-22-15 in row order.
 * What the file does not say (aim, service area, decimals, how the data
 * really arrive) is decided per row in the table below, not guessed at run
 * time; the table names each row's measure, and a file whose rows differ
 * stops the load.
 */

const FILE = 'directorate-kpis-2022-23.csv';
const YEAR = '2022-23';
const QUARTERS = ['q1', 'q2', 'q3'] as const;
const SOCIAL_CARE = "Children's social care";
const EDUCATION = 'Education';

const ANNUAL_NOTE =
  'The figures are annual, published for the academic year (Qtr1 2022-23 holds the 2020-21 rates, as the commentary says); they are stored under the financial quarter the report gives them.';
const TERMLY_NOTE =
  'Data are available termly, not quarterly (the commentary says so); each figure is stored under the financial quarter the report gives it.';

interface KpiRow {
  /** The measure as printed, to check the table and the file still agree. */
  measure: string;
  /** A cleaner title where the printed one has a stray character. */
  title?: string;
  aim: Aim;
  serviceArea: string;
  decimals: number;
  /** How the figures really arrive, where that is not quarterly. */
  note?: string;
}

/**
 * By row, 1–15. Aims: absence, NEET and exclusions smaller is better;
 * take-up, participation, timeliness, EET and transport bigger is better;
 * the one measure with no target is trend only. Service areas: absence,
 * early years, SEND/EHCP, exclusions and home-to-school transport are
 * Education; the holiday activities and food programme, NEET support and care
 * leavers are Children's social care (the directorate's other services).
 * Decimals follow the printed figures.
 */
const KPIS: KpiRow[] = [
  {
    measure: 'Absence Rate: Primary',
    aim: 'smaller_is_better',
    serviceArea: EDUCATION,
    decimals: 1,
    note: ANNUAL_NOTE,
  },
  {
    measure: 'Absence Rate: Secondary',
    aim: 'smaller_is_better',
    serviceArea: EDUCATION,
    decimals: 1,
    note: ANNUAL_NOTE,
  },
  {
    measure: 'Percentage of 2-year-olds accessing Early Education Entitlement (EEE)',
    aim: 'bigger_is_better',
    serviceArea: EDUCATION,
    decimals: 0,
    note: TERMLY_NOTE,
  },
  {
    measure: 'Percentage of 3 and 4-year-olds accessing 15 hours Early Education Entitlement (EEE)',
    aim: 'bigger_is_better',
    serviceArea: EDUCATION,
    decimals: 0,
    note: TERMLY_NOTE,
  },
  {
    measure: 'Number of individual children attending the HAF programme: Winter holiday',
    aim: 'bigger_is_better',
    serviceArea: SOCIAL_CARE,
    decimals: 0,
  },
  {
    measure: 'Number of meals taken up by children through the HAF: Winter holiday',
    aim: 'bigger_is_better',
    serviceArea: SOCIAL_CARE,
    decimals: 0,
  },
  {
    measure:
      'Number of children and young people (aged 5-16) with an EHCP awaiting specialist placements for more than 12 weeks',
    aim: 'trend_only',
    serviceArea: EDUCATION,
    decimals: 0,
  },
  {
    // Young people engaged in support: more is better (unlike the NEET percentage below).
    measure:
      "Number of NEET's aged between 16 and 18 engaged in support to help them into education, training, apprenticeships, and jobs",
    aim: 'bigger_is_better',
    serviceArea: SOCIAL_CARE,
    decimals: 0,
  },
  {
    measure: "Percentage of 16 and 17 year olds that are Not in Education, Employment or Training'",
    title: 'Percentage of 16 and 17 year olds that are Not in Education, Employment or Training',
    aim: 'smaller_is_better',
    serviceArea: SOCIAL_CARE,
    decimals: 1,
  },
  {
    measure: 'Percentage of care leavers who are in Education, Employment, and Training',
    aim: 'bigger_is_better',
    serviceArea: SOCIAL_CARE,
    decimals: 0,
  },
  {
    measure:
      'Percentage of new Education Health Care (EHC) plans issued within 20 weeks, excluding exceptions',
    aim: 'bigger_is_better',
    serviceArea: EDUCATION,
    decimals: 0,
  },
  {
    measure: 'Primary school exclusion rate',
    aim: 'smaller_is_better',
    serviceArea: EDUCATION,
    decimals: 2,
  },
  {
    measure: 'Proportion of eligible pupils transported to school',
    aim: 'bigger_is_better',
    serviceArea: EDUCATION,
    decimals: 1,
  },
  {
    measure: 'Secondary school exclusions rate',
    aim: 'smaller_is_better',
    serviceArea: EDUCATION,
    decimals: 2,
  },
  {
    measure: 'Special School Exclusion rate',
    aim: 'smaller_is_better',
    serviceArea: EDUCATION,
    decimals: 2,
  },
];

export async function loadDirectorateKpis(db: Kysely<Database>, fixturesDir: string): Promise<void> {
  const rows = Papa.parse<Record<string, string>>(await readFile(join(fixturesDir, FILE), 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
  if (rows.length !== KPIS.length)
    throw new Error(`${FILE}: expected ${KPIS.length} measures, found ${rows.length}`);
  rows.forEach((row, index) => {
    if (row.measure !== KPIS[index]!.measure)
      throw new Error(
        `${FILE}, row ${index + 2}: expected the measure "${KPIS[index]!.measure}", found "${row.measure}"`,
      );
  });

  const values: ValueInput[] = [];
  const rowNumbers: number[] = [];
  for (const [index, row] of rows.entries()) {
    const kpi = KPIS[index]!;
    const ref = `KPI-22-${index + 1}`;
    await saveIndicator(
      db,
      {
        ref,
        title: kpi.title ?? row.measure!,
        definition: [
          'Children and Families Directorate key performance indicator, 2022/23, reported by quarter.',
          kpi.note ?? '',
        ]
          .join(' ')
          .trim(),
        unit: row.unit!,
        decimals: kpi.decimals,
        aim: kpi.aim,
        frequency: 'quarterly',
        serviceArea: kpi.serviceArea,
        directorate: 'Children and Families',
        reportingOrganisation: 'Birmingham City Council',
        scorecardOrder: (index + 1) * 10,
      },
      DEMO,
    );
    if (row.target !== '')
      await setTarget(
        db,
        {
          ref,
          year: YEAR,
          kind: 'value',
          value: row.target,
          note: `As printed: ${row.target_as_printed}`,
        } satisfies TargetInput,
        DEMO,
      );

    const given = QUARTERS.filter((q) => row[q] !== '');
    const latest = given.at(-1);
    for (const q of given) {
      values.push({
        ref,
        period: `${YEAR}-${q.toUpperCase()}`,
        value: row[q],
        status: 'validated',
        source: FILE,
        ...(q === latest && row.commentary ? { commentary: row.commentary } : {}),
      });
      rowNumbers.push(index + 2);
    }
  }
  await recordValues(db, values, DEMO, { file: FILE, rowNumbers });
}
