import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/client.ts';
import { DEMO_PASSWORD } from '../src/services/demo/load-demo-accounts.ts';
import { loadDemo } from '../src/services/demo/load-demo.ts';
import { testDatabases } from '../test/support/databases.ts';
import {
  axeViolations,
  hasChromium,
  openSite,
  signedIn,
  warnIfNoChromium,
  type Site,
} from './support/browser.ts';

warnIfNoChromium('e2e/pages.spec.ts');

describe.skipIf(!hasChromium)('the pages in Chromium over the May 2017 demo', () => {
  let handle: DatabaseHandle;
  let site: Site;
  /** Most council browsers run scripts, but the pages must not need them. */
  let withoutScripts: BrowserContext;
  /** Only to run axe, which is a script. */
  let withScripts: BrowserContext;

  const open = async (context: BrowserContext, url: string): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(url);
    return page;
  };
  const cellsOf = (page: Page, table: RegExp, row: string) =>
    page
      .getByRole('region', { name: table })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: row, exact: true }) })
      .getByRole('cell')
      .allInnerTexts();

  beforeAll(async () => {
    handle = await testDatabases.find((d) => d.name === 'pglite')!.open();
    await loadDemo(handle.db);
    site = await openSite(handle);
    withoutScripts = await signedIn(site, 'performance@demo.invalid');
    withScripts = await signedIn(site, 'admin@demo.invalid', { withScripts: true });
  });
  afterAll(async () => {
    await site?.close();
    await handle?.close();
  });

  describe('signing in and out', () => {
    it('signs in with the keyboard alone, returns to the page asked for, and signs out', async () => {
      const context = await site.browser.newContext({ javaScriptEnabled: false, baseURL: site.baseURL });
      const page = await open(context, '/indicators');
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      await page.getByLabel('Email address').fill('councillor@demo.invalid');
      await page.getByLabel('Password').fill('not the password');
      await page.keyboard.press('Enter');
      await page.waitForLoadState();
      expect(await page.getByRole('alert').innerText()).toContain(
        'Enter a correct email address and password',
      );

      await page.getByLabel('Password').focus();
      await page.keyboard.type(DEMO_PASSWORD);
      await Promise.all([page.waitForURL(/\/indicators$/), page.keyboard.press('Enter')]);
      expect(await page.getByText('Signed in as').innerText()).toContain(
        'Cllr Vera Viewer, Viewer, Birmingham City Council',
      );
      expect(await page.getByRole('link', { name: 'People', exact: true }).count()).toBe(0);

      await Promise.all([
        page.waitForURL(/\/sign-in/),
        page.getByRole('button', { name: 'Sign out' }).click(),
      ]);
      expect(await page.getByText('You have been signed out.').isVisible()).toBe(true);
      await page.goto('/scorecard');
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      await context.close();
    });

    it('finds no WCAG 2.2 A or AA violations on the sign-in page', async () => {
      const context = await site.browser.newContext({ baseURL: site.baseURL, bypassCSP: true });
      const page = await context.newPage();
      await page.goto('/sign-in');
      expect(await axeViolations(page)).toEqual([]);
      await context.close();
    });
  });

  describe('a partner contract', () => {
    it('gives the trust’s October 2018 position in the council’s words', async () => {
      const page = await open(withoutScripts, '/contracts/BCT-CONTRACT?month=2018-10');
      expect(await page.locator('main').innerText()).toContain(
        'all 15 within target or tolerance: 10 better than target, 1 at target, 4 missed but within tolerance',
      );
      await page.close();
    });
  });

  describe('without JavaScript', () => {
    it('shows the May 2017 figures on the scorecard', async () => {
      const page = await open(withoutScripts, '/scorecard');
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Scorecard for May 2017');
      const table = /^Family assessments completed in timescale.*: figures$/;
      expect(await cellsOf(page, table, 'No. inside')).toEqual([
        '1,178',
        '1,218',
        '395',
        '397',
        '353',
        '25',
        '48',
      ]);
      expect(await cellsOf(page, table, 'Total')).toEqual([
        '1,301',
        '1,304',
        '407',
        '437',
        '372',
        '29',
        '59',
      ]);
      expect(await cellsOf(page, table, '% Inside')).toEqual([
        '91%',
        '93%',
        '97%',
        '91%',
        '95%',
        '86%',
        '81%',
      ]);
      expect(
        await cellsOf(page, /^Children with a child protection plan.*: figures$/, 'Rate per 10,000 children'),
      ).toEqual(['35', '34', '26', '28', '52', '', '']);
      await page.close();
    });

    it('changes the month with the keyboard alone: Tab to the month, type it, press Enter', async () => {
      const page = await open(withoutScripts, '/scorecard?month=2017-04');
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Scorecard for Apr 2017');
      let focused = '';
      for (let presses = 0; presses < 20 && focused !== 'month'; presses++) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(() => document.activeElement?.id ?? '');
      }
      expect(focused, 'the month field can be reached with Tab').toBe('month');
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('2017-05');
      await Promise.all([page.waitForURL(/month=2017-05/), page.keyboard.press('Enter')]);
      expect(new URL(page.url()).searchParams.get('area')).toBe("Children's social care");
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Scorecard for May 2017');
      expect(await cellsOf(page, /^Family assessments.*: figures$/, '% Inside')).toContain('93%');
      await page.close();
    });

    it('filters the catalogue with its form', async () => {
      const page = await open(withoutScripts, '/indicators');
      const countText = () => page.getByRole('status').innerText();
      const everything = Number.parseInt(await countText(), 10);
      await page.getByLabel('Aim').selectOption({ label: 'Bigger is better' });
      await page.getByLabel('Frequency').selectOption({ label: 'Monthly' });
      await Promise.all([
        page.waitForURL(/aim=bigger_is_better/),
        page.getByRole('button', { name: 'Filter' }).click(),
      ]);

      const shown = Number.parseInt(await countText(), 10);
      expect(shown).toBeGreaterThan(0);
      expect(shown).toBeLessThan(everything);
      const rows = page.getByRole('region', { name: 'Indicators' }).locator('tbody tr');
      expect(await rows.count()).toBe(shown);
      expect(new Set(await rows.locator('td:nth-child(4)').allInnerTexts())).toEqual(
        new Set(['Bigger is better']),
      );
      expect(new Set(await rows.locator('td:nth-child(5)').allInnerTexts())).toEqual(new Set(['Monthly']));
      expect(await rows.locator('td:nth-child(1)').allInnerTexts()).toContain('CSC-03');
      expect(await page.getByLabel('Aim').inputValue()).toBe('bigger_is_better');
      await page.close();
    });

    it('shows an indicator’s trend as a named SVG image, and its history as a table', async () => {
      const page = await open(withoutScripts, '/indicators/CSC-03');
      const chart = page.getByRole('img', { name: /^Family assessments completed in timescale.*: trend$/ });
      expect(await chart.count()).toBe(1);
      expect(await chart.evaluate((element) => element.tagName.toLowerCase())).toBe('svg');
      expect(await chart.isVisible()).toBe(true);

      const history = page.getByRole('table', { name: 'Figures by period, newest first' });
      const may = history.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'May 2017' }) });
      expect(await may.getByRole('cell').allInnerTexts()).toEqual(
        expect.arrayContaining(['93%', '1,218', '1,304', 'Better than target']),
      );
      await page.close();
    });

    it('hides the filter form when the scorecard is printed', async () => {
      const page = await open(withoutScripts, '/scorecard');
      const form = page.locator('form.app-filter');
      expect(await form.isVisible()).toBe(true);
      await page.emulateMedia({ media: 'print' });
      expect(await form.isVisible()).toBe(false);
      expect(await page.getByRole('heading', { level: 1 }).isVisible()).toBe(true);
      await page.close();
    });

    it('prints the scorecard to a PDF', async () => {
      const page = await open(withoutScripts, '/scorecard');
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(10_000);
      await page.close();
    });
  });

  describe('accessibility, as far as axe can tell', () => {
    it.each([
      { name: 'scorecard', url: '/scorecard', status: 200 },
      { name: 'catalogue', url: '/indicators', status: 200 },
      { name: 'indicator', url: '/indicators/CSC-03', status: 200 },
      { name: 'not found', url: '/indicators/CSC-99', status: 404 },
      { name: 'bad request', url: '/scorecard?month=2017-13', status: 400 },
      { name: 'account', url: '/account', status: 200 },
      { name: 'change password', url: '/account/password', status: 200 },
      { name: 'people', url: '/admin/people', status: 200 },
      { name: 'audit', url: '/admin/audit', status: 200 },
      { name: 'contracts', url: '/contracts', status: 200 },
      { name: 'contract', url: '/contracts/BCT-CONTRACT', status: 200 },
      { name: 'figures template', url: '/templates', status: 200 },
      {
        name: 'refused figures template',
        url: '/templates/download?period=May&format=csv',
        status: 400,
      },
    ])('finds no WCAG 2.2 A or AA violations on the $name page', async ({ url, status }) => {
      const page = await withScripts.newPage();
      const response = await page.goto(url);
      expect(response?.status()).toBe(status);
      expect(await axeViolations(page)).toEqual([]);
      await page.close();
    });
  });
});
