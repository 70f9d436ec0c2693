import { sql } from 'kysely';
import type { Permission, Role } from '../../domain/permissions.ts';
import type { Db } from './catalogue.ts';

export interface Organisation {
  id: number;
  name: string;
  kind: 'council' | 'partner';
}

export interface User {
  id: number;
  email: string;
  name: string;
  organisationId: number;
  organisation: Organisation;
  role: Role;
  passwordHash: string | null;
  mustChangePassword: boolean;
  failedSignIns: number;
  lockedUntil: Date | null;
  isDisabled: boolean;
}

export async function saveOrganisation(
  db: Db,
  org: { name: string; kind: 'council' | 'partner' },
): Promise<Organisation> {
  const row = await db
    .insertInto('organisations')
    .values(org)
    .onConflict((oc) => oc.column('name').doUpdateSet({ kind: org.kind }))
    .returningAll()
    .executeTakeFirstOrThrow();
  return { id: row.id, name: row.name, kind: row.kind as Organisation['kind'] };
}

export async function findOrganisations(db: Db): Promise<Organisation[]> {
  const rows = await db.selectFrom('organisations').selectAll().orderBy('name').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind as Organisation['kind'] }));
}

function userQuery(db: Db) {
  return db
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .selectAll('u')
    .select(['o.name as organisation_name', 'o.kind as organisation_kind']);
}

type UserRow = Awaited<ReturnType<ReturnType<typeof userQuery>['executeTakeFirstOrThrow']>>;

function toUser(r: UserRow): User {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    organisationId: r.organisation_id,
    organisation: {
      id: r.organisation_id,
      name: r.organisation_name,
      kind: r.organisation_kind as Organisation['kind'],
    },
    role: r.role as Role,
    passwordHash: r.password_hash,
    mustChangePassword: r.must_change_password,
    failedSignIns: r.failed_sign_ins,
    lockedUntil: r.locked_until,
    isDisabled: r.is_disabled,
  };
}

export async function findUserByEmail(db: Db, email: string): Promise<User | null> {
  const row = await userQuery(db)
    .where(sql`lower(u.email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
  return row ? toUser(row) : null;
}

export async function findUserById(db: Db, id: number): Promise<User | null> {
  const row = await userQuery(db).where('u.id', '=', id).executeTakeFirst();
  return row ? toUser(row) : null;
}

export async function findUserByOidc(db: Db, issuer: string, subject: string): Promise<User | null> {
  const row = await userQuery(db)
    .where('u.oidc_issuer', '=', issuer)
    .where('u.oidc_subject', '=', subject)
    .executeTakeFirst();
  return row ? toUser(row) : null;
}

export async function findUsers(db: Db): Promise<User[]> {
  return (await userQuery(db).orderBy('u.name').execute()).map(toUser);
}

export async function insertUser(
  db: Db,
  user: {
    email: string;
    name: string;
    organisationId: number;
    role: Role;
    passwordHash: string | null;
    mustChangePassword: boolean;
  },
): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      email: user.email.trim(),
      name: user.name,
      organisation_id: user.organisationId,
      role: user.role,
      password_hash: user.passwordHash,
      must_change_password: user.mustChangePassword,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateUser(
  db: Db,
  id: number,
  changes: Partial<{
    passwordHash: string | null;
    mustChangePassword: boolean;
    failedSignIns: number;
    lockedUntil: Date | null;
    role: Role;
    name: string;
    organisationId: number;
    isDisabled: boolean;
    oidcIssuer: string;
    oidcSubject: string;
  }>,
): Promise<void> {
  const set = {
    ...(changes.passwordHash !== undefined ? { password_hash: changes.passwordHash } : {}),
    ...(changes.mustChangePassword !== undefined ? { must_change_password: changes.mustChangePassword } : {}),
    ...(changes.failedSignIns !== undefined ? { failed_sign_ins: changes.failedSignIns } : {}),
    ...(changes.lockedUntil !== undefined ? { locked_until: changes.lockedUntil } : {}),
    ...(changes.role !== undefined ? { role: changes.role } : {}),
    ...(changes.name !== undefined ? { name: changes.name } : {}),
    ...(changes.organisationId !== undefined ? { organisation_id: changes.organisationId } : {}),
    ...(changes.isDisabled !== undefined ? { is_disabled: changes.isDisabled } : {}),
    ...(changes.oidcIssuer !== undefined ? { oidc_issuer: changes.oidcIssuer } : {}),
    ...(changes.oidcSubject !== undefined ? { oidc_subject: changes.oidcSubject } : {}),
  };
  if (Object.keys(set).length === 0) return;
  await db.updateTable('users').set(set).where('id', '=', id).execute();
}

export interface SessionRecord {
  userId: number;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export async function insertSession(
  db: Db,
  session: {
    tokenHash: string;
    userId: number;
    csrfToken: string;
    expiresAt: Date;
    ip: string;
    userAgent: string;
  },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      expires_at: session.expiresAt,
      ip: session.ip,
      user_agent: session.userAgent.slice(0, 300),
    })
    .execute();
}

/**
 * A session and the person it belongs to, in one query: every signed-in
 * request asks, so the session and its person are read together.
 */
export async function findSession(
  db: Db,
  tokenHash: string,
): Promise<{ session: SessionRecord; user: User } | null> {
  const row = await userQuery(db)
    .innerJoin('sessions as s', 's.user_id', 'u.id')
    .select(['s.csrf_token', 's.created_at as session_created_at', 's.last_seen_at', 's.expires_at'])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row
    ? {
        session: {
          userId: row.id,
          csrfToken: row.csrf_token,
          createdAt: row.session_created_at,
          lastSeenAt: row.last_seen_at,
          expiresAt: row.expires_at,
        },
        user: toUser(row),
      }
    : null;
}

export async function touchSession(db: Db, tokenHash: string, at: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteSessionsOf(db: Db, userId: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface ApiTokenRecord {
  id: number;
  userId: number;
  name: string;
  scopes: Permission[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const toToken = (r: {
  id: number;
  user_id: number;
  name: string;
  scopes: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}): ApiTokenRecord => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  scopes: r.scopes.split(' ').filter(Boolean) as Permission[],
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

export async function insertApiToken(
  db: Db,
  token: { userId: number; name: string; tokenHash: string; scopes: Permission[]; expiresAt: Date | null },
): Promise<number> {
  const row = await db
    .insertInto('api_tokens')
    .values({
      user_id: token.userId,
      name: token.name,
      token_hash: token.tokenHash,
      scopes: token.scopes.join(' '),
      expires_at: token.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findApiTokenByHash(db: Db, tokenHash: string): Promise<ApiTokenRecord | null> {
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ? toToken(row) : null;
}

export async function findApiTokensOf(db: Db, userId: number): Promise<ApiTokenRecord[]> {
  return (
    await db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('id').execute()
  ).map(toToken);
}

export async function markApiTokenUsed(db: Db, id: number, at: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

export async function revokeApiToken(db: Db, id: number, userId: number, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
