import type { Kysely } from 'kysely';
import type { Dimension } from '../src/domain/breakdown.ts';
import { systemContext } from '../src/services/context.ts';
import { saveOrganisation } from '../src/db/repositories/people.ts';
import type { Database } from '../src/db/schema.ts';
import { defineDimension, setPopulation } from '../src/services/dimensions.ts';
import type { IndicatorInput, TargetInput, ValueInput } from '../src/services/inputs.ts';
import { recordValues } from '../src/services/record-values.ts';
import { saveIndicator } from '../src/services/save-indicator.ts';
import { setTarget } from '../src/services/set-target.ts';

const BENCH = systemContext('bench');

/**
 * A deterministic, realistic-sized scorecard for benchmarking: one service
 * area of indicators with monthly figures for every locality and the total.
 * A third are ratio percentages (numerator and denominator given, the
 * percentage computed on load), a third counts shown with a rate per 10,000
 * children, a third averages in days. Locality figures add up to the total
 * where the measure is additive, so the scorecard shows no additivity notes.
 * Every financial year has a target; the last month and about one month in
 * six carry commentary; the last two months are provisional, and some are
 * then re-recorded as validated, so revised figures are on the page too.
 */

export interface SyntheticOptions {
  seed: number;
  indicators: number;
  months: number;
  /** The newest month, YYYY-MM: the scorecard month to ask for. */
  lastMonth: string;
  serviceArea: string;
}

export const DEFAULT_SYNTHETIC: SyntheticOptions = {
  seed: 20170531,
  indicators: 60,
  months: 36,
  lastMonth: '2017-05',
  serviceArea: 'Synthetic social care (benchmark)',
};

export interface SyntheticCatalogue {
  options: SyntheticOptions;
  dimension: Dimension;
  populations: { breakdown: string; year: number; population: number; source: string }[];
  indicators: IndicatorInput[];
  targets: TargetInput[];
  /** First recording of every figure: months × (localities + total) per indicator. */
  values: ValueInput[];
  /** Second recording of some recent figures (provisional → validated): new revisions. */
  revisions: ValueInput[];
}

export const LOCALITY: Dimension = {
  code: 'locality',
  name: 'Locality',
  items: [
    { code: 'EAST', label: 'East' },
    { code: 'NORTH', label: 'North' },
    { code: 'SOUTH', label: 'South' },
    { code: 'WEST', label: 'West' },
    { code: 'CITYWIDE', label: 'Citywide teams' },
  ],
};

/** mulberry32: a small, fast, seedable PRNG; the same seed always gives the same catalogue. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The `count` months ending with `last` (YYYY-MM), oldest first. */
export function monthsEnding(last: string, count: number): string[] {
  const year = Number(last.slice(0, 4));
  const month = Number(last.slice(5, 7));
  const result: string[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const index = year * 12 + (month - 1) - back;
    result.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return result;
}

function financialYearOf(month: string): string {
  const year = Number(month.slice(0, 4));
  const start = Number(month.slice(5, 7)) >= 4 ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

type Kind = 'ratio' | 'count' | 'days';

const SUBJECTS = [
  'children seen within timescale',
  'assessments completed within 45 days',
  'child protection plans reviewed on time',
  'care leavers in suitable accommodation',
  're-referrals within 12 months',
  'children visited within 6 weeks',
  'strategy discussions within 1 day',
  'placements lasting 2 years or more',
  'initial conferences within 15 days',
  'looked-after reviews on time',
];

export function generateSyntheticCatalogue(
  options: SyntheticOptions = DEFAULT_SYNTHETIC,
): SyntheticCatalogue {
  const random = seededRandom(options.seed);
  const between = (low: number, high: number) => low + random() * (high - low);
  const whole = (low: number, high: number) => Math.floor(between(low, high + 1));
  const months = monthsEnding(options.lastMonth, options.months);
  const years = [...new Set(months.map(financialYearOf))];
  const items = LOCALITY.items;

  const firstYear = Number(months[0]!.slice(0, 4));
  const lastYear = Number(options.lastMonth.slice(0, 4));
  const populations: SyntheticCatalogue['populations'] = [];
  const basePopulation = items.map(() => whole(35_000, 70_000));
  for (let year = firstYear; year <= lastYear; year++) {
    const growth = 1 + 0.01 * (year - firstYear);
    const byItem = basePopulation.map((p) => Math.round(p * growth));
    items.forEach((item, index) =>
      populations.push({
        breakdown: `locality=${item.code}`,
        year,
        population: byItem[index]!,
        source: 'synthetic mid-year estimate',
      }),
    );
    populations.push({
      breakdown: '',
      year,
      population: byItem.reduce((a, b) => a + b, 0),
      source: 'synthetic: sum of the localities',
    });
  }

  const indicators: IndicatorInput[] = [];
  const targets: TargetInput[] = [];
  const values: ValueInput[] = [];
  const revisions: ValueInput[] = [];

  for (let n = 1; n <= options.indicators; n++) {
    const kind: Kind = (['ratio', 'count', 'days'] as const)[(n - 1) % 3]!;
    const ref = `SYN${String(n).padStart(3, '0')}`;
    const subject = SUBJECTS[(n - 1) % SUBJECTS.length]!;
    const common = {
      ref,
      definition: `Synthetic indicator ${n} for benchmarking: ${subject}.`,
      serviceArea: options.serviceArea,
      frequency: 'monthly',
      directorate: 'Children and Young People',
      owner: `Head of service ${1 + (n % 7)}`,
      reportingOrganisation: SYNTHETIC_COUNCIL,
      columnDimension: LOCALITY.code,
      scorecardOrder: n,
    } as const;

    let aim: IndicatorInput['aim'];
    let level: number;
    if (kind === 'ratio') {
      aim = n % 2 ? 'bigger_is_better' : 'smaller_is_better';
      level = between(0.55, 0.92);
      indicators.push({
        ...common,
        title: `% ${subject}`,
        unit: 'percent',
        decimals: 1,
        aim,
        basis: 'in_period',
        isRatio: true,
        numeratorLabel: `Number of ${subject}`,
        denominatorLabel: 'Number due',
        complementLabel: n % 4 === 1 ? 'Number not in timescale' : '',
        valueLabel: `% ${subject}`,
      });
    } else if (kind === 'count') {
      aim = n % 4 === 2 ? 'stabilise' : 'smaller_is_better';
      level = whole(60, 400);
      const snapshot = n % 2 === 0;
      indicators.push({
        ...common,
        title: `Number of children: ${subject}`,
        unit: 'count',
        aim,
        basis: snapshot ? 'snapshot' : 'in_period',
        comparison: snapshot ? 'previous_year_end' : 'six_month_cumulative',
        showsRatePer10k: true,
        valueLabel: 'Number of children',
        totalLabel: 'All localities',
      });
    } else {
      aim = 'smaller_is_better';
      level = between(18, 55);
      indicators.push({
        ...common,
        title: `Average days: ${subject}`,
        unit: 'days',
        decimals: 1,
        aim,
        basis: 'in_period',
        isAdditive: false,
        valueLabel: 'Average days',
        totalLabel: 'All localities',
      });
    }

    for (const year of years) {
      if (aim === 'stabilise') {
        const mid = level * 5;
        targets.push({
          ref,
          year,
          kind: 'band',
          low: Math.round(mid * 0.9),
          high: Math.round(mid * 1.1),
          tolerance: 10,
        });
      } else if (kind === 'ratio') {
        const pct = round1(level * 100 + (aim === 'bigger_is_better' ? 2 : -2));
        targets.push({ ref, year, kind: 'value', value: pct, tolerance: 2, note: 'synthetic' });
      } else if (kind === 'count') {
        targets.push({ ref, year, kind: 'value', value: Math.round(level * 5 * 0.95), tolerance: 15 });
      } else {
        targets.push({ ref, year, kind: 'value', value: round1(level * 0.9), tolerance: 3 });
      }
    }

    // A random walk per locality: each month moves a little from the last.
    const walk = items.map(() => level * between(0.8, 1.2));
    const size = items.map(() => whole(40, 250)); // ratio denominators
    months.forEach((month, index) => {
      const status = index >= months.length - 2 ? 'provisional' : 'validated';
      const rows: ValueInput[] = [];
      const parts = items.map((item, i) => {
        walk[i] = walk[i]! * between(0.96, 1.04);
        const breakdown = `${LOCALITY.code}=${item.code}`;
        if (kind === 'ratio') {
          const denominator = Math.max(1, Math.round(size[i]! * between(0.85, 1.15)));
          const numerator = Math.min(denominator, Math.round(denominator * Math.min(0.99, walk[i]!)));
          rows.push({ ref, period: month, breakdown, numerator, denominator, status });
          return { numerator, denominator, value: 0 };
        }
        const value = kind === 'count' ? Math.round(walk[i]!) : round1(walk[i]!);
        rows.push({ ref, period: month, breakdown, value, status });
        return { numerator: 0, denominator: 0, value };
      });
      const sum = (pick: (p: (typeof parts)[number]) => number) =>
        parts.reduce((total, p) => total + pick(p), 0);
      const total: ValueInput =
        kind === 'ratio'
          ? { ref, period: month, numerator: sum((p) => p.numerator), denominator: sum((p) => p.denominator) }
          : kind === 'count'
            ? { ref, period: month, value: sum((p) => p.value) }
            : { ref, period: month, value: round1(sum((p) => p.value) / parts.length) };
      const isLast = index === months.length - 1;
      if (isLast || random() < 1 / 6) {
        total.commentary =
          `${month}: ${subject} ${random() < 0.5 ? 'improved' : 'dipped'} in ${items[whole(0, items.length - 1)]!.label}.` +
          `\n\nThe service is reviewing cases with team managers; a further update follows next month.`;
      }
      rows.push({ ...total, status });
      values.push(...rows);
      if (n % 4 === 0 && isLast) {
        revisions.push(...rows.map((r) => ({ ...r, status: 'validated' as const, commentary: undefined })));
      }
    });
  }
  return { options, dimension: LOCALITY, populations, indicators, targets, values, revisions };
}

export const SYNTHETIC_COUNCIL = 'Synthetic Borough Council';

export interface LoadTimings {
  catalogueMs: number;
  valuesMs: number;
  figures: number;
  revisions: number;
  commentary: number;
}

/** Loads the catalogue through the services (as the CLI and API would), figures in large batches. */
export async function loadSyntheticCatalogue(
  db: Kysely<Database>,
  catalogue: SyntheticCatalogue,
  options: { batchSize?: number; onBatch?: (done: number, total: number) => void } = {},
): Promise<LoadTimings> {
  const batchSize = options.batchSize ?? 5000;
  const started = performance.now();
  // The indicators name their reporting organisation, which must exist: a council, so every reader sees them.
  await saveOrganisation(db, { name: SYNTHETIC_COUNCIL, kind: 'council' });
  await defineDimension(db, catalogue.dimension);
  for (const population of catalogue.populations) await setPopulation(db, population);
  for (const indicator of catalogue.indicators) await saveIndicator(db, indicator, BENCH);
  for (const target of catalogue.targets) await setTarget(db, target, BENCH);
  const catalogueMs = performance.now() - started;

  const valuesStarted = performance.now();
  let figures = 0;
  let commentary = 0;
  for (let i = 0; i < catalogue.values.length; i += batchSize) {
    const batch = catalogue.values.slice(i, i + batchSize);
    const result = await recordValues(db, batch, BENCH, { file: 'synthetic-catalogue' });
    figures += result.created;
    commentary += result.commentary;
    options.onBatch?.(i + batch.length, catalogue.values.length);
  }
  const revised = await recordValues(db, catalogue.revisions, BENCH, { file: 'synthetic-revisions' });
  return {
    catalogueMs,
    valuesMs: performance.now() - valuesStarted,
    figures,
    revisions: revised.revised,
    commentary,
  };
}
