import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import {
  beginSignIn,
  completeSignIn,
  type PendingSignIn,
  type SingleSignOnConfig,
} from '../../services/access/single-sign-on.ts';
import { endSession, startSession } from '../../services/access/sessions.ts';
import type { RequestContext } from '../../services/context.ts';
import type { Auth } from '../auth.ts';

export const SSO_COOKIE = 'scorecard_sso';
/** How long a person has to sign in at the provider and come back. */
export const SSO_PENDING_MS = 10 * 60 * 1000;

/** Any `next` is accepted here; beginSignIn keeps it only when it is a path on this site. */
const StartQuery = z.object({ next: z.unknown().optional() });

/**
 * GET /sign-in/sso sends a person to the OpenID provider; GET
 * /sign-in/sso/callback is where the provider sends them back.
 *
 * What must survive the round trip (state, nonce, PKCE verifier, where to go
 * next) stays on the server, in memory, under a random key; the cookie holds
 * only that key. The app registers @fastify/cookie without a secret, so
 * there is nothing to sign a cookie with; a key that means nothing elsewhere
 * keeps the verifier out of the browser, works once (it is removed when the
 * person returns) and ends after ten minutes. The cost: with several app
 * processes behind a load balancer without sticky sessions, or across a
 * restart, a sign-in in progress is lost and the person is asked to try again.
 */
export function registerSingleSignOn(
  app: FastifyInstance,
  deps: { db: Kysely<Database>; auth: Pick<Auth, 'setSessionCookie'>; config: SingleSignOnConfig },
) {
  const pending = new PendingStore(SSO_PENDING_MS);
  const cookieOptions = () => ({
    path: '/sign-in/sso',
    httpOnly: true,
    sameSite: 'lax' as const,
    // The callback's scheme is the one the browser uses for this site, even behind a proxy that ends TLS.
    secure: deps.config.redirectUri.protocol === 'https:',
  });

  app.get('/sign-in/sso', { config: { access: 'public' } }, async (request, reply) => {
    const { next } = StartQuery.parse(request.query);
    const { url, pending: sent } = await beginSignIn(deps.config, { next });
    const key = pending.add(sent);
    reply.setCookie(SSO_COOKIE, key, { ...cookieOptions(), maxAge: SSO_PENDING_MS / 1000 });
    return reply.redirect(url.href, 303);
  });

  app.get('/sign-in/sso/callback', { config: { access: 'public' } }, async (request, reply) => {
    const key = request.cookies[SSO_COOKIE];
    const waiting = key ? pending.take(key) : null;
    reply.clearCookie(SSO_COOKIE, cookieOptions());
    // The registered redirect URI, not the Host header, with the provider's parameters.
    const callbackUrl = new URL(deps.config.redirectUri);
    callbackUrl.search = new URL(request.url, 'http://callback.invalid').search;
    const user = await completeSignIn(deps.db, deps.config, callbackUrl, waiting, contextOf(request));
    // Always a new session token: nothing from before sign-in is reused, and a session this browser had ends.
    if (request.sessionToken) await endSession(deps.db, request.sessionToken, contextOf(request));
    const { token } = await startSession(deps.db, user, {
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? '',
    });
    deps.auth.setSessionCookie(reply, token);
    return reply.redirect(waiting!.next, 303);
  });
}

/** Before sign-in nobody is acting; the audit record notes the address. */
function contextOf(request: FastifyRequest): RequestContext {
  return { actor: null, actorName: 'anonymous', channel: 'web', ip: request.ip };
}

/** Sign-ins in progress, each under a random key, kept until used or expired; at most `limit` at once. */
class PendingStore {
  readonly #entries = new Map<string, { pending: PendingSignIn; expiresAt: number }>();
  readonly #lifetimeMs: number;
  readonly #limit: number;

  constructor(lifetimeMs: number, limit = 10_000) {
    this.#lifetimeMs = lifetimeMs;
    this.#limit = limit;
  }

  add(pending: PendingSignIn): string {
    this.#sweep();
    // Map keeps insertion order: when full, the oldest sign-in in progress gives way.
    if (this.#entries.size >= this.#limit) this.#entries.delete(this.#entries.keys().next().value!);
    const key = randomBytes(32).toString('base64url');
    this.#entries.set(key, { pending, expiresAt: Date.now() + this.#lifetimeMs });
    return key;
  }

  /** The sign-in waiting under `key`, removed so it can be used only once; null when unknown or expired. */
  take(key: string): PendingSignIn | null {
    const entry = this.#entries.get(key);
    this.#entries.delete(key);
    return entry && entry.expiresAt > Date.now() ? entry.pending : null;
  }

  #sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt > now) break; // in insertion order, so in expiry order
      this.#entries.delete(key);
    }
  }
}
