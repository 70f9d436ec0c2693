import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { createApp } from '../../src/http/app.ts';
import { loadDemo } from '../../src/services/demo/load-demo.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { testDatabases } from '../support/databases.ts';
import { apiTokenOf, sessionOf } from '../support/people.ts';
import { systemContext } from '../../src/services/context.ts';

const AREA = "Children's social care";
const MAY_2017 = `/scorecard?area=${encodeURIComponent(AREA)}&month=2017-05`;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/** What a reader sees of some HTML: tags dropped, entities decoded, white space collapsed. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name]!)
    .replace(/\s+/g, ' ')
    .trim();
}

/** The part of the scorecard page about one indicator. */
function scorecardSection(page: string, ref: string): string {
  const start = page.indexOf(`aria-labelledby="indicator-${ref}"`);
  expect(start, `the scorecard has a section for ${ref}`).toBeGreaterThanOrEqual(0);
  return page.slice(start, page.indexOf('</section>', start));
}

/** The cells of each table row that has a row header, by the header's text. */
function rowsByHeader(html: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const [, header, cells] of html.matchAll(/<th scope="row"[^>]*>([\s\S]*?)<\/th>([\s\S]*?)<\/tr>/g)) {
    rows.set(
      textOf(header!),
      [...cells!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map(([, cell]) => textOf(cell!)),
    );
  }
  return rows;
}

interface CatalogueRow {
  ref: string;
  title: string;
  area: string;
  aim: string;
  frequency: string;
  owner: string;
}

/** The rows of the catalogue table. */
function catalogueRows(page: string): CatalogueRow[] {
  const body = page.slice(page.indexOf('<tbody'), page.indexOf('</tbody>'));
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map(([, row]) => {
    const [ref, title, area, aim, frequency, owner] = [...row!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map(
      ([, cell]) => textOf(cell!),
    );
    return { ref: ref!, title: title!, area: area!, aim: aim!, frequency: frequency!, owner: owner! };
  });
}

/** The text of the page's main content, without the header and footer every page shares. */
function mainText(page: string): string {
  return textOf(page.slice(page.indexOf('<main'), page.indexOf('</main>')));
}

describe.each(testDatabases)('the web pages over the May 2017 demo on $name', (database) => {
  let handle: DatabaseHandle;
  let services: Services;
  let app: FastifyInstance;
  /** The performance team, who see every figure, validated or not. */
  let cookie: string;
  let api: { authorization: string };
  const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie } });

  beforeAll(async () => {
    handle = await database.open();
    await loadDemo(handle.db);
    services = createServices(handle.db);
    app = await createApp(services, { isDevelopment: false, isSecure: false });
    cookie = (await sessionOf(services, 'performance@demo.invalid')).cookie;
    api = {
      authorization: `Bearer ${await apiTokenOf(services, 'performance@demo.invalid', ['figures:read', 'figures:write', 'publication:manage', 'catalogue:write'])}`,
    };
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  describe('the scorecard', () => {
    it('opens at the latest month with figures, May 2017, for children’s social care', async () => {
      const response = await get('/scorecard');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(mainText(response.body)).toContain(`${AREA} Scorecard for May 2017`);
    });

    it('shows family assessments as 1,218 inside timescale of 1,304, 93%', async () => {
      const rows = rowsByHeader(scorecardSection((await get(MAY_2017)).body, 'CSC-03'));
      expect(rows.get('No. inside')).toEqual(['1,178', '1,218', '395', '397', '353', '25', '48']);
      expect(rows.get('Total')).toEqual(['1,301', '1,304', '407', '437', '372', '29', '59']);
      expect(rows.get('% Inside')).toEqual(['91%', '93%', '97%', '91%', '95%', '86%', '81%']);
    });

    it('shows children on a protection plan at 26, 28 and 52 per 10,000 in the three localities', async () => {
      const section = scorecardSection((await get(MAY_2017)).body, 'CSC-05');
      expect(textOf(section)).toContain('Measure Mar-17 May-17 EAST NWC SOUTH DCSC Other Citywide Teams');
      expect(rowsByHeader(section).get('Rate per 10,000 children')).toEqual([
        '35',
        '34',
        '26',
        '28',
        '52',
        '',
        '',
      ]);
    });

    it('shows the target and the rating beside the figures', async () => {
      const section = textOf(scorecardSection((await get(MAY_2017)).body, 'CSC-03'));
      expect(section).toContain('Target 85%');
      expect(section).toContain('Performance rating Better than target');
    });

    it('refuses a month that does not exist with a 400 page naming the month field', async () => {
      const response = await get(`/scorecard?area=${encodeURIComponent(AREA)}&month=2017-13`);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      const text = mainText(response.body);
      expect(text).toContain('There is a problem');
      expect(text).toContain('field "month": "2017-13" is not a month such as 2017-05');
    });

    it('refuses an "as at" date that is not a date with a 400 page naming the asAt field', async () => {
      const response = await get('/scorecard?month=2017-05&asAt=yesterday');
      expect(response.statusCode).toBe(400);
      expect(mainText(response.body)).toContain('field "asAt"');
    });
  });

  describe('commentary', () => {
    it('shows commentary recorded through the API as text on the scorecard and indicator pages, never as markup', async () => {
      const recorded = await app.inject({
        headers: api,
        method: 'POST',
        url: '/api/values',
        payload: {
          values: [
            {
              ref: 'CSC-03',
              period: '2017-05',
              numerator: 1218,
              denominator: 1304,
              status: 'validated',
              commentary: 'Up again. <script>alert(1)</script> <b>bold</b>',
              // May 2017 is published in the demo, so new commentary for it is a correction.
              reason: 'Commentary corrected',
            },
          ],
        },
      });
      expect(recorded.statusCode).toBe(200);
      expect(recorded.json()).toMatchObject({ unchanged: 1, commentary: 1 });

      for (const page of [
        scorecardSection((await get(MAY_2017)).body, 'CSC-03'),
        (await get('/indicators/CSC-03')).body,
      ]) {
        expect(page).toContain('Up again. &lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;');
        expect(page).not.toContain('<script>alert(1)');
        expect(page).not.toContain('<b>bold');
      }
    });
  });

  describe('the catalogue', () => {
    it('lists every indicator when no filter is chosen', async () => {
      const page = (await get('/indicators')).body;
      const all = await services.indicators({}, systemContext('test'));
      expect(catalogueRows(page).map((r) => r.ref)).toEqual(all.map((i) => i.ref));
      expect(page).toContain(`role="status">${all.length} indicators</p>`);
    });

    it('filters by aim, and keeps the chosen aim selected in the form', async () => {
      const page = (await get('/indicators?aim=bigger_is_better')).body;
      const rows = catalogueRows(page);
      expect(rows.map((r) => r.ref)).toContain('CSC-03');
      expect(rows.map((r) => r.ref)).not.toContain('CSC-02');
      expect(new Set(rows.map((r) => r.aim))).toEqual(new Set(['Bigger is better']));
      expect(page).toContain('<option value="bigger_is_better" selected>');
      expect(page).toContain(`role="status">${rows.length} indicators</p>`);
    });

    it('filters by service area and frequency together', async () => {
      const url = `/indicators?area=${encodeURIComponent(AREA)}&frequency=monthly`;
      const rows = catalogueRows((await get(url)).body);
      const expected = await services.indicators(
        { serviceArea: AREA, frequency: 'monthly' },
        systemContext('test'),
      );
      expect(rows.map((r) => r.ref)).toEqual(expected.map((i) => i.ref));
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.map((r) => r.ref)).toContain('CSC-05');
      for (const row of rows) expect([row.area, row.frequency]).toEqual([AREA, 'Monthly']);
    });

    it('filters by owner once an indicator has one', async () => {
      const { indicator } = (await get('/api/indicators/CSC-13')).json();
      const saved = await app.inject({
        headers: api,
        method: 'PUT',
        url: '/api/indicators/CSC-13',
        payload: { indicator: { ...indicator, owner: 'Head of Service, Safeguarding' } },
      });
      expect(saved.statusCode).toBe(200);
      const page = (await get(`/indicators?owner=${encodeURIComponent('Head of Service, Safeguarding')}`))
        .body;
      expect(catalogueRows(page)).toEqual([
        expect.objectContaining({ ref: 'CSC-13', owner: 'Head of Service, Safeguarding' }),
      ]);
      expect(page).toContain('<option value="Head of Service, Safeguarding" selected>');
    });

    it('shows no indicators, rather than failing, for a filter nothing matches', async () => {
      const response = await get('/indicators?area=Nowhere');
      expect(response.statusCode).toBe(200);
      expect(catalogueRows(response.body)).toEqual([]);
      expect(response.body).toContain('role="status">0 indicators</p>');
    });
  });

  describe('an indicator page', () => {
    it('shows the definition, the target, a named trend chart and the history of figures', async () => {
      const response = await get('/indicators/CSC-03');
      expect(response.statusCode).toBe(200);
      const text = mainText(response.body);
      expect(text).toContain('Family assessments completed in timescale');
      expect(text).toContain('2017-18 85%');
      expect(response.body).toMatch(/<svg role="img" aria-label="Family assessments[^"]*: trend"/);
      expect(rowsByHeader(response.body).get('May 2017')).toEqual(
        expect.arrayContaining(['93%', '1,218', '1,304', 'Better than target']),
      );
    });

    it('answers an unknown reference with a 404 page that names it', async () => {
      const response = await get('/indicators/CSC-99');
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(mainText(response.body)).toContain(
        'Page not found There is no indicator with the reference "CSC-99".',
      );
    });

    it('shows a reference that looks like markup as text on the 404 page', async () => {
      const response = await get(`/indicators/${encodeURIComponent('<script>alert(1)</script>')}`);
      expect(response.statusCode).toBe(404);
      expect(response.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(response.body).not.toContain('<script>alert(1)');
    });
  });

  describe('error pages', () => {
    const secret = 'connection refused by db.internal:5432';
    const failingApp = (isDevelopment: boolean) =>
      createApp(
        {
          ...services,
          indicators: async () => {
            throw new Error(secret);
          },
        },
        { isDevelopment, isSecure: false },
      );

    it('show a plain apology for an unexpected error, with no message or stack trace, outside development', async () => {
      const failing = await failingApp(false);
      try {
        const page = await failing.inject({ url: '/indicators', headers: { cookie } });
        expect(page.statusCode).toBe(500);
        expect(mainText(page.body)).toContain('Sorry, there is a problem with the service');
        expect(page.body).not.toContain(secret);
        expect(page.body).not.toMatch(/\bat .*\.ts:\d+/);
        expect(page.body).not.toContain('app-error-detail');

        const json = await failing.inject({ url: '/api/indicators', headers: api });
        expect(json.statusCode).toBe(500);
        expect(json.json()).toEqual({
          code: 'internal',
          message: 'Something went wrong. The error has been logged.',
          issues: [],
        });
      } finally {
        await failing.close();
      }
    });

    it('show the stack trace in development (so the check above could see one)', async () => {
      const failing = await failingApp(true);
      try {
        const page = await failing.inject({ url: '/indicators', headers: { cookie } });
        expect(page.statusCode).toBe(500);
        expect(page.body).toContain(secret);
        expect(page.body).toMatch(/\bat .*\.ts:\d+/);
      } finally {
        await failing.close();
      }
    });

    it('answer a page that does not exist with a 404 page', async () => {
      const response = await get('/no-such-page');
      expect(response.statusCode).toBe(404);
      expect(mainText(response.body)).toContain('Page not found Nothing is at /no-such-page.');
    });
  });
});
