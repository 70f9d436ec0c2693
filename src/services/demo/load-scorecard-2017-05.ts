import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import Papa from 'papaparse';
import { systemContext } from '../context.ts';
import type { Database } from '../../db/schema.ts';
import { defineDimension, setPopulation } from '../dimensions.ts';
import type { IndicatorInput, TargetInput, ValueInput } from '../inputs.ts';
import { recordValues } from '../record-values.ts';
import { saveIndicator } from '../save-indicator.ts';
import { setTarget } from '../set-target.ts';

const DEMO = systemContext('demo');

/**
 * The May 2017 children's social care scorecard (Birmingham, Appendix B of
 * the council report of July 2017) rebuilt as catalogue entries and figures.
 * The fixture has one row per printed cell; the table below says which
 * indicator, part and breakdown each printed row is. Printed percentages are
 * passed as the value beside their numerator and denominator, so loading
 * checks that every printed percentage agrees with its parts.
 */

const SERVICE_AREA = "Children's social care";
const MONTH = '2017-05';
/** "Prev. 6 months" columns are the six months before May 2017, stored as that range. */
const PREVIOUS_SIX_MONTHS = '2016-11..2017-04';
/** The year-end column; indicator 7 prints it as Mar-16, a known typo for Mar-17 (fixtures README, note 9). */
const YEAR_END = '2017-03';
const SOURCE = 'scorecard-csc-2017-05.csv';

const LOCALITIES = [
  { code: 'EAST', label: 'EAST', printed: 'EAST' },
  { code: 'NWC', label: 'NWC', printed: 'NWC' },
  { code: 'SOUTH', label: 'SOUTH', printed: 'SOUTH' },
  { code: 'DCSC', label: 'DCSC', printed: 'DCSC' },
  { code: 'CITYWIDE', label: 'Other Citywide Teams', printed: 'Other Citywide Teams' },
];

const TEAM_TYPES = [
  { code: 'assessment', label: 'Assessment Teams' },
  { code: 'safeguarding', label: 'Safeguarding Teams' },
  { code: 'children_in_care', label: 'Children in Care Teams' },
];

const CIN_SERVICES = [
  { code: 'family_support', label: 'No. of families open to the family support service' },
  { code: 'ast', label: 'No. of children open to Assessment and Short Term Intervention Teams' },
  { code: 'safeguarding', label: 'No. of children open to the Safeguarding Teams' },
  { code: 'dcsc', label: 'No. of children open to the DCSC Teams' },
];

const STAFF_GROUPS = [
  { code: 'social_workers', label: '% agency social workers' },
  { code: 'team_managers', label: '% agency team managers' },
];

type Part = 'numerator' | 'denominator' | 'value';

interface PrintedIndicator {
  no: number;
  definition: IndicatorInput;
  /** Printed row label → the part it holds; rows not listed (Outside, Target, Rating, Trend) are derived or carry no figure. */
  rows: Record<string, { part: Part; rowItem?: string }>;
  /** The 2017-18 target as printed, in the indicator's unit. */
  target?: number;
}

const base = {
  serviceArea: SERVICE_AREA,
  frequency: 'monthly',
  directorate: 'Children and Young People',
  portfolio: 'Children, Families and Schools',
  priority: 'Children',
  reportingOrganisation: 'Birmingham City Council',
  ownerEmail: 'owner@demo.invalid',
} as const;

const ratio = { isRatio: true, unit: 'percent' } as const;

const INDICATORS: PrintedIndicator[] = [
  {
    no: 1,
    definition: {
      ...base,
      ...ratio,
      ref: 'CSC-01',
      title: 'Unallocated cases (open more than 7 days)',
      definition:
        'Open cases after the front door (CASS/MASH) with no allocated social worker 7 or more days after referral, as a percentage of all open cases, at month end.',
      decimals: 1,
      aim: 'smaller_is_better',
      basis: 'snapshot',
      comparison: 'six_month_average',
      numeratorLabel: 'Unallocated (open >7 days)',
      denominatorLabel: 'Total number of open cases',
      valueLabel: '% of unallocated cases',
      columnDimension: 'locality',
    },
    rows: {
      'Unallocated (open >7 days)': { part: 'numerator' },
      'Total number of open cases': { part: 'denominator' },
      '% of unallocated cases': { part: 'value' },
    },
    target: 0,
  },
  {
    no: 2,
    definition: {
      ...base,
      ...ratio,
      ref: 'CSC-02',
      title: 'Re-referrals within 12 months',
      definition:
        'Referrals in the month that were within 12 months of a previous referral for the same child, as a percentage of all referrals in the month.',
      aim: 'smaller_is_better',
      comparison: 'six_month_cumulative',
      numeratorLabel: 'No. re-referrals',
      denominatorLabel: 'Total Referrals',
      valueLabel: 'Re-referrals %',
    },
    rows: {
      'No. re-referrals': { part: 'numerator' },
      'Total Referrals': { part: 'denominator' },
      'Re-referrals %': { part: 'value' },
    },
    target: 24,
  },
  {
    no: 3,
    definition: {
      ...base,
      ...ratio,
      ref: 'CSC-03',
      title: 'Family assessments completed in timescale (45 working days, including S47)',
      definition:
        'Assessments completed in the month within 45 working days of referral, as a percentage of all assessments completed in the month.',
      aim: 'bigger_is_better',
      numeratorLabel: 'No. inside',
      complementLabel: 'No. outside',
      denominatorLabel: 'Total',
      valueLabel: '% Inside',
      columnDimension: 'locality',
    },
    rows: {
      'No. inside': { part: 'numerator' },
      Total: { part: 'denominator' },
      '% Inside': { part: 'value' },
    },
    target: 85,
  },
  {
    no: 4,
    definition: {
      ...base,
      ...ratio,
      ref: 'CSC-04',
      title: 'Children seen at assessment (S17 and S47)',
      definition:
        'Assessments completed in the month in which the child was seen, as a percentage of all assessments completed in the month.',
      aim: 'bigger_is_better',
      numeratorLabel: 'Children seen',
      denominatorLabel: 'Assessments completed',
      valueLabel: '% Seen at Assessment',
    },
    rows: {
      'Assessments completed': { part: 'denominator' },
      'Children seen': { part: 'numerator' },
      '% Seen at Assessment': { part: 'value' },
    },
    target: 90,
  },
  {
    no: 5,
    definition: {
      ...base,
      ref: 'CSC-05',
      title: 'Children with a child protection plan (snapshot at month end)',
      definition:
        'Children who are the subject of a child protection plan on the last day of the month; the rate is per 10,000 children aged 0-17 (mid-2015 estimates).',
      unit: 'count',
      aim: 'trend_only',
      basis: 'snapshot',
      comparison: 'previous_year_end',
      valueLabel: 'No of CPP',
      totalLabel: 'No of CPP',
      showsRatePer10k: true,
      columnDimension: 'locality',
    },
    rows: { 'No of CPP': { part: 'value' } },
  },
  {
    no: 6,
    definition: {
      ...base,
      ...ratio,
      ref: 'CSC-06',
      title: 'Child protection visits in the month',
      definition:
        'Children on a child protection plan who had at least one visit in the month, as a percentage of those due a visit.',
      aim: 'bigger_is_better',
      numeratorLabel: 'Number of CPP visited',
      denominatorLabel: 'Number of CPP to be visited',
      valueLabel: '% visited in month',
    },
    rows: {
      'Number of CPP visited': { part: 'numerator' },
      'Number of CPP to be visited': { part: 'denominator' },
      '% visited in month': { part: 'value' },
    },
    target: 90,
  },
  {
    no: 7,
    definition: {
      ...base,
      ref: 'CSC-07',
      title: 'Children in care, UASC excluded (snapshot at month end)',
      definition:
        'Children looked after on the last day of the month, excluding unaccompanied asylum-seeking children. Since April 2015 young people aged 18 and over are excluded from the total.',
      unit: 'count',
      aim: 'smaller_is_better',
      basis: 'snapshot',
      comparison: 'previous_year_end',
      valueLabel: 'Total CiC',
      totalLabel: 'Total CiC',
      columnDimension: 'locality',
    },
    rows: { 'Total CiC': { part: 'value' } },
    target: 1670,
  },
  {
    no: 8,
    definition: {
      ...base,
      ref: 'CSC-08',
      title: 'Care leavers in education, employment or training',
      definition:
        'Care leavers aged 17 to 21 in education, employment or training, as a percentage of care leavers of those ages (cumulative).',
      unit: 'percent',
      aim: 'bigger_is_better',
      valueLabel: 'ETE %',
    },
    rows: { 'ETE %': { part: 'value' } },
  },
  {
    no: 9,
    definition: {
      ...base,
      ref: 'CSC-09',
      title: 'Adoption: court authority to place to match with an adoptive family (rolling 12 months, days)',
      definition:
        'For children adopted, the average number of days between the local authority receiving court authority to place a child and deciding on a match to an adoptive family, over the last 12 months.',
      unit: 'days',
      aim: 'smaller_is_better',
      basis: 'rolling_12_months',
      valueLabel: 'Average no. of days taken',
    },
    rows: { 'Average no. of days taken': { part: 'value' } },
    target: 271,
  },
  {
    no: 10,
    definition: {
      ...base,
      ref: 'CSC-10',
      title: 'Adoption: entering care to moving in with the adoptive family (3-year average, days)',
      definition:
        'The average number of days between a child entering care and moving in with its adoptive family, over the last three years.',
      unit: 'days',
      aim: 'smaller_is_better',
      basis: 'three_year_average',
      valueLabel: 'Average no. of days taken',
    },
    rows: { 'Average no. of days taken': { part: 'value' } },
    target: 600,
  },
  {
    no: 11,
    definition: {
      ...base,
      ref: 'CSC-11',
      title: 'Children in need and family support: supported to live with their own family',
      definition:
        'Families supported by the family support service and targeted early help, plus children open to the assessment, safeguarding and disabled children’s teams, at month end.',
      unit: 'count',
      aim: 'trend_only',
      basis: 'snapshot',
      comparison: 'six_month_average',
      totalLabel: 'Total',
      rowDimension: 'cin_service',
    },
    rows: {
      ...Object.fromEntries(CIN_SERVICES.map((s) => [s.label, { part: 'value' as const, rowItem: s.code }])),
      Total: { part: 'value' },
    },
  },
  {
    no: 12,
    definition: {
      ...base,
      ...ratio,
      ref: 'CSC-12',
      title: 'Social workers who have had supervision in the month',
      definition:
        'Social work staff supervised in the month, as a percentage of all social work staff. Collected by PSS staff in local offices.',
      aim: 'bigger_is_better',
      numeratorLabel: 'Supervisions',
      denominatorLabel: 'Total Staff',
      valueLabel: '% supervised',
      columnDimension: 'locality',
    },
    rows: {
      Supervisions: { part: 'numerator' },
      'Total Staff': { part: 'denominator' },
      '% supervised': { part: 'value' },
    },
    target: 83,
  },
  {
    no: 13,
    definition: {
      ...base,
      ref: 'CSC-13',
      title: 'Average caseload of qualified social workers',
      definition:
        'Open cases per qualified social worker holding cases, by team type and locality, at month end.',
      unit: 'count',
      aim: 'smaller_is_better',
      basis: 'snapshot',
      comparison: 'six_month_average',
      isAdditive: false,
      totalLabel: 'Average Caseload - City',
      rowDimension: 'team_type',
      columnDimension: 'locality',
    },
    rows: {
      ...Object.fromEntries(TEAM_TYPES.map((t) => [t.label, { part: 'value' as const, rowItem: t.code }])),
      'Average Caseload - City': { part: 'value' },
    },
    target: 16,
  },
  {
    no: 14,
    definition: {
      ...base,
      ref: 'CSC-14',
      title: 'Agency social workers (including team managers)',
      definition:
        'Agency staff in established posts that require a social work qualification, as a percentage of those posts.',
      unit: 'percent',
      aim: 'smaller_is_better',
      basis: 'snapshot',
      comparison: 'six_month_average',
      isAdditive: false,
      totalLabel: '% agency staff',
      rowDimension: 'staff_group',
    },
    rows: {
      ...Object.fromEntries(STAFF_GROUPS.map((g) => [g.label, { part: 'value' as const, rowItem: g.code }])),
      '% agency staff': { part: 'value' },
    },
    target: 15,
  },
];

/**
 * Indicator 7 prints a rate per 10,000 that includes unaccompanied asylum
 * seeking children in the city total (1,735 + 120 UASC = 1,855, over 283,900
 * children = 65) but not in the localities (EAST 522 / 106,296 = 49). It is
 * kept as its own indicator whose parts say exactly that.
 */
const CIC_RATE: IndicatorInput = {
  ...base,
  ref: 'CSC-07R',
  title: 'Children in care per 10,000 children aged 0-17 (UASC included in the city total)',
  definition:
    'Children looked after at month end per 10,000 children aged 0-17 (mid-2015 estimates). The city figure includes unaccompanied asylum-seeking children (120 in May 2017); locality figures do not.',
  unit: 'rate_per_10k',
  aim: 'trend_only',
  basis: 'snapshot',
  comparison: 'previous_year_end',
  isRatio: true,
  isAdditive: false,
  numeratorLabel: 'Children in care',
  denominatorLabel: 'Children aged 0-17',
  valueLabel: 'Rate per 10K (UASC included)',
  columnDimension: 'locality',
};
const UASC_MAY_2017 = 120;

export async function loadScorecard201705(db: Kysely<Database>, fixturesDir: string): Promise<void> {
  await defineDimension(db, {
    code: 'locality',
    name: 'Locality',
    items: LOCALITIES.map(({ code, label }) => ({ code, label })),
  });
  await defineDimension(db, { code: 'team_type', name: 'Team type', items: TEAM_TYPES });
  await defineDimension(db, { code: 'cin_service', name: 'Service', items: CIN_SERVICES });
  await defineDimension(db, { code: 'staff_group', name: 'Staff group', items: STAFF_GROUPS });

  const populations = Papa.parse<{ locality: string; population_0_17: string }>(
    await readFile(join(fixturesDir, 'population-2015.csv'), 'utf8'),
    { header: true, skipEmptyLines: true },
  ).data;
  let city = 0;
  for (const p of populations) {
    city += Number(p.population_0_17);
    await setPopulation(db, {
      breakdown: `locality=${p.locality}`,
      year: 2015,
      population: Number(p.population_0_17),
      source: 'population-2015.csv (mid-2015 estimate, aged 0-17)',
    });
  }
  await setPopulation(db, {
    breakdown: '',
    year: 2015,
    population: city,
    source: 'Sum of the EAST, NWC and SOUTH mid-2015 estimates',
  });

  for (const [order, printed] of INDICATORS.entries()) {
    await saveIndicator(db, { ...printed.definition, scorecardOrder: (order + 1) * 10 }, DEMO);
    if (printed.target !== undefined)
      await setTarget(
        db,
        {
          ref: printed.definition.ref,
          year: '2017-18',
          kind: 'value',
          value: printed.target,
        } satisfies TargetInput,
        DEMO,
      );
  }
  await saveIndicator(db, { ...CIC_RATE, scorecardOrder: 75 }, DEMO);

  const cells = Papa.parse<Record<string, string>>(await readFile(join(fixturesDir, SOURCE), 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
  const values = new Map<string, ValueInput & { ref: string }>();
  for (const cell of cells) {
    if (cell.value === '') continue;
    const printed = INDICATORS.find((i) => i.no === Number(cell.indicator_no));
    const mapping = printed?.rows[cell.row_label!];
    if (!printed || !mapping) continue;
    const where = placeOf(cell.column!);
    const breakdown = [
      mapping.rowItem ? `${printed.definition.rowDimension}=${mapping.rowItem}` : '',
      where.locality ? `locality=${where.locality}` : '',
    ]
      .filter(Boolean)
      .join(';');
    const key = `${printed.definition.ref}|${where.period}|${breakdown}`;
    const entry = values.get(key) ?? {
      ref: printed.definition.ref,
      period: where.period,
      breakdown,
      status: 'validated',
      source: SOURCE,
    };
    entry[mapping.part] = cell.value;
    values.set(key, entry);
  }
  values.set('rate-city', {
    ref: 'CSC-07R',
    period: MONTH,
    numerator: String(1735 + UASC_MAY_2017),
    denominator: String(city),
    value: '65',
    status: 'validated',
    source: SOURCE,
  });
  values.set('rate-yearend', {
    ref: 'CSC-07R',
    period: YEAR_END,
    value: '66',
    status: 'validated',
    source: SOURCE,
  });
  for (const cell of cells.filter(
    (c) => c.indicator_no === '7' && c.row_label?.startsWith('Rate per 10K') && c.value !== '',
  )) {
    const locality = LOCALITIES.find((l) => l.printed === cell.column)?.code;
    const total = cells.find(
      (c) => c.indicator_no === '7' && c.row_label === 'Total CiC' && c.column === cell.column,
    );
    const population = populations.find((p) => p.locality === locality);
    if (!locality || !total || !population) continue;
    values.set(`rate-${locality}`, {
      ref: 'CSC-07R',
      period: MONTH,
      breakdown: `locality=${locality}`,
      numerator: total.value,
      denominator: population.population_0_17,
      value: cell.value,
      status: 'validated',
      source: SOURCE,
    });
  }

  const commentary = Papa.parse<Record<string, string>>(
    await readFile(join(fixturesDir, 'scorecard-csc-2017-05-commentary.csv'), 'utf8'),
    { header: true, skipEmptyLines: true },
  ).data;
  for (const entry of commentary) {
    const printed = INDICATORS.find((i) => i.no === Number(entry.indicator_no))!;
    const total = values.get(`${printed.definition.ref}|${MONTH}|`);
    if (total)
      total.commentary = [entry.commentary, entry.national_average_note].filter(Boolean).join('\n\n');
  }
  await recordValues(db, [...values.values()], DEMO, { file: SOURCE });
}

function placeOf(column: string): { period: string; locality?: string } {
  if (column.startsWith('Prev. 6 months')) return { period: PREVIOUS_SIX_MONTHS };
  if (column === 'May-17') return { period: MONTH };
  if (column === 'Mar-17' || column === 'Mar-16') return { period: YEAR_END };
  const locality = LOCALITIES.find((l) => l.printed === column);
  if (!locality) throw new Error(`${SOURCE}: unexpected column "${column}"`);
  return { period: MONTH, locality: locality.code };
}
