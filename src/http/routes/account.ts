import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can, ROLE_LABELS, type Permission } from '../../domain/permissions.ts';
import type { Services } from '../../services/index.ts';
import type { Render } from '../../web/render.ts';
import { SESSION_COOKIE, type Auth } from '../auth.ts';
import { formErrorsOf, sendPage, type FormErrors } from '../forms.ts';
import { safeNextPath } from '../../services/access/single-sign-on.ts';

const SignInForm = z.object({
  email: z.string().trim().max(320).default(''),
  password: z.string().max(1000).default(''),
  next: z.string().default(''),
});
const PasswordForm = z.object({
  currentPassword: z.string().max(1000).default(''),
  newPassword: z.string().max(1000).default(''),
  confirmPassword: z.string().max(1000).default(''),
});
const TokenForm = z.object({
  name: z.string().default(''),
  scopes: z.union([z.string(), z.array(z.string())]).optional(),
  expiresInDays: z.string().default('365'),
});

/** What a token may be allowed to do: the permissions that make sense for a machine. */
const TOKEN_SCOPES: Permission[] = ['figures:read', 'figures:write', 'catalogue:write', 'contracts:read'];

export interface SignInOptions {
  /** Attempts allowed per address per minute, before the per-account lockout. */
  attemptsPerMinute: number;
  /** The single sign-on button's text, when single sign-on is configured. */
  singleSignOnLabel: string | null;
}

/** Signing in and out, and a person's own account: password and API tokens. */
export function registerAccountPages(
  app: FastifyInstance,
  services: Services,
  render: Render,
  auth: Auth,
  options: SignInOptions,
) {
  const signInPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    locals: { email?: string; next?: string; errors?: FormErrors; notice?: string },
  ) =>
    sendPage(render, request, reply, 'pages/account/sign-in.njk', {
      title: 'Sign in',
      csrfToken: auth.csrfTokenFor(request, reply),
      singleSignOnLabel: options.singleSignOnLabel,
      email: locals.email ?? '',
      next: locals.next ?? '',
      errors: locals.errors ?? null,
      notice: locals.notice ?? '',
    });

  app.get('/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    const query = z
      .object({ next: z.string().optional(), signedOut: z.string().optional() })
      .parse(request.query);
    if (request.signedIn) return reply.redirect(safeNextPath(query.next), 303);
    return signInPage(request, reply, {
      next: query.next ?? '',
      ...(query.signedOut ? { notice: 'You have been signed out.' } : {}),
    });
  });

  app.post(
    '/sign-in',
    {
      config: {
        access: 'public',
        rateLimit: { max: options.attemptsPerMinute, timeWindow: '1 minute' },
      },
    },
    async (request, reply) => {
      const form = SignInForm.parse(request.body);
      const result = await services.access.signIn(
        { email: form.email, password: form.password },
        request.context,
      );
      if (!result.ok) {
        const message =
          result.reason === 'locked'
            ? 'There have been too many wrong passwords for this account. Wait 15 minutes, then try again.'
            : 'Enter a correct email address and password.';
        reply.status(401);
        return signInPage(request, reply, {
          email: form.email,
          next: form.next,
          errors: { summary: [{ text: message, href: '#email' }], fields: { email: { text: message } } },
        });
      }
      // A session from before sign-in is ended, never carried over: a planted cookie signs no one in.
      const previous = request.cookies[SESSION_COOKIE];
      if (previous) await services.access.endSession(previous, request.context);
      const session = await services.access.startSession(result.user, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
      });
      auth.setSessionCookie(reply, session.token);
      return reply.redirect(
        result.user.mustChangePassword ? '/account/password' : safeNextPath(form.next),
        303,
      );
    },
  );

  app.post('/sign-out', { config: { access: 'signed-in' } }, async (request, reply) => {
    if (request.sessionToken) await services.access.endSession(request.sessionToken, request.context);
    auth.clearSessionCookie(reply);
    return reply.redirect('/sign-in?signedOut=1', 303);
  });

  app.post('/sign-out-everywhere', { config: { access: 'signed-in' } }, async (request, reply) => {
    await services.access.endAllSessions(request.signedIn!.user.id, request.context);
    auth.clearSessionCookie(reply);
    return reply.redirect('/sign-in?signedOut=1', 303);
  });

  const accountPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    locals: { newToken?: { name: string; token: string }; errors?: FormErrors; tokenForm?: unknown } = {},
  ) => {
    const { user, actor } = request.signedIn!;
    const canManageTokens = can(actor, 'tokens:manage');
    const tokens = canManageTokens ? await services.access.tokensOf(user.id) : [];
    return sendPage(render, request, reply, 'pages/account/account.njk', {
      title: 'Your account',
      person: {
        name: user.name,
        email: user.email,
        role: ROLE_LABELS[user.role],
        organisation: user.organisation.name,
      },
      canManageTokens,
      tokens: tokens.map((t) => ({
        ...t,
        isActive: !t.revokedAt && (!t.expiresAt || t.expiresAt > new Date()),
      })),
      scopeItems: TOKEN_SCOPES.filter((scope) => can({ ...actor, scopes: null }, scope)).map((scope) => ({
        value: scope,
        text: scope,
      })),
      newToken: locals.newToken ?? null,
      errors: locals.errors ?? null,
      tokenForm: locals.tokenForm ?? {},
    });
  };

  app.get('/account', { config: { access: 'signed-in' } }, async (request, reply) =>
    accountPage(request, reply),
  );

  app.post('/account/tokens', { config: { access: 'tokens:manage' } }, async (request, reply) => {
    const form = TokenForm.parse(request.body);
    const scopes = form.scopes === undefined ? [] : [form.scopes].flat();
    try {
      const created = await services.access.createApiToken(
        { name: form.name, scopes, expiresInDays: form.expiresInDays },
        request.context,
      );
      return accountPage(request, reply, { newToken: { name: form.name, token: created.token } });
    } catch (error) {
      reply.status(400);
      return accountPage(request, reply, { errors: formErrorsOf(error), tokenForm: { ...form, scopes } });
    }
  });

  app.post<{ Params: { id: string } }>(
    '/account/tokens/:id/revoke',
    { config: { access: 'tokens:manage' } },
    async (request, reply) => {
      const id = z.coerce.number().int().positive().parse(request.params.id);
      await services.access.revokeToken(id, request.context);
      return reply.redirect('/account', 303);
    },
  );

  const passwordPage = (request: FastifyRequest, reply: FastifyReply, errors: FormErrors | null = null) =>
    sendPage(render, request, reply, 'pages/account/password.njk', {
      title: 'Change your password',
      mustChange: request.signedIn!.user.mustChangePassword,
      errors,
    });

  app.get('/account/password', { config: { access: 'signed-in' } }, async (request, reply) =>
    passwordPage(request, reply),
  );

  app.post('/account/password', { config: { access: 'signed-in' } }, async (request, reply) => {
    const form = PasswordForm.parse(request.body);
    const user = request.signedIn!.user;
    try {
      if (form.newPassword !== form.confirmPassword) {
        const text = 'Confirm password must match the new password';
        reply.status(400);
        return passwordPage(request, reply, {
          summary: [{ text, href: '#confirmPassword' }],
          fields: { confirmPassword: { text } },
        });
      }
      await services.access.changePassword(
        { userId: user.id, currentPassword: form.currentPassword, newPassword: form.newPassword },
        request.context,
      );
    } catch (error) {
      reply.status(400);
      return passwordPage(request, reply, formErrorsOf(error));
    }
    // Changing the password ended every session, this one too: start a fresh one.
    const session = await services.access.startSession(
      { ...user, mustChangePassword: false },
      { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' },
    );
    auth.setSessionCookie(reply, session.token);
    return reply.redirect('/account?passwordChanged=1', 303);
  });
}
