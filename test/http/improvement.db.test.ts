import type { FastifyInstance } from 'fastify';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { createApp } from '../../src/http/app.ts';
import { DEMO_FIXTURES } from '../../src/services/demo/load-demo.ts';
import { loadDemoAccounts } from '../../src/services/demo/load-demo-accounts.ts';
import { loadImprovement } from '../../src/services/demo/load-improvement.ts';
import { loadScorecard201705 } from '../../src/services/demo/load-scorecard-2017-05.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { testDatabases } from '../support/databases.ts';
import { multipartForm } from '../support/multipart.ts';
import { sessionOf } from '../support/people.ts';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe.each(testDatabases)('the improvement pages on $name', (database) => {
  let handle: DatabaseHandle;
  let services: Services;
  let app: FastifyInstance;

  beforeAll(async () => {
    handle = await database.open();
    await loadDemoAccounts(handle.db);
    await loadImprovement(handle.db, DEMO_FIXTURES);
    await loadScorecard201705(handle.db, DEMO_FIXTURES);
    services = createServices(handle.db);
    app = await createApp(services, { isDevelopment: false, isSecure: false });
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  const get = async (email: string, url: string) => {
    const { cookie } = await sessionOf(services, email);
    return app.inject({ method: 'GET', url, headers: { cookie } });
  };

  it('lists all 62 demo projects grouped by workstream, each with its lead and target date', async () => {
    const response = await get('councillor@demo.invalid', '/improvement/2023?asAt=2023-03-17');
    expect(response.statusCode).toBe(200);
    const page = text(response.body);
    const plan = (await readFile(new URL('improvement-plan-2023.csv', `file://${DEMO_FIXTURES}`), 'utf8'))
      .split('\r\n')
      .slice(1)
      .filter(Boolean);
    expect(plan).toHaveLength(62);
    expect(response.body.match(/href="\/improvement\/2023\/items\/[^"]+"/g)).toHaveLength(62);
    for (const code of ['A', 'B', 'C', 'D', 'E1', 'E2']) expect(page).toContain(`Workstream ${code}:`);
    const rows = [...response.body.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((m) =>
      text(m[1]!),
    );
    expect(rows.find((r) => r.trim().startsWith('A1 '))).toMatch(
      /Director of Children's Services 31 March 2023/,
    );
    expect(rows.find((r) => r.trim().startsWith('E2.18 '))).toMatch(/30 September 2023/);
  });

  it('reproduces on the board page the roll-up reported to the board on 17 March 2023', async () => {
    const page = text((await get('councillor@demo.invalid', '/improvement/2023/board?on=2023-03-17')).body);
    expect(page).toContain('Of the 34 projects');
    expect(page).toMatch(/Amber project started and progress is being made 20/);
    expect(page).toMatch(/Green project completed but continues to be monitored to ensure it embeds 1/);
    expect(page).toMatch(/Grey project has not yet started 1/);
    expect(page).toMatch(
      /Travel Service projects are led by the Children and Young People's Travel Service programme/,
    );
    expect(page).toContain('Of the 287 actions');
    expect(page).toMatch(/Blue action delivered, embedded, and sustained 12/);
    expect(page).toMatch(/Amber action has started, and progress is being made 128/);
    expect(page).toMatch(/Grey action not yet started\/due to start 48/);
    expect(page).toContain(
      'A high-level strategic vision for the Children and Families Directorate is now in place.',
    );
  });

  it('renders the item, leads, risks and import pages, and the plan and risks as CSV', async () => {
    for (const url of [
      '/improvement',
      '/improvement/2023/items/A2',
      '/improvement/2023/leads',
      '/risks',
      '/risks/2023/R2',
    ])
      expect((await get('owner@demo.invalid', url)).statusCode, url).toBe(200);
    for (const url of [
      '/improvement/import',
      '/risks/new',
      '/risks/2023/R1?edit=1',
      '/improvement/2023/statuses',
    ])
      expect((await get('performance@demo.invalid', url)).statusCode, url).toBe(200);
    const item = await get('owner@demo.invalid', '/improvement/2023/items/A2');
    expect(item.body).toContain('Post a progress update');
    expect((await get('owner@demo.invalid', '/improvement/2023/items/B1')).body).not.toContain(
      'Post a progress update',
    );
    const csv = await get('councillor@demo.invalid', '/improvement/2023/export?format=csv&asAt=2023-03-17');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n').filter((l) => l.startsWith('project,'))).toHaveLength(62);
    const risks = await get('councillor@demo.invalid', '/risks/export?format=csv');
    expect(risks.body).toContain('Access to data and information');
  });

  it('posts a lead’s update through the form, and shows what is wrong with an incomplete one', async () => {
    const { cookie, csrfToken } = await sessionOf(services, 'owner@demo.invalid');
    const form = (body: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/improvement/2023/items/A4/updates',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrfToken, ...body }).toString(),
      });
    const refused = await form({ narrative: 'Clinics running.' });
    expect(refused.statusCode).toBe(400);
    expect(text(refused.body)).toContain('Status is required: choose Blue, Green, Amber, Red or Grey');
    expect(refused.body).toContain('Clinics running.');
    const posted = await form({
      status: 'Green',
      narrative: 'Clinics running.',
      nextSteps: 'Keep them going.',
    });
    expect(posted.statusCode).toBe(303);
    const page = text(
      (await app.inject({ method: 'GET', url: posted.headers.location!, headers: { cookie } })).body,
    );
    expect(page).toContain('Your update was posted.');
    expect(page).toMatch(/Clinics running\. Next steps: Keep them going\. By Owen Owner/);
  });

  it('refuses a plan file with problems, naming each by row and column, and imports a sound one', async () => {
    const { cookie, csrfToken } = await sessionOf(services, 'performance@demo.invalid');
    const upload = (fields: Record<string, string>, csv: string) => {
      const body = multipartForm(
        { _csrf: csrfToken, ...fields },
        { file: { name: 'plan.csv', content: csv } },
      );
      return app.inject({
        method: 'POST',
        url: '/improvement/import',
        headers: { cookie, ...body.headers },
        payload: body.payload,
      });
    };
    const fields = { ref: '2025', title: 'Plan 2025', startsOn: '2025-04-01', updateCycleDays: '42' };
    const refused = await upload(
      fields,
      'level,ref,parent,title,target_date,status\r\nworkstream,A,,W,,\r\nproject,A1,A,P,31/03/24,Amber\r\naction,A1.1,,Q,,Purple\r\n',
    );
    expect(refused.statusCode).toBe(400);
    const page = text(refused.body);
    expect(page).toContain(
      'plan.csv, row 3, column E (target_date): is 31 March 2024, before the plan starts on 1 April 2025',
    );
    expect(page).toContain(
      'plan.csv, row 4, column F (status): "Purple" is not one of this plan\'s statuses',
    );
    expect(page).toContain(
      'plan.csv, row 4, column C (parent): is blank: an action needs the reference of its project',
    );
    expect(
      (await services.improvement.plans({ actor: null, actorName: 't', channel: 'system', ip: '' })).map(
        (p) => p.ref,
      ),
    ).toEqual(['2023']);
    const imported = await upload(
      fields,
      'level,ref,parent,title,target_date,indicators\r\nworkstream,A,,W,,\r\nproject,A1,A,P,46112,CSC-03; ZZ-99\r\n',
    );
    expect(imported.statusCode).toBe(303);
    expect(imported.headers.location).toBe('/improvement/2025');
    // The item names the indicators it should move, with the latest figure the reader may see.
    const item = text((await get('councillor@demo.invalid', '/improvement/2025/items/A1')).body);
    expect(item).toMatch(/CSC-03 .+ May 2017: /);
    expect(item).toContain('ZZ-99 (not an indicator you can see)');
  });
});
