import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { findIndicator } from '../../src/db/repositories/catalogue.ts';
import { findValueHistory } from '../../src/db/repositories/values.ts';
import { createApp } from '../../src/http/app.ts';
import { loadDemo } from '../../src/services/demo/load-demo.ts';
import { systemContext } from '../../src/services/context.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { testDatabases } from '../support/databases.ts';
import { multipartForm } from '../support/multipart.ts';
import { sessionOf } from '../support/people.ts';

/**
 * Importing figures in the browser: the upload form, the preview with old
 * and new figures, commit, and rollback, which restores the earlier figure
 * while the indicator's page keeps both revisions. No script is needed:
 * the preview page refreshes itself while the file is read.
 */
/** The upload form: its fields, and the figures file when there is one. */
const multipart = (fields: Record<string, string>, file?: { name: string; content: string | Buffer }) =>
  multipartForm(fields, file ? { file } : {});

describe.each(testDatabases)('importing figures through the pages on $name', (database) => {
  let handle: DatabaseHandle;
  let services: Services;
  let app: FastifyInstance;
  let session: { cookie: string; csrfToken: string };
  const previousLimit = process.env.IMPORT_UPLOAD_LIMIT_MB;

  const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
  const post = (url: string, body: { payload: Buffer | string; headers: Record<string, string> }) =>
    app.inject({
      method: 'POST',
      url,
      payload: body.payload,
      headers: { ...body.headers, cookie: session.cookie },
    });
  const form = (fields: Record<string, string>) => ({
    payload: new URLSearchParams({ _csrf: session.csrfToken, ...fields }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const upload = async (name: string, content: string | Buffer) => {
    const response = await post('/imports', multipart({ _csrf: session.csrfToken }, { name, content }));
    expect(response.statusCode, response.body.slice(0, 500)).toBe(303);
    const id = Number(/^\/imports\/(\d+)$/.exec(String(response.headers.location))![1]);
    await services.imports.whenIdle();
    return id;
  };
  const revisionsOn = async (ref: string) =>
    [
      ...(await get(`/indicators/${ref}`)).body.matchAll(/<li>([^<]*revision \d+, entered by[^<]*)<\/li>/g),
    ].map((m) => m[1]!);

  beforeAll(async () => {
    process.env.IMPORT_UPLOAD_LIMIT_MB = '1';
    handle = await database.open();
    await loadDemo(handle.db);
    services = createServices(handle.db);
    app = await createApp(services, { isDevelopment: false, isSecure: false });
    session = await sessionOf(services, 'performance@demo.invalid');
    await services.recordValues(
      [{ ref: 'CSC-08', period: '2017-08', value: 80 }],
      systemContext('Earlier Person'),
    );
  });
  afterAll(async () => {
    if (previousLimit === undefined) delete process.env.IMPORT_UPLOAD_LIMIT_MB;
    else process.env.IMPORT_UPLOAD_LIMIT_MB = previousLimit;
    await app?.close();
    await handle?.close();
  });

  it('offers an upload form that posts the file as multipart, with its CSRF field', async () => {
    const page = await get('/imports/new');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toContain(`name="_csrf" value="${session.csrfToken}"`);
    expect(page.body).toContain('up to 1 MB');
  });

  it('previews a file with each changed figure before and after, saving nothing until it is committed', async () => {
    const id = await upload('august.csv', 'ref,period,value\r\nCSC-08,2017-08,85\r\n');
    const preview = await get(`/imports/${id}`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Ready to commit');
    expect(preview.body).not.toContain('http-equiv="refresh"');
    expect(preview.body).toMatch(/<td class="govuk-table__cell">80<\/td>\s*<td class="govuk-table__cell">85/);
    expect(await revisionsOn('CSC-08')).toEqual([]);
  });

  it('commits, then rolls back: the earlier figure is current again and the page shows every revision', async () => {
    const id = await upload('august-again.csv', 'ref,period,value\r\nCSC-08,2017-08,85\r\n');
    expect((await post(`/imports/${id}/commit`, form({}))).headers.location).toBe(`/imports/${id}`);
    expect((await get(`/imports/${id}`)).body).toContain('Committed');
    expect(await revisionsOn('CSC-08')).toEqual([
      expect.stringMatching(/^80%, revision 1, entered by Earlier Person on /),
    ]);

    const list = await get('/imports');
    expect(list.body).toContain(`action="/imports/${id}/rollback"`);
    expect((await post(`/imports/${id}/rollback`, form({}))).statusCode).toBe(303);
    expect((await get(`/imports/${id}`)).body).toContain('Rolled back');
    const page = (await get('/indicators/CSC-08')).body;
    expect(await revisionsOn('CSC-08')).toEqual([
      expect.stringMatching(/^85%, revision 2, entered by Priya Performance on /),
      expect.stringMatching(/^80%, revision 1, entered by Earlier Person on /),
    ]);
    expect(page).toContain('80%');
    const csc08 = (await findIndicator(handle.db, 'CSC-08'))!;
    const current = (await findValueHistory(handle.db, csc08.id)).filter(
      (v) => v.period === '2017-08' && v.isCurrent,
    );
    expect(current.map((v) => [v.value, v.revision, v.reason])).toEqual([
      [80, 3, `Rollback of import ${id} (august-again.csv)`],
    ]);

    const again = await post(`/imports/${id}/rollback`, form({}));
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain(`Import ${id} has already been rolled back.`);
  });

  it('refuses a file over the upload limit with a clear message, and keeps nothing of it', async () => {
    const before = (await services.imports.list({ ...systemContext('test') })).length;
    const response = await post(
      '/imports',
      multipart(
        { _csrf: session.csrfToken },
        { name: 'huge.csv', content: Buffer.alloc(1024 * 1024 + 10, 'a') },
      ),
    );
    expect(response.statusCode).toBe(413);
    expect(response.body).toContain(
      'The file is larger than 1 MB, the most this page accepts, so it was not read.',
    );
    expect((await services.imports.list(systemContext('test'))).length).toBe(before);
  });

  it('asks for a file when none was chosen', async () => {
    const response = await post('/imports', multipart({ _csrf: session.csrfToken }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Choose a CSV or Excel file to import.');
  });

  it('shows a refused file’s problems by row and column, and no commit button', async () => {
    const id = await upload('bad.csv', 'ref,period,value\r\nCSC-08,2017-08,lots\r\n');
    const page = (await get(`/imports/${id}`)).body;
    expect(page).toContain('Refused');
    expect(page).toContain('row 2, column C (value)');
    expect(page).toContain('must be a number, not &quot;lots&quot;');
    expect(page).not.toContain('Commit these figures');
  });

  it('checks each row against the uploader’s own permissions: an owner may import only their indicators', async () => {
    const owner = await sessionOf(services, 'owner@demo.invalid');
    const response = await app.inject({
      method: 'POST',
      url: '/imports',
      ...multipart(
        { _csrf: owner.csrfToken },
        { name: 'not-mine.csv', content: 'ref,period,value\r\nSDT-36,2017-08,1\r\n' },
      ),
      headers: { ...multipart({}).headers, cookie: owner.cookie },
    });
    expect(response.statusCode).toBe(303);
    await services.imports.whenIdle();
    const page = await app.inject({
      method: 'GET',
      url: String(response.headers.location),
      headers: { cookie: owner.cookie },
    });
    expect(page.body).toContain('Refused');
    expect(page.body).toContain('you may not record figures for SDT-36: it is not one of yours');
  });

  it('hides another person’s import, as if it did not exist', async () => {
    const id = await upload('mine.csv', 'ref,period,value\r\nCSC-08,2017-09,70\r\n');
    const owner = await sessionOf(services, 'owner@demo.invalid');
    const response = await app.inject({
      method: 'GET',
      url: `/imports/${id}`,
      headers: { cookie: owner.cookie },
    });
    expect(response.statusCode).toBe(404);
  });
});
