import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/client.ts';
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

warnIfNoChromium('e2e/publication.spec.ts');

/**
 * June 2017 from entry to publication, in Chromium without JavaScript: the
 * owner types the month's figures and commentary into the grid and submits
 * them; the performance team checks every item and publishes the month; a
 * councillor (a viewer) then reads the published figures and commentary on
 * the scorecard, which they could not see before.
 */
describe.skipIf(!hasChromium)('publishing a month in Chromium', () => {
  let handle: DatabaseHandle;
  let site: Site;

  beforeAll(async () => {
    handle = await testDatabases.find((d) => d.name === 'pglite')!.open();
    await loadDemo(handle.db);
    site = await openSite(handle);
  });
  afterAll(async () => {
    await site?.close();
    await handle?.close();
  });

  const juneCells = (page: Page, title: string) =>
    page
      .getByRole('region', { name: `${title}: figures` })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'Re-referrals %', exact: true }) })
      .getByRole('cell')
      .allInnerTexts();

  it('finds no WCAG 2.2 A or AA violations, while June is open, on the entry, publication, completeness and changes pages', async () => {
    const admin = await signedIn(site, 'admin@demo.invalid', { withScripts: true, startAt: '/scorecard' });
    for (const url of ['/entry', '/publication', '/completeness', '/changes?from=2017-05&to=now']) {
      const page = await admin.newPage();
      const response = await page.goto(url);
      expect(response?.status(), url).toBeLessThan(400);
      expect(await axeViolations(page), url).toEqual([]);
      await page.close();
    }
    await admin.close();
  });

  it('takes June 2017 from the owner’s grid to the councillor’s scorecard', async () => {
    // Before: the councillor sees nothing of June, which is open for entry.
    const councillor = await signedIn(site, 'councillor@demo.invalid', { startAt: '/scorecard' });
    const before = await councillor.newPage();
    await before.goto('/scorecard?month=2017-06');
    expect((await juneCells(before, 'Re-referrals within 12 months'))[1]).toBe('');

    // The owner enters June's figures as people type them, with commentary, and submits.
    const owner = await signedIn(site, 'owner@demo.invalid', { startAt: '/scorecard' });
    const entry = await owner.newPage();
    await entry.goto('/entry');
    expect(await entry.getByRole('heading', { level: 1 }).innerText()).toBe('Enter figures for Jun 2017');
    await entry.getByLabel('CSC-02 Total: No. re-referrals').fill('301');
    await entry.getByLabel('CSC-02 Total: Total Referrals').fill('1,204');
    await entry.getByLabel('CSC-02 commentary').fill('Re-referrals fell to 25% after the front-door review.');
    // A mistyped figure is refused, named in the error summary, and the typed values are kept.
    await entry.getByLabel('CSC-04 Total: Children seen').fill('1O0');
    await entry.getByLabel('CSC-04 Total: Assessments completed').fill('120');
    await Promise.all([entry.waitForLoadState(), entry.getByRole('button', { name: 'Submit' }).click()]);
    const summary = entry.getByRole('alert');
    expect(await summary.innerText()).toContain('CSC-04 Total: Children seen: must be a number, not "1O0"');
    expect(await entry.getByLabel('CSC-02 Total: Total Referrals').inputValue()).toBe('1,204');
    await entry.getByLabel('CSC-04 Total: Children seen').fill('100');
    await Promise.all([
      entry.waitForURL(/done=submitted/),
      entry.getByRole('button', { name: 'Submit' }).click(),
    ]);
    expect(await entry.getByRole('alert', { name: 'Success' }).innerText()).toContain(
      'Your figures and commentary were submitted',
    );

    // The performance team checks every item (saying why some have no figures) and publishes June.
    const performance = await signedIn(site, 'performance@demo.invalid', { startAt: '/scorecard' });
    const publication = await performance.newPage();
    await publication.goto('/publication?month=2017-06');
    const publish = () =>
      Promise.all([
        publication.waitForLoadState(),
        publication.getByRole('button', { name: 'Publish Jun 2017' }).click(),
      ]);
    await publish();
    expect(await publication.getByRole('alert').innerText()).toContain(
      'CSC-01 (2017-06) is not checked: no data',
    );
    for (const box of await publication.getByRole('checkbox').all()) await box.check();
    await publication.getByLabel('Note').fill('Not reported for June: the locality extract was late.');
    await Promise.all([
      publication.waitForURL(/done=checked/),
      publication.getByRole('button', { name: 'Check selected' }).click(),
    ]);
    await Promise.all([publication.waitForURL(/done=published/), publish()]);
    expect(await publication.getByRole('alert', { name: 'Success' }).innerText()).toContain(
      'Jun 2017 is published',
    );

    // The councillor now sees June's figures and commentary.
    const after = await councillor.newPage();
    await after.goto('/scorecard?month=2017-06');
    // Published as entered: provisional ("p") until the owner's service validates it.
    expect((await juneCells(after, 'Re-referrals within 12 months'))[1]).toBe('25% p');
    expect(await after.getByText('Re-referrals fell to 25% after the front-door review.').count()).toBe(1);
    await Promise.all([councillor.close(), owner.close(), performance.close()]);
  });
});
