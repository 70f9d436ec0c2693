import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../../test/support/databases.ts';
import type { DatabaseHandle } from '../../../db/client.ts';
import { findOrganisations } from '../../../db/repositories/people.ts';
import { parsePeriod } from '../../../domain/periods.ts';
import { SEES_EVERYTHING, type Visibility } from '../../../domain/permissions.ts';
import type { ReportTable } from '../../../reports/document.ts';
import { CONTRACT_REF, loadDemoContracts, TRUST } from '../../demo/load-contracts.ts';
import { DEMO_FIXTURES } from '../../demo/load-demo.ts';
import { loadDemoAccounts } from '../../demo/load-demo-accounts.ts';
import { buildContractsSection } from './contracts.ts';

describe.each(testDatabases)('the contracts section on $name', (database) => {
  let handle: DatabaseHandle;
  let trust: Visibility;
  let partnership: Visibility;

  const build = (contract: string, visibility: Visibility = SEES_EVERYTHING, month = '2018-10') =>
    buildContractsSection(handle.db, {
      id: 's3',
      definition: { kind: 'contracts', contract },
      month: parsePeriod(month)!,
      asAt: new Date(),
      visibility,
    });

  beforeAll(async () => {
    handle = await database.open();
    await loadDemoAccounts(handle.db);
    await loadDemoContracts(handle.db, DEMO_FIXTURES);
    const organisations = await findOrganisations(handle.db);
    const idOf = (name: string) => organisations.find((o) => o.name === name)!.id;
    trust = { organisationId: idOf(TRUST), isPublishedOnly: false };
    partnership = {
      organisationId: organisations.find((o) => o.kind === 'partner' && o.name !== TRUST)!.id,
      isPublishedOnly: false,
    };
  });
  afterAll(() => handle?.close());

  it("reproduces the council's October 2018 sentence for the trust's 15 KPIs, and rates each", async () => {
    const section = await build(CONTRACT_REF);
    expect(section.kind).toBe('contracts');
    const paragraphs = section.blocks.filter((b) => b.type === 'paragraph').map((b) => b.text);
    expect(paragraphs[0]).toBe(
      'Oct 2018, in month: all 15 within target or tolerance: 10 better than target, 1 at target, 4 missed but within tolerance.',
    );
    expect(paragraphs[1]).toMatch(/^Oct 2018, cumulatively: all 14 within target or tolerance/);
    const table = (section.blocks.find((b) => b.type === 'table') as { table: ReportTable }).table;
    expect(table.columns.map((c) => [c.label, c.isNumeric])).toEqual([
      ['KPI', true],
      ['Indicator', false],
      ['Target', true],
      ['Tolerance', true],
      ['In month (Oct-18)', true],
      ['In-month rating', false],
      ['Cumulative', true],
      ['Cumulative rating', false],
    ]);
    expect(table.rows).toHaveLength(15);
    const ratings = table.rows.map((r) => r.cells[5]!.text);
    expect(ratings.filter((t) => t === 'Better than target')).toHaveLength(10);
    expect(ratings.filter((t) => t === 'At target')).toHaveLength(1);
    expect(ratings.filter((t) => t === 'Missed but within tolerance')).toHaveLength(4);
    const first = table.rows[0]!.cells;
    expect(first[0]).toMatchObject({ text: '1', value: 1 });
    expect(first[4]).toMatchObject({ source: { period: '2018-10', breakdown: '', revision: 1 } });
    expect(first[4]!.value).toEqual(expect.any(Number));
    expect(first[4]!.format).toBeDefined();
    expect(first[5]!.rating).toMatch(/green|amber/);
    const kpi11 = table.rows.find((r) => r.cells[0]!.value === 11)!.cells;
    expect([kpi11[6]!.text, kpi11[7]!.text, kpi11[7]!.rating]).toEqual([
      'No cumulative measure',
      'No cumulative measure',
      undefined,
    ]);
    expect(paragraphs.some((p) => /^Previous 3 years average: KPI 10\.$/.test(p))).toBe(true);
  });

  it('has no data for a month with no figures, and says so', async () => {
    const section = await build(CONTRACT_REF, SEES_EVERYTHING, '2030-01');
    expect(section.blocks[0]).toMatchObject({
      text: 'Jan 2030, in month: no data for any of the 15 indicators.',
    });
  });

  it('shows the trust its own contract', async () => {
    await expect(build(CONTRACT_REF, trust)).resolves.toMatchObject({ kind: 'contracts' });
  });

  it("refuses another organisation's contract as not found, in the same words as one that does not exist", async () => {
    const hidden = await build(CONTRACT_REF, partnership).catch((e: Error) => e);
    const missing = await build('NO-SUCH', partnership).catch((e: Error) => e);
    expect(hidden).toMatchObject({ code: 'not_found' });
    expect(missing).toMatchObject({ code: 'not_found', message: 'No contract has the reference "NO-SUCH".' });
  });

  it('refuses an unknown contract as invalid, naming it, for a reader who sees every contract', async () => {
    await expect(build('NO-SUCH')).rejects.toMatchObject({
      code: 'validation',
      message: 'The section names an unknown contract: NO-SUCH.',
    });
  });
});
