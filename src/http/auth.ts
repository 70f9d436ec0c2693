import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { can, PERMISSIONS, ROLE_LABELS, type Permission } from '../domain/permissions.ts';
import { AppError } from '../errors.ts';
import { writeAudit } from '../db/repositories/audit.ts';
import type { Services } from '../services/index.ts';
import type { RequestContext } from '../services/context.ts';
import { newSecret, type SignedIn } from '../services/access/sessions.ts';

/**
 * Every route says who may use it, in its config: `access` is 'public',
 * 'signed-in', or a permission from the matrix in src/domain/permissions.ts.
 * A route without one is refused to everyone (fail closed), and the
 * authorisation matrix test lists every route. Cookie sessions must send
 * the session's CSRF token with every change; API tokens (Authorization:
 * Bearer) need none, since a browser never sends them by itself.
 */
export type Access = 'public' | 'signed-in' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    signedIn: SignedIn | null;
    sessionToken: string | null;
    /** Who is acting, for the services' permission checks and the audit record. */
    context: RequestContext;
  }
}

export const SESSION_COOKIE = 'scorecard_session';
/** Before sign-in there is no session to hold a CSRF token, so the sign-in form uses a double-submit cookie. */
export const ANONYMOUS_CSRF_COOKIE = 'scorecard_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Pages a person who must change their password may still reach. */
const WHILE_CHANGING_PASSWORD = new Set(['/account/password', '/sign-out', '/sign-in']);

export interface AuthOptions {
  isSecureCookie: boolean;
}

export async function registerAuth(app: FastifyInstance, services: Services, options: AuthOptions) {
  await app.register(cookie);
  app.decorateRequest('signedIn', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('context', null as unknown as RequestContext);

  app.addHook('onRequest', async (request, reply) => {
    const isApi = request.url.startsWith('/api/');
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer) {
      request.signedIn = await services.access.resolveApiToken(bearer);
    } else {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        request.signedIn = await services.access.resolveSession(token);
        request.sessionToken = request.signedIn ? token : null;
      }
    }
    request.context = {
      actor: request.signedIn?.actor ?? null,
      actorName: request.signedIn?.user.name ?? 'anonymous',
      channel: bearer ? 'api' : 'web',
      ip: request.ip,
    };

    const url = request.routeOptions.url;
    if (url === undefined || url.startsWith('/assets/')) return; // not found, or static files
    const access = request.routeOptions.config.access;
    if (!access || (access !== 'public' && access !== 'signed-in' && !PERMISSIONS.includes(access))) {
      request.log.error({ url }, 'route has no access rule');
      throw new AppError('forbidden', 'This page has no access rule, so it is closed to everyone.');
    }
    if (access === 'public') return;
    if (!request.signedIn) {
      if (bearer || isApi)
        return reply
          .status(401)
          .send({ code: 'unauthenticated', message: 'Sign in, or send a valid API token.', issues: [] });
      if (request.method === 'GET')
        return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
      throw new AppError('forbidden', 'Your session has ended. Sign in again.');
    }
    if (request.signedIn.user.mustChangePassword && !bearer && !WHILE_CHANGING_PASSWORD.has(url)) {
      return reply.redirect('/account/password', 303);
    }
    if (access !== 'signed-in' && !can(request.signedIn.actor, access)) {
      await writeAudit(services.db, request.context, {
        action: 'access.denied',
        outcome: 'denied',
        detail: `${request.method} ${request.url} needs ${access}`,
      });
      throw new AppError('forbidden', 'You do not have permission to see this page.');
    }
  });

  app.addHook('preHandler', async (request) => {
    if (!UNSAFE.has(request.method) || request.context.channel === 'api') return;
    const sent = csrfTokenSent(request);
    const expected = request.signedIn ? request.signedIn.csrfToken : request.cookies[ANONYMOUS_CSRF_COOKIE];
    if (!expected || !sent || !sameSecret(sent, expected)) {
      await writeAudit(services.db, request.context, {
        action: 'csrf.refused',
        outcome: 'denied',
        detail: `${request.method} ${request.url}`,
      });
      throw new AppError(
        'forbidden',
        'The form had expired or did not come from this site. Go back, reload the page and try again.',
      );
    }
  });

  return {
    /** Sets the session cookie after sign-in. */
    setSessionCookie(reply: FastifyReply, token: string) {
      reply.setCookie(SESSION_COOKIE, token, cookieOptions(options));
    },
    clearSessionCookie(reply: FastifyReply) {
      reply.clearCookie(SESSION_COOKIE, cookieOptions(options));
    },
    /** The CSRF token for a form on this page: the session's, or a fresh double-submit one before sign-in. */
    csrfTokenFor(request: FastifyRequest, reply: FastifyReply): string {
      if (request.signedIn) return request.signedIn.csrfToken;
      const token = newSecret();
      reply.setCookie(ANONYMOUS_CSRF_COOKIE, token, cookieOptions(options));
      return token;
    },
  };
}

export type Auth = Awaited<ReturnType<typeof registerAuth>>;

function cookieOptions(options: AuthOptions) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: options.isSecureCookie };
}

function csrfTokenSent(request: FastifyRequest): string | undefined {
  const header = request.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const body = request.body as { _csrf?: unknown } | undefined;
  return typeof body?._csrf === 'string' ? body._csrf : undefined;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** What every page's layout needs to know about the person looking at it. */
export function pageLocals(request: Pick<FastifyRequest, 'signedIn' | 'url'>) {
  const signedIn = request.signedIn;
  if (!signedIn) return { user: null, csrfToken: '', navigation: [] };
  return {
    user: {
      name: signedIn.user.name,
      roleLabel: ROLE_LABELS[signedIn.user.role],
      organisation: signedIn.user.organisation.name,
    },
    csrfToken: signedIn.csrfToken,
    navigation: NAVIGATION.filter((item) => can(signedIn.actor, item.permission)).map((item) => ({
      href: item.href,
      text: item.text,
      active:
        request.url === item.href ||
        request.url.startsWith(`${item.href}/`) ||
        request.url.startsWith(`${item.href}?`),
    })),
  };
}

/** The service navigation: each item shown only to those who may use it. */
const NAVIGATION: { href: string; text: string; permission: Permission }[] = [
  { href: '/scorecard', text: 'Scorecard', permission: 'figures:read' },
  { href: '/indicators', text: 'Indicators', permission: 'figures:read' },
  { href: '/contracts', text: 'Contracts', permission: 'contracts:read' },
  { href: '/schools', text: 'Schools', permission: 'schools:read' },
  { href: '/measures', text: 'Measures', permission: 'measures:read' },
  { href: '/improvement', text: 'Improvement plan', permission: 'plans:read' },
  { href: '/risks', text: 'Risks', permission: 'plans:read' },
  { href: '/reports', text: 'Reports', permission: 'reports:read' },
  { href: '/entry', text: 'Data entry', permission: 'figures:write' },
  { href: '/imports', text: 'Imports', permission: 'figures:write' },
  { href: '/publication', text: 'Publication', permission: 'publication:manage' },
  { href: '/completeness', text: 'Completeness', permission: 'figures:write' },
  { href: '/changes', text: 'What changed', permission: 'figures:read' },
  { href: '/templates', text: 'Templates', permission: 'figures:write' },
  { href: '/admin/people', text: 'People', permission: 'people:manage' },
  { href: '/admin/audit', text: 'Audit', permission: 'audit:read' },
];
