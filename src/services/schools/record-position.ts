import type { Kysely } from 'kysely';
import { isIsoDate, parsePeriod } from '../../domain/periods.ts';
import { buildPosition } from '../../domain/schools/position.ts';
import { writeAudit } from '../../db/repositories/audit.ts';
import { findIndicator } from '../../db/repositories/catalogue.ts';
import { savePositionReport } from '../../db/repositories/schools.ts';
import type { Database } from '../../db/schema.ts';
import { invalid } from '../../errors.ts';
import { requirePermission } from '../authorise.ts';
import type { RequestContext } from '../context.ts';
import { defineDimension } from '../dimensions.ts';
import type { IndicatorInput, ValueInput } from '../inputs.ts';
import { todayInEngland } from '../publication/cycle.ts';
import { recordValues, type RecordValuesResult } from '../record-values.ts';
import { saveIndicator } from '../save-indicator.ts';
import { loadAuthorityRecords } from './read-schools.ts';

/**
 * "Proportion of schools good or outstanding", the catalogue indicator
 * computed from the schools data: recording the position of a day writes
 * the indicator's figure for the month containing that day (the whole
 * authority, and LA maintained and academies apart) through the one write
 * path every figure takes (record-values.ts), with its source naming the
 * computation, and remembers the day as a reported position (movements
 * "since the last report" start from it).
 *
 * The indicator is defined on first use if the catalogue does not have it.
 */

export const SCHOOLS_INDICATOR_REF = 'SCH-01';
export const GOVERNANCE_DIMENSION = 'school_governance';

export const SCHOOLS_INDICATOR: IndicatorInput = {
  ref: SCHOOLS_INDICATOR_REF,
  title: 'Proportion of schools judged good or outstanding',
  definition:
    'Open state-funded schools (LA maintained schools, academies and free schools) whose latest overall effectiveness judgement is good or outstanding, as a percentage of all such schools with a judgement, on the day the position is taken. A converted academy not yet inspected counts by its predecessor’s judgement; a new school not yet inspected is left out; closed schools are left out. Computed from the school register (Get Information about Schools) and Ofsted’s management information: see docs/schools.md.',
  unit: 'percent',
  decimals: 0,
  aim: 'bigger_is_better',
  frequency: 'monthly',
  basis: 'snapshot',
  serviceArea: 'Education',
  isRatio: true,
  isAdditive: true,
  numeratorLabel: 'Good or outstanding',
  denominatorLabel: 'Schools with a judgement',
  complementLabel: 'Requires improvement or inadequate',
  valueLabel: '% good or outstanding',
  totalLabel: 'All schools',
  columnDimension: GOVERNANCE_DIMENSION,
  scorecardOrder: 900,
};

export interface RecordPositionRequest {
  laCode: string;
  /** ISO date; today in England when not given. */
  asAt?: string | undefined;
}

export async function recordSchoolsPosition(
  db: Kysely<Database>,
  request: RecordPositionRequest,
  context: RequestContext,
): Promise<RecordValuesResult & { period: string; asAt: string; value: number | null }> {
  requirePermission(context, 'schools:write');
  const asAt = request.asAt ?? todayInEngland();
  if (!isIsoDate(asAt))
    throw invalid('That is not a date.', [
      { field: 'asAt', message: `"${asAt}" is not a date such as 2017-06-12` },
    ]);
  const period = parsePeriod(asAt.slice(0, 7))!;
  const records = await loadAuthorityRecords(db, [request.laCode]);
  if (!records.schools.length)
    throw invalid('The position was not recorded.', [
      { field: 'laCode', message: `no schools of local authority ${request.laCode} are in the register` },
    ]);
  const position = buildPosition({ ...records, asAt });
  const laName = records.schools[0]!.laName;

  let indicator = await findIndicator(db, SCHOOLS_INDICATOR_REF);
  if (!indicator) {
    await defineDimension(db, {
      code: GOVERNANCE_DIMENSION,
      name: 'Governance',
      items: [
        { code: 'la_maintained', label: 'LA maintained' },
        { code: 'academy', label: 'Academies and free schools' },
      ],
    });
    await saveIndicator(db, SCHOOLS_INDICATOR, context);
    indicator = (await findIndicator(db, SCHOOLS_INDICATOR_REF))!;
  }

  const source = `Computed from the school register and Ofsted inspection outcomes: the Ofsted position of ${laName} (${request.laCode}) as at ${asAt}, by the rules in docs/schools.md`;
  const totalOf = (governance: 'la_maintained' | 'academy' | 'all') =>
    position.tables.find((t) => t.governance === governance)!.rows.find((r) => r.phase === 'total')!.cell;
  const values: ValueInput[] = (
    [
      ['', totalOf('all')],
      [`${GOVERNANCE_DIMENSION}=la_maintained`, totalOf('la_maintained')],
      [`${GOVERNANCE_DIMENSION}=academy`, totalOf('academy')],
    ] as const
  )
    .filter(([, cell]) => cell.total > 0)
    .map(([breakdown, cell]) => ({
      ref: SCHOOLS_INDICATOR_REF,
      period: period.code,
      breakdown,
      numerator: cell.counts.good_or_outstanding,
      denominator: cell.total,
      status: 'validated' as const,
      source,
    }));
  if (!values.length)
    throw invalid('The position was not recorded.', [
      {
        field: 'asAt',
        message: `no school of ${laName} had a judgement on ${asAt}, so there is no proportion to record`,
      },
    ]);
  const result = await recordValues(db, values, context);
  await db.transaction().execute(async (trx) => {
    await savePositionReport(trx, {
      laCode: request.laCode,
      asAt,
      indicatorId: indicator.id,
      period: period.code,
      createdBy: context.actorName,
    });
    await writeAudit(trx, context, {
      action: 'schools.record_position',
      entityType: 'school_position_reports',
      entityId: `${request.laCode} ${asAt}`,
      after: { laCode: request.laCode, asAt, period: period.code, figures: values },
      detail: `The Ofsted position of ${laName} as at ${asAt} recorded as ${SCHOOLS_INDICATOR_REF} for ${period.label}`,
    });
  });
  const all = totalOf('all');
  return {
    ...result,
    period: period.code,
    asAt,
    value: all.total ? (100 * all.counts.good_or_outstanding) / all.total : null,
  };
}
