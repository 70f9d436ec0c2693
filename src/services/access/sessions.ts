import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor, Permission } from '../../domain/permissions.ts';
import { writeAudit } from '../../db/repositories/audit.ts';
import {
  deleteSession,
  deleteSessionsOf,
  findApiTokenByHash,
  findSession,
  findUserById,
  insertSession,
  markApiTokenUsed,
  touchSession,
  type User,
} from '../../db/repositories/people.ts';
import type { Database } from '../../db/schema.ts';
import type { RequestContext } from '../context.ts';

/** A session ends 12 hours after sign-in, or after 2 hours with no request. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, so reading pages does not write on every request. */
const TOUCH_EVERY_MS = 60 * 1000;

export const newSecret = (): string => randomBytes(32).toString('base64url');
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export function actorOf(user: User, scopes: readonly Permission[] | null = null): Actor {
  return {
    userId: user.id,
    role: user.role,
    organisationId: user.organisationId,
    isCouncil: user.organisation.kind === 'council',
    scopes,
  };
}

export interface SignedIn {
  user: User;
  actor: Actor;
  csrfToken: string;
}

/** Starts a new session (always a new token: a session identifier from before sign-in is never reused). */
export async function startSession(
  db: Kysely<Database>,
  user: User,
  client: { ip: string; userAgent: string },
  now = new Date(),
): Promise<{ token: string; csrfToken: string }> {
  const token = newSecret();
  const csrfToken = newSecret();
  await insertSession(db, {
    tokenHash: hashSecret(token),
    userId: user.id,
    csrfToken,
    expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
    ip: client.ip,
    userAgent: client.userAgent,
  });
  return { token, csrfToken };
}

/** The person behind a session cookie, or null when it is unknown, expired, idle too long or their account is disabled. */
export async function resolveSession(
  db: Kysely<Database>,
  token: string,
  now = new Date(),
): Promise<SignedIn | null> {
  const tokenHash = hashSecret(token);
  const found = await findSession(db, tokenHash);
  if (!found) return null;
  const { session, user } = found;
  if (session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() > SESSION_IDLE_MS) {
    await deleteSession(db, tokenHash);
    return null;
  }
  if (user.isDisabled) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await touchSession(db, tokenHash, now);
  return { user, actor: actorOf(user), csrfToken: session.csrfToken };
}

export async function endSession(
  db: Kysely<Database>,
  token: string,
  context: RequestContext,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await deleteSession(trx, hashSecret(token));
    await writeAudit(trx, context, { action: 'sign-out' });
  });
}

/** Signs a person out of every browser and device. */
export async function endAllSessions(
  db: Kysely<Database>,
  userId: number,
  context: RequestContext,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const ended = await deleteSessionsOf(trx, userId);
    await writeAudit(trx, context, {
      action: 'sign-out-everywhere',
      entityType: 'user',
      entityId: String(userId),
      detail: `${ended} sessions ended`,
    });
    return ended;
  });
}

/** The person and scopes behind an API token, or null when it is unknown, revoked or expired. */
export async function resolveApiToken(
  db: Kysely<Database>,
  token: string,
  now = new Date(),
): Promise<SignedIn | null> {
  const record = await findApiTokenByHash(db, hashSecret(token));
  if (!record || record.revokedAt || (record.expiresAt && record.expiresAt <= now)) return null;
  const user = await findUserById(db, record.userId);
  if (!user || user.isDisabled) return null;
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() > TOUCH_EVERY_MS)
    await markApiTokenUsed(db, record.id, now);
  return { user, actor: actorOf(user, record.scopes), csrfToken: '' };
}
