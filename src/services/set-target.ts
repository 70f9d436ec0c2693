import type { Kysely } from 'kysely';
import { invalid } from '../errors.ts';
import { bumpDataVersion, findIndicator, saveTargetRow } from '../db/repositories/catalogue.ts';
import type { Database } from '../db/schema.ts';
import { parseAll, TargetInput } from './inputs.ts';

/** Sets (or replaces) an indicator's target for one reporting year. */
export async function setTarget(db: Kysely<Database>, input: unknown): Promise<void> {
  const [t] = parseAll(TargetInput, [input]);
  const target = t!;
  await db.transaction().execute(async (trx) => {
    const indicator = await findIndicator(trx, target.ref);
    if (!indicator)
      throw invalid('The target was not saved.', [
        { field: 'ref', message: `no indicator has the reference "${target.ref}"` },
      ]);
    const yearShape = indicator.reportingYear === 'calendar' ? /^\d{4}$/ : /^\d{4}-\d{2}$/;
    if (!yearShape.test(target.year)) {
      throw invalid('The target was not saved.', [
        {
          field: 'year',
          message: `${indicator.ref} reports by ${indicator.reportingYear} year, so its target years look like ${indicator.reportingYear === 'calendar' ? '2017' : '2017-18'}`,
        },
      ]);
    }
    await saveTargetRow(trx, {
      indicatorId: indicator.id,
      year: target.year,
      kind: target.kind,
      value: target.kind === 'value' ? (target.value ?? null) : null,
      low: target.kind === 'band' ? (target.low ?? null) : null,
      high: target.kind === 'band' ? (target.high ?? null) : null,
      benchmark: target.kind === 'benchmark' ? (target.benchmark ?? null) : null,
      tolerance: ['value', 'band', 'benchmark'].includes(target.kind) ? (target.tolerance ?? null) : null,
      note: target.note,
    });
    await bumpDataVersion(trx);
  });
}
