import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { createApp } from '../../src/http/app.ts';
import { loadDemo } from '../../src/services/demo/load-demo.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { systemContext } from '../../src/services/context.ts';
import { testDatabases } from '../support/databases.ts';
import { sessionOf } from '../support/people.ts';

const SYSTEM = systemContext('test');

/** The publication cycle's forms over HTTP: the CSRF token they carry, redirects after success, errors in place. */
describe.each(testDatabases)('the publication pages on $name', (database) => {
  let handle: DatabaseHandle;
  let services: Services;
  let app: FastifyInstance;
  let owner: { cookie: string; csrfToken: string };
  let performance: { cookie: string; csrfToken: string };

  beforeAll(async () => {
    handle = await database.open();
    await loadDemo(handle.db);
    services = createServices(handle.db);
    app = await createApp(services, { isDevelopment: false, isSecure: false });
    owner = await sessionOf(services, 'owner@demo.invalid');
    performance = await sessionOf(services, 'performance@demo.invalid');
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  const post = (
    who: { cookie: string; csrfToken: string },
    url: string,
    form: Record<string, string | string[]>,
    csrf = true,
  ) =>
    app.inject({
      method: 'POST',
      url,
      headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(
        Object.entries({ ...form, ...(csrf ? { _csrf: who.csrfToken } : {}) }).flatMap(([k, v]) =>
          (Array.isArray(v) ? v : [v]).map((x) => [k, x]),
        ),
      ).toString(),
    });
  const get = (who: { cookie: string }, url: string) => app.inject({ url, headers: { cookie: who.cookie } });
  /** The input names of CSC-02's total, read from the grid as a browser would. */
  const csc02Names = async () => {
    const entry = (await services.publication.entry({ month: '2017-06' }, SYSTEM))!;
    const item = entry.items.find((i) => i.indicator.ref === 'CSC-02')!;
    return {
      numerator: item.cells[0]!.inputs[0]!,
      denominator: item.cells[0]!.inputs[1]!,
      commentary: item.commentary,
    };
  };

  it('refuses a grid posted without the form’s CSRF token, and saves nothing', async () => {
    const names = await csc02Names();
    const response = await post(
      owner,
      '/entry',
      { month: '2017-06', [names.numerator.name]: '10', [names.denominator.name]: '100' },
      false,
    );
    expect(response.statusCode).toBe(403);
    expect((await get(owner, '/entry')).body).not.toContain('value="10"');
  });

  it('shows every problem in the error summary, each linking to its cell, keeping what was typed', async () => {
    const names = await csc02Names();
    const response = await post(owner, '/entry', {
      month: '2017-06',
      intent: 'save',
      [names.numerator.name]: 'ten',
      [names.denominator.name]: '1,304',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(
      `<a href="#${names.numerator.id}">CSC-02 Total: No. re-referrals: must be a number, not &quot;ten&quot;</a>`,
    );
    expect(response.body).toContain('value="1,304"');
  });

  it('saves a draft and comes back to the grid saying so (post, redirect, get)', async () => {
    const names = await csc02Names();
    const response = await post(owner, '/entry', {
      month: '2017-06',
      intent: 'save',
      [names.numerator.name]: '290',
      [names.denominator.name]: '1,350',
      [names.commentary.name]: 'Steady.',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/entry?month=2017-06&done=saved');
    const page = (await get(owner, response.headers.location!)).body;
    expect(page).toContain('saved as a draft');
    expect(page).toContain('value="290"');
  });

  it('keeps the publication page from owners, and refuses to publish with unchecked items, naming them', async () => {
    expect((await get(owner, '/publication')).statusCode).toBe(403);
    const response = await post(performance, '/publication/publish', { month: '2017-06' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('CSC-02 (2017-06) is not checked: draft');
  });

  it('returns selected items only with a note, which it then confirms', async () => {
    const cycle = await services.publication.cycle({ month: '2017-06' }, SYSTEM);
    const submitted = cycle.items.filter((i) => i.state === 'submitted').map((i) => String(i.id));
    const refused = await post(performance, '/publication/items', {
      month: '2017-06',
      action: 'return',
      itemIds: submitted,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('cannot be returned: say what needs to change in a note');
    const returned = await post(performance, '/publication/items', {
      month: '2017-06',
      action: 'return',
      itemIds: submitted,
      note: 'Please add the locality split.',
    });
    expect(returned.statusCode).toBe(303);
    expect((await get(performance, returned.headers.location!)).body).toContain(
      'returned to their owners with your note',
    );
  });
});
