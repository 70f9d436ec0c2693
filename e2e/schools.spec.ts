import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/client.ts';
import { DEMO_FIXTURES } from '../src/services/demo/load-demo.ts';
import { loadDemoAccounts } from '../src/services/demo/load-demo-accounts.ts';
import { loadSchools } from '../src/services/demo/load-schools.ts';
import { testDatabases } from '../test/support/databases.ts';
import {
  axeViolations,
  hasChromium,
  openSite,
  signedIn,
  warnIfNoChromium,
  type Site,
} from './support/browser.ts';

warnIfNoChromium('e2e/schools.spec.ts');

describe.skipIf(!hasChromium)(
  'the schools pages in Chromium over the illustrative Birmingham schools',
  () => {
    let handle: DatabaseHandle;
    let site: Site;
    /** The pages must work without scripts. */
    let withoutScripts: BrowserContext;
    /** Only to run axe, which is a script. */
    let withScripts: BrowserContext;

    beforeAll(async () => {
      handle = await testDatabases.find((d) => d.name === 'pglite')!.open();
      await loadDemoAccounts(handle.db);
      await loadSchools(handle.db, DEMO_FIXTURES);
      site = await openSite(handle);
      withoutScripts = await signedIn(site, 'councillor@demo.invalid', { startAt: '/schools' });
      withScripts = await signedIn(site, 'performance@demo.invalid', {
        withScripts: true,
        startAt: '/schools',
      });
    });
    afterAll(async () => {
      await site?.close();
      await handle?.close();
    });

    const cellsOf = (page: Page, table: string, row: string) =>
      page
        .getByRole('region', { name: table, exact: true })
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: row, exact: true }) })
        .getByRole('cell')
        .allInnerTexts();

    it('goes from the position table to the schools behind a count, to a school and its history', async () => {
      const page = await withoutScripts.newPage();
      await page.goto('/schools');
      await page.getByLabel('Position at').fill('2017-06-12');
      await Promise.all([
        page.waitForURL(/asAt=2017-06-12/),
        page.getByRole('button', { name: 'Show' }).click(),
      ]);
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).innerText())
        .toBe('Ofsted position at 12 June 2017');
      expect(await page.getByText('Illustrative school records').isVisible()).toBe(true);
      // LA maintained, Primary, as the council printed it: 189 | 40 21% | 123 65% | 21 11% | 5 3% | 163 86% | 5 3%
      expect(await cellsOf(page, 'LA maintained', 'Primary')).toEqual([
        '189',
        '40',
        '21%',
        '123',
        '65%',
        '21',
        '11%',
        '5',
        '3%',
        '163',
        '86%',
        '5',
        '3%',
      ]);
      expect((await cellsOf(page, 'Academies and free schools', 'Total')).slice(0, 3)).toEqual([
        '170',
        '40',
        '24%',
      ]);

      await Promise.all([
        page.waitForURL(/\/schools\/list/),
        page.getByRole('link', { name: '5 schools: Special measures, Primary, LA maintained' }).click(),
      ]);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
        'Special measures, Primary, LA maintained',
      );
      const schools = page.getByRole('region', { name: 'Schools' }).getByRole('rowheader');
      expect(await schools.count()).toBe(5);

      await Promise.all([page.waitForURL(/\/schools\/9\d{5}/), schools.first().getByRole('link').click()]);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/\(illustrative\)$/);
      expect(await page.getByText('Inadequate (Special measures)').isVisible()).toBe(true);
      expect(
        await page.getByRole('region', { name: 'Inspections' }).getByRole('row').count(),
      ).toBeGreaterThan(1);
      await page.close();
    });

    it('finds no WCAG 2.2 A or AA violations on the position, a drill-down, a school, movements and the import page', async () => {
      const page = await withScripts.newPage();
      for (const url of [
        '/schools?la=330&asAt=2017-11-08',
        '/schools?la=330&asAt=2026-04-30&view=report-cards',
        '/schools/list?la=330&asAt=2026-04-30&view=report-cards&governance=all&area=achievement&grade=needs_attention',
        '/schools/list?la=330&asAt=2017-11-08&governance=academy&phase=total&column=total',
        '/schools/movements?la=330&to=2017-11-08',
        '/schools/import',
      ]) {
        await page.goto(url);
        expect(await axeViolations(page), url).toEqual([]);
      }
      await page.goto('/schools/list?la=330&asAt=2017-11-08&governance=academy');
      await page
        .getByRole('region', { name: 'Schools' })
        .getByRole('rowheader')
        .first()
        .getByRole('link')
        .click();
      await page.waitForURL(/\/schools\/9\d{5}/);
      expect(await axeViolations(page)).toEqual([]);
      await page.close();
    });
  },
);
