import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../../test/support/databases.ts';
import type { DatabaseHandle } from '../../../db/client.ts';
import { parsePeriod } from '../../../domain/periods.ts';
import { SEES_EVERYTHING, type Visibility } from '../../../domain/permissions.ts';
import { monthsIn } from '../../../domain/periods.ts';
import type { Block, ReportTable, TableCell } from '../../../reports/document.ts';
import { systemContext } from '../../context.ts';
import { DEMO_FIXTURES } from '../../demo/load-demo.ts';
import { loadDemoAccounts } from '../../demo/load-demo-accounts.ts';
import { loadDirectorateKpis } from '../../demo/load-directorate-kpis.ts';
import type { ValueInput } from '../../inputs.ts';
import { recordValues } from '../../record-values.ts';
import { saveIndicator } from '../../save-indicator.ts';
import { setTarget } from '../../set-target.ts';
import { buildEndOfYearSection } from './end-of-year.ts';

const SYSTEM = systemContext('test');
const month = parsePeriod('2018-05')!;

describe.each(testDatabases)('the end-of-year section on $name', (database) => {
  let handle: DatabaseHandle;
  let before: Date;

  const build = (
    refs: string[],
    year = '2017-18',
    asAt = new Date(),
    visibility: Visibility = SEES_EVERYTHING,
  ) =>
    buildEndOfYearSection(handle.db, {
      id: 's1',
      definition: { kind: 'end-of-year', year, refs },
      month,
      asAt,
      visibility,
    });
  const tableOf = (blocks: Block[]) =>
    (blocks.find((b) => b.type === 'table') as { table: ReportTable }).table;
  const rowOf = (table: ReportTable, ref: string): TableCell[] =>
    table.rows.find((r) => r.cells[0]!.text === ref)!.cells;

  beforeAll(async () => {
    handle = await database.open();
    await loadDemoAccounts(handle.db);
    const base = { serviceArea: 'Test', aim: 'smaller_is_better', frequency: 'monthly' } as const;
    await saveIndicator(
      handle.db,
      { ...base, ref: 'T-CIC', title: 'Children in care', unit: 'count', basis: 'snapshot' },
      SYSTEM,
    );
    await saveIndicator(
      handle.db,
      {
        ...base,
        ref: 'T-ASSESS',
        title: 'Assessments in timescale',
        unit: 'percent',
        aim: 'bigger_is_better',
        isRatio: true,
        numeratorLabel: 'In timescale',
        denominatorLabel: 'Assessments',
        decimals: 1,
      },
      SYSTEM,
    );
    await saveIndicator(
      handle.db,
      { ...base, ref: 'T-NONE', title: 'Contacts', unit: 'count', basis: 'snapshot', aim: 'trend_only' },
      SYSTEM,
    );
    await saveIndicator(
      handle.db,
      {
        ...base,
        ref: 'T-CAL',
        title: 'Calendar measure',
        unit: 'score',
        frequency: 'calendar_year',
        decimals: 1,
      },
      SYSTEM,
    );
    await setTarget(handle.db, { ref: 'T-CIC', year: '2017-18', kind: 'value', value: 950 }, SYSTEM);
    await setTarget(
      handle.db,
      { ref: 'T-ASSESS', year: '2017-18', kind: 'value', value: 80, tolerance: 5 },
      SYSTEM,
    );
    await setTarget(handle.db, { ref: 'T-CAL', year: '2017', kind: 'value', value: 5.5 }, SYSTEM);
    const values: ValueInput[] = [
      { ref: 'T-CIC', period: '2017-03', value: 1000, status: 'validated' },
      { ref: 'T-CIC', period: '2018-02', value: 1, status: 'validated' },
      {
        ref: 'T-CIC',
        period: '2018-03',
        value: 900,
        status: 'validated',
        commentary: 'Fewer children in care.',
      },
      { ref: 'T-NONE', period: '2018-03', value: 4000, status: 'validated' },
      { ref: 'T-CAL', period: 'CY2016', value: 6, status: 'validated' },
      { ref: 'T-CAL', period: 'CY2017', value: 5, status: 'validated' },
      // 2017-18: 100 a month, 78 in timescale April to December, 70 January to March: 912 of 1,200 = 76%.
      ...monthsIn(parsePeriod('FY2017-18')!).map((m): ValueInput => ({
        ref: 'T-ASSESS',
        period: m,
        numerator: m >= '2018-01' ? 70 : 78,
        denominator: 100,
        status: 'validated',
      })),
      // 2016-17: 75% every month.
      ...monthsIn(parsePeriod('FY2016-17')!).map((m): ValueInput => ({
        ref: 'T-ASSESS',
        period: m,
        numerator: 75,
        denominator: 100,
        status: 'validated',
      })),
    ];
    await recordValues(handle.db, values, SYSTEM);
    await loadDirectorateKpis(handle.db, DEMO_FIXTURES);
    before = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await recordValues(
      handle.db,
      [{ ref: 'T-CIC', period: '2018-03', value: 940, status: 'validated', reason: 'late entries' }],
      SYSTEM,
    );
  });
  afterAll(() => handle?.close());

  it('shows a snapshot at the year end (March), judged on the exact figure, with the commentary for March', async () => {
    const section = await build(['T-CIC']);
    expect(section).toMatchObject({ id: 's1', kind: 'end-of-year', heading: 'End of year 2017-18' });
    const table = tableOf(section.blocks);
    expect(table.columns.map((c) => [c.label, c.isNumeric])).toEqual([
      ['Ref', false],
      ['Indicator', false],
      ['Result 2016-17', true],
      ['Result 2017-18', true],
      ['Target', false],
      ['Achieved or missed', false],
      ['Direction of travel since 2016-17', false],
      ['Commentary', false],
    ]);
    const [ref, title, last, result, target, achieved, travel, commentary] = rowOf(table, 'T-CIC');
    expect([ref!.text, title!.text]).toEqual(['T-CIC', 'Children in care']);
    expect(last).toMatchObject({ text: '1,000', value: 1000, isCount: true });
    expect(result).toMatchObject({
      text: '940',
      value: 940,
      format: { kind: 'count', decimals: 0 },
      isCount: true,
      isRevised: true,
      source: { indicator: 'T-CIC', period: '2018-03', breakdown: '', revision: 2 },
    });
    expect(target!.text).toBe('950');
    expect(achieved).toMatchObject({ text: 'Achieved: better than target', rating: 'green' });
    expect(travel!.text).toBe('↓ Improving');
    expect(commentary!.text).toBe('Fewer children in care.');
  });

  it('shows the figures as they stood at asAt, with the revision then current', async () => {
    const result = rowOf(tableOf((await build(['T-CIC'], '2017-18', before)).blocks), 'T-CIC')[3]!;
    expect(result).toMatchObject({ value: 900, source: { revision: 1 } });
    expect(result.isRevised).toBeUndefined();
  });

  it('combines an in-period ratio over the months of the year, across the calendar year end', async () => {
    const [, , last, result, target, achieved, travel] = rowOf(
      tableOf((await build(['T-ASSESS'])).blocks),
      'T-ASSESS',
    );
    expect(result).toMatchObject({ text: '76.0%', value: 76, format: { kind: 'percent', decimals: 1 } });
    expect(result!.source).toBeUndefined(); // worked out from twelve stored figures, not one
    expect(result!.isCount).toBeUndefined();
    expect(last!.value).toBe(75);
    expect(target!.text).toBe('80.0%');
    expect(achieved).toMatchObject({ text: 'Missed: within tolerance', rating: 'amber' });
    expect(travel!.text).toBe('↑ Improving');
  });

  it('says so when an indicator has no target', async () => {
    const [, , , result, target, achieved, travel] = rowOf(
      tableOf((await build(['T-NONE'])).blocks),
      'T-NONE',
    );
    expect(result!.value).toBe(4000);
    expect(target!.text).toBe('No target set');
    expect(achieved).toMatchObject({ text: 'No target', rating: 'grey' });
    expect(travel!.text).toBe('Not available');
  });

  it('reads a calendar-year indicator for the calendar year ending in the reporting year, against its target', async () => {
    const [, , last, result, , achieved, travel] = rowOf(tableOf((await build(['T-CAL'])).blocks), 'T-CAL');
    expect(last).toMatchObject({ value: 6, source: { period: 'CY2016' } });
    expect(result).toMatchObject({ text: '5.0', value: 5, source: { period: 'CY2017' } });
    expect(achieved!.text).toBe('Achieved: better than target');
    expect(travel!.text).toBe('↓ Improving');
  });

  it('has no result for a year whose last quarter is missing, and notes why (Directorate KPIs 2022-23)', async () => {
    const section = await build(['KPI-22-3', 'KPI-22-7'], '2022-23');
    const table = tableOf(section.blocks);
    expect(table.rows.map((r) => r.cells[0]!.text)).toEqual(['KPI-22-3', 'KPI-22-7']);
    const [, title, , result, target, achieved] = rowOf(table, 'KPI-22-3');
    expect(title!.text).toMatch(/^Percentage of 2-year-olds/);
    expect(result).toMatchObject({ text: '', value: null });
    expect(target!.text).toBe('72%');
    expect(achieved).toMatchObject({ text: 'No data', rating: 'grey' });
    const notes = section.blocks
      .filter((b) => b.type === 'paragraph')
      .map((b) => (b as { text: string }).text);
    expect(notes).toContain('KPI-22-3, 2022-23 (financial year): Missing Q4 22-23.');
    expect(rowOf(table, 'KPI-22-7')[4]!.text).toBe('No target set');
  });

  it('refuses an unknown indicator, and one the reader may not see, naming it', async () => {
    await expect(build(['T-CIC', 'NOPE'])).rejects.toMatchObject({
      code: 'validation',
      message: 'The section names an unknown indicator: NOPE.',
    });
    await expect(
      build(['T-CIC'], '2017-18', new Date(), { organisationId: 999_999, isPublishedOnly: false }),
    ).rejects.toMatchObject({
      code: 'validation',
      issues: [{ field: 'refs', message: '"T-CIC" is not a known indicator' }],
    });
  });
});
