import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../../test/support/databases.ts';
import type { DatabaseHandle } from '../../../db/client.ts';
import { parsePeriod } from '../../../domain/periods.ts';
import { SEES_EVERYTHING } from '../../../domain/permissions.ts';
import type { ReportTable, TableCell } from '../../../reports/document.ts';
import { systemContext } from '../../context.ts';
import { DEMO_FIXTURES } from '../../demo/load-demo.ts';
import { loadDemoAccounts } from '../../demo/load-demo-accounts.ts';
import { loadDirectorateKpis } from '../../demo/load-directorate-kpis.ts';
import { recordValues } from '../../record-values.ts';
import { saveIndicator } from '../../save-indicator.ts';
import { setTarget } from '../../set-target.ts';
import { buildQuarterlySection } from './quarterly.ts';

const SYSTEM = systemContext('test');

describe.each(testDatabases)('the quarterly section on $name', (database) => {
  let handle: DatabaseHandle;

  const build = async (refs: string[], year = '2022-23') => {
    const section = await buildQuarterlySection(handle.db, {
      id: 's2',
      definition: { kind: 'quarterly', year, refs },
      month: parsePeriod('2023-03')!,
      asAt: new Date(),
      visibility: SEES_EVERYTHING,
    });
    const table = (section.blocks.find((b) => b.type === 'table') as { table: ReportTable }).table;
    const row = (ref: string): TableCell[] => table.rows.find((r) => r.cells[0]!.text === ref)!.cells;
    return { section, table, row };
  };

  beforeAll(async () => {
    handle = await database.open();
    await loadDemoAccounts(handle.db);
    await loadDirectorateKpis(handle.db, DEMO_FIXTURES);
    const base = { serviceArea: 'Test', frequency: 'monthly', aim: 'bigger_is_better' } as const;
    await saveIndicator(
      handle.db,
      {
        ...base,
        ref: 'T-VISITS',
        title: 'Visits in time',
        unit: 'percent',
        isRatio: true,
        numeratorLabel: 'In time',
        denominatorLabel: 'Visits',
      },
      SYSTEM,
    );
    await saveIndicator(
      handle.db,
      {
        ...base,
        ref: 'T-CIC',
        title: 'Children in care',
        unit: 'count',
        basis: 'snapshot',
        aim: 'trend_only',
      },
      SYSTEM,
    );
    await setTarget(handle.db, { ref: 'T-VISITS', year: '2022-23', kind: 'value', value: 90 }, SYSTEM);
    await recordValues(
      handle.db,
      [
        // Q3 (Oct–Dec 2022): 270 of 300; Q4 (Jan–Mar 2023): 285 of 300.
        ...['2022-10', '2022-11', '2022-12'].map((m) => ({
          ref: 'T-VISITS',
          period: m,
          numerator: 90,
          denominator: 100,
        })),
        ...['2023-01', '2023-02', '2023-03'].map((m) => ({
          ref: 'T-VISITS',
          period: m,
          numerator: 95,
          denominator: 100,
          ...(m === '2023-02' ? { commentary: 'Better in the new year.' } : {}),
        })),
        { ref: 'T-CIC', period: '2022-11', value: 1900 },
        { ref: 'T-CIC', period: '2022-12', value: 1950 },
      ],
      SYSTEM,
    );
  });
  afterAll(() => handle?.close());

  it('reproduces the Directorate KPIs 2022-23 table: target, Qtr1–Qtr3, Q4 blank, the latest commentary', async () => {
    const { section, table, row } = await build(['KPI-22-3', 'KPI-22-10', 'KPI-22-5', 'KPI-22-7']);
    expect(section).toMatchObject({ kind: 'quarterly', heading: 'Quarterly performance 2022-23' });
    expect(table.columns.map((c) => c.label)).toEqual([
      'Ref',
      'Indicator',
      'Target 2022-23',
      'Q1 22-23',
      'Q2 22-23',
      'Q3 22-23',
      'Q4 22-23',
      'Commentary',
    ]);
    const eee = row('KPI-22-3');
    expect(eee.slice(2, 7).map((c) => c.text)).toEqual(['72%', '67%', '67%', '69%', '']);
    expect(eee[5]).toMatchObject({
      value: 69,
      format: { kind: 'percent', decimals: 0 },
      rating: 'red',
      source: { indicator: 'KPI-22-3', period: '2022-23-Q3', breakdown: '', revision: 1 },
    });
    expect(eee[6]).toMatchObject({ text: '', value: null });
    expect(eee[6]!.rating).toBeUndefined();
    expect(eee[7]!.text).toMatch(/^Data and performance is available termly/);
    expect(
      row('KPI-22-10')
        .slice(3, 7)
        .map((c) => c.rating),
    ).toEqual(['green', 'green', 'red', undefined]);
  });

  it('leaves quarters with no data blank, and counts as counts', async () => {
    const { row } = await build(['KPI-22-5']);
    const haf = row('KPI-22-5');
    expect(haf.slice(3, 7).map((c) => c.text)).toEqual(['', '', '13,104', '']);
    expect(haf[5]).toMatchObject({ value: 13104, isCount: true, format: { kind: 'count', decimals: 0 } });
  });

  it('shows an indicator with no target without ratings', async () => {
    const { row } = await build(['KPI-22-7']);
    const placements = row('KPI-22-7');
    expect(placements[2]!.text).toBe('No target set');
    expect(placements.slice(3, 7).map((c) => [c.text, c.rating])).toEqual([
      ['', undefined],
      ['244', undefined],
      ['278', undefined],
      ['', undefined],
    ]);
  });

  it('combines an in-period monthly ratio within each quarter, Q4 running into the next calendar year', async () => {
    const { row } = await build(['T-VISITS']);
    const visits = row('T-VISITS');
    expect(visits.slice(3, 7).map((c) => c.value)).toEqual([null, null, 90, 95]);
    expect(visits[6]).toMatchObject({ text: '95%', rating: 'green' });
    expect(visits[6]!.source).toBeUndefined();
    expect(visits[7]!.text).toBe('Better in the new year.');
  });

  it('takes the quarter-end month of a snapshot, and nothing when that month is missing', async () => {
    const { row } = await build(['T-CIC']);
    const cic = row('T-CIC');
    expect(cic.slice(3, 7).map((c) => c.value)).toEqual([null, null, 1950, null]);
    expect(cic[5]!.source).toMatchObject({ period: '2022-12' });
  });

  it('refuses an unknown indicator, naming it', async () => {
    await expect(build(['KPI-22-3', 'KPI-99'])).rejects.toMatchObject({
      code: 'validation',
      message: 'The section names an unknown indicator: KPI-99.',
    });
  });
});
