/**
 * Who may do what: the permission matrix, in one place. Routes name the
 * permission they need; services ask `can` again with the resource in hand
 * (this indicator, that organisation), so a guessed identifier is refused
 * however the request arrived. docs/permissions.md is this table in words.
 */

export const ROLES = [
  'administrator',
  'performance_officer',
  'indicator_owner',
  'partner_contributor',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  administrator: 'Administrator',
  performance_officer: 'Performance officer',
  indicator_owner: 'Indicator owner',
  partner_contributor: 'Partner contributor',
  viewer: 'Viewer',
};

export const PERMISSIONS = [
  /** Read the scorecard, indicators, figures and commentary (viewers: published figures only). */
  'figures:read',
  /** Define indicators, targets, breakdowns and populations. */
  'catalogue:write',
  /** Record figures and commentary (owners: their own indicators; partners: their organisation's). */
  'figures:write',
  /** Run the publication cycle: open periods, check or return submissions, publish, correct published figures. */
  'publication:manage',
  /** Read contracts and their position (partners: their own organisation's). */
  'contracts:read',
  /** Define contracts and their indicators. */
  'contracts:write',
  /** Manage organisations, people and their roles. */
  'people:manage',
  /** Read and export the audit record. */
  'audit:read',
  /** Create and revoke API tokens for automated submissions. */
  'tokens:manage',
  /** Read the improvement programme and the risk register. */
  'plans:read',
  /** Import and edit plans, record board positions, manage risks. */
  'plans:write',
  /** Post progress updates on plan items (leads: the items they lead). */
  'plans:progress',
  /** Read schools, their inspection outcomes and the Ofsted position. */
  'schools:read',
  /** Import the school register and inspection outcomes. */
  'schools:write',
  /** Read report packs (viewers: published reports only). */
  'reports:read',
  /** Define, render and publish report packs. */
  'reports:write',
  /** Read statutory measures computed from child-level records (figures and breakdowns, no child named). */
  'measures:read',
  /** See the children behind a measure and the working lists (child-level; every view and export audited). */
  'children:read',
  /** Import child-level returns (CIN census, SSDA903, Annex A) and read their data-quality findings. */
  'children:import',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const MATRIX: Record<Role, readonly Permission[]> = {
  administrator: PERMISSIONS,
  performance_officer: [
    'figures:read',
    'catalogue:write',
    'figures:write',
    'publication:manage',
    'contracts:read',
    'contracts:write',
    'tokens:manage',
    'plans:read',
    'plans:write',
    'plans:progress',
    'schools:read',
    'schools:write',
    'reports:read',
    'reports:write',
    'measures:read',
    'children:read',
    'children:import',
  ],
  indicator_owner: [
    'figures:read',
    'figures:write',
    'contracts:read',
    'plans:read',
    'plans:progress',
    'schools:read',
    'reports:read',
    'measures:read',
    'children:read',
  ],
  partner_contributor: ['figures:read', 'figures:write', 'contracts:read', 'tokens:manage'],
  viewer: ['figures:read', 'contracts:read', 'plans:read', 'schools:read', 'reports:read'],
};

export interface Actor {
  userId: number;
  role: Role;
  organisationId: number;
  /** The council's own organisation sees across partners; a partner sees itself. */
  isCouncil: boolean;
  /** API tokens carry scopes: the permissions the token may use, within its owner's role. */
  scopes: readonly Permission[] | null;
}

/** What a request acts on, when it matters who owns it. */
export interface Resource {
  organisationId?: number | null;
  ownerUserId?: number | null;
}

/**
 * Whether the actor may use the permission on the resource. A token may use
 * only the permissions in its scopes. Partner contributors act only on their
 * own organisation's resources; indicator owners write only the indicators
 * they own (or, with no owner set, none), and post progress only on the plan
 * items they lead.
 */
export function can(actor: Actor | null, permission: Permission, resource?: Resource): boolean {
  if (!actor) return false;
  if (!MATRIX[actor.role].includes(permission)) return false;
  if (actor.scopes && !actor.scopes.includes(permission)) return false;
  if (!resource) return true;
  if (actor.role === 'partner_contributor' || !actor.isCouncil) {
    if (resource.organisationId !== undefined && resource.organisationId !== actor.organisationId)
      return false;
  }
  if (
    actor.role === 'indicator_owner' &&
    (permission === 'figures:write' || permission === 'plans:progress')
  ) {
    return resource.ownerUserId === actor.userId;
  }
  return true;
}

export function permissionsOf(role: Role): readonly Permission[] {
  return MATRIX[role];
}

/**
 * What an actor may read: a partner organisation sees only its own
 * organisation's indicators; a viewer sees only published figures and
 * commentary (see docs/publication.md: a period's figures once it is
 * published, with any correction since; figures from before the
 * publication cycle covered them, once validated). The system itself
 * (null) sees all.
 */
export interface Visibility {
  organisationId: number | null;
  isPublishedOnly: boolean;
}

export const SEES_EVERYTHING: Visibility = { organisationId: null, isPublishedOnly: false };

export function visibilityOf(actor: Actor | null): Visibility {
  if (!actor) return SEES_EVERYTHING;
  return {
    organisationId: actor.isCouncil ? null : actor.organisationId,
    isPublishedOnly: actor.role === 'viewer',
  };
}
