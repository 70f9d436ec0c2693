import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { findUserByEmail } from '../../src/db/repositories/people.ts';
import type { Services } from '../../src/services/index.ts';
import { actorOf } from '../../src/services/access/sessions.ts';
import { systemContext, type RequestContext } from '../../src/services/context.ts';
import type { Permission } from '../../src/domain/permissions.ts';

/** What the services see of a demo account acting through the web pages. */
export async function contextOf(db: Kysely<Database>, email: string): Promise<RequestContext> {
  const user = await findUserByEmail(db, email);
  if (!user) throw new Error(`No account ${email}: load the demo accounts first`);
  return { actor: actorOf(user), actorName: user.name, channel: 'web', ip: '127.0.0.1' };
}

/** A signed-in browser session for a demo account: its cookie header and its CSRF token. */
export async function sessionOf(
  services: Services,
  email: string,
): Promise<{ cookie: string; csrfToken: string }> {
  const user = await findUserByEmail(services.db, email);
  if (!user) throw new Error(`No account ${email}: load the demo accounts first`);
  const session = await services.access.startSession(user, { ip: '127.0.0.1', userAgent: 'test' });
  return { cookie: `scorecard_session=${session.token}`, csrfToken: session.csrfToken };
}

/** An API token for a demo account, with the scopes given. */
export async function apiTokenOf(services: Services, email: string, scopes: Permission[]): Promise<string> {
  const user = await findUserByEmail(services.db, email);
  if (!user) throw new Error(`No account ${email}: load the demo accounts first`);
  const { token } = await services.access.createApiToken(
    { name: `test ${scopes.join(' ')}`, scopes },
    { ...systemContext('test'), actor: actorOf(user) },
  );
  return token;
}

/** Adds a cookie header to a request. */
export const withCookie = (cookie: string, options: InjectOptions): InjectOptions => ({
  ...options,
  headers: { ...options.headers, cookie },
});

/**
 * The sign-in form as a browser fills it: the form's CSRF cookie and field,
 * then the credentials (and any cookie the browser already had).
 */
export async function signInThroughForm(
  app: FastifyInstance,
  credentials: { email: string; password: string; next?: string },
  extraCookie = '',
): Promise<LightMyRequestResponse> {
  const form = await app.inject({ method: 'GET', url: '/sign-in' });
  const csrf = form.cookies.find((c) => c.name === 'scorecard_csrf')!.value;
  if (!form.body.includes(`name="_csrf" value="${csrf}"`))
    throw new Error('The sign-in form has no CSRF field');
  return app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie: `scorecard_csrf=${csrf}${extraCookie ? `; ${extraCookie}` : ''}` },
    payload: { ...credentials, _csrf: csrf },
  });
}
