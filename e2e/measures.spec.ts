import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/client.ts';
import { emptyRecords } from '../src/measures/model.ts';
import { child, referral } from '../src/measures/test-records.ts';
import { storeReturn } from '../src/services/child-records/store-return.ts';
import { systemContext } from '../src/services/context.ts';
import { loadDemoAccounts } from '../src/services/demo/load-demo-accounts.ts';
import { testDatabases } from '../test/support/databases.ts';
import {
  axeViolations,
  hasChromium,
  openSite,
  signedIn,
  warnIfNoChromium,
  type Site,
} from './support/browser.ts';

warnIfNoChromium('e2e/measures.spec.ts');

const LA = '330';

describe.skipIf(!hasChromium)('the statutory measures pages in Chromium', () => {
  let handle: DatabaseHandle;
  let site: Site;
  /** The pages must work without scripts. */
  let withoutScripts: BrowserContext;
  /** Only to run axe, which is a script. */
  let withScripts: BrowserContext;

  beforeAll(async () => {
    handle = await testDatabases.find((d) => d.name === 'pglite')!.open();
    await loadDemoAccounts(handle.db);
    await storeReturn(
      handle.db,
      {
        source: 'cin_census',
        la: LA,
        asAt: '2024-03-31',
        fileNames: ['cin.xml'],
        records: {
          ...emptyRecords(),
          children: [child('A', { team: 'East' }), child('B', { team: 'South' })],
          referrals: [
            referral('A', '2023-06-01'),
            referral('A', '2024-02-12'),
            referral('B', '2024-03-05'),
            referral('B', '2024-03-20', { problems: ['referralDate'] }),
          ],
        },
        findings: [],
      },
      systemContext('test'),
    );
    site = await openSite(handle);
    withoutScripts = await signedIn(site, 'performance@demo.invalid', { startAt: '/measures' });
    withScripts = await signedIn(site, 'performance@demo.invalid', {
      withScripts: true,
      startAt: '/measures',
    });
  });
  afterAll(async () => {
    await site?.close();
    await handle?.close();
  });

  it('goes from the measures to a quarter, a measure and the children behind a count, without scripts', async () => {
    const page = await withoutScripts.newPage();
    await page.goto('/measures');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Statutory measures, Mar 2024');

    await page.getByLabel('Kind of period').selectOption('quarter');
    await Promise.all([page.waitForURL(/kind=quarter/), page.getByRole('button', { name: 'Show' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Statutory measures, Q4 2023-24 (Jan–Mar 2024)',
    );

    await Promise.all([
      page.waitForURL(/\/measures\/re-referrals-within-12-months\?/),
      page.getByRole('link', { name: 'Re-referrals within 12 months' }).click(),
    ]);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Re-referrals within 12 months');
    const trend = page.getByRole('region', { name: 'Trend over 13 months' }).getByRole('row');
    expect(await trend.count()).toBe(14);
    expect(await page.getByRole('link', { name: '1 left out, Mar 2024' }).count()).toBe(1);

    await Promise.all([
      page.waitForURL(/\/children\?.*part=left_out/),
      page
        .getByRole('region', { name: 'The figure' })
        .getByRole('link', { name: '1 left out, Total' })
        .click(),
    ]);
    expect(await page.getByText('Viewing and downloading this list is recorded').isVisible()).toBe(true);
    expect(
      await page.getByRole('region', { name: 'Records' }).getByRole('rowheader').allInnerTexts(),
    ).toEqual(['B']);
    await page.close();
  });

  it('imports a return through the upload form without scripts', async () => {
    const page = await withoutScripts.newPage();
    await page.goto('/measures/imports');
    await page.getByLabel('Children in Need census (XML)').check();
    await page
      .getByLabel('The file or files of the return')
      .setInputFiles('/work/shared/samples/cin_census_fake/CIN_Census_2024.xml');
    await Promise.all([
      page.waitForURL(/\/measures\/imports$/),
      page.getByRole('button', { name: 'Import', exact: true }).click(),
    ]);
    expect(await page.getByRole('heading', { name: 'Imported' }).isVisible()).toBe(true);
    await Promise.all([
      page.waitForURL(/\/measures\/imports\/\d+$/),
      page.getByRole('link', { name: 'See the import and its findings' }).click(),
    ]);
    expect(await page.getByRole('region', { name: 'Findings' }).getByRole('row').count()).toBeGreaterThan(1);
    await page.close();
  });

  it('finds no WCAG 2.2 A or AA violations on the measures, a measure, the children, the lists and the imports', async () => {
    const page = await withScripts.newPage();
    for (const url of [
      '/measures',
      '/measures?la=330&period=2023-04..2024-03&breakdown=team',
      '/measures/re-referrals-within-12-months?la=330&period=FY2023-24&breakdown=age_band',
      '/measures/referrals/children?la=330&period=2024-03&part=numerator',
      '/measures/working-lists',
      '/measures/working-lists/unallocated-cases?la=330&asAt=2024-03-31T09:00',
      '/measures/imports',
    ]) {
      await page.goto(url);
      expect(await axeViolations(page), url).toEqual([]);
    }
    await page.close();
  });
});
