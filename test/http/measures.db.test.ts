import type { FastifyInstance } from 'fastify';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { findAuditEvents } from '../../src/db/repositories/audit.ts';
import { findChildRecordImports } from '../../src/db/repositories/child-records.ts';
import { createApp } from '../../src/http/app.ts';
import { emptyRecords } from '../../src/measures/model.ts';
import { child, contact, referral } from '../../src/measures/test-records.ts';
import { storeReturn } from '../../src/services/child-records/store-return.ts';
import { systemContext } from '../../src/services/context.ts';
import { loadDemoAccounts } from '../../src/services/demo/load-demo-accounts.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { testDatabases } from '../support/databases.ts';
import { sessionOf } from '../support/people.ts';

const LA = '330';
const SAMPLES = '/work/shared/samples';

/** A browser's upload form: the fields, then each file under the one field name `files`. */
function uploadForm(fields: Record<string, string>, files: { name: string; content: Buffer | string }[]) {
  const boundary = '----measures-test-boundary';
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
  );
  for (const file of files)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

type Session = { cookie: string; csrfToken: string };

describe.each(testDatabases)('the statutory measures pages and API on $name', (database) => {
  let handle: DatabaseHandle;
  let services: Services;
  let app: FastifyInstance;
  let performance: Session;
  let owner: Session;
  let councillor: Session;
  let trust: Session;

  beforeAll(async () => {
    handle = await database.open();
    await loadDemoAccounts(handle.db);
    services = createServices(handle.db);
    app = await createApp(services, { isDevelopment: false, isSecure: false });
    performance = await sessionOf(services, 'performance@demo.invalid');
    owner = await sessionOf(services, 'owner@demo.invalid');
    councillor = await sessionOf(services, 'councillor@demo.invalid');
    trust = await sessionOf(services, 'trust@demo.invalid');
    await storeReturn(
      handle.db,
      {
        source: 'cin_census',
        la: LA,
        asAt: '2024-03-31',
        fileNames: ['cin.xml'],
        records: {
          ...emptyRecords(),
          children: [
            child('A', { team: 'North' }),
            child('B', { team: 'South' }),
            child('C', { team: 'North' }),
            child('D'),
          ],
          referrals: [
            referral('A', '2023-05-02'),
            referral('A', '2024-03-10'), // within 12 months of the first: a re-referral
            referral('B', '2024-03-20'),
            referral('C', '2024-03-01', { problems: ['referralDate'] }),
          ],
          contacts: [contact('D', '2024-03-28', { receivedAt: '2024-03-28T09:00' })],
        },
        findings: [],
      },
      systemContext('test'),
    );
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  const get = (url: string, session: Session) =>
    app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
  const postForm = (form: ReturnType<typeof uploadForm>) =>
    app.inject({
      method: 'POST',
      url: '/measures/imports',
      headers: { ...form.headers, cookie: performance.cookie },
      payload: form.payload,
    });
  const childViews = async () => (await findAuditEvents(handle.db, { action: 'children.view' })).length;

  it('lists every measure for the latest month the records reach, each figure read by its kind', async () => {
    const response = await get('/measures', performance);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Statutory measures, Mar 2024');
    expect(response.body).toContain('<option value="330" selected>');
    expect(response.body).toContain(
      'href="/measures/re-referrals-within-12-months?la=330&amp;period=2024-03&amp;breakdown=none"',
    );
    // Re-referrals: 1 of the 2 usable referrals in March, the third left out for its date.
    expect(response.body).toMatch(/<strong>50\.0%<\/strong>/);
    expect(response.body).toContain('failed validation, not counted');
    expect(response.body).toContain('Lower is better');
  });

  it('moves to the quarter holding the month when the kind of period changes, and breaks the figures down', async () => {
    const response = await get('/measures?la=330&period=2024-03&kind=quarter&breakdown=team', performance);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Statutory measures, Q4 2023-24 (Jan–Mar 2024)');
    expect(response.body).toContain('<option value="2023-24-Q4" selected>');
    expect(response.body).toContain('>North</th>');
    expect(response.body).toContain('>Not recorded</th>');
  });

  it('refuses a period it cannot show, naming it', async () => {
    const response = await get('/measures?period=CY2024', performance);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('CY2024');
  });

  it('shows a measure with its labels, its definition, its breakdown and a 13-month trend', async () => {
    const response = await get(
      '/measures/re-referrals-within-12-months?la=330&period=2024-03&breakdown=team',
      owner,
    );
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Trend: each of the 13 months to Mar 2024');
    expect(response.body).toContain('Mar 2023');
    expect(response.body).toContain('docs/measures/re-referrals-within-12-months.md');
    expect(response.body).toContain(
      'href="/measures/re-referrals-within-12-months/children?la=330&amp;period=2024-03&amp;breakdown=team&amp;item=North&amp;part=numerator"',
    );
  });

  it('shows an indicator owner the children behind a count, says the view is recorded, and records it', async () => {
    const before = await childViews();
    const response = await get(
      '/measures/re-referrals-within-12-months/children?la=330&period=2024-03&part=left_out',
      owner,
    );
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Viewing and downloading this list is recorded');
    expect(response.body).toContain('<th scope="row" class="govuk-table__header">C</th>');
    expect(response.body).toContain('The referral date failed a validation rule');
    expect(await childViews()).toBe(before + 1);
  });

  it('exports the children behind a count as CSV through the audited service', async () => {
    const before = await childViews();
    const response = await get(
      '/measures/re-referrals-within-12-months/children/export?la=330&period=2024-03&part=denominator&format=csv',
      owner,
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain(
      're-referrals-within-12-months-denominator-330-2024-03.csv',
    );
    const lines = response.body.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^Child,Team,Age band,/);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      'A,North,5 to 9',
      'B,South,5 to 9',
    ]);
    expect(await childViews()).toBe(before + 1);
  });

  it('exports the children behind a count as XLSX', async () => {
    const response = await get(
      '/measures/referrals/children/export?la=330&period=2024-03&part=numerator&format=xlsx',
      owner,
    );
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('refuses viewers and partners the pages and the API', async () => {
    for (const session of [councillor, trust])
      for (const url of [
        '/measures',
        '/measures/referrals',
        '/measures/referrals/children?la=330&period=2024-03',
        '/measures/working-lists',
        '/api/measures',
        '/api/measures/referrals',
        '/api/measures/referrals/children',
      ])
        expect((await get(url, session)).statusCode, url).toBe(403);
  });

  it('shows the navigation link only to those who read measures', async () => {
    expect((await get('/account', owner)).body).toContain('href="/measures"');
    expect((await get('/account', councillor)).body).not.toContain('href="/measures"');
  });

  it('gives the figure and the rows behind it through the API, the rows audited', async () => {
    const catalogue = (await get('/api/measures', owner)).json();
    expect(catalogue.measures.map((m: { id: string }) => m.id)).toContain('re-referrals-within-12-months');

    const figure = (
      await get('/api/measures/re-referrals-within-12-months?la=330&period=2024-03', owner)
    ).json();
    expect(figure.period.code).toBe('2024-03');
    expect(figure.total).toMatchObject({
      numerator: 1,
      denominator: 2,
      value: 50,
      leftOut: 1,
      text: '50.0%',
    });

    const before = await childViews();
    const rows = (
      await get(
        '/api/measures/re-referrals-within-12-months/children?la=330&period=2024-03&part=numerator',
        owner,
      )
    ).json();
    expect(rows.rows.map((r: { childId: string }) => r.childId)).toEqual(['A']);
    expect(await childViews()).toBe(before + 1);

    const openApi = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(openApi.paths)).toEqual(
      expect.arrayContaining(['/api/measures', '/api/measures/{id}', '/api/measures/{id}/children']),
    );
  });

  it('draws up a working list as at a given moment, filters it by team, and exports it', async () => {
    const page = await get(
      '/measures/working-lists/contacts-awaiting-decision?la=330&asAt=2024-03-31T09:00',
      owner,
    );
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('as at 31 March 2024 09:00');
    expect(page.body).toContain('<th scope="row" class="govuk-table__header">D</th>');
    const filtered = await get(
      '/measures/working-lists/contacts-awaiting-decision?la=330&asAt=2024-03-31T09:00&team=North',
      owner,
    );
    expect(filtered.body).toContain('0 records');
    const notRecorded = await get(
      '/measures/working-lists/contacts-awaiting-decision?la=330&asAt=2024-03-31T09:00&team=Not+recorded',
      owner,
    );
    expect(notRecorded.body).toContain('1 record,');
    const csv = await get(
      '/measures/working-lists/contacts-awaiting-decision/export?la=330&asAt=2024-03-31T09:00&format=csv',
      owner,
    );
    expect(csv.body.split('\r\n')[1]).toMatch(/^D,Not recorded,,/);
  });

  it('imports a CIN census through the form and lists its findings', async () => {
    const xml = await readFile(`${SAMPLES}/cin_census_fake/CIN_Census_2024.xml`);
    const response = await postForm(
      uploadForm({ _csrf: performance.csrfToken, source: 'cin_census' }, [
        { name: 'CIN_Census_2024.xml', content: xml },
      ]),
    );
    expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
    expect(response.body).toContain('Imported');
    const [latest] = await findChildRecordImports(handle.db);
    expect(response.body).toContain(`href="/measures/imports/${latest!.id}"`);

    const findings = await get(`/measures/imports/${latest!.id}`, performance);
    expect(findings.statusCode).toBe(200);
    expect(findings.body).toContain('CIN_Census_2024.xml');
    const csv = await get(`/measures/imports/${latest!.id}/export?format=csv`, performance);
    expect(csv.body.replace('\uFEFF', '').split('\r\n')[0]).toBe(
      'Rule,Severity,Message,File,Location,Child,Field,Value',
    );
    expect(csv.body.trim().split('\r\n').length - 1).toBe(latest!.findingCount);
  });

  it('imports the SSDA903 tables sent together, for the authority and year ending given', async () => {
    const tables = await Promise.all(
      ['header.csv', 'episodes.csv'].map(async (name) => ({
        name,
        content: await readFile(`${SAMPLES}/ssda903_fake/${name}`),
      })),
    );
    const response = await postForm(
      uploadForm({ _csrf: performance.csrfToken, source: 'ssda903', la: LA, asAt: '2018-03-31' }, tables),
    );
    expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
    const [latest] = await findChildRecordImports(handle.db);
    expect(latest).toMatchObject({ source: 'ssda903', la: LA, asAt: '2018-03-31' });
    expect(latest!.fileNames).toContain('episodes.csv');
    expect(response.body).toContain('2,675 children');
  });

  it('shows a refused import with the message naming the file, and stores nothing', async () => {
    const before = (await findChildRecordImports(handle.db)).length;
    const response = await postForm(
      uploadForm({ _csrf: performance.csrfToken, source: 'ssda903', la: '', asAt: '' }, [
        { name: 'header.csv', content: 'CHILD,SEX,DOB\n1,1,01/01/2015\n' },
      ]),
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('The return was not imported');
    expect(response.body).toContain('header.csv: Say which authority the SSDA903 return is for');
    expect((await findChildRecordImports(handle.db)).length).toBe(before);
  });

  it('asks for the files and the return when the form is sent empty', async () => {
    const response = await postForm(uploadForm({ _csrf: performance.csrfToken }, []));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Choose which return the files are');
    expect(response.body).toContain('Choose the file or files of the return.');
  });

  it('keeps imports from indicator owners', async () => {
    expect((await get('/measures/imports', owner)).statusCode).toBe(403);
  });
});

describe.each(testDatabases)('the statutory measures with no records held, on $name', (database) => {
  let handle: DatabaseHandle;
  let services: Services;
  let app: FastifyInstance;

  beforeAll(async () => {
    handle = await database.open();
    await loadDemoAccounts(handle.db);
    services = createServices(handle.db);
    app = await createApp(services, { isDevelopment: false, isSecure: false });
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it('says nothing is held, and points those who may import to the import page', async () => {
    const pageFor = async (email: string) =>
      (
        await app.inject({
          method: 'GET',
          url: '/measures',
          headers: { cookie: (await sessionOf(services, email)).cookie },
        })
      ).body;
    const performance = await pageFor('performance@demo.invalid');
    expect(performance).toContain('No child-level records are held yet');
    expect(performance).toContain('href="/measures/imports"');
    const owner = await pageFor('owner@demo.invalid');
    expect(owner).toContain('No child-level records are held yet');
    expect(owner).not.toContain('href="/measures/imports"');
  });
});
