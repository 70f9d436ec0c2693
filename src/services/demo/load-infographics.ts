import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import Papa from 'papaparse';
import { systemContext } from '../context.ts';
import { findIndicator } from '../../db/repositories/catalogue.ts';
import type { Database } from '../../db/schema.ts';
import { parsePeriod, reportingYearOf } from '../../domain/periods.ts';
import { defineDimension, setBenchmark } from '../dimensions.ts';
import type { IndicatorInput, ValueInput } from '../inputs.ts';
import { recordValues } from '../record-values.ts';
import { saveIndicator } from '../save-indicator.ts';

const DEMO = systemContext('demo');

/**
 * The May 2017 infographics (Birmingham, appendices A and C of the council
 * report of July 2017) rebuilt as catalogue entries, figures and published
 * comparators, so that src/reports/infographics can draw them again from
 * the catalogue.
 *
 * Every fixture row is accounted for: it is a figure (an indicator, period
 * and breakdown), a comparator (England, or England and Wales), the same
 * figure as another row, or a box's rounded headline. The exact figure is
 * stored; the headline's rounding ('1,800' for 1,849) is how the panel shows
 * it. Two figures printed on the infographic are already in the catalogue
 * and are reused rather than duplicated: children in care (CSC-07, 1,735)
 * and child protection plans (CSC-05, 971), loaded with the May 2017
 * scorecard. Open cases (7,803) is not the scorecard's total of open cases
 * (7,715, CSC-01): the two are counted differently (fixtures README, note 13).
 *
 * Periods: a figure the infographic dates is stored for that period (the
 * adoptions of 2016/17, the exclusions of 2015/16, the offer days and the
 * early-education take-up of 2016, the budgets of 2017/18); every other
 * figure is the position the infographic shows for May 2017, stored for
 * 2017-05 as a snapshot.
 *
 * These indicators have no owner, so the publication cycle does not cover
 * them: they are validated figures that every reader may see.
 */

const CSC_FILE = 'csc-infographic-2017-05.csv';
const EDU_FILE = 'education-infographic-2017-05.csv';
const MONTH = '2017-05';

const CSC = "Children's social care";
const EDUCATION = 'Education';

const base = {
  directorate: 'Children and Young People',
  portfolio: 'Children, Families and Schools',
  priority: 'Children',
  reportingOrganisation: 'Birmingham City Council',
} as const;

/** A figure the infographic shows for May 2017 with no other date. */
const snapshot = { frequency: 'monthly', basis: 'snapshot' } as const;
const count = { unit: 'count', aim: 'trend_only' } as const;
const csc = { ...base, serviceArea: CSC } as const;
const edu = { ...base, serviceArea: EDUCATION, reportingYear: 'academic' } as const;

export const ETHNIC_GROUPS = [
  { code: 'white', label: 'White', printed: 'White' },
  { code: 'mixed', label: 'Mixed/multiple ethnic group', printed: 'Mixed/multiple ethnic group' },
  { code: 'asian', label: 'Asian/Asian British', printed: 'Asian/Asian British' },
  {
    code: 'black',
    label: 'Black/African/Caribbean/Black British',
    printed: 'Black/African/Caribbean/Black British',
  },
];

export const SCHOOL_PHASES = [
  { code: 'nursery', label: 'Nursery', printed: 'Nursery' },
  { code: 'primary', label: 'Primary', printed: 'Primary' },
  { code: 'secondary', label: 'Secondary', printed: 'Secondary' },
  { code: 'special', label: 'Special', printed: 'Special' },
  { code: 'all_through', label: 'All through', printed: 'All Through' },
  { code: 'pru', label: 'Pupil referral unit', printed: 'Pupil Referral Unit' },
  { code: 'alternative', label: 'Alternative provision', printed: 'Alternative' },
];

export const SCHOOL_TYPES = [
  { code: 'la', label: 'LA maintained', printed: 'LA' },
  { code: 'academy', label: 'Academy', printed: 'Academy' },
  { code: 'free', label: 'Free school', printed: 'Free' },
];

const PUPIL_SECTORS = [
  { code: 'state_primary', label: 'State-funded primary' },
  { code: 'state_secondary', label: 'State-funded secondary' },
  { code: 'independent', label: 'Independent' },
];

const SEND_PLANS = [
  { code: 'ehcp', label: 'Education, health and care plans' },
  { code: 'statement', label: 'Statements of special educational needs' },
];

const INDICATORS: IndicatorInput[] = [
  // Appendix A: children's social care
  {
    ...csc,
    ref: 'INF-CSC-BUDGET',
    title: "Children's social care net budget",
    definition: "The net budget of children's social care for the financial year, in pounds.",
    unit: 'money',
    aim: 'trend_only',
    frequency: 'financial_year',
    basis: 'in_period',
  },
  {
    ...csc,
    ...snapshot,
    ...count,
    ref: 'INF-CSC-OPEN-CASES',
    title: "Open cases in children's social care (infographic count)",
    definition:
      "Cases open to children's social care at month end, as the infographic counts them. Not the scorecard's total of open cases (CSC-01): the two are counted differently.",
  },
  {
    ...csc,
    ...snapshot,
    ref: 'INF-CSC-ETH-POP',
    title: 'Children aged 0-17 in Birmingham by ethnic group',
    definition:
      "Children aged 0-17 living in Birmingham of each ethnic group, as a percentage of all children aged 0-17, as the infographic shows it (its source year is not printed). England's percentages are recorded as the national average of each group.",
    unit: 'percent',
    aim: 'trend_only',
    isAdditive: false,
    rowDimension: 'ethnic_group',
  },
  {
    ...csc,
    ...snapshot,
    ref: 'INF-CSC-ETH-SUPPORTED',
    title: "Children supported by children's social care by ethnic group",
    definition:
      "Children supported by the council's children's social care of each ethnic group, as a percentage of all the children it supports.",
    unit: 'percent',
    aim: 'trend_only',
    isAdditive: false,
    rowDimension: 'ethnic_group',
  },
  {
    ...csc,
    ...snapshot,
    ...count,
    ref: 'INF-CSC-FAMILY-SUPPORT',
    title: 'Families supported by Family Support and Think Family',
    definition:
      'Families supported by the Family Support service and Think Family at month end. Not the scorecard’s families open to the family support service alone (CSC-11).',
  },
  {
    ...csc,
    ...count,
    ref: 'INF-CSC-ADOPTION-MATCHES',
    title: 'Children matched for adoption',
    definition: 'Children matched with an adoptive family during the financial year.',
    frequency: 'financial_year',
    basis: 'in_period',
  },
  {
    ...csc,
    ...snapshot,
    ref: 'INF-CSC-OWN-FAMILY',
    title: 'Children supported to live with their own family',
    definition:
      "Children supported by children's social care who live with their own family, as a percentage of all the children it supports, at month end.",
    unit: 'percent',
    aim: 'bigger_is_better',
  },
  {
    ...csc,
    ...snapshot,
    ...count,
    ref: 'INF-CSC-UASC',
    title: 'Unaccompanied asylum-seeking children',
    definition:
      'Unaccompanied asylum-seeking children looked after at month end, as the infographic counts them (the scorecard commentary gives 120 for the same month).',
  },
  {
    ...csc,
    ...snapshot,
    ...count,
    ref: 'INF-CSC-NRPF',
    title: 'Children in families with no recourse to public funds',
    definition:
      'Children in families with no recourse to public funds supported by the council at month end.',
  },
  {
    ...csc,
    ...snapshot,
    ...count,
    ref: 'INF-CSC-FOSTER-CARERS',
    title: 'Council foster carers',
    definition: "The council's own (in-house) foster carers at month end.",
  },
  {
    ...csc,
    ...snapshot,
    ref: 'INF-CSC-YOS-REOFFENDING',
    title: 'Youth offending service: proven reoffending rate',
    definition:
      'Young people in the youth offending cohort who reoffended, as a percentage of the cohort: the latest published rate as the infographic shows it at month end (its cohort period is not printed). The rate for England and Wales is recorded as the national average.',
    unit: 'percent',
    decimals: 1,
    aim: 'smaller_is_better',
  },
  {
    ...csc,
    ...snapshot,
    ...count,
    ref: 'INF-CSC-DISABLED-HOMES',
    title: 'Homes for disabled children',
    definition: "The council's children's homes for disabled children at month end.",
  },
  {
    ...csc,
    ...snapshot,
    ...count,
    ref: 'INF-CSC-DISABLED-CHILDREN',
    title: 'Disabled children supported',
    definition: 'Disabled children supported by children’s social care at month end.',
  },
  // Appendix C: education
  {
    ...edu,
    ...snapshot,
    ...count,
    ref: 'INF-EDU-PUPILS',
    title: 'Pupils in Birmingham',
    definition:
      'Pupils in Birmingham as the infographic shows them, with state-funded primary, state-funded secondary and independent pupils given separately. The parts do not add up to the total: 7,656 pupils are not itemised (fixtures README, note 7).',
    rowDimension: 'pupil_sector',
  },
  {
    ...edu,
    ref: 'INF-EDU-BUDGET',
    title: 'Education Service controllable budget',
    definition: 'The controllable budget of the Education Service for the financial year, in pounds.',
    unit: 'money',
    aim: 'trend_only',
    frequency: 'financial_year',
    basis: 'in_period',
    reportingYear: 'financial',
  },
  {
    ...edu,
    ...snapshot,
    ...count,
    ref: 'INF-EDU-SCHOOLS',
    title: 'Schools by phase and type',
    definition:
      'Schools in Birmingham by phase and by type (LA maintained, academy, free school). The pupil referral unit is counted in the total only, not by type (fixtures README, note 5).',
    rowDimension: 'school_phase',
    columnDimension: 'school_type',
  },
  {
    ...edu,
    ...snapshot,
    ...count,
    ref: 'INF-EDU-INDEPENDENT-SCHOOLS',
    title: 'Independent schools',
    definition: 'Independent schools in Birmingham. The infographic prints "Over 40": 40 is a lower bound.',
  },
  {
    ...edu,
    ...snapshot,
    ...count,
    ref: 'INF-EDU-EY-PVI',
    title: 'Early years private, voluntary and independent providers',
    definition: "Private, voluntary and independent early years providers (PVI's) in Birmingham.",
  },
  ...(
    [
      ['BME', 'Pupils from black and minority ethnic groups', 'of black and minority ethnic heritage'],
      ['EAL', 'Pupils with English as an additional language', 'with English as an additional language'],
      ['FSM', 'Pupils eligible for free school meals', 'eligible for free school meals'],
      ['SEN', 'Pupils with special educational needs', 'with special educational needs'],
    ] as const
  ).map(([code, title, who]): IndicatorInput => ({
    ...edu,
    ...snapshot,
    ref: `INF-EDU-${code}`,
    title,
    definition: `Pupils ${who}, as a percentage of all pupils in the school population. The national (England) percentage is recorded as the national average.`,
    unit: 'percent',
    decimals: 1,
    aim: 'trend_only',
  })),
  {
    ...edu,
    ...snapshot,
    ref: 'INF-EDU-OFSTED-GOOD',
    title: 'Schools judged good or outstanding by Ofsted',
    definition:
      'Schools whose latest Ofsted judgement is good or outstanding, as a percentage of schools inspected, overall and for primary and secondary schools.',
    unit: 'percent',
    aim: 'bigger_is_better',
    isAdditive: false,
    rowDimension: 'school_phase',
  },
  {
    ...edu,
    ...snapshot,
    ...count,
    ref: 'INF-EDU-SPECIAL-MEASURES',
    title: 'Schools in special measures',
    definition: 'Schools in special measures after their latest Ofsted inspection.',
  },
  {
    ...edu,
    ...snapshot,
    ...count,
    ref: 'INF-EDU-VIRTUAL-SCHOOL',
    title: 'Children in care supported by the Virtual School',
    definition: 'Children in care aged 0 to 25 provided with education support by the Virtual School.',
  },
  {
    ...edu,
    ...snapshot,
    ...count,
    ref: 'INF-EDU-PRIMARY-PLACES',
    title: 'Additional primary school places created since 2010',
    definition: 'Additional primary school places created since 2010: a running total at month end.',
  },
  {
    ...edu,
    ...snapshot,
    ...count,
    ref: 'INF-EDU-SENAR-PLANS',
    title: 'EHC plans and statements maintained by SENAR',
    definition:
      'Education, health and care plans and statements of special educational needs maintained by SENAR for young people aged 0 to 25. The infographic prints the two kinds only; its headline 7,600 rounds their sum, 7,612.',
    rowDimension: 'send_plan',
  },
  {
    ...edu,
    ...count,
    ref: 'INF-EDU-ADMISSIONS',
    title: 'School applications received on the national offer days',
    definition:
      'Primary and secondary school applications received from parents of home applicants on the national offer days of the calendar year. The infographic prints the two phases only; its headline 30,000 rounds their sum, 30,465.',
    frequency: 'calendar_year',
    basis: 'in_period',
    rowDimension: 'school_phase',
  },
  {
    ...edu,
    ...snapshot,
    ...count,
    ref: 'INF-EDU-TRAVEL-ASSIST',
    title: 'Children supported by Travel Assist to travel to school',
    definition:
      'Children supported by Travel Assist to travel to school. The infographic prints "over 4,500".',
  },
  {
    ...edu,
    ...count,
    ref: 'INF-EDU-EXCLUSIONS-RETURNED',
    title: 'Permanently excluded pupils supported back into education',
    definition:
      'Permanently excluded pupils supported back into education by the Exclusions team during the academic year.',
    frequency: 'academic_year',
    basis: 'in_period',
  },
  {
    ...edu,
    ...count,
    ref: 'INF-EDU-EARLY-EDUCATION',
    title: '3 and 4 year olds benefiting from free early education',
    definition:
      '3 and 4 year olds benefiting from some kind of free early education, "as of 2016" as the infographic prints it (the date in the year is not printed).',
    frequency: 'calendar_year',
    basis: 'in_period',
  },
  {
    ...edu,
    ref: 'INF-EDU-EARLY-EDUCATION-PCT',
    title: '3 and 4 year olds benefiting from free early education (%)',
    definition:
      'The percentage of 3 and 4 year olds benefiting from some kind of free early education, "as of 2016" (its denominator is not printed).',
    unit: 'percent',
    aim: 'bigger_is_better',
    frequency: 'calendar_year',
    basis: 'in_period',
  },
  {
    ...edu,
    ...snapshot,
    ref: 'INF-EDU-NEET',
    title: 'Young people not in education, employment or training (NEET)',
    definition:
      'Young people not in education, employment or training, as a percentage of the cohort, as the infographic shows it for May 2017.',
    unit: 'percent',
    decimals: 1,
    aim: 'smaller_is_better',
  },
];

/** What one fixture row is. */
type Mapping =
  | { kind: 'figure'; ref: string; period: string; breakdown?: string; scale?: number }
  /** A comparator, of the reporting year of `period` (as the indicator reckons its years). */
  | { kind: 'benchmark'; ref: string; period: string; breakdown?: string; note: string }
  /** The same figure as another row, or a box's headline: its rounding is the panel's to show. */
  | { kind: 'shown-elsewhere'; because: string };

const figure = (ref: string, period = MONTH, breakdown = '', scale?: number): Mapping => ({
  kind: 'figure',
  ref,
  period,
  breakdown,
  ...(scale ? { scale } : {}),
});
const headline = (of: string): Mapping => ({ kind: 'shown-elsewhere', because: `the headline of ${of}` });
const MILLION = 1_000_000;

function cscMapping(section: string, label: string): Mapping | null {
  if (section.startsWith('% Ethnicity Breakdown')) {
    const [group, column] = label.split('|').map((s) => s.trim());
    const code = ETHNIC_GROUPS.find((g) => g.printed === group)?.code;
    if (!code) return null;
    const breakdown = `ethnic_group=${code}`;
    if (column === 'England')
      return {
        kind: 'benchmark',
        ref: 'INF-CSC-ETH-POP',
        period: MONTH,
        breakdown,
        note: 'England, percentage of children aged 0-17',
      };
    if (column === 'Birmingham') return figure('INF-CSC-ETH-POP', MONTH, breakdown);
    if (column === 'BCC') return figure('INF-CSC-ETH-SUPPORTED', MONTH, breakdown);
    return null;
  }
  const byLabel: Record<string, Mapping> = {
    'Net Budget': figure('INF-CSC-BUDGET', 'FY2017-18', '', MILLION),
    'Open Cases': figure('INF-CSC-OPEN-CASES'),
    'families supported by Family Support/Think Family': figure('INF-CSC-FAMILY-SUPPORT'),
    'The number of children matched for adoption in 16/17': figure('INF-CSC-ADOPTION-MATCHES', 'FY2016-17'),
    'Children with a CP Plan': { kind: 'shown-elsewhere', because: 'CSC-05 for May 2017 (the scorecard)' },
    'Children supported to live with their own family': figure('INF-CSC-OWN-FAMILY'),
    'unaccompanied asylum seekers': figure('INF-CSC-UASC'),
    'children in families with no recourse to public funds': figure('INF-CSC-NRPF'),
    'BCC Foster Carers': figure('INF-CSC-FOSTER-CARERS'),
    'Children in Care': { kind: 'shown-elsewhere', because: 'CSC-07 for May 2017 (the scorecard)' },
    'YOS reoffending rate': figure('INF-CSC-YOS-REOFFENDING'),
    'YOS reoffending rate: Eng & Wales': {
      kind: 'benchmark',
      ref: 'INF-CSC-YOS-REOFFENDING',
      period: MONTH,
      note: 'England and Wales',
    },
    'Homes for disabled children': figure('INF-CSC-DISABLED-HOMES'),
    'Disabled Children': figure('INF-CSC-DISABLED-CHILDREN'),
  };
  return section === 'Headline' ? (byLabel[label] ?? null) : null;
}

function educationMapping(section: string, label: string): Mapping | null {
  if (section === 'Schools by type') {
    const [phase, type] = label.split('|').map((s) => s.trim());
    const row = phase === 'Total' ? null : SCHOOL_PHASES.find((p) => p.printed === phase)?.code;
    const column = type === 'Total' ? null : SCHOOL_TYPES.find((t) => t.printed === type)?.code;
    if (row === undefined || column === undefined) return null;
    const breakdown = [row && `school_phase=${row}`, column && `school_type=${column}`]
      .filter(Boolean)
      .join(';');
    return figure('INF-EDU-SCHOOLS', MONTH, breakdown);
  }
  if (section === 'School Population Overall') {
    const [where, measure] = label.split('|').map((s) => s.trim());
    if (!['BME', 'EAL', 'FSM', 'SEN'].includes(measure!)) return null;
    const ref = `INF-EDU-${measure}`;
    if (where === 'Birmingham') return figure(ref);
    if (where === 'Nationally') return { kind: 'benchmark', ref, period: MONTH, note: 'England' };
    return null;
  }
  const key = `${section}|${label}`;
  const byKey: Record<string, Mapping> = {
    'Pupils|pupils': figure('INF-EDU-PUPILS'),
    'Pupils|State funded primary': figure('INF-EDU-PUPILS', MONTH, 'pupil_sector=state_primary'),
    'Pupils|State funded secondary': figure('INF-EDU-PUPILS', MONTH, 'pupil_sector=state_secondary'),
    'Pupils|Independents': figure('INF-EDU-PUPILS', MONTH, 'pupil_sector=independent'),
    'Budget|controllable budget': figure('INF-EDU-BUDGET', 'FY2017-18', '', MILLION),
    'Schools|Schools': { kind: 'shown-elsewhere', because: 'the schools-by-type table total (447)' },
    'Schools|Independents': figure('INF-EDU-INDEPENDENT-SCHOOLS'),
    "Schools|Early Years PVI's": figure('INF-EDU-EY-PVI'),
    'Ofsted Ratings (May 2017)|Good or Outstanding': figure('INF-EDU-OFSTED-GOOD'),
    'Ofsted Ratings (May 2017)|Primary': figure('INF-EDU-OFSTED-GOOD', MONTH, 'school_phase=primary'),
    'Ofsted Ratings (May 2017)|Secondary': figure('INF-EDU-OFSTED-GOOD', MONTH, 'school_phase=secondary'),
    'Ofsted Ratings (May 2017)|In special measures': figure('INF-EDU-SPECIAL-MEASURES'),
    'Virtual School|headline figure': headline('the Virtual School box'),
    'Virtual School|children in care aged 0 to 25 provided with education support by the Virtual School':
      figure('INF-EDU-VIRTUAL-SCHOOL'),
    'School places|headline figure': headline('the school places box'),
    'School places|additional primary places created since 2010': figure('INF-EDU-PRIMARY-PLACES'),
    'SENAR|headline figure': headline('the SENAR box'),
    'SENAR|EHCPs maintained by SENAR for young people aged 0 to 25': figure(
      'INF-EDU-SENAR-PLANS',
      MONTH,
      'send_plan=ehcp',
    ),
    'SENAR|statements maintained by SENAR for young people aged 0 to 25': figure(
      'INF-EDU-SENAR-PLANS',
      MONTH,
      'send_plan=statement',
    ),
    'Admissions|headline figure': headline('the admissions box'),
    'Admissions|Primary applications received from parents of home applicants on the National Offer Days in 2016':
      figure('INF-EDU-ADMISSIONS', 'CY2016', 'school_phase=primary'),
    'Admissions|Secondary applications received from parents of home applicants on the National Offer Days in 2016':
      figure('INF-EDU-ADMISSIONS', 'CY2016', 'school_phase=secondary'),
    'Travel Assist|headline figure': headline('the Travel Assist box'),
    'Travel Assist|children supported by Travel Assist to travel to school': figure('INF-EDU-TRAVEL-ASSIST'),
    'Exclusions|headline figure': headline('the exclusions box'),
    'Exclusions|permanently excluded pupils supported back into education by the Exclusions team in 2015/16':
      figure('INF-EDU-EXCLUSIONS-RETURNED', 'AY2015-16'),
    'Early education|headline figure': headline('the early education box'),
    'NEET|NEET': figure('INF-EDU-NEET'),
  };
  return byKey[key] ?? null;
}

function mappingOf(file: string, row: Record<string, string>): Mapping | null {
  const section = row.section ?? '';
  const label = row.label ?? '';
  if (file === CSC_FILE) return cscMapping(section, label);
  // A count and a percentage share this label: told apart by their unit.
  if (section === 'Early education' && label.startsWith('3 and 4 year olds'))
    return row.unit === 'percent'
      ? figure('INF-EDU-EARLY-EDUCATION-PCT', 'CY2016')
      : figure('INF-EDU-EARLY-EDUCATION', 'CY2016');
  return educationMapping(section, label);
}

export async function loadInfographics(db: Kysely<Database>, fixturesDir: string): Promise<void> {
  await defineDimension(db, { code: 'ethnic_group', name: 'Ethnic group', items: strip(ETHNIC_GROUPS) });
  await defineDimension(db, { code: 'school_phase', name: 'Phase', items: strip(SCHOOL_PHASES) });
  await defineDimension(db, { code: 'school_type', name: 'School type', items: strip(SCHOOL_TYPES) });
  await defineDimension(db, { code: 'pupil_sector', name: 'Sector', items: PUPIL_SECTORS });
  await defineDimension(db, { code: 'send_plan', name: 'Kind of plan', items: SEND_PLANS });
  for (const [index, indicator] of INDICATORS.entries())
    await saveIndicator(db, { ...indicator, scorecardOrder: 1000 + index * 10 }, DEMO);

  for (const file of [CSC_FILE, EDU_FILE]) {
    const rows = Papa.parse<Record<string, string>>(await readFile(join(fixturesDir, file), 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    const values: ValueInput[] = [];
    const rowNumbers: number[] = [];
    for (const [index, row] of rows.entries()) {
      // A blank printed cell is no figure (the schools table's empty cells).
      if (row.value === '') continue;
      const mapping = mappingOf(file, row);
      if (!mapping) throw new Error(`${file} row ${index + 2}: no place for "${row.section} | ${row.label}"`);
      const source = `${file} (${row.section}: ${row.label}; printed "${row.as_printed}")`;
      if (mapping.kind === 'shown-elsewhere') continue;
      if (mapping.kind === 'benchmark') {
        const indicator = await findIndicator(db, mapping.ref);
        await setBenchmark(db, {
          ref: mapping.ref,
          year: reportingYearOf(parsePeriod(mapping.period)!, indicator!.reportingYear),
          benchmark: 'national_average',
          ...(mapping.breakdown ? { breakdown: mapping.breakdown } : {}),
          value: Number(row.value),
          source: `${mapping.note}: ${source}`,
        });
        continue;
      }
      values.push({
        ref: mapping.ref,
        period: mapping.period,
        breakdown: mapping.breakdown ?? '',
        value: mapping.scale ? Math.round(Number(row.value) * mapping.scale) : row.value,
        status: 'validated',
        source,
      });
      rowNumbers.push(index + 2);
    }
    await recordValues(db, values, DEMO, { file, rowNumbers });
  }
}

const strip = (items: { code: string; label: string }[]) => items.map(({ code, label }) => ({ code, label }));
