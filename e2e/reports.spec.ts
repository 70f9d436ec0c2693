import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/client.ts';
import type { ReportDocument, ReportTable } from '../src/reports/document.ts';
import { DEMO_FIXTURES } from '../src/services/demo/load-demo.ts';
import { loadDemoAccounts } from '../src/services/demo/load-demo-accounts.ts';
import { loadInfographics } from '../src/services/demo/load-infographics.ts';
import { DEMO_REPORTS } from '../src/services/demo/load-reports.ts';
import { loadScorecard201705 } from '../src/services/demo/load-scorecard-2017-05.ts';
import { createServices, type Services } from '../src/services/index.ts';
import type { RequestContext } from '../src/services/context.ts';
import { decodePng } from '../test/support/png.ts';
import { testDatabases } from '../test/support/databases.ts';
import { contextOf } from '../test/support/people.ts';
import {
  axeViolations,
  hasChromium,
  openSite,
  signedIn,
  warnIfNoChromium,
  type Site,
} from './support/browser.ts';

warnIfNoChromium('e2e/reports.spec.ts');
const hasPoppler = existsSync('/usr/bin/pdftoppm') && existsSync('/usr/bin/pdftotext');
if (!hasPoppler) console.warn('Skipping the PDF checks in e2e/reports.spec.ts: install poppler-utils.');

const tablesOf = (document: ReportDocument): ReportTable[] =>
  document.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'table' ? [b.table] : [])));

/**
 * The May 2017 children's social care pack, as the performance team would
 * send it to scrutiny: downloaded as PDF, Word and Excel from the report's
 * page; then published, a figure corrected, and the publication reopened.
 */
describe.skipIf(!hasChromium)('report packs in Chromium', () => {
  let handle: DatabaseHandle;
  let site: Site;
  let services: Services;
  let officer: BrowserContext;
  let officerContext: RequestContext;
  let reportId: number;
  const work = mkdtempSync(join(tmpdir(), 'scorecard-pack-'));

  beforeAll(async () => {
    handle = await testDatabases.find((d) => d.name === 'pglite')!.open();
    await loadDemoAccounts(handle.db);
    await loadScorecard201705(handle.db, DEMO_FIXTURES);
    await loadInfographics(handle.db, DEMO_FIXTURES);
    services = createServices(handle.db);
    officerContext = await contextOf(handle.db, 'performance@demo.invalid');
    reportId = await services.reports.save({ id: null, input: DEMO_REPORTS[0] }, officerContext);
    site = await openSite(handle);
    officer = await signedIn(site, 'performance@demo.invalid', { startAt: '/reports' });
  });
  afterAll(async () => {
    await officer?.close();
    await site?.close();
    await handle?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const download = async (format: string, publication?: number) => {
    const response = await officer.request.get(
      `/reports/${reportId}/download?format=${format}${publication ? `&publication=${publication}` : ''}`,
    );
    expect(response.status(), format).toBe(200);
    return Buffer.from(await response.body());
  };

  it.skipIf(!hasPoppler)(
    'prints the pack to a tagged PDF holding the scorecard’s figures on pages that are not blank',
    async () => {
      const pdf = join(work, 'pack.pdf');
      const bytes = await download('pdf');
      writeFileSync(pdf, bytes);
      // The document's language, and bookmarks from its headings, in the PDF's catalogue.
      expect(bytes.includes('/Lang (en-GB)')).toBe(true);
      expect(bytes.includes('/Outlines ')).toBe(true);
      const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
      expect(info).toMatch(/^Title:\s+Children's social care performance, May 2017$/m);
      expect(info).toMatch(/^Tagged:\s+yes$/m);
      const pages = Number(/^Pages:\s+(\d+)$/m.exec(info)![1]);
      expect(pages).toBeGreaterThan(5);

      const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
      expect(text).toContain('Contents');
      expect(text).toMatch(/Figures as at .+ · Draft: not published/);
      expect(text).toContain(`Page 1 of ${pages}`);
      // Family assessments: 1,218 of 1,304 inside timescale, 93%; locality by locality as on the page.
      expect(text).toMatch(/No\. inside\s+1,178\s+1,218\s+395\s+397\s+353\s+25\s+48/);
      expect(text).toMatch(/% Inside\s+91%\s+93%\s+97%\s+91%\s+95%\s+86%\s+81%/);
      // Children on a plan and in care, and the infographic's headline figures.
      expect(text).toMatch(/No of CPP\s+988\s+971\s+275\s+308\s+355/);
      expect(text).toContain('£162.5m');

      execFileSync('pdftoppm', ['-r', '20', '-png', pdf, join(work, 'page')]);
      const images = readdirSync(work).filter((f) => f.startsWith('page') && f.endsWith('.png'));
      expect(images).toHaveLength(pages);
      for (const image of images) {
        const { pixels } = decodePng(readFileSync(join(work, image)));
        let inked = 0;
        for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 200) inked++;
        expect(inked, image).toBeGreaterThan(20);
      }
    },
  );

  it('writes the pack to Word with real headings, tables and charts with their descriptions', async () => {
    const files = unzipSync(new Uint8Array(await download('docx')));
    const body = strFromU8(files['word/document.xml']!);
    expect(body).toContain('<w:tbl>');
    expect(body).toMatch(/w:pStyle w:val="Heading1"/);
    expect(body).toContain('1,218');
    expect(body).toMatch(/descr="[^"]*trend/);
    expect(strFromU8(files['docProps/core.xml']!)).toMatch(
      /<dc:title>Children(&apos;|')s social care performance/,
    );
  });

  it('writes the pack to Excel, one sheet per table, with the numbers the report holds', async () => {
    const document = await services.reports.draft({ id: reportId }, officerContext);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download('xlsx')) as unknown as ArrayBuffer);
    const tables = tablesOf(document);
    const sheets = workbook.worksheets.filter(
      (s) => s.name !== 'Contents' && s.name !== 'Headlines and summaries',
    );
    expect(sheets).toHaveLength(tables.length);
    let numbers = 0;
    tables.forEach((table, t) => {
      const sheet = sheets[t]!;
      expect(sheet.getCell('A1').value).toBe(table.caption);
      table.rows.forEach((row, r) =>
        row.cells.forEach((cell, c) => {
          if (typeof cell.value !== 'number') return;
          expect(sheet.getRow(r + 3).getCell(c + 1).value, `${table.caption} ${r},${c}`).toBe(cell.value);
          numbers++;
        }),
      );
    });
    expect(numbers).toBeGreaterThan(150);
  });

  it('reopens a published pack identically after a correction, with a note of what was revised', async () => {
    const page = await officer.newPage();
    await page.goto(`/reports/${reportId}`);
    await page.getByRole('button', { name: 'Publish this report' }).click();
    expect(page.url()).toMatch(/\/publications\/\d+$/);
    const publicationUrl = new URL(page.url()).pathname;
    const publication = Number(publicationUrl.split('/').at(-1));
    const sections = () => page.locator('.app-report__section').allInnerTexts();
    const published = await sections();
    const html = (await download('html', publication)).toString('utf8');
    expect(await page.getByText('Revised since publication').count()).toBe(0);

    await services.recordValues(
      [
        {
          ref: 'CSC-03',
          period: '2017-05',
          numerator: 1225,
          denominator: 1304,
          reason: 'late recording found in audit',
        },
      ],
      officerContext,
    );

    await page.goto(publicationUrl);
    expect(await sections()).toEqual(published);
    const revised = page.locator('.app-report__revised');
    expect(await revised.innerText()).toContain('Revised since publication');
    expect(await revised.innerText()).toMatch(
      /CSC-03 \(May 2017\): shown as 1,218; revised on .+ \(late recording found in audit\)/,
    );
    const reopened = (await download('html', publication)).toString('utf8');
    const body = (h: string) => h.slice(h.indexOf('<nav class="app-report__contents"'));
    expect(body(reopened)).toBe(body(html));

    await page.goto(`/reports/${reportId}`);
    expect(await page.locator('#s3').innerText()).toContain('1,225');
    await page.close();
  });

  it('prepares a file in the background with a progress page, then offers it', async () => {
    const page = await officer.newPage();
    await page.goto(`/reports/${reportId}`);
    await page.getByLabel('Excel (XLSX)').check();
    await page.getByRole('button', { name: 'Prepare the file' }).click();
    expect(page.url()).toMatch(/\/renders\/[0-9a-f-]{36}$/);
    const link = page.getByRole('link', { name: /^Download .+\.xlsx$/ });
    for (let i = 0; i < 30 && (await link.count()) === 0; i++) {
      await page.waitForTimeout(500);
      await page.reload();
    }
    const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(file.suggestedFilename()).toMatch(/^childrens-social-care-performance-2017-05-draft\.xlsx$/);
    await page.close();
  });

  it('finds no WCAG 2.2 A or AA violations on the report pages', async () => {
    const checker = await signedIn(site, 'performance@demo.invalid', {
      withScripts: true,
      startAt: '/reports',
    });
    for (const url of ['/reports', '/reports/new', `/reports/${reportId}`, `/reports/${reportId}/edit`]) {
      const page = await checker.newPage();
      const response = await page.goto(url);
      expect(response?.status(), url).toBeLessThan(400);
      expect(await axeViolations(page), url).toEqual([]);
      await page.close();
    }
    await checker.close();
  });
});
