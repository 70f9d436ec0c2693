import type { RequestContext } from '../../services/context.ts';
import type { Db } from './catalogue.ts';

export interface AuditEntry {
  action: string;
  entityType?: string;
  entityId?: string;
  outcome?: 'success' | 'denied' | 'failed';
  before?: unknown;
  after?: unknown;
  detail?: string;
}

export interface AuditEvent {
  id: number;
  at: Date;
  actor: string;
  actorUserId: number | null;
  organisationId: number | null;
  channel: string;
  ip: string;
  action: string;
  entityType: string;
  entityId: string;
  outcome: string;
  before: unknown;
  after: unknown;
  detail: string;
}

/** Appends to the audit record (the table refuses updates and deletes). */
export async function writeAudit(db: Db, context: RequestContext, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      actor_user_id: context.actor?.userId ?? null,
      actor: context.actorName,
      organisation_id: context.actor?.organisationId ?? null,
      channel: context.channel,
      ip: context.ip,
      action: entry.action,
      entity_type: entry.entityType ?? '',
      entity_id: entry.entityId ?? '',
      outcome: entry.outcome ?? 'success',
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      detail: entry.detail ?? '',
    })
    .execute();
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  outcome?: 'success' | 'denied' | 'failed';
  from?: Date;
  to?: Date;
  limit?: number;
}

export async function findAuditEvents(db: Db, filter: AuditFilter = {}): Promise<AuditEvent[]> {
  let query = db.selectFrom('audit_events').selectAll();
  if (filter.actor) query = query.where('actor', 'ilike', `%${filter.actor.replace(/[%_\\]/g, '\\$&')}%`);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<=', filter.to);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 500)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    actorUserId: r.actor_user_id,
    organisationId: r.organisation_id,
    channel: r.channel,
    ip: r.ip,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    outcome: r.outcome,
    before: r.before,
    after: r.after,
    detail: r.detail,
  }));
}
