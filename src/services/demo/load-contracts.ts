import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import Papa from 'papaparse';
import { CUMULATIVE_BASES, type CumulativeBasis } from '../../domain/contracts.ts';
import { AIMS, UNITS, type Aim, type Unit } from '../../domain/indicator.ts';
import { parsePeriod } from '../../domain/periods.ts';
import { bumpDataVersion, findIndicators } from '../../db/repositories/catalogue.ts';
import { setIndicatorsOrganisation } from '../../db/repositories/contracts.ts';
import { saveOrganisation } from '../../db/repositories/people.ts';
import type { Database } from '../../db/schema.ts';
import { defineContract, type ContractInput } from '../contracts.ts';
import { systemContext } from '../context.ts';
import type { IndicatorInput, TargetInput, ValueInput } from '../inputs.ts';
import { recordValues } from '../record-values.ts';
import { saveIndicator } from '../save-indicator.ts';
import { setTarget } from '../set-target.ts';

const DEMO = systemContext('demo');

/**
 * The Birmingham Children's Trust contract and its 15 contractual
 * indicators, as the council reported them for October 2018.
 *
 * trust-contract-kpis-2018-10.csv is the council's report: each KPI's title
 * and its October and 12-month cumulative status in words, nothing more.
 * The targets, tolerances and monthly figures are NOT the trust's: they are
 * illustrative, in trust-contract-terms-illustrative.csv, chosen to be
 * plausible and to reproduce both statuses of every KPI (the contract and
 * its indicators say so). The contract is marked illustrative, so its page
 * says so too. Idempotent: loading again changes nothing.
 */

const REPORT_FILE = 'trust-contract-kpis-2018-10.csv';
const TERMS_FILE = 'trust-contract-terms-illustrative.csv';

export const COUNCIL = 'Birmingham City Council';
export const TRUST = "Birmingham Children's Trust";
export const CONTRACT_REF = 'BCT-CONTRACT';
const SERVICE_AREA = "Children's social care (trust contract)";

/** Titles as the report prints them, except for this one typo. */
const TITLE_CORRECTIONS: Record<string, string> = {
  // KPI 14: the source prints "gualified"; it means qualified social workers.
  'average caseload of gualified Social Workers': 'average caseload of qualified Social Workers',
};

const ILLUSTRATIVE_NOTE =
  'The council reported only the status of each indicator for October 2018. The targets, tolerances and monthly figures here were made up to reproduce those statuses (and the cumulative statuses); they are not the trust’s.';

interface ReportRow {
  kpi_no: string;
  title: string;
  october_status: string;
  cumulative_status: string;
  in_month_class: string;
}

interface TermsRow {
  kpi_no: string;
  unit: string;
  decimals: string;
  aim: string;
  is_ratio: string;
  numerator_label: string;
  denominator_label: string;
  target: string;
  tolerance: string;
  cumulative_basis: string;
  first_month: string;
  monthly_values: string;
}

async function readCsv<T>(fixturesDir: string, file: string): Promise<T[]> {
  const parsed = Papa.parse<T>(await readFile(join(fixturesDir, file), 'utf8'), {
    header: true,
    skipEmptyLines: true,
  });
  if (parsed.errors.length) throw new Error(`${file}: ${parsed.errors.map((e) => e.message).join('; ')}`);
  return parsed.data;
}

const refOf = (kpi: number) => `BCT-${String(kpi).padStart(2, '0')}`;

function oneOf<T extends string>(values: readonly T[], value: string, what: string): T {
  if (!(values as readonly string[]).includes(value))
    throw new Error(`${TERMS_FILE}: unknown ${what} "${value}"`);
  return value as T;
}

/**
 * The monthly figures of one KPI: 'n/d' for a ratio's numerator and
 * denominator, a plain number otherwise, one per month from first_month.
 */
function figuresOf(row: TermsRow, ref: string, isRatio: boolean): ValueInput[] {
  const first = parsePeriod(row.first_month);
  if (first?.kind !== 'month') throw new Error(`${TERMS_FILE}: KPI ${row.kpi_no} has no first month`);
  const items = row.monthly_values.trim().split(/\s+/);
  return items.map((item, i) => {
    const [numerator, denominator] = item.split('/');
    return {
      ref,
      period: shift(first.code, i),
      ...(isRatio ? { numerator, denominator } : { value: item }),
      status: 'validated' as const,
      source: `${TERMS_FILE} (illustrative)`,
    };
  });
}

/** The month code n months after a month code. */
function shift(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export async function loadDemoContracts(db: Kysely<Database>, fixturesDir: string): Promise<void> {
  const report = await readCsv<ReportRow>(fixturesDir, REPORT_FILE);
  const terms = new Map((await readCsv<TermsRow>(fixturesDir, TERMS_FILE)).map((t) => [t.kpi_no, t]));

  await saveOrganisation(db, { name: COUNCIL, kind: 'council' });
  const trust = await saveOrganisation(db, { name: TRUST, kind: 'partner' });

  const contractIndicators: ContractInput['indicators'] = [];
  const figures: ValueInput[] = [];
  for (const row of report) {
    const kpi = Number(row.kpi_no);
    const t = terms.get(row.kpi_no);
    if (!t) throw new Error(`${TERMS_FILE} has no terms for KPI ${row.kpi_no}`);
    const ref = refOf(kpi);
    const unit: Unit = oneOf(UNITS, t.unit, 'unit');
    const aim: Aim = oneOf(AIMS, t.aim, 'aim');
    const basis: CumulativeBasis = oneOf(CUMULATIVE_BASES, t.cumulative_basis, 'cumulative basis');
    const isRatio = t.is_ratio === 'yes';
    const title = TITLE_CORRECTIONS[row.title] ?? row.title;

    const indicator: IndicatorInput = {
      ref,
      title: title.charAt(0).toUpperCase() + title.slice(1),
      definition: `KPI ${kpi} of the contract between ${COUNCIL} and ${TRUST}, reported monthly. The figures held here are illustrative.`,
      unit,
      decimals: Number(t.decimals),
      aim,
      frequency: 'monthly',
      basis: 'in_period',
      serviceArea: SERVICE_AREA,
      directorate: 'Children and Young People',
      reportingOrganisation: TRUST,
      isRatio,
      numeratorLabel: t.numerator_label,
      denominatorLabel: t.denominator_label,
      scorecardOrder: kpi,
    };
    await saveIndicator(db, indicator, DEMO);
    for (const year of ['2017-18', '2018-19']) {
      const target: TargetInput = {
        ref,
        year,
        kind: 'value',
        value: t.target,
        tolerance: t.tolerance,
        note: 'The contract target and tolerance (illustrative)',
      };
      await setTarget(db, target, DEMO);
    }
    figures.push(...figuresOf(t, ref, isRatio));
    contractIndicators.push({
      ref,
      position: kpi,
      target: Number(t.target),
      tolerance: Number(t.tolerance),
      cumulativeBasis: basis,
    });
  }

  await recordValues(db, figures, DEMO, { file: TERMS_FILE });
  const ids = (await findIndicators(db, { refs: contractIndicators.map((i) => i.ref) })).map((i) => i.id);
  if (await setIndicatorsOrganisation(db, ids, trust.id)) await bumpDataVersion(db);

  await defineContract(
    db,
    {
      ref: CONTRACT_REF,
      title: `${TRUST}: children's social care services contract`,
      organisation: TRUST,
      startsOn: '2018-04-01',
      notes: ILLUSTRATIVE_NOTE,
      isIllustrative: true,
      indicators: contractIndicators,
    } satisfies ContractInput,
    DEMO,
  );
}
