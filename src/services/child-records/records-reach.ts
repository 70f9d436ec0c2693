import type { Kysely } from 'kysely';
import { findChildRecordImports } from '../../db/repositories/child-records.ts';
import type { Database } from '../../db/schema.ts';
import type { IsoDate } from '../../measures/model.ts';
import { requirePermission } from '../authorise.ts';
import type { RequestContext } from '../context.ts';

/**
 * The latest day an authority's records reach: the latest date its returns
 * were drawn up to (the census reference date, the SSDA903 year end, the
 * Annex A extract date), null when none is held. The measures pages open on
 * the period it ends, so that a reader starts from figures the records can
 * give rather than from an empty month.
 */
export async function recordsReach(
  db: Kysely<Database>,
  la: string,
  context: RequestContext,
): Promise<IsoDate | null> {
  requirePermission(context, 'measures:read');
  const imports = await findChildRecordImports(db, { la });
  return imports.reduce<IsoDate | null>(
    (latest, i) => (latest === null || i.asAt > latest ? i.asAt : latest),
    null,
  );
}
