import type { Kysely } from 'kysely';
import { breakdownKey, parseBreakdownKey, type Dimension } from '../domain/breakdown.ts';
import { invalid } from '../errors.ts';
import {
  bumpDataVersion,
  saveBenchmarkValue,
  saveDimension,
  savePopulation,
  findIndicator,
} from '../db/repositories/catalogue.ts';
import type { Database } from '../db/schema.ts';

/** Adds or updates a breakdown dimension (locality, team type) and its items, in the order given. */
export async function defineDimension(db: Kysely<Database>, dimension: Dimension): Promise<void> {
  const problems = [
    ...(/^[a-z][a-z0-9_]*$/.test(dimension.code)
      ? []
      : [{ field: 'code', message: 'must be lower-case letters, digits and _' }]),
    ...dimension.items.flatMap((item, index) =>
      /^[A-Za-z0-9_-]+$/.test(item.code)
        ? []
        : [{ field: `items.${index}.code`, message: `"${item.code}" must be letters, digits, _ or -` }],
    ),
  ];
  if (problems.length) throw invalid('The dimension was not saved.', problems);
  await db.transaction().execute(async (trx) => {
    await saveDimension(trx, dimension);
    await bumpDataVersion(trx);
  });
}

/** Records the population aged 0-17 of a breakdown item ('' for the whole authority) for a year. */
export async function setPopulation(
  db: Kysely<Database>,
  row: { breakdown: string; year: number; population: number; source: string },
): Promise<void> {
  if (!(row.population > 0))
    throw invalid('The population was not saved.', [{ field: 'population', message: 'must be more than 0' }]);
  await db.transaction().execute(async (trx) => {
    await savePopulation(trx, row);
    await bumpDataVersion(trx);
  });
}

/**
 * Records a published comparator (national average, statistical neighbours).
 * One for the whole indicator (no breakdown) resolves benchmark targets; one
 * for a breakdown item ('ethnic_group=white') is shown beside that item's
 * figure, as an infographic compares each group with England.
 */
export async function setBenchmark(
  db: Kysely<Database>,
  row: { ref: string; year: string; benchmark: string; value: number; source: string; breakdown?: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const indicator = await findIndicator(trx, row.ref);
    if (!indicator)
      throw invalid('The benchmark was not saved.', [
        { field: 'ref', message: `no indicator has the reference "${row.ref}"` },
      ]);
    const dimensions = { row: indicator.rowDimension, column: indicator.columnDimension };
    const breakdown = parseBreakdownKey(dimensions, row.breakdown ?? '');
    if (typeof breakdown === 'string')
      throw invalid('The benchmark was not saved.', [{ field: 'breakdown', message: breakdown }]);
    await saveBenchmarkValue(trx, {
      indicatorId: indicator.id,
      year: row.year,
      benchmark: row.benchmark,
      breakdown: breakdownKey(dimensions, breakdown),
      value: row.value,
      source: row.source,
    });
    await bumpDataVersion(trx);
  });
}
