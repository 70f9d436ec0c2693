import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { findAuditEvents } from '../../src/db/repositories/audit.ts';
import { findIndicator } from '../../src/db/repositories/catalogue.ts';
import { findValueHistory } from '../../src/db/repositories/values.ts';
import { BODY_LIMIT_BYTES, createApp } from '../../src/http/app.ts';
import { MAX_FAILED_SIGN_INS } from '../../src/services/access/sign-in.ts';
import { resolveSession, SESSION_IDLE_MS, SESSION_LIFETIME_MS } from '../../src/services/access/sessions.ts';
import { DEMO_PASSWORD } from '../../src/services/demo/load-demo-accounts.ts';
import { loadDemo } from '../../src/services/demo/load-demo.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { testDatabases } from '../support/databases.ts';
import { apiTokenOf, sessionOf, signInThroughForm } from '../support/people.ts';

/** The cookies a response sets, as name → value. */
function cookiesSet(response: LightMyRequestResponse): Map<string, string> {
  return new Map(response.cookies.map((c) => [c.name, c.value]));
}

describe.each(testDatabases)('attacks and bad input on $name', (database) => {
  let handle: DatabaseHandle;
  let services: Services;
  let app: FastifyInstance;

  beforeAll(async () => {
    handle = await database.open();
    await loadDemo(handle.db);
    services = createServices(handle.db);
    app = await createApp(services, { isDevelopment: false, isSecure: true, signInAttemptsPerMinute: 1000 });
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  const signIn = (email: string, password: string, extraCookie = '') =>
    signInThroughForm(app, { email, password, next: '/indicators' }, extraCookie);

  const auditOf = async (action: string) => findAuditEvents(handle.db, { action, limit: 50 });

  describe('signing in', () => {
    it('signs in with the right password into a new session whose cookie is HttpOnly, Secure and SameSite', async () => {
      const response = await signIn('performance@demo.invalid', DEMO_PASSWORD);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/indicators');
      const cookie = response.cookies.find((c) => c.name === 'scorecard_session')!;
      expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
      const page = await app.inject({
        url: '/indicators',
        headers: { cookie: `scorecard_session=${cookie.value}` },
      });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Priya Performance');
    });

    it('locks an account after repeated wrong passwords, refuses even the right one while locked, and audits each try', async () => {
      const email = 'owner@demo.invalid';
      for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
        const wrong = await signIn(email, `wrong password ${i}`);
        expect(wrong.statusCode).toBe(401);
        expect(wrong.body).toContain('Enter a correct email address and password');
        expect(cookiesSet(wrong).has('scorecard_session')).toBe(false);
      }
      const locked = await signIn(email, DEMO_PASSWORD);
      expect(locked.statusCode).toBe(401);
      expect(locked.body).toContain('too many wrong passwords');
      expect(cookiesSet(locked).has('scorecard_session')).toBe(false);
      const attempts = (await auditOf('sign-in')).filter((e) => e.actor === 'Owen Owner');
      expect(attempts.map((e) => e.outcome)).toEqual([
        'denied',
        ...Array(MAX_FAILED_SIGN_INS).fill('failed'),
      ]);
      expect(attempts[1]!.detail).toMatch(/locked for 15 minutes/);
    });

    it('gives the same answer for an unknown email as for a wrong password', async () => {
      const unknown = await signIn('nobody@demo.invalid', 'whatever it is');
      const wrong = await signIn('councillor@demo.invalid', 'not the password');
      expect(unknown.statusCode).toBe(wrong.statusCode);
      const message = (r: LightMyRequestResponse) =>
        /govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(r.body)?.[1];
      expect(message(unknown)).toBe(message(wrong));
    });

    it('never adopts a session identifier planted before sign-in (session fixation)', async () => {
      const planted = 'attacker-chosen-session-id';
      const response = await signIn(
        'performance@demo.invalid',
        DEMO_PASSWORD,
        `scorecard_session=${planted}`,
      );
      expect(response.statusCode).toBe(303);
      const issued = cookiesSet(response).get('scorecard_session')!;
      expect(issued).not.toBe(planted);
      expect(await resolveSession(handle.db, planted)).toBeNull();
      expect(await resolveSession(handle.db, issued)).not.toBeNull();
    });

    it('ends the session a browser already had when someone signs in on it', async () => {
      const earlier = await sessionOf(services, 'councillor@demo.invalid');
      const response = await app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { cookie: earlier.cookie },
        payload: { email: 'performance@demo.invalid', password: DEMO_PASSWORD, _csrf: earlier.csrfToken },
      });
      expect(response.statusCode).toBe(303);
      expect(cookiesSet(response).get('scorecard_session')).not.toBe(earlier.cookie.split('=')[1]);
      expect(await resolveSession(handle.db, earlier.cookie.split('=')[1]!)).toBeNull();
    });

    it('ends sessions that are forged, expired or idle too long', async () => {
      const forged = await app.inject({
        url: '/scorecard',
        headers: { cookie: 'scorecard_session=forged-value' },
      });
      expect(forged.statusCode).toBe(303);
      expect(forged.headers.location).toBe('/sign-in?next=%2Fscorecard');

      const { cookie } = await sessionOf(services, 'councillor@demo.invalid');
      const token = cookie.split('=')[1]!;
      expect(
        await resolveSession(handle.db, token, new Date(Date.now() + SESSION_IDLE_MS + 60_000)),
      ).toBeNull();
      const other = (await sessionOf(services, 'councillor@demo.invalid')).cookie.split('=')[1]!;
      expect(
        await resolveSession(handle.db, other, new Date(Date.now() + SESSION_LIFETIME_MS + 1)),
      ).toBeNull();
      expect(await resolveSession(handle.db, other)).toBeNull(); // ended, not merely rejected once
    });

    it('signs a person out of every device', async () => {
      const first = await sessionOf(services, 'trust@demo.invalid');
      const second = await sessionOf(services, 'trust@demo.invalid');
      const response = await app.inject({
        method: 'POST',
        url: '/sign-out-everywhere',
        headers: { cookie: first.cookie, 'x-csrf-token': first.csrfToken },
      });
      expect(response.statusCode).toBe(303);
      for (const s of [first, second])
        expect(await resolveSession(handle.db, s.cookie.split('=')[1]!)).toBeNull();
    });
  });

  describe('cross-site request forgery', () => {
    const setTarget = (headers: Record<string, string>, payload: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: '/admin/organisations', headers, payload });

    it('refuses a form without the session’s token, audits it, and changes nothing', async () => {
      const admin = await sessionOf(services, 'admin@demo.invalid');
      const before = await services.access.organisations();
      const response = await setTarget({ cookie: admin.cookie }, { name: 'Forged Ltd', kind: 'partner' });
      expect(response.statusCode).toBe(403);
      expect(response.body).toContain('did not come from this site');
      expect(await services.access.organisations()).toEqual(before);
      expect((await auditOf('csrf.refused'))[0]).toMatchObject({
        actor: 'Ada Administrator',
        outcome: 'denied',
      });
    });

    it('refuses another session’s token, and a token replayed after its session ended', async () => {
      const admin = await sessionOf(services, 'admin@demo.invalid');
      const other = await sessionOf(services, 'admin@demo.invalid');
      const before = await services.access.organisations();
      const crossed = await setTarget(
        { cookie: admin.cookie },
        { name: 'Forged Ltd', kind: 'partner', _csrf: other.csrfToken },
      );
      expect(crossed.statusCode).toBe(403);

      await app.inject({
        method: 'POST',
        url: '/sign-out',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
      });
      const replayed = await setTarget(
        { cookie: admin.cookie },
        { name: 'Forged Ltd', kind: 'partner', _csrf: admin.csrfToken },
      );
      expect(replayed.statusCode).toBe(403);
      expect(await services.access.organisations()).toEqual(before);
    });

    it('accepts the form with its own token', async () => {
      const admin = await sessionOf(services, 'admin@demo.invalid');
      const response = await setTarget(
        { cookie: admin.cookie },
        { name: 'Health Trust', kind: 'partner', _csrf: admin.csrfToken },
      );
      expect(response.statusCode).toBe(303);
      expect((await services.access.organisations()).map((o) => o.name)).toContain('Health Trust');
    });

    it('refuses the sign-in form when its cookie and field differ', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { cookie: 'scorecard_csrf=one' },
        payload: { email: 'admin@demo.invalid', password: DEMO_PASSWORD, _csrf: 'two' },
      });
      expect(response.statusCode).toBe(403);
      expect(cookiesSet(response).has('scorecard_session')).toBe(false);
    });
  });

  describe('a partner guessing identifiers', () => {
    it('cannot read another organisation’s indicator: it is "not there", whatever the route', async () => {
      const trust = await sessionOf(services, 'trust@demo.invalid');
      for (const url of ['/indicators/CSC-03', '/api/indicators/CSC-03']) {
        const response = await app.inject({ url, headers: { cookie: trust.cookie } });
        expect(response.statusCode).toBe(404);
        expect(response.body).not.toContain('Family assessments');
      }
      const list = await app.inject({ url: '/api/indicators', headers: { cookie: trust.cookie } });
      expect(list.json().indicators.map((i: { ref: string }) => i.ref)).not.toContain('CSC-03');
    });

    it('cannot submit figures for another organisation’s indicator, by form or token; the refusal is audited and nothing changes', async () => {
      const indicator = (await findIndicator(handle.db, 'CSC-03'))!;
      const before = await findValueHistory(handle.db, indicator.id);
      const token = await apiTokenOf(services, 'trust@demo.invalid', ['figures:write']);
      const response = await app.inject({
        method: 'POST',
        url: '/api/values',
        headers: { authorization: `Bearer ${token}` },
        payload: { values: [{ ref: 'CSC-03', period: '2017-05', numerator: 1, denominator: 2 }] },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().issues).toEqual([
        expect.objectContaining({ row: 1, field: 'ref', message: 'no indicator has the reference "CSC-03"' }),
      ]);
      expect(await findValueHistory(handle.db, indicator.id)).toEqual(before);
      const denied = (await auditOf('values.record')).find((e) => e.outcome === 'denied')!;
      expect(denied).toMatchObject({ actor: 'Tara Trust', channel: 'api' });
      expect(denied.detail).toContain('CSC-03');
    });

    it('refuses a token used beyond its scopes', async () => {
      const token = await apiTokenOf(services, 'performance@demo.invalid', ['figures:read']);
      const response = await app.inject({
        method: 'POST',
        url: '/api/values',
        headers: { authorization: `Bearer ${token}` },
        payload: { values: [{ ref: 'CSC-03', period: '2017-05', numerator: 1, denominator: 2 }] },
      });
      expect(response.statusCode).toBe(403);
    });
  });

  describe('hostile input', () => {
    it('refuses an oversized upload before reading it, and changes nothing', async () => {
      const token = await apiTokenOf(services, 'performance@demo.invalid', ['figures:write']);
      const response = await app.inject({
        method: 'POST',
        url: '/api/values',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: `{"values":[${'"x",'.repeat(BODY_LIMIT_BYTES / 4)}"x"]}`,
      });
      expect(response.statusCode).toBe(413);
    });

    it('shows script typed into commentary and names as text, on every page that shows them', async () => {
      const admin = await sessionOf(services, 'admin@demo.invalid');
      const xss = '<script>alert("x")</script><img src=x onerror=alert(1)>';
      const token = await apiTokenOf(services, 'admin@demo.invalid', ['figures:write']);
      await app.inject({
        method: 'POST',
        url: '/api/values',
        headers: { authorization: `Bearer ${token}` },
        payload: {
          values: [{ ref: 'CSC-03', period: '2017-05', numerator: 1218, denominator: 1304, commentary: xss }],
        },
      });
      const added = await app.inject({
        method: 'POST',
        url: '/admin/people',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
        payload: {
          name: xss,
          email: 'x@demo.invalid',
          organisation: 'Birmingham City Council',
          role: 'viewer',
          password: 'a long enough password',
        },
      });
      expect(added.statusCode).toBe(303);
      for (const url of ['/indicators/CSC-03', '/scorecard', '/admin/people', '/admin/audit']) {
        const page = await app.inject({ url, headers: { cookie: admin.cookie } });
        expect(page.statusCode).toBe(200);
        expect(page.body).not.toContain('<script>alert');
        expect(page.body).not.toContain('<img src=x');
      }
      const page = await app.inject({ url: '/admin/people', headers: { cookie: admin.cookie } });
      expect(page.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    });

    it('neutralises formulae in the audit export', async () => {
      const admin = await sessionOf(services, 'admin@demo.invalid');
      await signIn('=HYPERLINK("http://evil.example","x")', 'anything at all');
      const csv = await app.inject({
        url: '/admin/audit.csv?action=sign-in',
        headers: { cookie: admin.cookie },
      });
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.body).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
      expect(csv.body).not.toMatch(/(^|,)=HYPERLINK/m);
    });
  });

  describe('headers', () => {
    it('sends a content security policy with no inline scripts, and the other protective headers', async () => {
      const { cookie } = await sessionOf(services, 'performance@demo.invalid');
      const page = await app.inject({ url: '/scorecard', headers: { cookie } });
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    });
  });
});
