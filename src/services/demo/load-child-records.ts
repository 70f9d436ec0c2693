import type { Kysely } from 'kysely';
import { findChildRecordImports } from '../../db/repositories/child-records.ts';
import type { Database } from '../../db/schema.ts';
import type { BreakdownKind } from '../../measures/breakdowns.ts';
import { authorityByCode } from '../../synthetic/authorities.ts';
import { generateAuthority } from '../../synthetic/generate-authority.ts';
import { writeAnnexA } from '../../synthetic/write-annex-a.ts';
import { writeCinCensus } from '../../synthetic/write-cin-census.ts';
import { writeSsda903Tables } from '../../synthetic/write-ssda903.ts';
import { createChildRecordServices } from '../child-records/index.ts';
import { HOME_LA } from '../child-records/measures.ts';
import { systemContext } from '../context.ts';
import type { IndicatorInput } from '../inputs.ts';
import { saveIndicator } from '../save-indicator.ts';

/**
 * The demo's child-level records: three years of synthetic returns for a
 * Birmingham-sized authority (src/synthetic/, seed 1), in Birmingham's own
 * localities, imported through the same importers and services as an
 * upload: the CIN census and SSDA903 return for each of the years ending
 * March 2024, 2025 and 2026, and an Annex A extract at the end (its
 * contacts, allocations and visits). Then six indicators computed from the
 * measures, in their own service area so that the synthetic figures never
 * sit among the May 2017 scorecard's real ones.
 *
 * Only `scorecard demo` (and so `npm start`) loads this; the tests load
 * what each needs. Loading takes about half a minute; a database that
 * already holds Birmingham's records is left as it is.
 */

const DEMO = systemContext('demo');
const FIRST_YEAR_ENDING = '2024-03-31';
const YEARS = 3;
const YEAR_ENDINGS = ['2024-03-31', '2025-03-31', '2026-03-31'];
/** Birmingham's localities as the May 2017 scorecard's locality dimension names them, and its disabled children's service. */
const TEAMS = { localities: ['EAST', 'NWC', 'SOUTH'], disabledChildren: 'DCSC' };
export const COMPUTED_SERVICE_AREA = "Children's social care: computed from records (synthetic)";

const utf8 = (chunks: Iterable<string>) => new TextEncoder().encode([...chunks].join(''));

type OwnFields = Omit<IndicatorInput, 'frequency' | 'serviceArea'>;

const COMPUTED: { measureId: string; breakdown: BreakdownKind; indicator: OwnFields }[] = [
  {
    measureId: 'referrals',
    breakdown: 'team',
    indicator: {
      ref: 'CSC-R01',
      title: 'Referrals',
      unit: 'count',
      decimals: 0,
      aim: 'trend_only',
      basis: 'in_period',
    },
  },
  {
    measureId: 're-referrals-within-12-months',
    breakdown: 'none',
    indicator: {
      ref: 'CSC-R02',
      title: 'Re-referrals within 12 months (rolling 12 months)',
      unit: 'percent',
      decimals: 1,
      aim: 'smaller_is_better',
      basis: 'rolling_12_months',
      isRatio: true,
      numeratorLabel: 'Re-referrals',
      denominatorLabel: 'Referrals',
    },
  },
  {
    measureId: 'assessments-within-45-working-days',
    breakdown: 'team',
    indicator: {
      ref: 'CSC-R03',
      title: 'Assessments completed within 45 working days',
      unit: 'percent',
      decimals: 1,
      aim: 'bigger_is_better',
      basis: 'in_period',
      isRatio: true,
      numeratorLabel: 'Within 45 working days',
      denominatorLabel: 'Assessments completed',
    },
  },
  {
    measureId: 'children-on-cp-plan-rate',
    breakdown: 'none',
    indicator: {
      ref: 'CSC-R04',
      title: 'Children on a child protection plan per 10,000',
      unit: 'rate_per_10k',
      decimals: 1,
      aim: 'trend_only',
      basis: 'snapshot',
      isRatio: true,
      numeratorLabel: 'Children on a plan',
      denominatorLabel: 'Children aged 0–17',
    },
  },
  {
    measureId: 'children-looked-after',
    breakdown: 'none',
    indicator: {
      ref: 'CSC-R05',
      title: 'Children looked after',
      unit: 'count',
      decimals: 0,
      aim: 'trend_only',
      basis: 'snapshot',
    },
  },
  {
    measureId: 'placement-stability-short-term',
    breakdown: 'none',
    indicator: {
      ref: 'CSC-R06',
      title: 'Children looked after with 3 or more placements in 12 months',
      unit: 'percent',
      decimals: 1,
      aim: 'smaller_is_better',
      basis: 'snapshot',
      isRatio: true,
      numeratorLabel: '3 or more placements',
      denominatorLabel: 'Children looked after',
    },
  },
];

export async function loadDemoChildRecords(db: Kysely<Database>): Promise<void> {
  if ((await findChildRecordImports(db, { la: HOME_LA })).length) return;
  const authority = authorityByCode(HOME_LA)!;
  const records = generateAuthority({
    la: HOME_LA,
    name: authority.name,
    childPopulation: authority.childPopulation,
    firstYearEnding: FIRST_YEAR_ENDING,
    years: YEARS,
    seed: 1,
    teams: TEAMS,
  });
  const childRecords = createChildRecordServices(db);
  for (const yearEnding of YEAR_ENDINGS) {
    await childRecords.importReturn(
      {
        source: 'cin_census',
        files: [
          { name: `cin_census_${yearEnding}.xml`, bytes: utf8(writeCinCensus(records, { yearEnding })) },
        ],
      },
      DEMO,
    );
    const tables = Object.entries(writeSsda903Tables(records, { yearEnding }));
    await childRecords.importReturn(
      {
        source: 'ssda903',
        files: tables.map(([table, rows]) => ({ name: `${table}.csv`, bytes: utf8(rows) })),
        la: HOME_LA,
        asAt: yearEnding,
      },
      DEMO,
    );
  }
  const extractDate = YEAR_ENDINGS.at(-1)!;
  await childRecords.importReturn(
    {
      source: 'annex_a',
      files: [...writeAnnexA(records, { extractDate })].map(([list, rows]) => ({
        name: `List_${list}.csv`,
        bytes: utf8(rows),
      })),
      la: HOME_LA,
      asAt: extractDate,
    },
    DEMO,
  );
  for (const { measureId, breakdown, indicator } of COMPUTED) {
    await saveIndicator(
      db,
      {
        ...indicator,
        frequency: 'monthly',
        serviceArea: COMPUTED_SERVICE_AREA,
        definition: `Computed from the statutory measure ${measureId} (docs/measures/${measureId}.md) over Birmingham's synthetic child-level records.`,
        ...(breakdown === 'team' ? { columnDimension: 'locality' } : {}),
      },
      DEMO,
    );
    await childRecords.computeIndicatorFromMeasure(
      { ref: indicator.ref, measureId, la: HOME_LA, breakdown },
      DEMO,
    );
  }
}
