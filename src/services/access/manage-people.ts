import type { Kysely } from 'kysely';
import { z } from 'zod';
import { can, PERMISSIONS, ROLES } from '../../domain/permissions.ts';
import { AppError, invalid } from '../../errors.ts';
import { writeAudit } from '../../db/repositories/audit.ts';
import {
  deleteSessionsOf,
  findOrganisations,
  findUserByEmail,
  findUserById,
  insertApiToken,
  insertUser,
  revokeApiToken,
  saveOrganisation,
  updateUser,
} from '../../db/repositories/people.ts';
import type { Database } from '../../db/schema.ts';
import type { RequestContext } from '../context.ts';
import { forbidden, requirePermission } from '../authorise.ts';
import { parseAll } from '../inputs.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { hashSecret, newSecret } from './sessions.ts';

export const NewUserInput = z.object({
  email: z.email('must be an email address').trim(),
  name: z.string().trim().min(1, 'is required').max(200),
  organisation: z.string().trim().min(1, 'is required'),
  role: z.enum(ROLES, { error: () => `must be one of: ${ROLES.join(', ')}` }),
  /** Blank for someone who signs in only by single sign-on. */
  password: z.string().default(''),
  mustChangePassword: z.boolean().default(true),
});

/**
 * An administrator adds a person with a password they must change when they
 * first sign in, or with none, to sign in only by single sign-on.
 */
export async function createUser(
  db: Kysely<Database>,
  input: unknown,
  context: RequestContext,
): Promise<number> {
  requirePermission(context, 'people:manage');
  const [fields] = parseAll(NewUserInput, [input]);
  const f = fields!;
  const problem = f.password ? passwordProblem(f.password, f) : null;
  if (problem) throw invalid('The person was not added.', [{ field: 'password', message: problem }]);
  const passwordHash = f.password ? await hashPassword(f.password) : null;
  return db.transaction().execute(async (trx) => {
    const organisation = (await findOrganisations(trx)).find((o) => o.name === f.organisation);
    if (!organisation)
      throw invalid('The person was not added.', [
        { field: 'organisation', message: `no organisation is called "${f.organisation}"` },
      ]);
    if (await findUserByEmail(trx, f.email))
      throw invalid('The person was not added.', [
        { field: 'email', message: 'someone already has this email address' },
      ]);
    const id = await insertUser(trx, {
      email: f.email,
      name: f.name,
      organisationId: organisation.id,
      role: f.role,
      passwordHash,
      mustChangePassword: passwordHash !== null && f.mustChangePassword,
    });
    await writeAudit(trx, context, {
      action: 'user.create',
      entityType: 'user',
      entityId: String(id),
      after: {
        email: f.email,
        name: f.name,
        organisation: f.organisation,
        role: f.role,
        signsInWith: passwordHash ? 'password' : 'single sign-on only',
        mustChangePassword: passwordHash !== null && f.mustChangePassword,
      },
    });
    return id;
  });
}

export const UserAccessInput = z.object({
  userId: z.coerce.number().int().positive(),
  role: z.enum(ROLES, { error: () => `must be one of: ${ROLES.join(', ')}` }),
  organisation: z.string().trim().min(1, 'is required'),
  isDisabled: z.preprocess((v) => v === true || v === 'true' || v === 'on', z.boolean()),
  /** A new password the person must change when they next sign in; blank leaves it. */
  newPassword: z.string().default(''),
});

/**
 * An administrator changes a person's role or organisation, disables the
 * account, or sets a new password (which the person must change at next
 * sign-in, and which lifts any lockout). A change of access ends the
 * person's sessions, so it takes effect at once. Administrators cannot take
 * away their own access, so the council is never left without one.
 */
export async function setUserAccess(
  db: Kysely<Database>,
  input: unknown,
  context: RequestContext,
): Promise<void> {
  requirePermission(context, 'people:manage');
  const [fields] = parseAll(UserAccessInput, [input]);
  const f = fields!;
  const user = await findUserById(db, f.userId);
  if (!user) throw new AppError('not_found', 'No such person.');
  if (context.actor?.userId === user.id && (f.isDisabled || f.role !== 'administrator'))
    throw invalid('The change was not made.', [
      { field: 'role', message: 'you cannot remove your own administrator access' },
    ]);
  const problem = f.newPassword ? passwordProblem(f.newPassword, user) : null;
  if (problem) throw invalid('The change was not made.', [{ field: 'newPassword', message: problem }]);
  const passwordHash = f.newPassword ? await hashPassword(f.newPassword) : undefined;
  await db.transaction().execute(async (trx) => {
    const organisation = (await findOrganisations(trx)).find((o) => o.name === f.organisation);
    if (!organisation)
      throw invalid('The change was not made.', [
        { field: 'organisation', message: `no organisation is called "${f.organisation}"` },
      ]);
    const before = { role: user.role, organisation: user.organisation.name, isDisabled: user.isDisabled };
    const after = { role: f.role, organisation: organisation.name, isDisabled: f.isDisabled };
    const isAccessChanged = JSON.stringify(before) !== JSON.stringify(after);
    if (!isAccessChanged && !passwordHash) return;
    await updateUser(trx, user.id, {
      role: f.role,
      organisationId: organisation.id,
      isDisabled: f.isDisabled,
      ...(passwordHash
        ? { passwordHash, mustChangePassword: true, failedSignIns: 0, lockedUntil: null }
        : {}),
    });
    await deleteSessionsOf(trx, user.id);
    await writeAudit(trx, context, {
      action: 'user.update',
      entityType: 'user',
      entityId: String(user.id),
      before,
      after,
      detail: passwordHash ? 'password set by an administrator; must be changed at next sign-in' : '',
    });
  });
}

const OrganisationInput = z.object({
  name: z.string().trim().min(1, 'is required').max(200),
  kind: z.enum(['council', 'partner'], { error: () => 'must be council or partner' }),
});

/** Adds an organisation (or changes the kind of one with that name). */
export async function createOrganisation(
  db: Kysely<Database>,
  input: unknown,
  context: RequestContext,
): Promise<number> {
  requirePermission(context, 'people:manage');
  const [org] = parseAll(OrganisationInput, [input]);
  return db.transaction().execute(async (trx) => {
    const saved = await saveOrganisation(trx, org!);
    await writeAudit(trx, context, {
      action: 'organisation.save',
      entityType: 'organisation',
      entityId: String(saved.id),
      after: org,
    });
    return saved.id;
  });
}

/**
 * A person changes their own password: the current one must be right, the
 * new one acceptable. Every other session of theirs ends.
 */
export async function changePassword(
  db: Kysely<Database>,
  input: { userId: number; currentPassword: string; newPassword: string },
  context: RequestContext,
): Promise<void> {
  const user = await findUserById(db, input.userId);
  if (!user) throw new AppError('not_found', 'No such person.');
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await writeAudit(db, context, {
      action: 'password.change',
      entityType: 'user',
      entityId: String(user.id),
      outcome: 'failed',
      detail: 'current password wrong',
    });
    throw invalid('Your password was not changed.', [
      { field: 'currentPassword', message: 'is not your current password' },
    ]);
  }
  const problem =
    passwordProblem(input.newPassword, user) ??
    (input.newPassword === input.currentPassword ? 'must differ from your current password' : null);
  if (problem) throw invalid('Your password was not changed.', [{ field: 'newPassword', message: problem }]);
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { passwordHash, mustChangePassword: false });
    await deleteSessionsOf(trx, user.id);
    await writeAudit(trx, context, {
      action: 'password.change',
      entityType: 'user',
      entityId: String(user.id),
    });
  });
}

const TokenInput = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  scopes: z.array(z.enum(PERMISSIONS)).min(1, 'choose at least one permission'),
  expiresInDays: z.coerce.number().int().min(1).max(730).default(365),
});

/**
 * Creates an API token for the signed-in person, for a partner's systems to
 * submit figures. The token is shown once; only its hash is kept. Its scopes
 * may not exceed what the person's role allows.
 */
export async function createApiToken(
  db: Kysely<Database>,
  input: unknown,
  context: RequestContext,
  now = new Date(),
): Promise<{ id: number; token: string }> {
  if (!context.actor) throw forbidden();
  requirePermission(context, 'tokens:manage');
  const [fields] = parseAll(TokenInput, [input]);
  const f = fields!;
  const beyond = f.scopes.filter((scope) => !can({ ...context.actor!, scopes: null }, scope));
  if (beyond.length)
    throw invalid('The token was not created.', [
      { field: 'scopes', message: `your role does not allow ${beyond.join(', ')}` },
    ]);
  const token = `sc_${newSecret()}`;
  return db.transaction().execute(async (trx) => {
    const id = await insertApiToken(trx, {
      userId: context.actor!.userId,
      name: f.name,
      tokenHash: hashSecret(token),
      scopes: f.scopes,
      expiresAt: new Date(now.getTime() + f.expiresInDays * 86_400_000),
    });
    await writeAudit(trx, context, {
      action: 'token.create',
      entityType: 'api_token',
      entityId: String(id),
      after: { name: f.name, scopes: f.scopes, expiresInDays: f.expiresInDays },
    });
    return { id, token };
  });
}

export async function revokeToken(
  db: Kysely<Database>,
  tokenId: number,
  context: RequestContext,
): Promise<void> {
  if (!context.actor) throw forbidden();
  await db.transaction().execute(async (trx) => {
    const revoked = await revokeApiToken(trx, tokenId, context.actor!.userId, new Date());
    if (!revoked) throw new AppError('not_found', 'You have no such token.');
    await writeAudit(trx, context, {
      action: 'token.revoke',
      entityType: 'api_token',
      entityId: String(tokenId),
    });
  });
}
