import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/client.ts';
import { DEMO_FIXTURES } from '../src/services/demo/load-demo.ts';
import { loadDemoAccounts } from '../src/services/demo/load-demo-accounts.ts';
import { loadImprovement } from '../src/services/demo/load-improvement.ts';
import { testDatabases } from '../test/support/databases.ts';
import {
  axeViolations,
  hasChromium,
  openSite,
  signedIn,
  warnIfNoChromium,
  type Site,
} from './support/browser.ts';

warnIfNoChromium('e2e/improvement.spec.ts');

/**
 * A lead's progress update reaching the board, in Chromium without
 * JavaScript: the demo's indicator owner stands in for the Director of
 * Strategy, Commissioning and Transformation, who leads A2; they post an
 * Amber update with its narrative and next steps, and the board report for
 * the day counts A2 as Amber and prints the narrative under A2.
 */
describe.skipIf(!hasChromium)('the improvement programme in Chromium', () => {
  let handle: DatabaseHandle;
  let site: Site;

  beforeAll(async () => {
    handle = await testDatabases.find((d) => d.name === 'pglite')!.open();
    await loadDemoAccounts(handle.db);
    await loadImprovement(handle.db, DEMO_FIXTURES);
    site = await openSite(handle);
  });
  afterAll(async () => {
    await site?.close();
    await handle?.close();
  });

  const boardRow = (page: Page, caption: string, status: string) =>
    page
      .getByRole('table', { name: caption })
      .getByRole('row')
      .filter({ has: page.getByText(status, { exact: true }) })
      .getByRole('cell')
      .last()
      .innerText();

  it('takes a lead’s progress update on A2 to the board report', async () => {
    const owner = await signedIn(site, 'owner@demo.invalid', { startAt: '/improvement' });
    const page = await owner.newPage();
    await page.goto('/improvement/2023');
    await page.getByRole('link', { name: 'A2', exact: true }).click();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Develop and implement a fit for purpose operating model for the Children and Families Directorate',
    );
    expect(await page.getByRole('button', { name: 'Post update' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Post update' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('Status is required');

    await page.getByLabel('Amber').check();
    await page
      .getByLabel('Progress')
      .fill('Directorate structure agreed; recruitment to 40 posts under way.');
    await page.getByLabel('Next steps').fill('Appoint the Assistant Directors by June.');
    await page.getByRole('button', { name: 'Post update' }).click();
    expect(await page.getByText('Your update was posted.').count()).toBe(1);

    const board = await owner.newPage();
    await board.goto('/improvement/2023/board');
    expect(await boardRow(board, 'Projects by status', 'Amber')).toBe('1');
    const a2 = board.locator('#project-A2');
    expect(await a2.innerText()).toContain('Amber');
    expect(await a2.innerText()).toContain(
      'Directorate structure agreed; recruitment to 40 posts under way.',
    );
    expect(await a2.innerText()).toContain('Next steps: Appoint the Assistant Directors by June.');

    // The March 2023 board still shows what it was told, and A2 as it stood then.
    await board.goto('/improvement/2023/board?on=2023-03-17');
    expect(await board.locator('#project-A2').innerText()).not.toContain('Directorate structure agreed');
    expect(await board.getByRole('table', { name: 'Of the 34 projects' }).count()).toBe(1);
    await owner.close();
  });

  it('does not offer the form on an item the lead does not lead', async () => {
    const owner = await signedIn(site, 'owner@demo.invalid', { startAt: '/improvement' });
    const page = await owner.newPage();
    await page.goto('/improvement/2023/items/B1');
    expect(await page.getByRole('button', { name: 'Post update' }).count()).toBe(0);
    await owner.close();
  });

  it('finds no WCAG 2.2 A or AA violations on the plan, item, board, leads, import and risk pages', async () => {
    const officer = await signedIn(site, 'performance@demo.invalid', {
      withScripts: true,
      startAt: '/improvement',
    });
    for (const url of [
      '/improvement',
      '/improvement/2023?asAt=2023-03-17',
      '/improvement/2023/items/A2',
      '/improvement/2023/board?on=2023-03-17',
      '/improvement/2023/leads',
      '/improvement/2023/statuses',
      '/improvement/import',
      '/risks',
      '/risks/2023/R1',
      '/risks/new',
    ]) {
      const page = await officer.newPage();
      const response = await page.goto(url);
      expect(response?.status(), url).toBeLessThan(400);
      expect(await axeViolations(page), url).toEqual([]);
      await page.close();
    }
    await officer.close();
  });
});
