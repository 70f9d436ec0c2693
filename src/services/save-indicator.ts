import type { Kysely } from 'kysely';
import { isIsoDate } from '../domain/periods.ts';
import { invalid } from '../errors.ts';
import {
  bumpDataVersion,
  findIndicator,
  insertSeriesStart,
  loadDimensions,
  saveIndicatorRow,
  type Indicator,
} from '../db/repositories/catalogue.ts';
import type { Database } from '../db/schema.ts';
import { IndicatorInput, parseAll } from './inputs.ts';

export interface DefinitionChange {
  /** First day the new definition applies (YYYY-MM-DD). */
  startsOn: string;
  reason: string;
}

/**
 * Adds an indicator to the catalogue, or updates it by reference. Changing
 * the written definition of an indicator that exists needs a definition
 * change (start date and reason): it starts a new series, and figures
 * either side of it are never compared.
 */
export async function saveIndicator(
  db: Kysely<Database>,
  input: unknown,
  options: { definitionChange?: DefinitionChange } = {},
): Promise<Indicator> {
  const [fields] = parseAll(IndicatorInput, [input]);
  const f = fields!;
  return db.transaction().execute(async (trx) => {
    const dimensions = await loadDimensions(trx);
    for (const field of ['rowDimension', 'columnDimension'] as const) {
      const code = f[field];
      if (code && !dimensions.has(code)) {
        throw invalid('The indicator was not saved.', [
          {
            field,
            message: `"${code}" is not a breakdown dimension (known: ${[...dimensions.keys()].join(', ') || 'none'})`,
          },
        ]);
      }
    }
    if (f.rowDimension && f.rowDimension === f.columnDimension) {
      throw invalid('The indicator was not saved.', [
        { field: 'columnDimension', message: 'must differ from the row dimension' },
      ]);
    }
    if (f.isRatio && (!f.numeratorLabel || !f.denominatorLabel)) {
      throw invalid('The indicator was not saved.', [
        {
          field: f.numeratorLabel ? 'denominatorLabel' : 'numeratorLabel',
          message: 'is required for a ratio',
        },
      ]);
    }
    const existing = await findIndicator(trx, f.ref);
    const definitionChanged = existing !== null && existing.definition !== f.definition;
    if (definitionChanged) {
      const change = options.definitionChange;
      if (!change) {
        throw invalid('The indicator was not saved.', [
          {
            field: 'definition',
            message:
              'changing the definition starts a new series: give the date it applies from and the reason',
          },
        ]);
      }
      if (!isIsoDate(change.startsOn)) {
        throw invalid('The indicator was not saved.', [
          { field: 'startsOn', message: 'must be a date such as 2018-04-01' },
        ]);
      }
      if (!change.reason.trim())
        throw invalid('The indicator was not saved.', [{ field: 'reason', message: 'is required' }]);
    }
    const id = await saveIndicatorRow(trx, {
      ...f,
      comparison: f.comparison ?? (f.basis === 'snapshot' ? 'previous_year_end' : 'six_month_average'),
      reportingYear:
        f.reportingYear ??
        (f.frequency === 'academic_year' || f.frequency === 'termly'
          ? 'academic'
          : f.frequency === 'calendar_year'
            ? 'calendar'
            : 'financial'),
    });
    if (definitionChanged && options.definitionChange) {
      await insertSeriesStart(trx, id, { ...options.definitionChange, definition: f.definition });
    }
    await bumpDataVersion(trx);
    return (await findIndicator(trx, f.ref))!;
  });
}
