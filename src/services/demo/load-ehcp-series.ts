import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import Papa from 'papaparse';
import { systemContext } from '../context.ts';
import type { Database } from '../../db/schema.ts';
import { setBenchmark } from '../dimensions.ts';
import type { IndicatorInput, ValueInput } from '../inputs.ts';
import { recordValues } from '../record-values.ts';
import { saveIndicator } from '../save-indicator.ts';
import { setTarget } from '../set-target.ts';

const DEMO = systemContext('demo');

/**
 * REF 2.1.1 of the Birmingham performance update of late 2018: new EHC plans
 * issued within 20 weeks, monthly from April to October 2018. Only October
 * prints its parts (54 of 58 plans); loading checks the printed 93.1%
 * against them. The council's target is 95%; the national average, 61%,
 * is recorded as the benchmark for 2018-19.
 */

const FILE = 'ehcp-20-weeks-2018.csv';
const REF = 'EHCP-2.1.1';
const YEAR = '2018-19';

const INDICATOR: IndicatorInput = {
  ref: REF,
  title: 'Percentage of new EHC plans issued within 20 weeks',
  definition:
    'New education, health and care plans issued in the month within 20 weeks of the request for an assessment, as a percentage of all new plans issued in the month.',
  unit: 'percent',
  decimals: 1,
  aim: 'bigger_is_better',
  frequency: 'monthly',
  serviceArea: 'Education',
  reportingOrganisation: 'Birmingham City Council',
  ownerEmail: 'owner@demo.invalid',
  isRatio: true,
  numeratorLabel: 'Plans issued within 20 weeks',
  denominatorLabel: 'Plans issued',
  valueLabel: '% within 20 weeks',
};

const NATIONAL_AVERAGE = {
  value: 61,
  source:
    '004_e6337dd0c8154402.txt, §5 Performance Update, REF 2.1.1: "The national average for performance against this measure is 61%"',
};

export async function loadEhcpSeries(db: Kysely<Database>, fixturesDir: string): Promise<void> {
  const rows = Papa.parse<Record<string, string>>(await readFile(join(fixturesDir, FILE), 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;

  await saveIndicator(db, INDICATOR, DEMO);
  await setTarget(
    db,
    { ref: REF, year: YEAR, kind: 'value', value: 95, note: "The council's target: 95%" },
    DEMO,
  );
  await setBenchmark(db, { ref: REF, year: YEAR, benchmark: 'national_average', ...NATIONAL_AVERAGE });

  const values: ValueInput[] = rows.map((row) => ({
    ref: REF,
    period: row.period!,
    value: row.value,
    // Blank parts (every month but October) stay unknown.
    numerator: row.numerator,
    denominator: row.denominator,
    status: 'validated',
    source: FILE,
  }));
  await recordValues(db, values, DEMO, { file: FILE, rowNumbers: rows.map((_, i) => i + 2) });
}
