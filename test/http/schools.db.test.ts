import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { createApp } from '../../src/http/app.ts';
import { DEMO_FIXTURES } from '../../src/services/demo/load-demo.ts';
import { loadDemoAccounts } from '../../src/services/demo/load-demo-accounts.ts';
import { loadSchools } from '../../src/services/demo/load-schools.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { testDatabases } from '../support/databases.ts';
import { multipartForm } from '../support/multipart.ts';
import { sessionOf } from '../support/people.ts';

/** The upload form as a browser sends it: the CSRF token, then the files. */
const multipart = (csrfToken: string, files: Record<string, { name: string; content: string }>) =>
  multipartForm({ _csrf: csrfToken }, files);

const GIAS_HEADER =
  'URN,LA (code),LA (name),EstablishmentNumber,EstablishmentName,TypeOfEstablishment (code),TypeOfEstablishment (name),EstablishmentTypeGroup (code),EstablishmentTypeGroup (name),EstablishmentStatus (code),EstablishmentStatus (name),OpenDate,CloseDate,PhaseOfEducation (code),PhaseOfEducation (name)';
const giasRow = (urn: number, la = '999') =>
  `${urn},${la},Testshire,${urn % 10000},Test School ${urn},01,Community school,4,Local authority maintained schools,1,Open,,,2,Primary`;
const MI_HEADER =
  'URN,School name,Inspection number of latest full inspection,Inspection start date,Publication date,Overall effectiveness,Category of concern';

describe.each(testDatabases)('the schools pages on $name', (database) => {
  let handle: DatabaseHandle;
  let services: Services;
  let app: FastifyInstance;
  let performance: { cookie: string; csrfToken: string };
  let councillor: { cookie: string; csrfToken: string };

  beforeAll(async () => {
    handle = await database.open();
    await loadDemoAccounts(handle.db);
    await loadSchools(handle.db, DEMO_FIXTURES);
    services = createServices(handle.db);
    app = await createApp(services, { isDevelopment: false, isSecure: false });
    performance = await sessionOf(services, 'performance@demo.invalid');
    councillor = await sessionOf(services, 'councillor@demo.invalid');
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  const get = (url: string, session = performance) =>
    app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });

  it('shows the June 2017 position, each count a link to its schools, marked illustrative', async () => {
    const response = await get('/schools?la=330&asAt=2017-06-12');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Ofsted position at 12 June 2017');
    expect(response.body).toContain('Illustrative school records');
    expect(response.body).toContain(
      'href="/schools/list?la=330&amp;asAt=2017-06-12&amp;governance=la_maintained&amp;phase=primary&amp;column=inadequate"',
    );
    expect(response.body).toMatch(/8 open schools not yet graded/);
  });

  it('chooses the authority with the most schools when none is asked for', async () => {
    const response = await get('/schools?asAt=2017-11-08');
    expect(response.body).toContain('Ofsted position at 8 November 2017');
    expect(response.body).toContain('<option value="330" selected>');
  });

  it('shows the report-card view, empty before November 2025', async () => {
    const response = await get('/schools?la=330&asAt=2017-06-12&view=report-cards');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('no schools with a report card');
  });

  it('drills down from a count to exactly the schools behind it', async () => {
    const response = await get(
      '/schools/list?la=330&asAt=2017-06-12&governance=la_maintained&phase=primary&column=inadequate',
    );
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Inadequate, Primary, LA maintained');
    expect(response.body).toContain('5 schools.');
    expect(response.body.match(/Special measures/g)?.length).toBe(5);
  });

  it('shows a converted academy judged by its predecessor, with the predecessor’s inspection in its history', async () => {
    const list = await get('/schools/list?la=330&asAt=2017-06-12&governance=academy');
    const urn = /Predecessor, URN (\d+)/.exec(list.body)?.[1];
    expect(urn).toBeDefined();
    const academyUrn = new RegExp(
      `href="/schools/(\\d+)\\?asAt=2017-06-12">[^<]+</a> <span[^>]*>URN \\d+</span></th>(?:(?!</tr>).)*Predecessor, URN ${urn}`,
      's',
    ).exec(list.body)?.[1];
    const page = await get(`/schools/${academyUrn}?asAt=2017-06-12`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Predecessor, URN ${urn}`);
    expect(page.body).toContain(`href="/schools/${urn}"`);
    expect(page.body).toMatch(/Predecessor: <a class="govuk-link" href="\/schools\/\d+">/);
  });

  it('answers 404 for a school not in the register', async () => {
    expect((await get('/schools/1234567')).statusCode).toBe(404);
  });

  it('lists the movements since the last reported position', async () => {
    const response = await get('/schools/movements?la=330&to=2017-11-08');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Movements from 12 June 2017 to 8 November 2017');
    expect(response.body).toContain('Newly in special measures: <strong>2</strong>');
  });

  it('lets a councillor read the position but not import or record it', async () => {
    expect((await get('/schools?la=330', councillor)).statusCode).toBe(200);
    expect((await get('/schools/import', councillor)).statusCode).toBe(403);
    const record = await app.inject({
      method: 'POST',
      url: '/schools/position',
      headers: { cookie: councillor.cookie, 'x-csrf-token': councillor.csrfToken },
      payload: { la: '330', asAt: '2017-11-08' },
    });
    expect(record.statusCode).toBe(403);
  });

  it('imports a register through the upload form, then its inspections', async () => {
    const register = multipart(performance.csrfToken, {
      establishments: {
        name: 'gias.csv',
        content: [GIAS_HEADER, giasRow(800001), giasRow(800002)].join('\r\n'),
      },
    });
    const imported = await app.inject({
      method: 'POST',
      url: '/schools/import/register',
      headers: { cookie: performance.cookie, ...register.headers },
      payload: register.payload,
    });
    expect(imported.statusCode).toBe(200);
    expect(imported.body).toContain('2 schools read: 2 new, 0 changed, 0 unchanged.');

    const inspections = multipart(performance.csrfToken, {
      inspections: {
        name: 'mi.csv',
        content: [
          MI_HEADER,
          '800001,A,T1,01/01/2017,01/02/2017,1,',
          '800002,B,T2,01/01/2017,01/02/2017,4,SM',
        ].join('\r\n'),
      },
    });
    const done = await app.inject({
      method: 'POST',
      url: '/schools/import/inspections',
      headers: { cookie: performance.cookie, ...inspections.headers },
      payload: inspections.payload,
    });
    expect(done.statusCode).toBe(200);
    const position = await get('/schools?la=999&asAt=2017-06-01');
    expect(position.body).toContain('2 schools counted');
  });

  it('refuses a register with a URN given twice, naming the rows, and stores nothing', async () => {
    const before = await handle.db.selectFrom('schools').select('urn').execute();
    const upload = multipart(performance.csrfToken, {
      establishments: {
        name: 'twice.csv',
        content: [GIAS_HEADER, giasRow(800101), giasRow(800101)].join('\r\n'),
      },
    });
    const response = await app.inject({
      method: 'POST',
      url: '/schools/import/register',
      headers: { cookie: performance.cookie, ...upload.headers },
      payload: upload.payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(
      'twice.csv, row 3, column A (URN): URN 800101 is also on row 2: each school must appear once',
    );
    expect(await handle.db.selectFrom('schools').select('urn').execute()).toHaveLength(before.length);
  });

  it('refuses inspections of schools not in the register', async () => {
    const upload = multipart(performance.csrfToken, {
      inspections: {
        name: 'mi.csv',
        content: [MI_HEADER, '700700,Nowhere School,T9,01/01/2017,,2,'].join('\r\n'),
      },
    });
    const response = await app.inject({
      method: 'POST',
      url: '/schools/import/inspections',
      headers: { cookie: performance.cookie, ...upload.headers },
      payload: upload.payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('URN 700700 (Nowhere School) is not in the school register');
  });

  it('asks for a file when none is chosen', async () => {
    const upload = multipart(performance.csrfToken, {});
    const response = await app.inject({
      method: 'POST',
      url: '/schools/import/inspections',
      headers: { cookie: performance.cookie, ...upload.headers },
      payload: upload.payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Choose Ofsted’s management-information file to import.');
  });

  it('shows the indicator computed from the schools on its catalogue page and the scorecard', async () => {
    const page = await get('/indicators/SCH-01');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Proportion of schools judged good or outstanding');
    const cells = page.body.replace(/\s+/g, ' ');
    // Nov 2017: 355 of 439 schools, 81%; Jun 2017: 356 of 439, 81%; both validated.
    expect(cells).toContain(
      '81%</td> <td class="govuk-table__cell govuk-table__cell--numeric">355</td><td class="govuk-table__cell govuk-table__cell--numeric">439</td> <td class="govuk-table__cell">Validated</td>',
    );
    expect(cells).toContain('>356</td><td class="govuk-table__cell govuk-table__cell--numeric">439</td>');
    const scorecard = await get('/scorecard?serviceArea=Education&month=2017-11');
    expect(scorecard.statusCode).toBe(200);
    expect(scorecard.body).toContain('Proportion of schools judged good or outstanding');
  });

  it('records a position as the indicator and shows it as a reported position', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/schools/position',
      headers: { cookie: performance.cookie, 'x-csrf-token': performance.csrfToken },
      payload: { la: '330', asAt: '2017-09-30' },
    });
    expect(response.statusCode).toBe(303);
    const page = await get(response.headers.location as string);
    expect(page.body).toContain('The position was recorded as the indicator SCH-01 for 2017-09.');
    expect(page.body).toContain('<strong>30 September 2017</strong>');
  });
});
