import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { findAuditEvents } from '../../src/db/repositories/audit.ts';
import { createApp } from '../../src/http/app.ts';
import { loadDemo } from '../../src/services/demo/load-demo.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { systemContext } from '../../src/services/context.ts';
import { testDatabases } from '../support/databases.ts';
import { apiTokenOf, sessionOf, signInThroughForm } from '../support/people.ts';

const sessionCookie = (response: LightMyRequestResponse) =>
  `scorecard_session=${response.cookies.find((c) => c.name === 'scorecard_session')!.value}`;

describe.each(testDatabases)('people, passwords and the audit record on $name', (database) => {
  let handle: DatabaseHandle;
  let services: Services;
  let app: FastifyInstance;

  beforeAll(async () => {
    handle = await database.open();
    await loadDemo(handle.db);
    services = createServices(handle.db);
    app = await createApp(services, { isDevelopment: false, isSecure: false, signInAttemptsPerMinute: 1000 });
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  const signIn = (email: string, password: string) => signInThroughForm(app, { email, password });

  it('makes a person change the password an administrator set before they can see anything', async () => {
    const admin = await sessionOf(services, 'admin@demo.invalid');
    const added = await app.inject({
      method: 'POST',
      url: '/admin/people',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
      payload: {
        name: 'Nadia New',
        email: 'nadia@demo.invalid',
        organisation: 'Birmingham City Council',
        role: 'viewer',
        password: 'set by the administrator',
      },
    });
    expect(added.statusCode).toBe(303);

    const signedIn = await signIn('nadia@demo.invalid', 'set by the administrator');
    expect(signedIn.headers.location).toBe('/account/password');
    const cookie = sessionCookie(signedIn);
    const elsewhere = await app.inject({ url: '/scorecard', headers: { cookie } });
    expect(elsewhere.statusCode).toBe(303);
    expect(elsewhere.headers.location).toBe('/account/password');

    const page = await app.inject({ url: '/account/password', headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const same = await app.inject({
      method: 'POST',
      url: '/account/password',
      headers: { cookie },
      payload: {
        _csrf: csrf,
        currentPassword: 'set by the administrator',
        newPassword: 'set by the administrator',
        confirmPassword: 'set by the administrator',
      },
    });
    expect(same.statusCode).toBe(400);
    expect(same.body).toContain('New password must differ from your current password');

    const changed = await app.inject({
      method: 'POST',
      url: '/account/password',
      headers: { cookie },
      payload: {
        _csrf: csrf,
        currentPassword: 'set by the administrator',
        newPassword: 'a phrase only she knows',
        confirmPassword: 'a phrase only she knows',
      },
    });
    expect(changed.statusCode).toBe(303);
    const fresh = sessionCookie(changed);
    expect((await app.inject({ url: '/scorecard', headers: { cookie: fresh } })).statusCode).toBe(200);
    // Changing the password ended the session it was changed in; the new one carries on.
    expect((await app.inject({ url: '/scorecard', headers: { cookie } })).statusCode).toBe(303);
    expect((await signIn('nadia@demo.invalid', 'set by the administrator')).statusCode).toBe(401);
  });

  it('disabling an account signs its person out at once', async () => {
    const admin = await sessionOf(services, 'admin@demo.invalid');
    const partner = await sessionOf(services, 'partnership@demo.invalid');
    const people = await services.access.people(systemContext('test'));
    const id = people.find((p) => p.email === 'partnership@demo.invalid')!.id;
    const response = await app.inject({
      method: 'POST',
      url: `/admin/people/${id}`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
      payload: {
        role: 'partner_contributor',
        organisation: 'Birmingham Education Partnership',
        isDisabled: 'true',
      },
    });
    expect(response.statusCode).toBe(303);
    expect((await app.inject({ url: '/scorecard', headers: { cookie: partner.cookie } })).statusCode).toBe(
      303,
    );
    const [event] = await findAuditEvents(handle.db, { action: 'user.update', limit: 1 });
    expect(event).toMatchObject({
      actor: 'Ada Administrator',
      before: expect.objectContaining({ isDisabled: false }),
      after: expect.objectContaining({ isDisabled: true }),
    });
  });

  it('records who changed what, before and after, through which channel and from where', async () => {
    const token = await apiTokenOf(services, 'performance@demo.invalid', ['figures:read', 'catalogue:write']);
    const headers = { authorization: `Bearer ${token}` };
    const { indicator } = (await app.inject({ url: '/api/indicators/CSC-13', headers })).json();
    await app.inject({
      method: 'PUT',
      url: '/api/indicators/CSC-13',
      headers,
      payload: { indicator: { ...indicator, title: 'Retitled for the audit test' } },
    });
    const [event] = await findAuditEvents(handle.db, { action: 'indicator.update', limit: 1 });
    expect(event).toMatchObject({
      actor: 'Priya Performance',
      channel: 'api',
      ip: '127.0.0.1',
      entityId: 'CSC-13',
      before: expect.objectContaining({ title: indicator.title }),
      after: expect.objectContaining({ title: 'Retitled for the audit test' }),
    });
  });

  it('lets an administrator filter the audit record and download what the filter shows', async () => {
    const admin = await sessionOf(services, 'admin@demo.invalid');
    await signIn('councillor@demo.invalid', 'not the password');
    const page = await app.inject({
      url: '/admin/audit?action=sign-in&outcome=failed',
      headers: { cookie: admin.cookie },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Cllr Vera Viewer');
    expect(page.body).not.toContain('indicator.update');
    const csv = await app.inject({
      url: '/admin/audit.csv?action=sign-in&outcome=failed',
      headers: { cookie: admin.cookie },
    });
    const lines = csv.body.trim().split(/\r?\n/);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((line) => line.includes(',sign-in,') && line.includes(',failed,'))).toBe(
      true,
    );
  });
});
