import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/support/databases.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { findAuditEvents } from '../../db/repositories/audit.ts';
import { findIndicators } from '../../db/repositories/catalogue.ts';
import { findOrganisations } from '../../db/repositories/people.ts';
import { findValueHistory } from '../../db/repositories/values.ts';
import type { ContractStatus } from '../../domain/contracts.ts';
import { systemContext } from '../context.ts';
import { createContractServices, type ContractDetail } from '../contracts.ts';
import { CONTRACT_REF, loadDemoContracts, TRUST } from './load-contracts.ts';

const FIXTURES = new URL('../../../demo/fixtures/', import.meta.url).pathname;

interface ReportRow {
  kpi_no: string;
  title: string;
  october_status: string;
  cumulative_status: string;
  in_month_class: string;
}

/** The council's words for a status, as the report prints them. */
function statusInWords(words: string): ContractStatus {
  if (words === '') return 'not_applicable';
  if (/better than target/i.test(words)) return 'better_than_target';
  if (/performing at target/i.test(words)) return 'at_target';
  if (/not reaching target but performing within agreed contractual tolerance/i.test(words))
    return 'within_tolerance';
  throw new Error(`Unrecognised status: ${words}`);
}

describe.each(testDatabases)("the Birmingham Children's Trust contract on $name", (database) => {
  let handle: DatabaseHandle;
  let report: ReportRow[];
  let october: ContractDetail;

  beforeAll(async () => {
    handle = await database.open();
    report = Papa.parse<ReportRow>(await readFile(`${FIXTURES}trust-contract-kpis-2018-10.csv`, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    await loadDemoContracts(handle.db, FIXTURES);
    october = await createContractServices(handle.db).get(CONTRACT_REF, '2018-10', systemContext('test'));
  });
  afterAll(() => handle.close());

  it('reproduces the council’s October 2018 summary in month', () => {
    expect(october.position.inMonth.text).toBe(
      'all 15 within target or tolerance: 10 better than target, 1 at target, 4 missed but within tolerance',
    );
  });

  it('reproduces each KPI’s October status in month and cumulatively', () => {
    expect(report).toHaveLength(15);
    const byPosition = new Map(october.position.indicators.map((i) => [i.position, i]));
    for (const row of report) {
      const indicator = byPosition.get(Number(row.kpi_no))!;
      expect(indicator.inMonth.status, `KPI ${row.kpi_no} in month`).toBe(statusInWords(row.october_status));
      expect(indicator.inMonth.status, `KPI ${row.kpi_no} in month class`).toBe(row.in_month_class);
      expect(indicator.cumulative.status, `KPI ${row.kpi_no} cumulative`).toBe(
        statusInWords(row.cumulative_status),
      );
    }
  });

  it('sums up the cumulative position, KPI 11 having none', () => {
    expect(october.position.cumulative.text).toBe(
      'all 14 within target or tolerance: 6 better than target, 8 missed but within tolerance (not counted: 1 indicator with no cumulative measure)',
    );
  });

  it('judges KPI 10 on its 3-year average', () => {
    const kpi10 = october.position.indicators.find((i) => i.position === 10)!;
    expect(kpi10.cumulativeBasis).toBe('three_year_average');
    expect(kpi10.cumulative.period?.code).toBe('2015-11..2018-10');
  });

  it('marks the contract as illustrative and gives it to the trust', () => {
    expect(october.contract).toMatchObject({
      isIllustrative: true,
      organisation: { name: TRUST, kind: 'partner' },
    });
    expect(october.contract.notes).toMatch(/made up to reproduce those statuses/);
  });

  it('defines 15 monthly indicators belonging to the trust, with KPI 14’s typo corrected', async () => {
    const trust = (await findOrganisations(handle.db)).find((o) => o.name === TRUST)!;
    const indicators = (await findIndicators(handle.db)).filter((i) => i.ref.startsWith('BCT-'));
    expect(indicators.map((i) => i.ref).sort()).toEqual(
      Array.from({ length: 15 }, (_, i) => `BCT-${String(i + 1).padStart(2, '0')}`),
    );
    expect(indicators.every((i) => i.organisationId === trust.id && i.frequency === 'monthly')).toBe(true);
    expect(indicators.find((i) => i.ref === 'BCT-14')!.title).toBe(
      'Average caseload of qualified Social Workers',
    );
    expect(indicators.map((i) => i.title).join(' ')).not.toMatch(/gualified/);
  });

  it('changes nothing when loaded again', async () => {
    const events = (await findAuditEvents(handle.db)).length;
    const indicator = (await findIndicators(handle.db, { refs: ['BCT-01'] }))[0]!;
    const revisions = (await findValueHistory(handle.db, indicator.id)).length;
    await loadDemoContracts(handle.db, FIXTURES);
    expect((await findValueHistory(handle.db, indicator.id)).length).toBe(revisions);
    const again = await createContractServices(handle.db).get(CONTRACT_REF, undefined, systemContext('test'));
    expect(again.latestMonth).toBe('2018-10');
    expect(again.position.inMonth.text).toBe(october.position.inMonth.text);
    // The contract, unchanged, is not audited again (saving the same indicators and targets is their services' business).
    expect((await findAuditEvents(handle.db, { action: 'contract.update' })).length).toBe(0);
    expect((await findAuditEvents(handle.db, { action: 'contract.create' })).length).toBe(1);
    expect(events).toBeGreaterThan(0);
  });
});
