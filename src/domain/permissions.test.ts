import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  can,
  PERMISSIONS,
  permissionsOf,
  ROLES,
  visibilityOf,
  type Actor,
  type Role,
} from './permissions.ts';

const COUNCIL = 1;
const TRUST = 2;
const PARTNERSHIP = 3;

const actor = (role: Role, organisationId = COUNCIL, extra: Partial<Actor> = {}): Actor => ({
  userId: 10,
  role,
  organisationId,
  isCouncil: organisationId === COUNCIL,
  scopes: null,
  ...extra,
});

describe('the permission matrix', () => {
  it('is the table in docs/permissions.md, role by role', () => {
    const doc = readFileSync(new URL('../../docs/permissions.md', import.meta.url), 'utf8');
    const rows = doc
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) =>
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    expect(rows.map((r) => /`([^`]+)`/.exec(r[0]!)![1])).toEqual([...PERMISSIONS]);
    for (const [index, role] of ROLES.entries()) {
      const granted = rows.filter((r) => r[index + 1] !== 'no').map((r) => /`([^`]+)`/.exec(r[0]!)![1]);
      expect(granted, role).toEqual([...permissionsOf(role)]);
    }
  });

  it('refuses everything to nobody', () => {
    for (const permission of PERMISSIONS) expect(can(null, permission)).toBe(false);
  });

  it('lets administrators do everything, and no one else manage people or read the audit record', () => {
    for (const permission of PERMISSIONS) expect(can(actor('administrator'), permission)).toBe(true);
    for (const role of ROLES.filter((r) => r !== 'administrator')) {
      expect(can(actor(role), 'people:manage')).toBe(false);
      expect(can(actor(role), 'audit:read')).toBe(false);
    }
  });

  it('lets an indicator owner write only the indicators they own', () => {
    const owner = actor('indicator_owner');
    expect(can(owner, 'figures:write', { organisationId: null, ownerUserId: 10 })).toBe(true);
    expect(can(owner, 'figures:write', { organisationId: null, ownerUserId: 11 })).toBe(false);
    expect(can(owner, 'figures:write', { organisationId: null, ownerUserId: null })).toBe(false);
    expect(can(owner, 'figures:read', { organisationId: null, ownerUserId: 11 })).toBe(true);
  });

  it('lets an indicator owner post progress only on the plan items they lead, and not edit plans', () => {
    const owner = actor('indicator_owner');
    expect(can(owner, 'plans:progress', { ownerUserId: 10 })).toBe(true);
    expect(can(owner, 'plans:progress', { ownerUserId: 11 })).toBe(false);
    expect(can(owner, 'plans:progress', { ownerUserId: null })).toBe(false);
    expect(can(owner, 'plans:write')).toBe(false);
    expect(can(actor('performance_officer'), 'plans:progress', { ownerUserId: 11 })).toBe(true);
    expect(can(actor('viewer'), 'plans:read')).toBe(true);
    expect(can(actor('partner_contributor', TRUST), 'plans:read')).toBe(false);
  });

  it('keeps a partner contributor to their own organisation, reading and writing', () => {
    const trust = actor('partner_contributor', TRUST);
    expect(can(trust, 'figures:write', { organisationId: TRUST })).toBe(true);
    expect(can(trust, 'figures:read', { organisationId: TRUST })).toBe(true);
    expect(can(trust, 'figures:write', { organisationId: PARTNERSHIP })).toBe(false);
    expect(can(trust, 'figures:read', { organisationId: PARTNERSHIP })).toBe(false);
    expect(can(trust, 'figures:read', { organisationId: null })).toBe(false);
    expect(can(trust, 'catalogue:write')).toBe(false);
  });

  it('keeps anyone of a partner organisation to it, whatever their role', () => {
    const partnerViewer = actor('viewer', TRUST);
    expect(can(partnerViewer, 'figures:read', { organisationId: TRUST })).toBe(true);
    expect(can(partnerViewer, 'figures:read', { organisationId: null })).toBe(false);
  });

  it('lets the council’s people read across partners (the partner-contributor role is always kept to its own)', () => {
    for (const role of ROLES.filter((r) => r !== 'partner_contributor'))
      expect(can(actor(role), 'figures:read', { organisationId: TRUST })).toBe(true);
  });

  it('lets a viewer read but never write', () => {
    const viewer = actor('viewer');
    expect(can(viewer, 'figures:read')).toBe(true);
    expect(can(viewer, 'contracts:read')).toBe(true);
    for (const permission of [
      'figures:write',
      'catalogue:write',
      'contracts:write',
      'tokens:manage',
    ] as const)
      expect(can(viewer, permission)).toBe(false);
  });

  it('limits an API token to its scopes, within its owner’s role', () => {
    const token = actor('performance_officer', COUNCIL, { scopes: ['figures:write'] });
    expect(can(token, 'figures:write')).toBe(true);
    expect(can(token, 'figures:read')).toBe(false);
    expect(can(token, 'catalogue:write')).toBe(false);
    const beyondRole = actor('viewer', COUNCIL, { scopes: ['figures:write'] });
    expect(can(beyondRole, 'figures:write')).toBe(false);
  });
});

describe('what a person sees', () => {
  it('shows the system and the council’s people every organisation; viewers validated figures only', () => {
    expect(visibilityOf(null)).toEqual({ organisationId: null, isPublishedOnly: false });
    expect(visibilityOf(actor('performance_officer'))).toEqual({
      organisationId: null,
      isPublishedOnly: false,
    });
    expect(visibilityOf(actor('viewer'))).toEqual({ organisationId: null, isPublishedOnly: true });
  });

  it('shows a partner only its own organisation', () => {
    expect(visibilityOf(actor('partner_contributor', TRUST))).toEqual({
      organisationId: TRUST,
      isPublishedOnly: false,
    });
  });
});
