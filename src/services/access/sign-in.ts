import type { Kysely } from 'kysely';
import { writeAudit } from '../../db/repositories/audit.ts';
import { findUserByEmail, updateUser, type User } from '../../db/repositories/people.ts';
import type { Database } from '../../db/schema.ts';
import type { RequestContext } from '../context.ts';
import { verifyPassword } from './passwords.ts';

/** After this many wrong passwords in a row an account is locked for LOCKOUT_MS. */
export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

export type SignInResult = { ok: true; user: User } | { ok: false; reason: 'invalid' | 'locked' };

/**
 * Checks an email and password. Every attempt is audited. Wrong passwords
 * count towards a temporary lockout; while locked, even the right password
 * is refused. The message a person sees does not say whether the email exists.
 */
export async function signInWithPassword(
  db: Kysely<Database>,
  credentials: { email: string; password: string },
  context: RequestContext,
  now = new Date(),
): Promise<SignInResult> {
  const user = await findUserByEmail(db, credentials.email);
  const isLocked = !!user?.lockedUntil && user.lockedUntil > now;
  const isValid =
    (await verifyPassword(user?.passwordHash ?? null, credentials.password)) && !user?.isDisabled;
  const audit = (outcome: 'success' | 'failed' | 'denied', detail: string) =>
    writeAudit(
      db,
      { ...context, actorName: user?.name ?? credentials.email.slice(0, 200) },
      {
        action: 'sign-in',
        entityType: 'user',
        entityId: user ? String(user.id) : '',
        outcome,
        detail,
      },
    );

  if (!user || !isValid) {
    if (user && !isLocked) {
      const failures = user.failedSignIns + 1;
      const lock = failures >= MAX_FAILED_SIGN_INS;
      await updateUser(db, user.id, {
        failedSignIns: lock ? 0 : failures,
        ...(lock ? { lockedUntil: new Date(now.getTime() + LOCKOUT_MS) } : {}),
      });
      await audit(
        'failed',
        lock
          ? `wrong password; account locked for ${LOCKOUT_MS / 60000} minutes`
          : `wrong password (${failures} in a row)`,
      );
    } else {
      await audit('failed', isLocked ? 'wrong password while locked' : 'no such account');
    }
    return { ok: false, reason: isLocked ? 'locked' : 'invalid' };
  }
  if (isLocked) {
    await audit('denied', 'right password while locked');
    return { ok: false, reason: 'locked' };
  }
  await updateUser(db, user.id, { failedSignIns: 0, lockedUntil: null });
  await audit('success', 'password');
  return { ok: true, user };
}
