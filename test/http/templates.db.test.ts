import ExcelJS from 'exceljs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { findIndicators, type Indicator } from '../../src/db/repositories/catalogue.ts';
import { findUserByEmail } from '../../src/db/repositories/people.ts';
import { findCommentary, findCurrentValues } from '../../src/db/repositories/values.ts';
import { createApp } from '../../src/http/app.ts';
import {
  TEMPLATE_COLUMNS,
  TEMPLATE_HEADINGS,
  TEMPLATE_SHEET_NAME,
} from '../../src/import/template-columns.ts';
import { actorOf } from '../../src/services/access/sessions.ts';
import type { RequestContext } from '../../src/services/context.ts';
import { loadDemo } from '../../src/services/demo/load-demo.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { testDatabases } from '../support/databases.ts';
import { importText } from '../support/import-text.ts';
import { sessionOf } from '../support/people.ts';

const AREA = "Children's social care";

/** A template CSV's rows, by heading. */
function csvRows(response: LightMyRequestResponse): Record<string, string>[] {
  expect(response.body.startsWith('\uFEFF')).toBe(true);
  const parsed = Papa.parse<Record<string, string>>(response.body.slice(1), {
    header: true,
    skipEmptyLines: true,
  });
  expect(parsed.errors).toEqual([]);
  expect(parsed.meta.fields).toEqual(TEMPLATE_HEADINGS);
  return parsed.data;
}

const toCsv = (rows: Record<string, string>[]) =>
  '\uFEFF' + Papa.unparse({ fields: [...TEMPLATE_HEADINGS], data: rows }, { newline: '\r\n' });

describe.each(testDatabases)('figures templates on $name', (database) => {
  let handle: DatabaseHandle;
  let services: Services;
  let app: FastifyInstance;
  let owner: { cookie: string };
  let ownerContext: RequestContext;
  let ownersIndicators: Indicator[];

  beforeAll(async () => {
    handle = await database.open();
    await loadDemo(handle.db);
    services = createServices(handle.db);
    app = await createApp(services, { isDevelopment: false, isSecure: false });
    owner = await sessionOf(services, 'owner@demo.invalid');
    const ownerUser = (await findUserByEmail(handle.db, 'owner@demo.invalid'))!;
    ownerContext = { actor: actorOf(ownerUser), actorName: ownerUser.name, channel: 'web', ip: '' };
    ownersIndicators = (await findIndicators(handle.db, { serviceArea: AREA })).filter(
      (i) => i.ownerUserId === ownerUser.id,
    );
    expect(ownersIndicators.length).toBeGreaterThan(5);
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  const download = (query: Record<string, string>, cookie = owner.cookie) =>
    app.inject({ url: `/templates/download?${new URLSearchParams(query)}`, headers: { cookie } });

  it('offers the form to those who record figures, with the columns explained', async () => {
    const page = await app.inject({ url: '/templates', headers: { cookie: owner.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Download a figures template');
    expect(page.body).toContain('action="/templates/download"');
    expect(page.body).toContain('href="/templates"');
    for (const column of TEMPLATE_COLUMNS) expect(page.body).toContain(`>${column.heading}</dt>`);
    const viewer = await sessionOf(services, 'councillor@demo.invalid');
    expect((await app.inject({ url: '/templates', headers: { cookie: viewer.cookie } })).statusCode).toBe(
      403,
    );
    expect((await download({ period: '2017-05', format: 'csv' }, viewer.cookie)).statusCode).toBe(403);
  });

  it('lists one row per indicator × breakdown item, only the indicators the person records, units stated', async () => {
    const response = await download({ area: AREA, period: '2018-11', format: 'csv' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="figures-template-childrens-social-care-2018-11.csv"',
    );
    const rows = csvRows(response);
    const expected = ownersIndicators.flatMap((i) => {
      const rowItems = i.rowDimension?.items.length ?? 0;
      const columnItems = i.columnDimension?.items.length ?? 0;
      return Array.from({ length: (rowItems + 1) * (columnItems + 1) }, () => i.ref);
    });
    expect(rows.map((r) => r.ref)).toEqual(expected);
    expect(new Set(rows.map((r) => r.period))).toEqual(new Set(['2018-11']));

    // CSC-13 is broken down by team type (rows) and locality (columns): every pair, the row dimension first.
    const csc13 = rows.filter((r) => r.ref === 'CSC-13');
    expect(csc13).toHaveLength(4 * 6);
    expect(csc13[0]!.breakdown).toBe('');
    expect(csc13.map((r) => r.breakdown)).toContain('locality=EAST');
    expect(csc13.some((r) => /^team_type=[^;]+;locality=[^;]+$/.test(r.breakdown!))).toBe(true);
    const east = ownersIndicators
      .find((i) => i.ref === 'CSC-13')!
      .columnDimension!.items.find((item) => item.code === 'EAST')!.label;
    expect(csc13.find((r) => r.breakdown === 'locality=EAST')!.title).toMatch(new RegExp(`\\(${east}\\)$`));

    const csc01 = rows.find((r) => r.ref === 'CSC-01' && r.breakdown === '')!;
    expect(csc01.units).toMatch(/^Percentage: give the numerator .* and denominator .* or the value/);
    expect(rows.find((r) => r.ref === 'CSC-05')!.units).toBe('Count: a whole number, not negative');
    expect(rows.every((r) => r.units !== '' && r.value === '' && r.status === '')).toBe(true);
  });

  it('gives a partner only its own organisation’s indicators', async () => {
    const trust = await sessionOf(services, 'trust@demo.invalid');
    const rows = csvRows(await download({ period: '2018-10', format: 'csv' }, trust.cookie));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.ref!.startsWith('BCT-'))).toBe(true);
  });

  it('takes explicit references, and gives a quarterly indicator its latest quarter ended by the month', async () => {
    const performance = await sessionOf(services, 'performance@demo.invalid');
    const rows = csvRows(
      await download({ refs: 'csc-02, KPI-22-5', period: '2017-05', format: 'csv' }, performance.cookie),
    );
    expect(rows.map((r) => [r.ref, r.period])).toEqual([
      ['CSC-02', '2017-05'],
      ['KPI-22-5', '2016-17-Q4'],
    ]);
    const quarter = csvRows(
      await download({ refs: 'CSC-02 KPI-22-5', period: '2016-17-Q4', format: 'csv' }, performance.cookie),
    );
    expect(quarter.map((r) => r.ref)).toEqual(['KPI-22-5']);
  });

  it('explains a choice it cannot make a template for, keeping what was chosen', async () => {
    const badPeriod = await download({ area: AREA, period: 'May', format: 'csv' });
    expect(badPeriod.statusCode).toBe(400);
    expect(badPeriod.headers['content-type']).toMatch(/^text\/html/);
    expect(badPeriod.body).toContain('Period &quot;May&quot; is not a period');
    expect(badPeriod.body).toContain('href="#period"');

    // The owner does not record the trust's figures: the reference is not one they may use.
    const notTheirs = await download({ refs: 'BCT-01', period: '2017-05', format: 'csv' });
    expect(notTheirs.statusCode).toBe(400);
    expect(notTheirs.body).toContain('&quot;BCT-01&quot; is not an indicator you may record figures for');
    expect(notTheirs.body).toContain('value="BCT-01"');

    const noneInArea = await download({
      area: 'Education',
      owner: 'Nobody at all',
      period: '2017-05',
      format: 'csv',
    });
    expect(noneInArea.statusCode).toBe(400);
    expect(noneInArea.body).toContain('matches no indicator you may record figures for');

    const badFormat = await download({ area: AREA, period: '2017-05', format: 'pdf' });
    expect(badFormat.statusCode).toBe(400);
    expect(badFormat.body).toContain('Format must be XLSX or CSV');
  });

  it('round trip: a downloaded CSV template, filled in, imports; downloaded again with the figures, it imports as unchanged', async () => {
    const period = '2018-12';
    const blank = csvRows(await download({ area: AREA, period, format: 'csv' }));
    const isRatio = new Map(ownersIndicators.map((i) => [i.ref, i.isRatio]));
    const filled = blank.map((row, index): Record<string, string> => {
      // The last indicator's rows are left blank: figures not yet known, skipped rather than refused.
      if (row.ref === blank.at(-1)!.ref) return row;
      const figures: Record<string, string> = isRatio.get(row.ref!)
        ? { numerator: String(10 + index), denominator: `1,${String(100 + index).padStart(3, '0')}` }
        : { value: String(index) };
      const commentary =
        row.breakdown !== ''
          ? ''
          : row.ref === 'CSC-02'
            ? `- fewer re-referrals (${row.ref})`
            : `=HYPERLINK("http://evil.example","${row.ref}")`;
      return { ...row, ...figures, commentary };
    });
    const skipped = filled.filter((r) => r.ref === blank.at(-1)!.ref).length;
    const result = await importText(handle.db, { name: 'template.csv', text: toCsv(filled) }, ownerContext);
    expect(result).toMatchObject({
      status: 'ready',
      problems: [],
      newCount: blank.length - skipped,
      changedCount: 0,
      unchangedCount: 0,
      commentaryCount: ownersIndicators.length - 1,
    });

    const ids = ownersIndicators.map((i) => i.id);
    const stored = await findCurrentValues(handle.db, ids, [period]);
    expect(stored).toHaveLength(blank.length - skipped);
    const csc01 = ownersIndicators.find((i) => i.ref === 'CSC-01')!;
    const csc01Index = filled.findIndex((r) => r.ref === 'CSC-01' && r.breakdown === '');
    expect(stored.find((v) => v.indicatorId === csc01.id && v.breakdown === '')).toMatchObject({
      numerator: 10 + csc01Index,
      denominator: 1100 + csc01Index,
      status: 'provisional',
    });
    const notes = await findCommentary(handle.db, ids, { periods: [period], currentOnly: true });
    expect(notes.map((n) => n.body)).toContain('- fewer re-referrals (CSC-02)');
    expect(notes.map((n) => n.body)).toContain('=HYPERLINK("http://evil.example","CSC-01")');

    const again = await download({ area: AREA, period, format: 'csv', current: 'yes' });
    const prefilled = csvRows(again);
    // The commentary comes back neutralised, and the import reads it back as it was.
    expect(again.body).toContain(`"'=HYPERLINK(""http://evil.example"",""CSC-01"")"`);
    expect(prefilled.find((r) => r.ref === 'CSC-02' && r.breakdown === '')!.commentary).toBe(
      "'- fewer re-referrals (CSC-02)",
    );
    const csc01Row = prefilled.find((r) => r.ref === 'CSC-01' && r.breakdown === '')!;
    expect(csc01Row).toMatchObject({
      numerator: String(10 + csc01Index),
      denominator: String(1100 + csc01Index),
      value: '',
      status: 'provisional',
    });
    expect(await importText(handle.db, { name: 'again.csv', text: again.body }, ownerContext)).toMatchObject({
      status: 'unchanged',
      newCount: 0,
      changedCount: 0,
      unchangedCount: blank.length - skipped,
      commentaryCount: 0,
    });
  });

  it('downloads an XLSX template: one worksheet, headings noted and frozen, widths set, a status list, nothing protected', async () => {
    const response = await download({
      refs: 'CSC-01 CSC-05',
      period: '2017-05',
      format: 'xlsx',
      current: 'yes',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="figures-template-2017-05.xlsx"',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([TEMPLATE_SHEET_NAME]);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...TEMPLATE_HEADINGS]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    TEMPLATE_COLUMNS.forEach((column, index) => {
      expect(sheet.getColumn(index + 1).width).toBe(column.width);
      expect(sheet.getRow(1).getCell(index + 1).note).toBeTruthy();
    });
    const statusColumn = TEMPLATE_HEADINGS.indexOf('status') + 1;
    expect(sheet.getRow(2).getCell(statusColumn).dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"provisional,validated"'],
    });
    expect((sheet as unknown as { sheetProtection?: unknown }).sheetProtection ?? null).toBeNull();

    // CSC-01 (1 + 5 localities) then CSC-05 (1 + 5); the recorded figures filled in, numbers as numbers.
    expect(sheet.rowCount).toBe(1 + 6 + 6);
    const col = (heading: string) => TEMPLATE_HEADINGS.indexOf(heading as never) + 1;
    const csc01 = sheet.getRow(2);
    expect(csc01.getCell(col('ref')).value).toBe('CSC-01');
    expect(csc01.getCell(col('breakdown')).value).toBeNull();
    expect(csc01.getCell(col('numerator')).type).toBe(ExcelJS.ValueType.Number);
    expect(csc01.getCell(col('denominator')).type).toBe(ExcelJS.ValueType.Number);
    const csc05 = sheet.getRow(8);
    expect(csc05.getCell(col('ref')).value).toBe('CSC-05');
    expect(csc05.getCell(col('value')).type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getRow(9).getCell(col('breakdown')).value).toMatch(/^locality=/);
  });
  it('round trip: a downloaded XLSX template, filled in, imports through the file import; downloaded again with the figures, it imports as unchanged', async () => {
    const period = '2019-01';
    const dir = await mkdtemp(join(tmpdir(), 'scorecard-template-test-'));
    try {
      const refs = 'CSC-02 CSC-05 CSC-13';
      const blank = await download({ refs, period, format: 'xlsx' });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(blank.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet(TEMPLATE_SHEET_NAME)!;
      const col = (heading: string) => TEMPLATE_HEADINGS.indexOf(heading as never) + 1;
      let filled = 0;
      for (let r = 2; r <= sheet.rowCount; r++) {
        const row = sheet.getRow(r);
        const ref = row.getCell(col('ref')).value;
        if (ref === 'CSC-02') {
          row.getCell(col('numerator')).value = 300 + r;
          row.getCell(col('denominator')).value = 1400;
          row.getCell(col('commentary')).value = '- fewer re-referrals';
        } else {
          row.getCell(col('value')).value = r;
        }
        row.getCell(col('status')).value = 'validated';
        filled++;
      }
      const first = join(dir, 'template.xlsx');
      await writeFile(first, Buffer.from(await workbook.xlsx.writeBuffer()));
      const preview = await services.imports.preview(
        { path: first, fileName: 'template.xlsx' },
        ownerContext,
      );
      expect(preview.problems).toEqual([]);
      expect(preview).toMatchObject({ status: 'ready', format: 'xlsx', newCount: filled, refusedCount: 0 });
      expect((await services.imports.commit(preview.id, ownerContext)).status).toBe('committed');

      const again = await download({ refs, period, format: 'xlsx', current: 'yes' });
      const second = join(dir, 'again.xlsx');
      await writeFile(second, again.rawPayload);
      const unchanged = await services.imports.preview(
        { path: second, fileName: 'again.xlsx' },
        ownerContext,
      );
      expect(unchanged.problems).toEqual([]);
      expect(unchanged).toMatchObject({
        status: 'unchanged',
        unchangedCount: filled,
        newCount: 0,
        changedCount: 0,
        commentaryCount: 0,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
