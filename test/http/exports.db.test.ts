import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { createApp } from '../../src/http/app.ts';
import { systemContext } from '../../src/services/context.ts';
import { loadDemo } from '../../src/services/demo/load-demo.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { testDatabases } from '../support/databases.ts';
import { sessionOf } from '../support/people.ts';

const AREA = "Children's social care";
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A CSV download's rows, by heading, after checking it is a UTF-8 CSV attachment named `fileName`. */
function csvOf(response: LightMyRequestResponse, fileName: string): Record<string, string>[] {
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(response.headers['content-disposition']).toBe(`attachment; filename="${fileName}"`);
  expect(response.headers['cache-control']).toBe('private, no-store');
  expect(response.body.startsWith('\uFEFF')).toBe(true);
  const parsed = Papa.parse<Record<string, string>>(response.body.slice(1), {
    header: true,
    skipEmptyLines: true,
  });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

/** An XLSX download's one worksheet, after checking it is an attachment named `fileName`. */
async function sheetOf(response: LightMyRequestResponse, fileName: string): Promise<ExcelJS.Worksheet> {
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  expect(response.headers['content-type']).toBe(XLSX);
  expect(response.headers['content-disposition']).toBe(`attachment; filename="${fileName}"`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  expect(workbook.worksheets).toHaveLength(1);
  return workbook.worksheets[0]!;
}

/** The worksheet's rows as objects by heading. */
function rowsOf(sheet: ExcelJS.Worksheet): Record<string, ExcelJS.Cell>[] {
  const headings = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, ExcelJS.Cell>[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    rows.push(Object.fromEntries(headings.map((h, i) => [h, row.getCell(i + 1)])));
  }
  return rows;
}

describe.each(testDatabases)('exports on $name', (database) => {
  let handle: DatabaseHandle;
  let services: Services;
  let app: FastifyInstance;
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    handle = await database.open();
    await loadDemo(handle.db);
    services = createServices(handle.db);
    app = await createApp(services, { isDevelopment: false, isSecure: false });
    for (const who of ['admin', 'performance', 'owner', 'trust', 'councillor'])
      cookies.set(who, (await sessionOf(services, `${who}@demo.invalid`)).cookie);
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  const get = (url: string, who = 'performance') =>
    app.inject({ url, headers: { cookie: cookies.get(who)! } });

  describe('the scorecard', () => {
    const query = `area=${encodeURIComponent(AREA)}&month=2017-05`;

    it('links to its downloads, with the page’s area and month', async () => {
      const page = await get(`/scorecard?${query}`);
      expect(page.body).toContain(
        `href="/export/scorecard?area=Children%27s+social+care&amp;month=2017-05&amp;format=csv"`,
      );
      expect(page.body).toContain('format=xlsx"');
    });

    it('downloads as a long CSV table: a row per indicator, line and column, with the exact figure', async () => {
      const rows = csvOf(
        await get(`/export/scorecard?${query}&format=csv`),
        'scorecard-childrens-social-care-2017-05.csv',
      );
      const scorecard = await services.scorecard(
        { serviceArea: AREA, month: '2017-05' },
        systemContext('test'),
      );
      const cells = scorecard.sections.flatMap((s) => s.lines.flatMap((l) => l.cells));
      expect(rows).toHaveLength(cells.length);
      expect(new Set(rows.map((r) => r.Reference))).toEqual(new Set(scorecard.sections.map((s) => s.ref)));

      const section = scorecard.sections.find((s) => s.ref === 'CSC-02')!;
      const line = section.lines.find((l) => l.kind === 'value' && l.isTotal)!;
      const current = line.cells[1]!;
      const row = rows.find(
        (r) => r.Reference === 'CSC-02' && r.Line === line.label && r['Column code'] === 'total',
      )!;
      expect(row).toMatchObject({
        Indicator: section.title,
        Period: '2017-05',
        Measure: 'value',
        'Shown as': current.text,
        Rating: section.rating.label,
        Target: section.target,
      });
      expect(Number(row.Figure)).toBe(current.exact);
    });

    it('downloads as XLSX with figures as numbers', async () => {
      const sheet = await sheetOf(
        await get(`/export/scorecard?${query}&format=xlsx`),
        'scorecard-childrens-social-care-2017-05.xlsx',
      );
      expect(sheet.name).toBe('Scorecard 2017-05');
      const figures = rowsOf(sheet)
        .map((r) => r.Figure!)
        .filter((c) => c.value !== null);
      expect(figures.length).toBeGreaterThan(50);
      expect(figures.every((c) => c.type === ExcelJS.ValueType.Number)).toBe(true);
    });

    it('shows a viewer only the figures the scorecard shows them: a provisional figure is left out', async () => {
      await services.recordValues(
        [{ ref: 'CSC-02', period: '2018-11', numerator: 40, denominator: 200, status: 'provisional' }],
        systemContext('test'),
      );
      const url = `/export/scorecard?area=${encodeURIComponent(AREA)}&month=2018-11&format=csv`;
      const figureOf = (rows: Record<string, string>[]) =>
        rows.find((r) => r.Reference === 'CSC-02' && r['Column code'] === 'total' && r.Measure === 'value')!
          .Figure;
      expect(Number(figureOf(csvOf(await get(url), 'scorecard-childrens-social-care-2018-11.csv')))).toBe(20);
      expect(
        figureOf(csvOf(await get(url, 'councillor'), 'scorecard-childrens-social-care-2018-11.csv')),
      ).toBe('');
    });

    it('refuses a format it does not make, and a month that is not one', async () => {
      expect((await get(`/export/scorecard?${query}&format=pdf`)).statusCode).toBe(400);
      expect((await get(`/export/scorecard?${query}`)).statusCode).toBe(400);
      expect(
        (await get(`/export/scorecard?area=${encodeURIComponent(AREA)}&month=May&format=csv`)).statusCode,
      ).toBe(400);
    });
  });

  describe('the indicator catalogue', () => {
    it('downloads the filtered catalogue, with the page linking to it', async () => {
      const page = await get('/indicators?area=Education&frequency=quarterly');
      expect(page.body).toContain(
        'href="/export/indicators?area=Education&amp;frequency=quarterly&amp;format=csv"',
      );
      const rows = csvOf(
        await get('/export/indicators?area=Education&frequency=quarterly&format=csv'),
        'indicators-education.csv',
      );
      expect(rows.length).toBeGreaterThan(3);
      expect(rows.every((r) => r['Service area'] === 'Education' && r.Frequency === 'Quarterly')).toBe(true);
      expect(rows.map((r) => r.Reference)).toContain('KPI-22-1');
    });

    it('gives a partner only its own organisation’s indicators', async () => {
      const rows = csvOf(await get('/export/indicators?format=csv', 'trust'), 'indicators.csv');
      expect(rows.length).toBe(15);
      expect(rows.every((r) => r.Reference!.startsWith('BCT-'))).toBe(true);
    });

    it('downloads as XLSX, decimals as numbers', async () => {
      const sheet = await sheetOf(await get('/export/indicators?format=xlsx'), 'indicators.xlsx');
      const rows = rowsOf(sheet);
      const csc01 = rows.find((r) => r.Reference!.value === 'CSC-01')!;
      expect(csc01.Decimals!.type).toBe(ExcelJS.ValueType.Number);
      expect(csc01.Ratio!.value).toBe('yes');
    });
  });

  describe("an indicator's history", () => {
    it('downloads every figure, current and superseded, with its breakdown, status and revision', async () => {
      const page = await get('/indicators/CSC-01');
      expect(page.body).toContain('href="/export/indicators/CSC-01?format=xlsx"');
      const detail = await services.indicator('CSC-01', systemContext('test'));
      const expected = detail.rows.reduce(
        (n, r) => n + (r.total ? 1 : 0) + r.breakdowns.length + r.superseded.length,
        0,
      );
      const rows = csvOf(await get('/export/indicators/CSC-01?format=csv'), 'csc-01-history.csv');
      expect(rows).toHaveLength(expected);
      const may = rows.find((r) => r.Period === '2017-05' && r.Breakdown === '' && r.Current === 'yes')!;
      const total = detail.rows.find((r) => r.period.code === '2017-05')!.total!;
      expect(Number(may.Value)).toBe(total.value);
      expect(Number(may['Numerator (' + detail.indicator.numeratorLabel + ')'])).toBe(total.numerator);
      expect(may['Breakdown item']).toBe('All');
      expect(rows.some((r) => r.Breakdown!.startsWith('locality='))).toBe(true);

      const sheet = await sheetOf(await get('/export/indicators/CSC-01?format=xlsx'), 'csc-01-history.xlsx');
      const first = rowsOf(sheet)[0]!;
      expect(first.Value!.type).toBe(ExcelJS.ValueType.Number);
      expect(first['Entered at']!.type).toBe(ExcelJS.ValueType.Date);
    });

    it('hides another organisation’s indicator as if it did not exist', async () => {
      expect((await get('/export/indicators/CSC-03?format=csv', 'trust')).statusCode).toBe(404);
      expect((await get('/export/indicators/NOPE?format=csv')).statusCode).toBe(404);
    });
  });

  describe('contracts', () => {
    it('downloads the list and one contract’s position for a month', async () => {
      const list = await get('/contracts');
      expect(list.body).toContain('href="/export/contracts?format=csv"');
      const contracts = csvOf(await get('/export/contracts?format=csv'), 'contracts.csv');
      expect(contracts.map((c) => c.Reference)).toContain('BCT-CONTRACT');

      const page = await get('/contracts/BCT-CONTRACT?month=2018-10');
      expect(page.body).toContain('href="/export/contracts/BCT-CONTRACT?month=2018-10&amp;format=csv"');
      const detail = await services.contracts.get('BCT-CONTRACT', '2018-10', systemContext('test'));
      const sheet = await sheetOf(
        await get('/export/contracts/BCT-CONTRACT?month=2018-10&format=xlsx'),
        'bct-contract-2018-10.xlsx',
      );
      const rows = rowsOf(sheet);
      expect(rows).toHaveLength(detail.position.indicators.length);
      const first = detail.position.indicators[0]!;
      expect(rows[0]!.Reference!.value).toBe(first.ref);
      expect(rows[0]!['In month value']!.value).toBe(first.inMonth.value);
      expect(rows[0]!['In month rating']!.value).toBe(first.inMonth.label);
      if (first.target !== null) expect(rows[0]!.Target!.type).toBe(ExcelJS.ValueType.Number);
    });

    it('hides a contract from another partner', async () => {
      const partnership = await sessionOf(services, 'partnership@demo.invalid');
      cookies.set('partnership', partnership.cookie);
      expect((await get('/export/contracts/BCT-CONTRACT?format=csv', 'partnership')).statusCode).toBe(404);
      const own = csvOf(await get('/export/contracts?format=csv', 'partnership'), 'contracts.csv');
      expect(own.map((c) => c.Reference)).not.toContain('BCT-CONTRACT');
    });
  });

  describe('the publication cycle', () => {
    it('downloads completeness for a month, filtered as the page filters it', async () => {
      const page = await get('/completeness?month=2017-06&state=&overdue=yes');
      expect(page.body).toContain('href="/export/completeness?month=2017-06&amp;overdue=yes&amp;format=csv"');
      const cycle = (await services.publication.cycle({ month: '2017-06' }, systemContext('test')))!;
      const all = csvOf(
        await get('/export/completeness?month=2017-06&format=csv'),
        'completeness-2017-06.csv',
      );
      expect(all.map((r) => r.Reference)).toEqual(cycle.items.map((i) => i.indicator.ref));
      expect(all[0]).toMatchObject({
        Period: cycle.items[0]!.period.code,
        'Submitted by': cycle.items[0]!.submitter,
        State: cycle.items[0]!.stateLabel,
        'Due on': cycle.items[0]!.dueOn,
      });
      const owner = cycle.items[0]!.submitter;
      const theirs = csvOf(
        await get(`/export/completeness?month=2017-06&submitter=${encodeURIComponent(owner)}&format=csv`),
        'completeness-2017-06.csv',
      );
      expect(theirs.length).toBe(cycle.items.filter((i) => i.submitter === owner).length);
      expect((await get('/export/completeness?format=csv', 'councillor')).statusCode).toBe(403);
    });

    it('downloads what changed since a publication, with why', async () => {
      await services.recordValues(
        [{ ref: 'CSC-02', period: '2017-05', numerator: 306, denominator: 1382, reason: 'late referral' }],
        systemContext('test'),
      );
      const page = await get('/changes?from=2017-05&to=now');
      expect(page.body).toContain('href="/export/changes?from=2017-05&amp;to=now&amp;format=xlsx"');
      const rows = csvOf(
        await get('/export/changes?from=2017-05&to=now&format=csv'),
        'changes-2017-05-to-now.csv',
      );
      const change = rows.find((r) => r.Reference === 'CSC-02' && r.What === 'figure')!;
      expect(change).toMatchObject({ Period: '2017-05', Breakdown: '' });
      expect(change.Why).toContain('late referral');
      const sheet = await sheetOf(
        await get('/export/changes?from=2017-05&to=now&format=xlsx'),
        'changes-2017-05-to-now.xlsx',
      );
      expect(rowsOf(sheet)).toHaveLength(rows.length);
    });
  });

  describe('the audit record', () => {
    it('downloads as CSV and XLSX, formula text neutralised in both', async () => {
      await app.inject({
        method: 'POST',
        url: '/sign-in',
        payload: { email: '@SUM(1+1)*cmd|" /C calc"!A0', password: 'wrong' },
        headers: { cookie: 'scorecard_csrf=t', 'x-csrf-token': 't' },
      });
      const page = await get('/admin/audit?action=sign-in', 'admin');
      expect(page.body).toContain('href="/admin/audit.csv?action=sign-in"');
      expect(page.body).toContain('href="/admin/audit.xlsx?action=sign-in"');

      const csv = csvOf(await get('/admin/audit.csv?action=sign-in', 'admin'), 'audit.csv');
      const csvActors = csv.map((r) => r.actor);
      expect(csvActors.some((a) => a!.startsWith(`'@SUM(1+1)`))).toBe(true);
      expect(csvActors.some((a) => a!.startsWith('@'))).toBe(false);

      const sheet = await sheetOf(await get('/admin/audit.xlsx?action=sign-in', 'admin'), 'audit.xlsx');
      const rows = rowsOf(sheet);
      expect(rows).toHaveLength(csv.length);
      const evil = rows.map((r) => r.actor!).find((c) => String(c.value).includes('SUM(1+1)'))!;
      expect(evil.type).toBe(ExcelJS.ValueType.String);
      expect(evil.formula).toBeUndefined();
      expect(evil.value).toBe(`'@SUM(1+1)*cmd|" /C calc"!A0`);
      expect(rows[0]!.id!.type).toBe(ExcelJS.ValueType.Number);
    });
  });
});
