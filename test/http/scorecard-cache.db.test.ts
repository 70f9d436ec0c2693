import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { createApp } from '../../src/http/app.ts';
import { systemContext } from '../../src/services/context.ts';
import { loadDemo } from '../../src/services/demo/load-demo.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { testDatabases } from '../support/databases.ts';
import { sessionOf } from '../support/people.ts';

/**
 * The scorecard page is served from caches: the scorecard per data version
 * and kind of reader (services), its rendered content per scorecard
 * (render.ts fragments). These tests read the page as different people, in
 * turn, and after writes, and would fail if a cache showed one person's
 * view, name or CSRF token to another, or figures from before a write.
 */

const AREA = "Children's social care";
const TRUST_AREA = "Children's social care (trust contract)";
const scorecardUrl = (area: string, month?: string) =>
  `/scorecard?area=${encodeURIComponent(area)}${month ? `&month=${month}` : ''}`;

/** The part of the scorecard page about one indicator, or '' when the page has none. */
function sectionOf(page: string, ref: string): string {
  const start = page.indexOf(`aria-labelledby="indicator-${ref}"`);
  return start < 0 ? '' : page.slice(start, page.indexOf('</section>', start));
}

const sectionCount = (page: string) => page.match(/<section class="app-scorecard-indicator"/g)?.length ?? 0;

/** The service areas the page's area select offers. */
const areaOptions = (page: string) =>
  [
    ...page.slice(page.indexOf('<select'), page.indexOf('</select>')).matchAll(/<option value="([^"]*)"/g),
  ].map(([, value]) => value!.replace(/&#39;/g, "'"));

describe.each(testDatabases)('the cached scorecard page on $name', (database) => {
  let handle: DatabaseHandle;
  let services: Services;
  let app: FastifyInstance;
  type Person = { cookie: string; csrfToken: string };
  const people: Record<'officer' | 'admin' | 'councillor' | 'trust' | 'partnership', Person> = {} as never;
  const get = (url: string, who: Person) => app.inject({ url, headers: { cookie: who.cookie } });

  beforeAll(async () => {
    handle = await database.open();
    await loadDemo(handle.db);
    services = createServices(handle.db);
    app = await createApp(services, { isDevelopment: false, isSecure: false });
    people.officer = await sessionOf(services, 'performance@demo.invalid');
    people.admin = await sessionOf(services, 'admin@demo.invalid');
    people.councillor = await sessionOf(services, 'councillor@demo.invalid');
    people.trust = await sessionOf(services, 'trust@demo.invalid');
    people.partnership = await sessionOf(services, 'partnership@demo.invalid');
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it('names the person looking, with their own CSRF token, on a page whose content came from the cache', async () => {
    const url = scorecardUrl(AREA, '2017-05');
    const first = await get(url, people.officer);
    const second = await get(url, people.admin); // the same view of the figures, so the same cached content
    const again = await get(url, people.officer);
    for (const response of [first, second, again]) expect(response.statusCode).toBe(200);
    expect(second.body).toContain('Ada Administrator');
    expect(second.body).toContain(`name="_csrf" value="${people.admin.csrfToken}"`);
    expect(second.body).not.toContain('Priya Performance');
    expect(second.body).not.toContain(people.officer.csrfToken);
    expect(again.body).toContain('Priya Performance');
    expect(again.body).toContain(`name="_csrf" value="${people.officer.csrfToken}"`);
    expect(again.body).not.toContain(people.admin.csrfToken);
    // Navigation is the person's too: the administrator's page lists People, the officer's does not.
    expect(second.body).toContain('href="/admin/people"');
    expect(again.body).not.toContain('href="/admin/people"');
    // And the content they share is the same.
    expect(sectionOf(second.body, 'CSC-02')).toBe(sectionOf(first.body, 'CSC-02'));
  });

  it('never shows a viewer a provisional figure cached for the performance team, nor the team the viewer’s page', async () => {
    await services.recordValues(
      [{ ref: 'CSC-02', period: '2018-11', numerator: 40, denominator: 200, status: 'provisional' }],
      systemContext('test'),
    );
    const url = scorecardUrl(AREA, '2018-11');
    const shown = (page: string) => sectionOf(page, 'CSC-02').includes('data-exact="20"');
    // The viewer first, then the team, then the viewer again: each order, from a warm cache.
    expect(shown((await get(url, people.councillor)).body)).toBe(false);
    expect(shown((await get(url, people.officer)).body)).toBe(true);
    expect(shown((await get(url, people.councillor)).body)).toBe(false);
    expect(shown((await get(url, people.officer)).body)).toBe(true);
  });

  it('shows a partner only its own organisation’s indicators and areas, whoever looked at the area before', async () => {
    const url = scorecardUrl(TRUST_AREA);
    const officer = await get(url, people.officer);
    const trust = await get(url, people.trust);
    const partnership = await get(url, people.partnership);
    const officerAgain = await get(url, people.officer);
    const contractSections = sectionCount(officer.body);
    expect(contractSections).toBeGreaterThan(0);
    expect(sectionCount(trust.body)).toBe(contractSections);
    expect(sectionCount(partnership.body)).toBe(0);
    expect(partnership.body).toContain('There are no indicators in this service area yet.');
    expect(sectionCount(officerAgain.body)).toBe(contractSections);
    // The area select lists what each may see: the council's areas for the officer, only the trust's for the trust.
    expect(areaOptions(officer.body)).toContain(AREA);
    expect(areaOptions(trust.body)).toEqual([TRUST_AREA]);
    expect(areaOptions(partnership.body)).not.toContain(AREA);
  });

  it('shows a figure recorded after the page was cached, by this process or by another over the same database', async () => {
    const url = scorecardUrl(AREA, '2018-12');
    const shows = (page: string, percent: number) =>
      sectionOf(page, 'CSC-02').includes(`data-exact="${percent}"`);
    await services.recordValues(
      [{ ref: 'CSC-02', period: '2018-12', numerator: 30, denominator: 200, status: 'validated' }],
      systemContext('test'),
    );
    expect(shows((await get(url, people.officer)).body, 15)).toBe(true);
    await services.recordValues(
      [
        {
          ref: 'CSC-02',
          period: '2018-12',
          numerator: 50,
          denominator: 200,
          status: 'validated',
          reason: 'corrected',
        },
      ],
      systemContext('test'),
    );
    const corrected = (await get(url, people.officer)).body;
    expect([shows(corrected, 25), shows(corrected, 15)]).toEqual([true, false]);
    // Another process has its own caches; only the data version tells this one of its write.
    const elsewhere = createServices(handle.db);
    await elsewhere.recordValues(
      [
        {
          ref: 'CSC-02',
          period: '2018-12',
          numerator: 70,
          denominator: 200,
          status: 'validated',
          reason: 'corrected again',
        },
      ],
      systemContext('test'),
    );
    const correctedElsewhere = (await get(url, people.officer)).body;
    expect([shows(correctedElsewhere, 35), shows(correctedElsewhere, 25)]).toEqual([true, false]);
  });

  it('keeps each request’s own “as it stood on” text and download links', async () => {
    const asAt = await get(`${scorecardUrl(AREA, '2017-05')}&asAt=2017-06-30`, people.officer);
    const current = await get(scorecardUrl(AREA, '2017-05'), people.officer);
    expect(asAt.body).toContain('value="2017-06-30"');
    expect(asAt.body).toContain('asAt=2017-06-30&amp;format=csv');
    expect(current.body).not.toContain('value="2017-06-30"');
    expect(current.body).not.toContain('asAt=2017-06-30');
    // The same moment written another way: the same scorecard, but the form shows what this request sent.
    const sameMoment = await get(
      `${scorecardUrl(AREA, '2017-05')}&asAt=${encodeURIComponent('2017-06-30T23:59:59.999Z')}`,
      people.officer,
    );
    expect(sameMoment.body).toContain('value="2017-06-30T23:59:59.999Z"');
    expect(sameMoment.body).not.toContain('value="2017-06-30"');
  });

  it('builds one scorecard for readers arriving together, and hands each the same one', async () => {
    await services.recordValues(
      [{ ref: 'CSC-02', period: '2019-01', numerator: 10, denominator: 200, status: 'validated' }],
      systemContext('test'),
    ); // a write, so nothing is cached
    const context = systemContext('test');
    const [a, b] = await Promise.all([
      services.chosenScorecard({ area: AREA, month: '2017-05' }, context),
      services.chosenScorecard({ area: AREA, month: '2017-05' }, context),
    ]);
    expect(a.scorecard).toBe(b.scorecard);
  });
});
