import type { Observation } from '../../domain/aggregates.ts';
import type { ContractIndicatorInput, CumulativeBasis } from '../../domain/contracts.ts';
import type { Aim, Unit } from '../../domain/indicator.ts';
import type { Db } from './catalogue.ts';
import { isPublishedToViewers } from './publication.ts';

/** A contract between the council and a partner organisation. */
export interface ContractRecord {
  id: number;
  ref: string;
  title: string;
  organisation: { id: number; name: string; kind: 'council' | 'partner' };
  startsOn: string;
  endsOn: string | null;
  notes: string;
  isIllustrative: boolean;
}

/** One contractual indicator with the terms the contract sets for it. */
export type ContractTerm = Omit<ContractIndicatorInput, 'observations'> & { indicatorId: number };

function contractQuery(db: Db) {
  return db
    .selectFrom('contracts as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .selectAll('c')
    .select(['o.name as organisation_name', 'o.kind as organisation_kind']);
}

type ContractRow = Awaited<ReturnType<ReturnType<typeof contractQuery>['executeTakeFirstOrThrow']>>;

const toContract = (r: ContractRow): ContractRecord => ({
  id: r.id,
  ref: r.ref,
  title: r.title,
  organisation: {
    id: r.organisation_id,
    name: r.organisation_name,
    kind: r.organisation_kind as 'council' | 'partner',
  },
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  notes: r.notes,
  isIllustrative: r.is_illustrative,
});

/** Contracts by reference; with organisationId, only that organisation's. */
export async function findContracts(
  db: Db,
  filter: { organisationId?: number | null } = {},
): Promise<ContractRecord[]> {
  let query = contractQuery(db);
  if (filter.organisationId != null) query = query.where('c.organisation_id', '=', filter.organisationId);
  return (await query.orderBy('c.ref').execute()).map(toContract);
}

/** A contract by its reference (case as given), or null. */
export async function findContract(db: Db, ref: string): Promise<ContractRecord | null> {
  const row = await contractQuery(db).where('c.ref', '=', ref).executeTakeFirst();
  return row ? toContract(row) : null;
}

/** A contract's indicators and their terms, in contract order. */
export async function findContractTerms(db: Db, contractId: number): Promise<ContractTerm[]> {
  const rows = await db
    .selectFrom('contract_indicators as ci')
    .innerJoin('indicators as i', 'i.id', 'ci.indicator_id')
    .select([
      'ci.indicator_id',
      'ci.position',
      'ci.target',
      'ci.tolerance',
      'ci.cumulative_basis',
      'i.ref',
      'i.title',
      'i.unit',
      'i.decimals',
      'i.aim',
      'i.is_ratio',
    ])
    .where('ci.contract_id', '=', contractId)
    .orderBy('ci.position')
    .execute();
  return rows.map((r) => ({
    indicatorId: r.indicator_id,
    position: r.position,
    ref: r.ref,
    title: r.title,
    unit: r.unit as Unit,
    decimals: r.decimals,
    aim: r.aim as Aim,
    isRatio: r.is_ratio,
    target: r.target,
    tolerance: r.tolerance,
    cumulativeBasis: r.cumulative_basis as CumulativeBasis,
  }));
}

/**
 * The total (no breakdown) figures of these indicators for these months,
 * by indicator: the current revision of each; with isPublishedOnly, the
 * latest revision a viewer may see (see isPublishedToViewers).
 */
export async function findContractFigures(
  db: Db,
  request: { indicatorIds: number[]; months: string[]; isPublishedOnly: boolean },
): Promise<Map<number, Observation[]>> {
  const byIndicator = new Map<number, Observation[]>();
  if (request.indicatorIds.length === 0 || request.months.length === 0) return byIndicator;
  let query = db
    .selectFrom('indicator_values')
    .select(['indicator_id', 'period', 'value', 'numerator', 'denominator'])
    .where('indicator_id', 'in', request.indicatorIds)
    .where('period', 'in', request.months)
    .where('breakdown', '=', '');
  query = request.isPublishedOnly
    ? query
        .where(
          isPublishedToViewers({
            indicatorId: 'indicator_values.indicator_id',
            period: 'indicator_values.period',
            status: 'indicator_values.status',
          }),
        )
        .distinctOn(['indicator_id', 'period'])
        .orderBy('indicator_id')
        .orderBy('period')
        .orderBy('revision', 'desc')
    : query.where('is_current', '=', true);
  for (const r of await query.execute()) {
    const list = byIndicator.get(r.indicator_id) ?? [];
    list.push({ period: r.period, value: r.value, numerator: r.numerator, denominator: r.denominator });
    byIndicator.set(r.indicator_id, list);
  }
  return byIndicator;
}

/** The latest month with a total figure for any of a contract's indicators, or null. */
export async function findLatestContractMonth(
  db: Db,
  contractId: number,
  options: { isPublishedOnly: boolean },
): Promise<string | null> {
  let query = db
    .selectFrom('indicator_values as v')
    .innerJoin('contract_indicators as ci', 'ci.indicator_id', 'v.indicator_id')
    .select((eb) => eb.fn.max('v.period').as('period'))
    .where('ci.contract_id', '=', contractId)
    .where('v.breakdown', '=', '')
    .where('v.period', '~', '^[0-9]{4}-[0-9]{2}$');
  query = options.isPublishedOnly
    ? query.where(
        isPublishedToViewers({ indicatorId: 'v.indicator_id', period: 'v.period', status: 'v.status' }),
      )
    : query.where('v.is_current', '=', true);
  return (await query.executeTakeFirst())?.period ?? null;
}

/** Inserts a contract, or updates the one with the same reference; returns its id. */
export async function saveContractRow(
  db: Db,
  contract: {
    ref: string;
    title: string;
    organisationId: number;
    startsOn: string;
    endsOn: string | null;
    notes: string;
    isIllustrative: boolean;
  },
): Promise<number> {
  const values = {
    ref: contract.ref,
    title: contract.title,
    organisation_id: contract.organisationId,
    starts_on: contract.startsOn,
    ends_on: contract.endsOn,
    notes: contract.notes,
    is_illustrative: contract.isIllustrative,
  };
  const { ref: _ref, ...changes } = values;
  const row = await db
    .insertInto('contracts')
    .values(values)
    .onConflict((oc) => oc.column('ref').doUpdateSet(changes))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Replaces a contract's indicators and their terms with these. */
export async function replaceContractTerms(
  db: Db,
  contractId: number,
  terms: {
    indicatorId: number;
    position: number;
    target: number | null;
    tolerance: number;
    cumulativeBasis: CumulativeBasis;
  }[],
): Promise<void> {
  await db.deleteFrom('contract_indicators').where('contract_id', '=', contractId).execute();
  if (terms.length === 0) return;
  await db
    .insertInto('contract_indicators')
    .values(
      terms.map((t) => ({
        contract_id: contractId,
        indicator_id: t.indicatorId,
        position: t.position,
        target: t.target,
        tolerance: t.tolerance,
        cumulative_basis: t.cumulativeBasis,
      })),
    )
    .execute();
}

/** Makes an organisation responsible for these indicators (a partner's contractual indicators); returns how many changed. */
export async function setIndicatorsOrganisation(
  db: Db,
  indicatorIds: number[],
  organisationId: number,
): Promise<number> {
  if (indicatorIds.length === 0) return 0;
  const result = await db
    .updateTable('indicators')
    .set({ organisation_id: organisationId })
    .where('id', 'in', indicatorIds)
    .where((eb) => eb.or([eb('organisation_id', 'is', null), eb('organisation_id', '!=', organisationId)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
