import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { requirePermission } from '../authorise.ts';
import type { RequestContext } from '../context.ts';
import { actOnItems } from './act-on-items.ts';
import { defaultMonth, getCycle, listPeriods, todayInEngland } from './cycle.ts';
import { getEntry, saveEntry } from './entry.ts';
import { openPeriod } from './open-period.ts';
import { publishPeriod } from './publish-period.ts';
import { whatChanged } from './what-changed.ts';

/** The publication cycle's use cases with their database bound (see docs/publication.md). */
export function createPublicationServices(db: Kysely<Database>) {
  return {
    periods: (context: RequestContext) => {
      requirePermission(context, 'figures:read');
      return listPeriods(db);
    },
    defaultMonth: () => defaultMonth(db),
    cycle: (request: { month: string; today?: string }, context: RequestContext) => {
      requirePermission(context, 'figures:read');
      return getCycle(db, { month: request.month, today: request.today ?? todayInEngland() }, context);
    },
    open: (input: unknown, context: RequestContext) => openPeriod(db, input, context),
    act: (input: unknown, context: RequestContext) => actOnItems(db, input, context),
    publish: (month: string, context: RequestContext) => publishPeriod(db, month, context),
    entry: (request: { month?: string; today?: string }, context: RequestContext) =>
      getEntry(db, request, context),
    saveEntry: (
      request: { month: string; form: Record<string, unknown>; submit: boolean },
      context: RequestContext,
    ) => saveEntry(db, request, context),
    changes: (request: { from: string; to: string; now?: Date }, context: RequestContext) =>
      whatChanged(db, request, context),
  };
}

export type PublicationServices = ReturnType<typeof createPublicationServices>;
