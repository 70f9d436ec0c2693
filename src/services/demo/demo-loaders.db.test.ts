import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { findIndicators, findTargets, type Indicator } from '../../db/repositories/catalogue.ts';
import { findCommentary, findCurrentValues, findValueHistory } from '../../db/repositories/values.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import { loadDirectorateKpis } from './load-directorate-kpis.ts';
import { loadEhcpSeries } from './load-ehcp-series.ts';
import { loadServiceDeliveryTargets } from './load-service-delivery-targets.ts';
import { loadDemoAccounts } from './load-demo-accounts.ts';

const FIXTURES = new URL('../../../demo/fixtures/', import.meta.url).pathname;

type Handle = DatabaseHandle;

async function indicatorsByRef(handle: Handle): Promise<Map<string, Indicator>> {
  return new Map((await findIndicators(handle.db)).map((i) => [i.ref, i]));
}

async function targetOf(handle: Handle, indicator: Indicator, year: string) {
  return (await findTargets(handle.db, [indicator.id])).get(indicator.id)?.find((t) => t.year === year)
    ?.target;
}

async function allRevisions(handle: Handle): Promise<number[]> {
  const revisions: number[] = [];
  for (const indicator of await findIndicators(handle.db))
    revisions.push(...(await findValueHistory(handle.db, indicator.id)).map((v) => v.revision));
  return revisions;
}

describe.each(testDatabases)('the 2017/18 service delivery targets on $name', (database) => {
  let handle: Handle;
  let indicators: Map<string, Indicator>;
  const get = (ref: string) => indicators.get(ref)!;

  beforeAll(async () => {
    handle = await database.open();
    await loadDemoAccounts(handle.db);
    await loadServiceDeliveryTargets(handle.db, FIXTURES);
    indicators = await indicatorsByRef(handle);
  });
  afterAll(() => handle.close());

  it('defines 37 service delivery indicators (no ref 45) and 6 council plan measures', () => {
    const refs = [...indicators.keys()];
    expect(refs.filter((r) => r.startsWith('SDT-'))).toHaveLength(37);
    expect(refs).not.toContain('SDT-45');
    expect(refs).toContain('SDT-36');
    expect(refs).toContain('SDT-73');
    expect(refs.filter((r) => r.startsWith('CP-')).sort()).toEqual([
      'CP-1',
      'CP-2',
      'CP-3',
      'CP-4',
      'CP-5',
      'CP-6',
    ]);
    expect(indicators.size).toBe(43);
  });

  it('maps aims, frequencies, units and service areas', () => {
    expect(get('SDT-37')).toMatchObject({
      title: 'Percentage of referrals that are re-referrals within 12 months',
      aim: 'smaller_is_better',
      frequency: 'monthly',
      unit: 'percent',
      decimals: 0,
      serviceArea: "Children's social care",
      directorate: 'Children and Young People',
      portfolio: 'Children, Families and Schools',
      priority: 'Children',
    });
    expect(get('SDT-40')).toMatchObject({ aim: 'trend_only', unit: 'count' });
    expect(get('SDT-42')).toMatchObject({ unit: 'percent', serviceArea: "Children's social care" });
    expect(get('SDT-52')).toMatchObject({
      unit: 'percent',
      frequency: 'academic_year',
      serviceArea: 'Education',
    });
    expect(get('SDT-56')).toMatchObject({ unit: 'score', decimals: 1, aim: 'bigger_is_better' });
    expect(get('SDT-59')).toMatchObject({ unit: 'score', decimals: 1 });
    expect(get('SDT-62')).toMatchObject({ unit: 'score', serviceArea: 'Education' });
    expect(get('SDT-65')).toMatchObject({ aim: 'plan_is_best', frequency: 'termly' });
    expect(get('SDT-70')).toMatchObject({
      unit: 'count',
      aim: 'smaller_is_better',
      serviceArea: 'Education',
    });
    expect(get('CP-2')).toMatchObject({ aim: 'above_zero', unit: 'score' });
    expect(get('CP-5')).toMatchObject({ unit: 'count', serviceArea: "Children's social care" });
  });

  it('sets the 2017-18 targets as printed', async () => {
    expect(await targetOf(handle, get('SDT-36'), '2017-18')).toEqual({
      kind: 'value',
      value: 0,
      tolerance: null,
    });
    expect(await targetOf(handle, get('SDT-44'), '2017-18')).toMatchObject({ kind: 'value', value: 555 });
    expect(await targetOf(handle, get('SDT-40'), '2017-18')).toEqual({ kind: 'trend_only' });
    expect(await targetOf(handle, get('SDT-69'), '2017-18')).toEqual({ kind: 'tbc' });
    expect(await targetOf(handle, get('SDT-54'), '2017-18')).toMatchObject({
      kind: 'benchmark',
      benchmark: 'national_average',
    });
    expect(await targetOf(handle, get('CP-3'), '2017-18')).toMatchObject({
      kind: 'benchmark',
      benchmark: 'statistical_neighbour_average',
    });
    expect(await targetOf(handle, get('CP-5'), '2017-18')).toMatchObject({ kind: 'value', value: 1680 });
  });

  it('records no figures, and changes nothing when loaded again', async () => {
    await loadServiceDeliveryTargets(handle.db, FIXTURES);
    expect((await indicatorsByRef(handle)).size).toBe(43);
    expect(await allRevisions(handle)).toEqual([]);
  });

  it('refuses an aim it does not know, naming the row', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scorecard-fixtures-'));
    try {
      await cp(FIXTURES, dir, { recursive: true });
      const file = join(dir, 'service-delivery-targets-2017-18.csv');
      const text = await readFile(file, 'utf8');
      await writeFile(file, text.replace('Trend,Plan is best,Termly', 'Trend,Whatever works,Termly'));
      await expect(loadServiceDeliveryTargets(handle.db, dir)).rejects.toThrow(
        /service-delivery-targets-2017-18\.csv, row 30 \(SDT-65\): unknown aim "Whatever works"/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe.each(testDatabases)('the 2022/23 directorate KPIs on $name', (database) => {
  let handle: Handle;
  let indicators: Map<string, Indicator>;
  const get = (ref: string) => indicators.get(ref)!;
  const current = async (ref: string) =>
    new Map(
      (await findCurrentValues(handle.db, [get(ref).id], ['2022-23-Q1', '2022-23-Q2', '2022-23-Q3'])).map(
        (v) => [v.period, v],
      ),
    );

  beforeAll(async () => {
    handle = await database.open();
    await loadDemoAccounts(handle.db);
    await loadDirectorateKpis(handle.db, FIXTURES);
    indicators = await indicatorsByRef(handle);
  });
  afterAll(() => handle.close());

  it('defines the 15 measures as quarterly indicators', () => {
    expect([...indicators.keys()].sort()).toEqual(
      Array.from({ length: 15 }, (_, i) => `KPI-22-${i + 1}`).sort(),
    );
    expect([...indicators.values()].every((i) => i.frequency === 'quarterly')).toBe(true);
    expect(get('KPI-22-1')).toMatchObject({
      title: 'Absence Rate: Primary',
      aim: 'smaller_is_better',
      serviceArea: 'Education',
    });
    expect(get('KPI-22-1').definition).toContain('academic year');
    expect(get('KPI-22-3').definition).toContain('termly');
    expect(get('KPI-22-7').aim).toBe('trend_only');
    expect(get('KPI-22-10')).toMatchObject({
      aim: 'bigger_is_better',
      serviceArea: "Children's social care",
    });
  });

  it('records 30 figures for Q1 to Q3, leaving blanks out', async () => {
    const absence = await current('KPI-22-1');
    expect([...absence.keys()]).toEqual(['2022-23-Q1']);
    expect(absence.get('2022-23-Q1')).toMatchObject({ value: 5, status: 'validated' });
    const ehcpWaiting = await current('KPI-22-7');
    expect([...ehcpWaiting.keys()].sort()).toEqual(['2022-23-Q2', '2022-23-Q3']);
    expect(ehcpWaiting.get('2022-23-Q3')!.value).toBe(278);
    expect((await current('KPI-22-14')).get('2022-23-Q1')!.value).toBe(0.12);
    const all = await findCurrentValues(
      handle.db,
      [...indicators.values()].map((i) => i.id),
      ['2022-23-Q1', '2022-23-Q2', '2022-23-Q3'],
    );
    expect(all).toHaveLength(30);
  });

  it('sets targets where printed, and none for the EHCP placements measure', async () => {
    expect(await targetOf(handle, get('KPI-22-13'), '2022-23')).toMatchObject({ kind: 'value', value: 99.5 });
    expect(await targetOf(handle, get('KPI-22-5'), '2022-23')).toMatchObject({ kind: 'value', value: 15000 });
    expect(await targetOf(handle, get('KPI-22-7'), '2022-23')).toBeUndefined();
  });

  it('puts the commentary on the latest quarter with a figure', async () => {
    const absence = await findCommentary(handle.db, [get('KPI-22-1').id], { currentOnly: true });
    expect(absence.map((c) => c.period)).toEqual(['2022-23-Q1']);
    expect(absence[0]!.body).toContain('academic year 2020-2021');
    const careLeavers = await findCommentary(handle.db, [get('KPI-22-10').id], { currentOnly: true });
    expect(careLeavers.map((c) => c.period)).toEqual(['2022-23-Q3']);
  });

  it('changes nothing when loaded again', async () => {
    await loadDirectorateKpis(handle.db, FIXTURES);
    const revisions = await allRevisions(handle);
    expect(revisions).toHaveLength(30);
    expect(revisions.every((r) => r === 1)).toBe(true);
    const commentary = await findCommentary(
      handle.db,
      [...indicators.values()].map((i) => i.id),
    );
    expect(commentary.every((c) => c.revision === 1)).toBe(true);
  });
});

describe.each(testDatabases)('the 2018 EHCP 20-week series on $name', (database) => {
  let handle: Handle;
  let ehcp: Indicator;

  beforeAll(async () => {
    handle = await database.open();
    await loadDemoAccounts(handle.db);
    await loadEhcpSeries(handle.db, FIXTURES);
    ehcp = (await findIndicators(handle.db, { refs: ['EHCP-2.1.1'] }))[0]!;
  });
  afterAll(() => handle.close());

  it('defines the indicator as a monthly ratio in Education', () => {
    expect(ehcp).toMatchObject({
      title: 'Percentage of new EHC plans issued within 20 weeks',
      unit: 'percent',
      decimals: 1,
      aim: 'bigger_is_better',
      frequency: 'monthly',
      serviceArea: 'Education',
      isRatio: true,
      numeratorLabel: 'Plans issued within 20 weeks',
      denominatorLabel: 'Plans issued',
      valueLabel: '% within 20 weeks',
    });
  });

  it('records April to October 2018, October as 54 of 58', async () => {
    const months = ['2018-04', '2018-05', '2018-06', '2018-07', '2018-08', '2018-09', '2018-10'];
    const values = new Map((await findCurrentValues(handle.db, [ehcp.id], months)).map((v) => [v.period, v]));
    expect([...values.keys()].sort()).toEqual(months);
    expect(values.get('2018-05')).toMatchObject({ value: 65.7, numerator: null, denominator: null });
    const october = values.get('2018-10')!;
    expect(october).toMatchObject({ numerator: 54, denominator: 58, status: 'validated' });
    expect(october.value).toBeCloseTo(93.1034, 4);
  });

  it('has a 95% target for 2018-19 and the 61% national average as its benchmark', async () => {
    expect(await targetOf(handle, ehcp, '2018-19')).toEqual({ kind: 'value', value: 95, tolerance: null });
    const row = await handle.db
      .selectFrom('benchmark_values')
      .select(['value', 'benchmark'])
      .where('indicator_id', '=', ehcp.id)
      .execute();
    expect(row).toEqual([{ value: 61, benchmark: 'national_average' }]);
  });

  it('changes nothing when loaded again', async () => {
    await loadEhcpSeries(handle.db, FIXTURES);
    const history = await findValueHistory(handle.db, ehcp.id);
    expect(history).toHaveLength(7);
    expect(history.every((v) => v.revision === 1)).toBe(true);
    expect(history.every((v) => v.source === 'ehcp-20-weeks-2018.csv' && v.enteredBy === 'demo')).toBe(true);
  });
});
