import type { Kysely } from 'kysely';
import { z } from 'zod';
import { dueDateFor } from '../../domain/publication.ts';
import { isIsoDate, nextPeriod, parsePeriod } from '../../domain/periods.ts';
import { writeAudit } from '../../db/repositories/audit.ts';
import { bumpDataVersion } from '../../db/repositories/catalogue.ts';
import { findPublicationPeriods, insertPublicationPeriod } from '../../db/repositories/publication.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { requirePermission } from '../authorise.ts';
import type { RequestContext } from '../context.ts';
import { parseAll } from '../inputs.ts';
import { parseMonth, syncItems } from './cycle.ts';

export const OpenPeriodInput = z.object({
  /** The month to open; by default the one after the latest opened. */
  month: z
    .string()
    .trim()
    .optional()
    .transform((m) => m || undefined),
  /** When submissions are due; by default 10 working days after the month ends. */
  dueOn: z
    .string()
    .trim()
    .optional()
    .transform((d) => d || undefined)
    .refine((d) => d === undefined || isIsoDate(d), 'must be a date such as 2017-07-14'),
});
export type OpenPeriodInput = z.input<typeof OpenPeriodInput>;

/**
 * Opens a month for entry: its items are every indicator reporting that
 * month with an owner or a partner organisation to submit it, each starting
 * as a draft. Months open in order, with no gaps: the first may be any
 * month, each later one is the month after the latest opened. Opening is
 * audited; it also changes what viewers see (a period under the cycle is
 * hidden from them until published), so cached pages are refreshed.
 */
export async function openPeriod(
  db: Kysely<Database>,
  input: unknown,
  context: RequestContext,
): Promise<{ month: string; dueOn: string; items: number }> {
  requirePermission(context, 'publication:manage');
  const [fields] = parseAll(OpenPeriodInput, [input]);
  return db.transaction().execute(async (trx) => {
    const latest = (await findPublicationPeriods(trx))[0];
    const expected = latest ? nextPeriod(parsePeriod(latest.month)!) : null;
    const month = fields!.month ? parseMonth(fields!.month) : expected;
    if (!month)
      throw new AppError('validation', 'Say which month to open.', [
        { field: 'month', message: 'is required: no month has been opened yet' },
      ]);
    if (expected && month.code !== expected.code) {
      throw new AppError(
        'conflict',
        `${month.label} cannot be opened: the next month to open is ${expected.label}.`,
        [
          {
            field: 'month',
            message: `must be ${expected.code}, the month after the latest opened (${latest!.month})`,
          },
        ],
      );
    }
    const dueOn = fields!.dueOn ?? dueDateFor(month);
    if (dueOn <= month.end)
      throw new AppError('validation', 'The due date must be after the month ends.', [
        { field: 'dueOn', message: `must be after ${month.end}, when ${month.label} ends` },
      ]);
    await insertPublicationPeriod(trx, { month: month.code, dueOn, openedBy: context.actorName });
    const items = await syncItems(trx, month, context.actorName);
    await bumpDataVersion(trx);
    await writeAudit(trx, context, {
      action: 'publication.open',
      entityType: 'publication_period',
      entityId: month.code,
      after: { month: month.code, dueOn, items },
      detail: `${month.label} opened for entry with ${items} items, due ${dueOn}`,
    });
    return { month: month.code, dueOn, items };
  });
}
