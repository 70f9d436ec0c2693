import { can, type Permission, type Resource } from '../domain/permissions.ts';
import { AppError } from '../errors.ts';
import type { RequestContext } from './context.ts';

export const forbidden = (): AppError => new AppError('forbidden', 'You do not have permission to do that.');

/**
 * The services' own check, with the resource in hand. The system itself
 * (the demo loader, the operator's CLI: no actor) may do anything.
 */
export function isAllowed(context: RequestContext, permission: Permission, resource?: Resource): boolean {
  return context.actor === null || can(context.actor, permission, resource);
}

export function requirePermission(
  context: RequestContext,
  permission: Permission,
  resource?: Resource,
): void {
  if (!isAllowed(context, permission, resource)) throw forbidden();
}
