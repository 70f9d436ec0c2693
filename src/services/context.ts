import type { Actor } from '../domain/permissions.ts';

/**
 * Who is acting, and through what: every write service takes one, checks
 * permissions with its actor and writes it into the audit record.
 */
export interface RequestContext {
  /** null for the system itself (the demo loader, migrations, a CLI run by the operator). */
  actor: Actor | null;
  /** The name recorded against changes: a person's name, or 'demo', 'cli'. */
  actorName: string;
  channel: 'web' | 'api' | 'cli' | 'system';
  ip: string;
}

/** The operator's own tools (CLI, demo loader): trusted, and still audited. */
export function systemContext(actorName: string, channel: 'cli' | 'system' = 'system'): RequestContext {
  return { actor: null, actorName, channel, ip: '' };
}
