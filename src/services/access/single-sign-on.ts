import type { Kysely } from 'kysely';
import * as oidc from 'openid-client';
import { writeAudit } from '../../db/repositories/audit.ts';
import { findUserByEmail, findUserByOidc, type User } from '../../db/repositories/people.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { RequestContext } from '../context.ts';

/**
 * Single sign-on by OpenID Connect (Microsoft Entra ID and similar), through
 * openid-client: authorisation code flow with PKCE, state and nonce. A person
 * signs in to an account an administrator has already made (role and
 * organisation are ours to set, never the provider's): first by the subject
 * the provider gives them, or, the first time, by an email address the
 * provider vouches for, which then links that subject to the account.
 */
export interface SingleSignOnConfig {
  /** The provider's issuer identifier, e.g. https://login.microsoftonline.com/<tenant-id>/v2.0 */
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** Our callback, exactly as registered with the provider: https://<host>/sign-in/sso/callback */
  redirectUri: URL;
  /** The text of the sign-in button, e.g. "Sign in with Microsoft". */
  label: string;
  /**
   * Accept the `email` claim when the provider sends no `email_verified`
   * claim at all (Entra ID never sends one). An explicit `email_verified:
   * false` is refused either way. Only for a provider whose directory is the
   * council's own, where nobody can choose their own address.
   */
  isEmailTrusted: boolean;
  /**
   * Talk to the provider over plain http. Only for a provider started by the
   * tests on 127.0.0.1: never read from the environment, never on by default.
   */
  allowInsecureRequests?: boolean;
  /** Seconds to wait for the provider (discovery, token and user info requests). */
  timeoutSeconds?: number;
}

/** What must survive between sending a person to the provider and their return. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Where to go after signing in: always a local path. */
  next: string;
}

export const DEFAULT_NEXT = '/scorecard';
const DETAIL = 'single sign-on';

/**
 * Reads the OIDC_* variables. Returns null when none is set (single sign-on
 * is off); throws, naming the variables, when some are set and others are
 * missing or malformed, so a half-finished setting stops the process at start.
 */
export function readSingleSignOnConfig(env: NodeJS.ProcessEnv): SingleSignOnConfig | null {
  const value = (name: string) => env[name]?.trim() || undefined;
  const required = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI'] as const;
  const optional = ['OIDC_LABEL', 'OIDC_TRUST_EMAIL'] as const;
  if ([...required, ...optional].every((name) => value(name) === undefined)) return null;

  const problems = required.filter((name) => value(name) === undefined).map((name) => `${name} is not set`);
  const httpsUrl = (name: string) => {
    const text = value(name);
    if (text === undefined) return undefined;
    const url = URL.canParse(text) ? new URL(text) : null;
    if (url?.protocol !== 'https:' || url.search || url.hash) {
      problems.push(`${name} must be an https:// address with no query or fragment (it is "${text}")`);
      return undefined;
    }
    return url;
  };
  const issuer = httpsUrl('OIDC_ISSUER');
  const redirectUri = httpsUrl('OIDC_REDIRECT_URI');
  const trust = value('OIDC_TRUST_EMAIL')?.toLowerCase();
  if (trust !== undefined && trust !== 'true' && trust !== 'false')
    problems.push(`OIDC_TRUST_EMAIL must be true or false (it is "${value('OIDC_TRUST_EMAIL')}")`);

  if (problems.length > 0 || !issuer || !redirectUri)
    throw new Error(`Single sign-on is not set up correctly:\n  ${problems.join('\n  ')}`);
  return {
    issuer,
    clientId: value('OIDC_CLIENT_ID')!,
    clientSecret: value('OIDC_CLIENT_SECRET')!,
    redirectUri,
    label: value('OIDC_LABEL') ?? 'Sign in with your organisation account',
    isEmailTrusted: trust === 'true',
  };
}

/**
 * Only a path on this site: one leading '/', not '//' or '/\' (which
 * browsers treat as another host), no control characters. Anything else
 * becomes DEFAULT_NEXT, so the sign-in link cannot send people elsewhere.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2000) return DEFAULT_NEXT;
  // eslint-disable-next-line no-control-regex
  if (!/^\/(?![/\\])/.test(next) || /[\u0000-\u001f\u007f\\]/.test(next)) return DEFAULT_NEXT;
  const base = 'http://scorecard.invalid';
  return new URL(next, base).origin === base ? next : DEFAULT_NEXT;
}

/** The provider's metadata, discovered on first use and kept; a failed discovery is tried again next time. */
const discovered = new WeakMap<SingleSignOnConfig, Promise<oidc.Configuration>>();

function providerOf(config: SingleSignOnConfig): Promise<oidc.Configuration> {
  let found = discovered.get(config);
  if (!found) {
    found = oidc.discovery(
      config.issuer,
      config.clientId,
      { client_secret: config.clientSecret },
      oidc.ClientSecretPost(config.clientSecret),
      {
        execute: config.allowInsecureRequests ? [oidc.allowInsecureRequests] : [],
        timeout: config.timeoutSeconds ?? 10,
      },
    );
    found.catch(() => discovered.delete(config));
    discovered.set(config, found);
  }
  return found;
}

/** The address of the provider's sign-in page, and what to keep until the person comes back. */
export async function beginSignIn(
  config: SingleSignOnConfig,
  options: { next?: unknown } = {},
): Promise<{ url: URL; pending: PendingSignIn }> {
  const provider = await providerOf(config).catch((cause: unknown) => {
    throw new Error(`Single sign-on: could not read the provider's metadata from ${config.issuer.href}`, {
      cause,
    });
  });
  const pending: PendingSignIn = {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier: oidc.randomPKCECodeVerifier(),
    next: safeNextPath(options.next),
  };
  const url = oidc.buildAuthorizationUrl(provider, {
    redirect_uri: config.redirectUri.href,
    response_type: 'code',
    scope: 'openid email profile',
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url, pending };
}

const refusal = {
  interrupted: 'Your sign-in was interrupted or took too long. Go back to the sign-in page and try again.',
  failed:
    'We could not sign you in with your organisation account. Go back to the sign-in page and try again.',
  unknown:
    'There is no Scorecard account for you yet. Ask a Scorecard administrator in your council to add you.',
  unverified:
    'Your organisation account did not confirm your email address, so we cannot match it to a Scorecard account. Ask a Scorecard administrator for help.',
  linkedElsewhere:
    'Your Scorecard account is already linked to a different organisation account. Ask a Scorecard administrator for help.',
  disabled: 'Your account has been disabled. Ask a Scorecard administrator if you need access.',
  locked: 'Your account is locked for a few minutes after too many wrong passwords. Try again later.',
} as const;

/**
 * Checks the provider's response (state, PKCE, the ID token and its nonce)
 * and returns the person it signs in. `pending` is null when nothing was
 * waiting (no cookie, expired, already used). Never creates an account.
 * Every outcome is audited; a refusal is an AppError with a plain sentence.
 */
export async function completeSignIn(
  db: Kysely<Database>,
  config: SingleSignOnConfig,
  callbackUrl: URL,
  pending: PendingSignIn | null,
  context: RequestContext,
): Promise<User> {
  const audit = (
    outcome: 'success' | 'failed' | 'denied',
    reason: string,
    who: { user?: User | null; name?: string } = {},
  ) =>
    writeAudit(
      db,
      { ...context, actorName: (who.user?.name ?? who.name ?? context.actorName).slice(0, 200) },
      {
        action: 'sign-in',
        entityType: 'user',
        entityId: who.user ? String(who.user.id) : '',
        outcome,
        detail: reason ? `${DETAIL}: ${reason}`.slice(0, 500) : DETAIL,
      },
    );
  const refuse = async (
    outcome: 'failed' | 'denied',
    reason: string,
    message: string,
    who?: { user?: User | null; name?: string },
  ): Promise<never> => {
    await audit(outcome, reason, who);
    throw new AppError('forbidden', message);
  };

  if (!pending) return refuse('failed', 'no sign-in in progress (missing or expired)', refusal.interrupted);
  let claims: oidc.IDToken;
  try {
    const provider = await providerOf(config);
    const tokens = await oidc.authorizationCodeGrant(provider, callbackUrl, {
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      pkceCodeVerifier: pending.codeVerifier,
      idTokenExpected: true,
    });
    claims = tokens.claims()!;
  } catch (error) {
    return refuse('failed', `provider response refused (${describeError(error)})`, refusal.failed);
  }

  const issuer = claims.iss;
  const subject = claims.sub;
  const email = typeof claims.email === 'string' ? claims.email.trim() : '';
  const claimedName = email || `${subject} at ${issuer}`;
  let user = await findUserByOidc(db, issuer, subject);
  let isNewLink = false;
  if (!user) {
    if (!email) return refuse('failed', `no account for ${claimedName}; no email claim`, refusal.unknown);
    const verified =
      claims.email_verified === true ||
      claims.email_verified === 'true' ||
      (config.isEmailTrusted && claims.email_verified === undefined);
    if (!verified)
      return refuse('failed', `email ${email} is not verified by the provider`, refusal.unverified, {
        name: email,
      });
    user = await findUserByEmail(db, email);
    if (!user) return refuse('failed', `no account for ${email}`, refusal.unknown, { name: email });
    isNewLink = true;
  }
  if (user.isDisabled) return refuse('denied', 'account disabled', refusal.disabled, { user });
  if (user.lockedUntil && user.lockedUntil > new Date())
    return refuse('denied', 'account locked', refusal.locked, { user });

  if (isNewLink) {
    if (!(await linkIdentity(db, user.id, issuer, subject)))
      return refuse(
        'denied',
        `${email} is already linked to another identity; not relinked to ${subject}`,
        refusal.linkedElsewhere,
        { user },
      );
    await writeAudit(
      db,
      { ...context, actorName: user.name },
      {
        action: 'sso.link',
        entityType: 'user',
        entityId: String(user.id),
        after: { issuer, subject },
        detail: `linked by verified email ${email}`,
      },
    );
  }
  await audit('success', '', { user });
  return user;
}

/**
 * Links a provider's subject to an account that has none yet. Returns false
 * when the account is already linked (to another subject or provider): an
 * email address moved to a new person at the provider must not take over
 * the old person's account.
 *
 * A repository function (db/repositories/people.ts, `linkOidcIdentity`)
 * would be the right home; it is here while that file is being changed.
 */
async function linkIdentity(
  db: Kysely<Database>,
  userId: number,
  issuer: string,
  subject: string,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ oidc_issuer: issuer, oidc_subject: subject })
    .where('id', '=', userId)
    .where('oidc_subject', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** For the audit record: the library's error code and message, or the provider's error, never the token. */
function describeError(error: unknown): string {
  if (error instanceof oidc.AuthorizationResponseError)
    return `${error.error}${error.error_description ? `: ${error.error_description}` : ''}`;
  if (error instanceof oidc.ResponseBodyError)
    return `${error.error}${error.error_description ? `: ${error.error_description}` : ''}`;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${typeof code === 'string' ? `${code}: ` : ''}${error.message}`;
  }
  return String(error);
}
