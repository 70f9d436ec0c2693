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
import { writeAudit } from '../db/repositories/audit.ts';
import { findOrganisations, findUserByEmail } from '../db/repositories/people.ts';
import type { Database } from '../db/schema.ts';
import { requirePermission } from './authorise.ts';
import type { RequestContext } from './context.ts';
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
 *
 * The reporting organisation, when it names a partner, decides who may see
 * and submit the figures; the owner's email, when given, names the
 * indicator owner who enters them.
 */
export async function saveIndicator(
  db: Kysely<Database>,
  input: unknown,
  context: RequestContext,
  options: { definitionChange?: DefinitionChange } = {},
): Promise<Indicator> {
  requirePermission(context, 'catalogue:write');
  const [fields] = parseAll(IndicatorInput, [input]);
  const f = fields!;
  return db.transaction().execute(async (trx) => {
    const organisation = f.reportingOrganisation
      ? (await findOrganisations(trx)).find((o) => o.name === f.reportingOrganisation)
      : undefined;
    if (f.reportingOrganisation && !organisation) {
      throw invalid('The indicator was not saved.', [
        {
          field: 'reportingOrganisation',
          message: `no organisation is called "${f.reportingOrganisation}"`,
        },
      ]);
    }
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
    const ownerUser = f.ownerEmail ? await findUserByEmail(trx, f.ownerEmail) : null;
    if (f.ownerEmail && !ownerUser) {
      throw invalid('The indicator was not saved.', [
        { field: 'ownerEmail', message: `no one has the email address "${f.ownerEmail}"` },
      ]);
    }
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
      organisationId: organisation?.kind === 'partner' ? organisation.id : null,
      ownerUserId: f.ownerEmail === undefined ? (existing?.ownerUserId ?? null) : (ownerUser?.id ?? null),
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
    const saved = (await findIndicator(trx, f.ref))!;
    const before = existing ? auditable(existing) : null;
    const after = auditable(saved);
    // Saving an indicator as it already stands (the demo loader at every start) is not a change.
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await writeAudit(trx, context, {
        action: existing ? 'indicator.update' : 'indicator.create',
        entityType: 'indicator',
        entityId: saved.ref,
        ...(before ? { before } : {}),
        after,
        ...(definitionChanged && options.definitionChange
          ? {
              detail: `new series from ${options.definitionChange.startsOn}: ${options.definitionChange.reason}`,
            }
          : {}),
      });
    }
    return saved;
  });
}

/** The indicator as the audit record keeps it: its own fields, without the resolved breakdown dimensions. */
function auditable(indicator: Indicator) {
  const { rowDimension, columnDimension, ...rest } = indicator;
  return {
    ...rest,
    rowDimension: rowDimension?.code ?? null,
    columnDimension: columnDimension?.code ?? null,
  };
}
