import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import Papa from 'papaparse';
import { UNITS, type Aim, type Frequency, type Unit } from '../../domain/indicator.ts';
import { systemContext } from '../context.ts';
import type { Database } from '../../db/schema.ts';
import type { IndicatorInput, TargetInput } from '../inputs.ts';
import { saveIndicator } from '../save-indicator.ts';
import { setTarget } from '../set-target.ts';

const DEMO = systemContext('demo');

/**
 * The 2017/18 indicator catalogue for Children (Birmingham): the service
 * delivery targets of Appendix 3 (refs 36–73; ref 45 is not printed) and the
 * council plan measures of Appendix 2(i). A catalogue only: indicators and
 * their 2017-18 targets, no figures.
 *
 * Everything the source prints as words (aim, frequency, target) is mapped
 * through the explicit tables below; a printed value the tables do not know
 * stops the load with an Error naming the file and row, rather than being
 * guessed.
 */

const SERVICE_DELIVERY_FILE = 'service-delivery-targets-2017-18.csv';
const COUNCIL_PLAN_FILE = 'council-plan-measures-2017-18.csv';
const YEAR = '2017-18';
const SOCIAL_CARE = "Children's social care";
const EDUCATION = 'Education';

/** Every aim printed in either file (compared lower-case, spaces collapsed), and what it means. */
const AIMS_AS_PRINTED: Record<string, Aim> = {
  'bigger is better': 'bigger_is_better',
  'smaller is better': 'smaller_is_better',
  trend: 'trend_only',
  'no target': 'trend_only',
  'plan is best': 'plan_is_best',
  'above zero': 'above_zero',
  // Council plan Progress 8 / KS1–KS2 progress scores: the aim that matters is staying above zero.
  'bigger is better - above zero': 'above_zero',
  stabilise: 'stabilise',
};

/**
 * Printed frequencies. "Annual" measures in this catalogue are all school
 * results published per academic year (key stage results, absence, early
 * years take-up, qualifications at 16–24), so they report by academic year
 * and their 2017-18 target is for the academic year 2017-18.
 */
const FREQUENCIES_AS_PRINTED: Record<string, Frequency> = {
  monthly: 'monthly',
  quarterly: 'quarterly',
  termly: 'termly',
  annual: 'academic_year',
};

/**
 * The unit, when the file gives no `target_unit` (targets printed as "Trend",
 * "National Average…", "TBC"), inferred from the measure text. First match
 * wins, so the progress and attainment scores are recognised before the
 * words "percentage"/"proportion" that some of them also contain:
 * - "Attainment 8", "Progress 8", "progress score" → score
 * - "percentage", "proportion", "take-up", "good level of development",
 *   "absence" (a persistent absence rate) → percent
 * - "number of" → count
 * - "days" → days
 * A measure matching none of these stops the load.
 */
const UNIT_KEYWORDS: { pattern: RegExp; unit: Unit }[] = [
  { pattern: /attainment 8|progress 8|progress score/i, unit: 'score' },
  { pattern: /percentage|proportion|take-up|good level of development|absence/i, unit: 'percent' },
  { pattern: /\bnumber of\b/i, unit: 'count' },
  { pattern: /\bdays\b/i, unit: 'days' },
];

/**
 * The service area, from the measure text; first match wins. Care leavers'
 * education, employment or training is a social-care measure although it
 * says "education"; children in care's GCSE results are education ones
 * although they say "children in care". A measure matching none stops the load.
 */
const SERVICE_AREA_KEYWORDS: { pattern: RegExp; serviceArea: string }[] = [
  { pattern: /care leave/i, serviceArea: SOCIAL_CARE },
  {
    pattern:
      /school|pupil|key stage|gcse|attainment|early years|special educ|\bsend?\b|ehcp|exclu|absence|education|level 3/i,
    serviceArea: EDUCATION,
  },
  {
    pattern:
      /referral|assessment|child protection|children in care|\bcic\b|adopt|social work|social care|unallocated|caseload|supervision/i,
    serviceArea: SOCIAL_CARE,
  },
];

interface CatalogueRow {
  file: string;
  /** 1-based row in the file, the header being row 1. */
  row: number;
  ref: string;
  measure: string;
  printedAim: string;
  printedFrequency: string;
  printedTarget: string;
  targetValue: string;
  targetUnit: string;
  priority: string;
  directorate: string;
  portfolio: string;
  order: number;
  definition: string;
}

export async function loadServiceDeliveryTargets(db: Kysely<Database>, fixturesDir: string): Promise<void> {
  const serviceDelivery = (await readCsv(fixturesDir, SERVICE_DELIVERY_FILE)).map(
    (r, index): CatalogueRow => ({
      file: SERVICE_DELIVERY_FILE,
      row: index + 2,
      ref: `SDT-${r.ref}`,
      measure: r.measure ?? '',
      printedAim: r.aim ?? '',
      printedFrequency: r.frequency ?? '',
      printedTarget: r.target ?? '',
      targetValue: r.target_value ?? '',
      targetUnit: r.target_unit ?? '',
      priority: r.priority ?? '',
      directorate: r.directorate ?? '',
      portfolio: r.portfolio ?? '',
      order: Number(r.ref) * 10,
      definition: `2017/18 service delivery target ref ${r.ref} (Appendix 3).`,
    }),
  );
  // Council plan measures carry no reference in the source: numbered CP-1… in the order printed.
  const councilPlan = (await readCsv(fixturesDir, COUNCIL_PLAN_FILE)).map((r, index): CatalogueRow => ({
    file: COUNCIL_PLAN_FILE,
    row: index + 2,
    ref: `CP-${index + 1}`,
    measure: r.measure ?? '',
    printedAim: r.aim ?? '',
    printedFrequency: r.data_frequency ?? '',
    printedTarget: r.target ?? '',
    targetValue: r.target_value ?? '',
    targetUnit: r.target_unit ?? '',
    priority: r.priority ?? '',
    directorate: r.directorate ?? '',
    portfolio: r.portfolio ?? '',
    order: 1000 + (index + 1) * 10,
    definition: `2017/18 council plan measure ${index + 1} for Children (Appendix 2(i)).`,
  }));

  // Map every row before saving anything, so a row the tables do not know leaves the database untouched.
  const planned = [...serviceDelivery, ...councilPlan].map((row) => ({
    indicator: indicatorOf(row),
    target: targetOf(row),
  }));
  for (const { indicator, target } of planned) {
    await saveIndicator(db, indicator, DEMO);
    await setTarget(db, target, DEMO);
  }
}

function indicatorOf(row: CatalogueRow): IndicatorInput {
  const unit = unitOf(row);
  return {
    ref: row.ref,
    title: row.measure,
    definition: row.definition,
    unit,
    decimals: unit === 'score' ? 1 : 0,
    aim: lookUp(row, 'aim', row.printedAim, AIMS_AS_PRINTED),
    frequency: lookUp(row, 'frequency', row.printedFrequency, FREQUENCIES_AS_PRINTED),
    serviceArea: serviceAreaOf(row),
    directorate: row.directorate,
    portfolio: row.portfolio,
    priority: row.priority,
    reportingOrganisation: 'Birmingham City Council',
    scorecardOrder: row.order,
  };
}

function targetOf(row: CatalogueRow): TargetInput {
  const base = { ref: row.ref, year: YEAR, note: `As printed: ${row.printedTarget}` };
  // target_value is filled exactly when the printed target is a plain number ("Zero" → 0, "271 days" → 271).
  if (row.targetValue !== '') return { ...base, kind: 'value', value: row.targetValue };
  const printed = normalise(row.printedTarget);
  if (printed === 'trend') return { ...base, kind: 'trend_only' };
  if (printed === 'tbc') return { ...base, kind: 'tbc' };
  if (printed.startsWith('national average'))
    return { ...base, kind: 'benchmark', benchmark: 'national_average' };
  if (printed.startsWith('statistical neighbour'))
    return { ...base, kind: 'benchmark', benchmark: 'statistical_neighbour_average' };
  throw rowError(row, `unknown target "${row.printedTarget}"`);
}

function unitOf(row: CatalogueRow): Unit {
  if (row.targetUnit !== '') {
    // The fixtures' units are the application's own, except gbp_million (money).
    const unit = row.targetUnit === 'gbp_million' ? 'money' : row.targetUnit;
    if (!(UNITS as readonly string[]).includes(unit)) throw rowError(row, `unknown unit "${row.targetUnit}"`);
    return unit as Unit;
  }
  const found = UNIT_KEYWORDS.find((k) => k.pattern.test(row.measure));
  if (!found) throw rowError(row, `cannot tell the unit of "${row.measure}"`);
  return found.unit;
}

function serviceAreaOf(row: CatalogueRow): string {
  const found = SERVICE_AREA_KEYWORDS.find((k) => k.pattern.test(row.measure));
  if (!found) throw rowError(row, `cannot tell the service area of "${row.measure}"`);
  return found.serviceArea;
}

function lookUp<T>(row: CatalogueRow, what: string, printed: string, table: Record<string, T>): T {
  const mapped = table[normalise(printed)];
  if (mapped === undefined) throw rowError(row, `unknown ${what} "${printed}"`);
  return mapped;
}

const normalise = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

const rowError = (row: CatalogueRow, message: string) =>
  new Error(`${row.file}, row ${row.row} (${row.ref}): ${message}`);

async function readCsv(dir: string, file: string): Promise<Record<string, string>[]> {
  return Papa.parse<Record<string, string>>(await readFile(join(dir, file), 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
}
