import { sql, type Kysely, type Transaction } from 'kysely';
import type { Dimension } from '../../domain/breakdown.ts';
import type { Aim, Basis, Benchmark, Comparison, Frequency, Target, Unit } from '../../domain/indicator.ts';
import type { ScorecardIndicatorDefinition } from '../../domain/scorecard.ts';
import type { SeriesStart } from '../../domain/series.ts';
import type { Database, IndicatorRow } from '../schema.ts';

export type Db = Kysely<Database> | Transaction<Database>;

/** An indicator as the rest of the application sees it: typed, with its breakdown dimensions resolved. */
export interface Indicator extends ScorecardIndicatorDefinition {
  id: number;
  definition: string;
  serviceArea: string;
  directorate: string;
  portfolio: string;
  priority: string;
  owner: string;
  reportingOrganisation: string;
  scorecardOrder: number;
  /** The organisation responsible for the figures (a partner's contract indicators); null for the council's own. */
  organisationId: number | null;
  /** The person who enters its figures and commentary, when they are an indicator owner. */
  ownerUserId: number | null;
}

export interface IndicatorFilter {
  serviceArea?: string;
  aim?: string;
  frequency?: string;
  owner?: string;
  refs?: string[];
  /** Only this organisation's indicators (a partner's view). */
  organisationId?: number | null;
}

export async function findIndicators(db: Db, filter: IndicatorFilter = {}): Promise<Indicator[]> {
  let query = db.selectFrom('indicators').selectAll();
  if (filter.serviceArea) query = query.where('service_area', '=', filter.serviceArea);
  if (filter.aim) query = query.where('aim', '=', filter.aim);
  if (filter.frequency) query = query.where('frequency', '=', filter.frequency);
  if (filter.owner) query = query.where('owner', '=', filter.owner);
  if (filter.organisationId) query = query.where('organisation_id', '=', filter.organisationId);
  if (filter.refs) {
    if (filter.refs.length === 0) return [];
    query = query.where('ref', 'in', filter.refs);
  }
  const rows = await query.orderBy('service_area').orderBy('scorecard_order').orderBy('ref').execute();
  const dimensions = await loadDimensions(db);
  return rows.map((row) => toIndicator(row, dimensions));
}

export async function findIndicator(db: Db, ref: string): Promise<Indicator | null> {
  return (await findIndicators(db, { refs: [ref] }))[0] ?? null;
}

/** Every dimension with its items in order: one query, as every read of the catalogue needs them. */
export async function loadDimensions(db: Db): Promise<Map<string, Dimension>> {
  const rows = await db
    .selectFrom('dimensions as d')
    .leftJoin('dimension_items as i', 'i.dimension_code', 'd.code')
    .select(['d.code as dimension', 'd.name', 'i.code', 'i.label'])
    .orderBy('d.code')
    .orderBy('i.sort_order')
    .orderBy('i.code')
    .execute();
  const dimensions = new Map<string, Dimension>();
  for (const row of rows) {
    let dimension = dimensions.get(row.dimension);
    if (!dimension)
      dimensions.set(row.dimension, (dimension = { code: row.dimension, name: row.name, items: [] }));
    if (row.code !== null && row.label !== null) dimension.items.push({ code: row.code, label: row.label });
  }
  return dimensions;
}

/** The service areas and owners in the catalogue (of one organisation's indicators, when given). */
export async function listFacets(
  db: Db,
  organisationId: number | null = null,
): Promise<{ serviceAreas: string[]; owners: string[] }> {
  let query = db.selectFrom('indicators').select(['service_area', 'owner']).distinct();
  if (organisationId) query = query.where('organisation_id', '=', organisationId);
  const rows = await query.execute();
  const distinct = (values: string[]) => [...new Set(values.filter(Boolean))].sort();
  return {
    serviceAreas: distinct(rows.map((r) => r.service_area)),
    owners: distinct(rows.map((r) => r.owner)),
  };
}

function toIndicator(row: IndicatorRow, dimensions: Map<string, Dimension>): Indicator {
  return {
    id: row.id,
    ref: row.ref,
    title: row.title,
    definition: row.definition,
    unit: row.unit as Unit,
    decimals: row.decimals,
    aim: row.aim as Aim,
    frequency: row.frequency as Frequency,
    basis: row.basis as Basis,
    comparison: row.comparison as Comparison,
    reportingYear: row.reporting_year as Indicator['reportingYear'],
    serviceArea: row.service_area,
    directorate: row.directorate,
    portfolio: row.portfolio,
    priority: row.priority,
    owner: row.owner,
    reportingOrganisation: row.reporting_organisation,
    isRatio: row.is_ratio,
    isAdditive: row.is_additive,
    numeratorLabel: row.numerator_label,
    denominatorLabel: row.denominator_label,
    complementLabel: row.complement_label,
    valueLabel: row.value_label,
    totalLabel: row.total_label,
    showsRatePer10k: row.shows_rate_per_10k,
    rowDimension: row.row_dimension ? (dimensions.get(row.row_dimension) ?? null) : null,
    columnDimension: row.column_dimension ? (dimensions.get(row.column_dimension) ?? null) : null,
    scorecardOrder: row.scorecard_order,
    organisationId: row.organisation_id,
    ownerUserId: row.owner_user_id,
  };
}

export interface TargetRecord {
  year: string;
  target: Target;
  note: string;
}

/**
 * Targets by indicator id (of the given reporting years only, if any), with
 * benchmark targets resolved from the published comparators where known.
 */
export async function findTargets(
  db: Db,
  indicatorIds: number[],
  options: { years?: string[] } = {},
): Promise<Map<number, TargetRecord[]>> {
  const result = new Map<number, TargetRecord[]>();
  if (indicatorIds.length === 0 || options.years?.length === 0) return result;
  let targetsQuery = db.selectFrom('targets').selectAll().where('indicator_id', 'in', indicatorIds);
  let benchmarksQuery = db
    .selectFrom('benchmark_values')
    .selectAll()
    .where('indicator_id', 'in', indicatorIds)
    // A benchmark target compares the whole indicator: comparators by breakdown item do not resolve it.
    .where('breakdown', '=', '');
  if (options.years) {
    targetsQuery = targetsQuery.where('year', 'in', options.years);
    benchmarksQuery = benchmarksQuery.where('year', 'in', options.years);
  }
  const [targets, benchmarks] = await Promise.all([
    targetsQuery.orderBy('year').execute(),
    benchmarksQuery.execute(),
  ]);
  for (const t of targets) {
    const tolerance = t.tolerance;
    let target: Target;
    switch (t.kind) {
      case 'value':
        target = { kind: 'value', value: t.value!, tolerance };
        break;
      case 'band':
        target = { kind: 'band', low: t.low!, high: t.high!, tolerance };
        break;
      case 'benchmark': {
        const found = benchmarks.find(
          (b) => b.indicator_id === t.indicator_id && b.year === t.year && b.benchmark === t.benchmark,
        );
        target = {
          kind: 'benchmark',
          benchmark: t.benchmark as Benchmark,
          resolvedValue: found?.value ?? null,
          tolerance,
        };
        break;
      }
      case 'trend_only':
        target = { kind: 'trend_only' };
        break;
      default:
        target = { kind: 'tbc' };
    }
    const list = result.get(t.indicator_id) ?? [];
    list.push({ year: t.year, target, note: t.note });
    result.set(t.indicator_id, list);
  }
  return result;
}

export async function findSeries(db: Db, indicatorIds: number[]): Promise<Map<number, SeriesStart[]>> {
  const result = new Map<number, SeriesStart[]>();
  if (indicatorIds.length === 0) return result;
  const rows = await db
    .selectFrom('indicator_series')
    .selectAll()
    .where('indicator_id', 'in', indicatorIds)
    .orderBy('starts_on')
    .execute();
  for (const row of rows) {
    const list = result.get(row.indicator_id) ?? [];
    list.push({ startsOn: row.starts_on, definition: row.definition, reason: row.reason });
    result.set(row.indicator_id, list);
  }
  return result;
}

/** Every write bumps this number, so cached pages know when they are stale, across processes too. */
export async function bumpDataVersion(db: Db): Promise<void> {
  await db
    .updateTable('data_version')
    .set({ version: sql`version + 1` })
    .where('id', '=', 1)
    .execute();
}

export async function readDataVersion(db: Db): Promise<number> {
  const row = await db
    .selectFrom('data_version')
    .select('version')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return row.version;
}

/** An indicator's fields for saving: its dimensions by code. */
export type IndicatorColumns = Omit<Indicator, 'id' | 'rowDimension' | 'columnDimension'> & {
  rowDimension: string | null;
  columnDimension: string | null;
};

export async function saveIndicatorRow(db: Db, fields: IndicatorColumns): Promise<number> {
  const row = {
    ref: fields.ref,
    title: fields.title,
    definition: fields.definition,
    unit: fields.unit,
    decimals: fields.decimals,
    aim: fields.aim,
    frequency: fields.frequency,
    basis: fields.basis,
    comparison: fields.comparison,
    reporting_year: fields.reportingYear,
    service_area: fields.serviceArea,
    directorate: fields.directorate,
    portfolio: fields.portfolio,
    priority: fields.priority,
    owner: fields.owner,
    reporting_organisation: fields.reportingOrganisation,
    is_ratio: fields.isRatio,
    is_additive: fields.isAdditive,
    numerator_label: fields.numeratorLabel,
    denominator_label: fields.denominatorLabel,
    complement_label: fields.complementLabel,
    value_label: fields.valueLabel,
    total_label: fields.totalLabel,
    shows_rate_per_10k: fields.showsRatePer10k,
    row_dimension: fields.rowDimension,
    column_dimension: fields.columnDimension,
    scorecard_order: fields.scorecardOrder,
    organisation_id: fields.organisationId,
    owner_user_id: fields.ownerUserId,
  };
  const saved = await db
    .insertInto('indicators')
    .values(row)
    .onConflict((oc) => oc.column('ref').doUpdateSet(row))
    .returning('id')
    .executeTakeFirstOrThrow();
  return saved.id;
}

export async function insertSeriesStart(db: Db, indicatorId: number, start: SeriesStart): Promise<void> {
  await db
    .insertInto('indicator_series')
    .values({
      indicator_id: indicatorId,
      starts_on: start.startsOn,
      definition: start.definition,
      reason: start.reason,
    })
    .execute();
}

export async function saveTargetRow(
  db: Db,
  row: {
    indicatorId: number;
    year: string;
    kind: string;
    value: number | null;
    low: number | null;
    high: number | null;
    benchmark: string | null;
    tolerance: number | null;
    note: string;
  },
): Promise<void> {
  const values = {
    indicator_id: row.indicatorId,
    year: row.year,
    kind: row.kind,
    value: row.value,
    low: row.low,
    high: row.high,
    benchmark: row.benchmark,
    tolerance: row.tolerance,
    note: row.note,
  };
  await db
    .insertInto('targets')
    .values(values)
    .onConflict((oc) => oc.columns(['indicator_id', 'year']).doUpdateSet(values))
    .execute();
}

export interface BenchmarkValue {
  indicatorId: number;
  year: string;
  benchmark: string;
  /** '' for the whole indicator, or a breakdown key ('ethnic_group=white'). */
  breakdown: string;
  value: number;
  source: string;
}

export async function saveBenchmarkValue(
  db: Db,
  row: Omit<BenchmarkValue, 'breakdown'> & { breakdown?: string },
): Promise<void> {
  const values = {
    indicator_id: row.indicatorId,
    year: row.year,
    benchmark: row.benchmark,
    breakdown: row.breakdown ?? '',
    value: row.value,
    source: row.source,
  };
  await db
    .insertInto('benchmark_values')
    .values(values)
    .onConflict((oc) =>
      oc
        .columns(['indicator_id', 'year', 'benchmark', 'breakdown'])
        .doUpdateSet({ value: row.value, source: row.source }),
    )
    .execute();
}

/** The published comparators of these indicators (every breakdown), of the given reporting years only. */
export async function findBenchmarkValues(
  db: Db,
  indicatorIds: number[],
  years: string[],
): Promise<BenchmarkValue[]> {
  if (indicatorIds.length === 0 || years.length === 0) return [];
  const rows = await db
    .selectFrom('benchmark_values')
    .selectAll()
    .where('indicator_id', 'in', indicatorIds)
    .where('year', 'in', years)
    .execute();
  return rows.map((r) => ({
    indicatorId: r.indicator_id,
    year: r.year,
    benchmark: r.benchmark,
    breakdown: r.breakdown,
    value: Number(r.value),
    source: r.source,
  }));
}

export async function saveDimension(db: Db, dimension: Dimension): Promise<void> {
  await db
    .insertInto('dimensions')
    .values({ code: dimension.code, name: dimension.name })
    .onConflict((oc) => oc.column('code').doUpdateSet({ name: dimension.name }))
    .execute();
  for (const [index, item] of dimension.items.entries()) {
    await db
      .insertInto('dimension_items')
      .values({ dimension_code: dimension.code, code: item.code, label: item.label, sort_order: index })
      .onConflict((oc) =>
        oc.columns(['dimension_code', 'code']).doUpdateSet({ label: item.label, sort_order: index }),
      )
      .execute();
  }
}

export async function savePopulation(
  db: Db,
  row: { breakdown: string; year: number; population: number; source: string },
): Promise<void> {
  await db
    .insertInto('populations')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['breakdown', 'year']).doUpdateSet({ population: row.population, source: row.source }),
    )
    .execute();
}
