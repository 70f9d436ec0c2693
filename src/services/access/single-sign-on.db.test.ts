import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/support/databases.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { findAuditEvents } from '../../db/repositories/audit.ts';
import { findUserByEmail, updateUser } from '../../db/repositories/people.ts';
import { registerErrorHandling } from '../../http/errors.ts';
import { registerSingleSignOn, SSO_COOKIE } from '../../http/routes/single-sign-on.ts';
import { systemContext } from '../context.ts';
import { createOrganisation, createUser } from './manage-people.ts';
import { resolveSession } from './sessions.ts';
import type { SingleSignOnConfig } from './single-sign-on.ts';

/**
 * The whole authorisation code flow with PKCE against a real OpenID
 * provider (panva's oidc-provider) on 127.0.0.1, and a Fastify app with the
 * single sign-on routes on another port. The "browser" is fetch with a
 * cookie jar per origin, following redirects by hand. The provider signs in
 * whichever account the test names (its interaction step is ours) and
 * grants the scopes without a consent page.
 */

/** oidc-provider ships no types; the little the test uses. */
interface OidcProvider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: { login: { accountId: string } },
    options: { mergeWithLastSubmission: boolean },
  ): Promise<void>;
}
interface GrantContext {
  oidc: {
    provider: { Grant: new (init: { clientId: string; accountId: string }) => Grant };
    client: { clientId: string };
    session: { accountId: string };
  };
}
interface Grant {
  addOIDCScope(scope: string): void;
  save(): Promise<string>;
}
type ProviderClass = new (issuer: string, configuration: object) => OidcProvider;

type Claims = { email?: string; email_verified?: boolean; name?: string };
const SESSION_COOKIE = 'scorecard_session';
const PASSWORD = 'correct horse battery staple';

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );

/** A browser's cookies for one origin (paths and expiry ignored, except removal). */
class Jar {
  readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const isRemoval = attributes.some(
        (a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a),
      );
      if (isRemoval) this.cookies.delete(name);
      else this.cookies.set(name, pair!.slice(at + 1).trim());
    }
  }
}

describe.each(testDatabases)('single sign-on against a local OpenID provider on $name', (database) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let providerServer: Server;
  let provider: OidcProvider;
  let appOrigin: string;
  let config: SingleSignOnConfig;
  /** The provider's accounts: subject → claims. */
  const accounts = new Map<string, Claims>();
  /** Who the next person signs in as at the provider. */
  let signInAs = '';

  beforeAll(async () => {
    handle = await database.open();
    const system = systemContext('test');
    await createOrganisation(handle.db, { name: 'Northshire County Council', kind: 'council' }, system);
    for (const [name, email] of [
      ['Ada Lovelace', 'ada@northshire.example'],
      ['Bob Babbage', 'bob@northshire.example'],
      ['Carol Hopper', 'carol@northshire.example'],
      ['Dan Turing', 'dan@northshire.example'],
    ])
      await createUser(
        handle.db,
        {
          email,
          name,
          organisation: 'Northshire County Council',
          role: 'viewer',
          password: PASSWORD,
          mustChangePassword: false,
        },
        system,
      );
    const carol = (await findUserByEmail(handle.db, 'carol@northshire.example'))!;
    await updateUser(handle.db, carol.id, { isDisabled: true });

    // The provider's port first, since the issuer names it; the provider itself once the app's port is known.
    providerServer = createServer((req, res) => {
      if (req.url?.startsWith('/interaction/'))
        void provider.interactionFinished(
          req,
          res,
          { login: { accountId: signInAs } },
          { mergeWithLastSubmission: false },
        );
      else provider.callback()(req, res);
    });
    const issuer = `http://127.0.0.1:${await listen(providerServer)}`;
    config = {
      issuer: new URL(issuer),
      clientId: 'scorecard',
      clientSecret: 'a-client-secret-for-the-tests-only',
      redirectUri: new URL('http://127.0.0.1/sign-in/sso/callback'),
      label: 'Sign in with the test provider',
      isEmailTrusted: false,
      allowInsecureRequests: true,
      timeoutSeconds: 5,
    };

    app = Fastify();
    await app.register(cookie);
    registerErrorHandling(app, (_template, page) => JSON.stringify(page), { isDevelopment: false });
    registerSingleSignOn(app, {
      db: handle.db,
      auth: {
        setSessionCookie: (reply, token) =>
          void reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax' }),
      },
      config,
    });
    appOrigin = await app.listen({ port: 0, host: '127.0.0.1' });
    config.redirectUri = new URL('/sign-in/sso/callback', appOrigin);

    const { default: Provider } = (await import('oidc-' + 'provider')) as { default: ProviderClass };
    provider = new Provider(issuer, {
      clients: [
        {
          client_id: config.clientId,
          client_secret: config.clientSecret,
          redirect_uris: [config.redirectUri.href],
          response_types: ['code'],
          grant_types: ['authorization_code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      findAccount: (_ctx: unknown, sub: string) =>
        accounts.has(sub) ? { accountId: sub, claims: () => ({ sub, ...accounts.get(sub) }) } : undefined,
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      // Put the email claims in the ID token, as Entra ID does.
      conformIdTokenClaims: false,
      features: { devInteractions: { enabled: false } },
      interactions: {
        url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
      },
      // A first-party client: scopes granted without a consent page.
      loadExistingGrant: async (ctx: GrantContext) => {
        const grant = new ctx.oidc.provider.Grant({
          clientId: ctx.oidc.client.clientId,
          accountId: ctx.oidc.session.accountId,
        });
        grant.addOIDCScope('openid email profile');
        await grant.save();
        return grant;
      },
      pkce: { required: () => true },
      cookies: { keys: ['a-cookie-key-for-the-tests-only'] },
      jwks: {
        keys: [generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' })],
      },
      ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600 },
    });
  });

  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => providerServer?.close(resolve));
    await handle?.close();
  });

  const get = async (jar: Jar, url: string) => {
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.store(response);
    return response;
  };

  /**
   * A person follows the "Sign in with …" link, signs in at the provider as
   * `as`, and comes back. `beforeReturn` may change the callback address or
   * the app's cookies, as an attacker would.
   */
  async function signIn(options: {
    as: string;
    next?: string;
    app?: Jar;
    beforeReturn?: (callback: URL, app: Jar) => void;
  }) {
    signInAs = options.as;
    const appJar = options.app ?? new Jar();
    const providerJar = new Jar(); // no session at the provider yet: it asks who you are
    const start = await get(
      appJar,
      `${appOrigin}/sign-in/sso${options.next === undefined ? '' : `?next=${encodeURIComponent(options.next)}`}`,
    );
    expect(start.status).toBe(303);
    let location = new URL(start.headers.get('location')!);
    expect(location.origin).toBe(config.issuer.origin);
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    for (let hops = 0; location.origin === config.issuer.origin; hops++) {
      expect(hops).toBeLessThan(10);
      const response = await get(providerJar, location.href);
      expect(response.status, await response.clone().text()).toBeGreaterThanOrEqual(300);
      location = new URL(response.headers.get('location')!, location);
    }
    expect(location.href.startsWith(config.redirectUri.href)).toBe(true);
    options.beforeReturn?.(location, appJar);
    const back = await get(appJar, location.href);
    return {
      callback: location,
      status: back.status,
      location: back.headers.get('location'),
      body: await back.text(),
      session: appJar.cookies.get(SESSION_COOKIE),
      appJar,
    };
  }

  const lastSignIn = async () => (await findAuditEvents(handle.db, { action: 'sign-in', limit: 1 }))[0]!;
  const userOf = async (token: string | undefined) =>
    token ? ((await resolveSession(handle.db, token))?.user.email ?? null) : null;

  it('links a person by verified email on first sign-in, and by subject afterwards', async () => {
    accounts.set('sub-ada', { email: 'ADA@northshire.example', email_verified: true, name: 'Ada' });
    const first = await signIn({ as: 'sub-ada', next: '/indicators?area=early-help' });
    expect(first.status).toBe(303);
    expect(first.location).toBe('/indicators?area=early-help');
    expect(await userOf(first.session)).toBe('ada@northshire.example');
    expect(first.appJar.cookies.has(SSO_COOKIE)).toBe(false);
    const [link] = await findAuditEvents(handle.db, { action: 'sso.link' });
    expect(link).toMatchObject({ actor: 'Ada Lovelace', outcome: 'success', after: { subject: 'sub-ada' } });
    expect(await lastSignIn()).toMatchObject({
      actor: 'Ada Lovelace',
      outcome: 'success',
      detail: 'single sign-on',
    });

    // Her address changes at the provider (and is no longer vouched for): her subject still finds her.
    accounts.set('sub-ada', { email: 'ada.lovelace@elsewhere.example', email_verified: false });
    const again = await signIn({ as: 'sub-ada' });
    expect(again.location).toBe('/scorecard');
    expect(await userOf(again.session)).toBe('ada@northshire.example');
    expect(await findAuditEvents(handle.db, { action: 'sso.link' })).toHaveLength(1);
  });

  it('starts a new session, never keeping a session cookie from before sign-in', async () => {
    const jar = new Jar();
    jar.cookies.set(SESSION_COOKIE, 'a-token-chosen-by-an-attacker');
    const result = await signIn({ as: 'sub-ada', app: jar });
    expect(result.session).not.toBe('a-token-chosen-by-an-attacker');
    expect(await userOf(result.session)).toBe('ada@northshire.example');
  });

  it('refuses a person with no account, and audits it', async () => {
    accounts.set('sub-eve', { email: 'eve@elsewhere.example', email_verified: true });
    const result = await signIn({ as: 'sub-eve' });
    expect(result.status).toBe(403);
    expect(result.body).toContain('There is no Scorecard account for you yet');
    expect(result.session).toBeUndefined();
    expect(await lastSignIn()).toMatchObject({
      actor: 'eve@elsewhere.example',
      outcome: 'failed',
      detail: 'single sign-on: no account for eve@elsewhere.example',
    });
  });

  it('refuses an email the provider does not vouch for, unless told to trust the provider', async () => {
    accounts.set('sub-bob-unverified', { email: 'bob@northshire.example', email_verified: false });
    const unverified = await signIn({ as: 'sub-bob-unverified' });
    expect(unverified.status).toBe(403);
    expect(unverified.body).toContain('did not confirm your email address');
    expect(await lastSignIn()).toMatchObject({
      outcome: 'failed',
      detail: expect.stringContaining('not verified'),
    });

    // Entra ID sends no email_verified claim at all.
    accounts.set('sub-bob', { email: 'bob@northshire.example' });
    expect((await signIn({ as: 'sub-bob' })).status).toBe(403);
    config.isEmailTrusted = true;
    try {
      expect((await signIn({ as: 'sub-bob-unverified' })).status).toBe(403); // an explicit false is still refused
      const trusted = await signIn({ as: 'sub-bob' });
      expect(trusted.status).toBe(303);
      expect(await userOf(trusted.session)).toBe('bob@northshire.example');
    } finally {
      config.isEmailTrusted = false;
    }
  });

  it('refuses a tampered state, a missing sign-in cookie and a replayed response', async () => {
    accounts.set('sub-dan', { email: 'dan@northshire.example', email_verified: true });
    const tampered = await signIn({
      as: 'sub-dan',
      beforeReturn: (callback) => callback.searchParams.set('state', 'forged'),
    });
    expect(tampered.status).toBe(403);
    expect(tampered.body).toContain('We could not sign you in');
    expect(tampered.session).toBeUndefined();
    expect(await lastSignIn()).toMatchObject({
      outcome: 'failed',
      detail: expect.stringContaining('provider response refused'),
    });

    const noState = await signIn({
      as: 'sub-dan',
      beforeReturn: (callback) => callback.searchParams.delete('state'),
    });
    expect(noState.status).toBe(403);

    // Another browser's response (a login CSRF attempt): no sign-in is waiting in this one.
    const noCookie = await signIn({ as: 'sub-dan', beforeReturn: (_callback, jar) => jar.cookies.clear() });
    expect(noCookie.status).toBe(403);
    expect(noCookie.body).toContain('interrupted');
    expect(await lastSignIn()).toMatchObject({
      outcome: 'failed',
      detail: 'single sign-on: no sign-in in progress (missing or expired)',
    });

    let ssoCookie = '';
    const used = await signIn({
      as: 'sub-dan',
      beforeReturn: (_callback, jar) => void (ssoCookie = jar.cookies.get(SSO_COOKIE)!),
    });
    expect(used.status).toBe(303);
    const replay = new Jar();
    replay.cookies.set(SSO_COOKIE, ssoCookie);
    expect((await get(replay, used.callback.href)).status).toBe(403);
    expect(replay.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await findAuditEvents(handle.db, { action: 'sign-in', limit: 20 })).not.toContainEqual(
      expect.objectContaining({ actor: 'anonymous', outcome: 'success' }),
    );
  });

  it('refuses to relink an account already linked to another subject', async () => {
    accounts.set('sub-ada-impostor', { email: 'ada@northshire.example', email_verified: true });
    const result = await signIn({ as: 'sub-ada-impostor' });
    expect(result.status).toBe(403);
    expect(result.body).toContain('already linked to a different organisation account');
    expect(await lastSignIn()).toMatchObject({ actor: 'Ada Lovelace', outcome: 'denied' });
    expect(await userOf((await signIn({ as: 'sub-ada' })).session)).toBe('ada@northshire.example');
  });

  it('refuses a locked account', async () => {
    const dan = (await findUserByEmail(handle.db, 'dan@northshire.example'))!;
    await updateUser(handle.db, dan.id, { lockedUntil: new Date(Date.now() + 60_000) });
    try {
      const result = await signIn({ as: 'sub-dan' });
      expect(result.status).toBe(403);
      expect(await lastSignIn()).toMatchObject({
        actor: 'Dan Turing',
        outcome: 'denied',
        detail: 'single sign-on: account locked',
      });
    } finally {
      await updateUser(handle.db, dan.id, { lockedUntil: null });
    }
  });

  it('refuses a disabled account, even one linked by email', async () => {
    accounts.set('sub-carol', { email: 'carol@northshire.example', email_verified: true });
    const result = await signIn({ as: 'sub-carol' });
    expect(result.status).toBe(403);
    expect(result.body).toContain('disabled');
    expect(result.session).toBeUndefined();
    expect(await lastSignIn()).toMatchObject({
      actor: 'Carol Hopper',
      outcome: 'denied',
      detail: 'single sign-on: account disabled',
    });
  });

  it.each(['//evil.example', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)'])(
    'sends the person to /scorecard, not to next=%s',
    async (next) => {
      const result = await signIn({ as: 'sub-ada', next });
      expect(result.status).toBe(303);
      expect(result.location).toBe('/scorecard');
    },
  );

  it('does not fail when next is given twice', async () => {
    const start = await get(new Jar(), `${appOrigin}/sign-in/sso?next=/a&next=/b`);
    expect(start.status).toBe(303);
  });
});
