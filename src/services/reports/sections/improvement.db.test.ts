import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../../test/support/databases.ts';
import type { DatabaseHandle } from '../../../db/client.ts';
import { parsePeriod } from '../../../domain/periods.ts';
import { SEES_EVERYTHING } from '../../../domain/permissions.ts';
import type { Block, ReportChart, ReportTable } from '../../../reports/document.ts';
import { systemContext } from '../../context.ts';
import { DEMO_FIXTURES } from '../../demo/load-demo.ts';
import { loadDemoAccounts } from '../../demo/load-demo-accounts.ts';
import { loadImprovement } from '../../demo/load-improvement.ts';
import { createImprovementServices } from '../../improvement/index.ts';
import { buildImprovementSection } from './improvement.ts';

describe.each(testDatabases)('the improvement section on $name', (database) => {
  let handle: DatabaseHandle;

  const build = (plan: string, month = '2023-03', asAt = new Date()) =>
    buildImprovementSection(handle.db, {
      id: 's4',
      definition: { kind: 'improvement', plan },
      month: parsePeriod(month)!,
      asAt,
      visibility: SEES_EVERYTHING,
    });
  const tables = (blocks: Block[]) =>
    blocks.filter((b) => b.type === 'table').map((b) => (b as { table: ReportTable }).table);

  beforeAll(async () => {
    handle = await database.open();
    await loadDemoAccounts(handle.db);
    await loadImprovement(handle.db, DEMO_FIXTURES);
  });
  afterAll(() => handle?.close());

  it("rolls up the 2023 plan's 62 projects by workstream and status at the end of March 2023, with totals", async () => {
    const section = await build('2023');
    expect(section).toMatchObject({
      kind: 'improvement',
      heading: 'Improving Services for Children, Young People and Families Plan',
    });
    expect(section.blocks[0]).toMatchObject({ text: "The plan's position on 31 March 2023." });
    const [projects] = tables(section.blocks);
    expect(projects!.columns.map((c) => [c.label, c.isNumeric])).toEqual([
      ['Workstream', false],
      ['Blue', true],
      ['Green', true],
      ['Amber', true],
      ['Red', true],
      ['Grey', true],
      ['Not rated', true],
      ['Total', true],
    ]);
    expect(
      projects!.rows.map((r) => [r.cells[0]!.text.split(' ')[0], r.cells[6]!.value, r.cells[7]!.value]),
    ).toEqual([
      ['A', 13, 13],
      ['B', 7, 7],
      ['C', 5, 5],
      ['D', 7, 7],
      ['E1', 12, 12],
      ['E2', 18, 18],
      ['All', 62, 62],
    ]);
    expect(projects!.rows.at(-1)!.isTotal).toBe(true);
    expect(projects!.rows[0]!.cells[7]).toMatchObject({ text: '13', format: { kind: 'count', decimals: 0 } });
    expect(projects!.rows[0]!.cells[7]!.isCount).toBeUndefined(); // projects are not people
    expect(projects!.totals).toContainEqual({
      total: { row: 6, column: 7 },
      parts: [0, 1, 2, 3, 4, 5].map((row) => ({ row, column: 7 })),
    });
    expect(projects!.totals).toContainEqual({
      total: { row: 0, column: 7 },
      parts: [1, 2, 3, 4, 5, 6].map((column) => ({ row: 0, column })),
    });
    const chart = (section.blocks.find((b) => b.type === 'chart') as { chart: ReportChart }).chart;
    expect(chart.svg).toMatch(/^<svg /);
    expect(chart.width).toBe(720);
    expect(chart.height).toBeGreaterThan(0);
    expect(chart.description).toBe(
      'Projects by status and workstream, 31 March 2023. A: 13 Not rated; B: 7 Not rated; C: 5 Not rated; D: 7 Not rated; E1: 12 Not rated; E2: 18 Not rated.',
    );
    // No actions in the demo plan: no action table.
    expect(tables(section.blocks).map((t) => t.caption)).toEqual([
      'Projects by workstream and status, 31 March 2023',
      'Exceptions, 31 March 2023',
    ]);
  });

  it('lists the exceptions the domain flags: Red, past target date, update overdue', async () => {
    const officer = systemContext('test');
    await createImprovementServices(handle.db).postUpdate(
      {
        planRef: '2023',
        itemRef: 'B1',
        input: { status: 'Red', narrative: 'Slipped.', reportedOn: '2023-04-10' },
      },
      officer,
    );
    const april = await build('2023', '2023-04');
    const exceptions = tables(april.blocks).at(-1)!;
    expect(exceptions.columns.map((c) => c.label)).toEqual([
      'Ref',
      'Item',
      'Level',
      'Lead',
      'Target date',
      'Status',
      'Exceptions',
    ]);
    const b1 = exceptions.rows.find((r) => r.cells[0]!.text === 'B1')!.cells;
    expect([b1[5]!.text, b1[5]!.rating, b1[6]!.text]).toEqual(['Red', 'red', 'Red']);
    const a1 = exceptions.rows.find((r) => r.cells[0]!.text === 'A1')!.cells;
    expect(a1[4]!.text).toBe('31 March 2023');
    expect(a1[6]!.text).toMatch(/Past target date/);
    // In March, before B1 was rated, it was not Red; A1 was due on the 31st, so not yet past it.
    const march = tables((await build('2023', '2023-03')).blocks).at(-1)!;
    expect(march.rows.find((r) => r.cells[0]!.text === 'B1')?.cells[6]!.text ?? '').not.toMatch(/Red/);
    expect(march.rows.find((r) => r.cells[0]!.text === 'A1')?.cells[6]!.text ?? '').not.toMatch(
      /Past target/,
    );
  });

  it('reads the plan on the day the report is built when that comes before the month ends', async () => {
    const section = await build('2023', '2023-03', new Date('2023-03-17T12:00:00Z'));
    expect(section.blocks[0]).toMatchObject({ text: "The plan's position on 17 March 2023." });
  });

  it('refuses an unknown plan, naming it', async () => {
    await expect(build('1999')).rejects.toMatchObject({
      code: 'validation',
      message: 'The section names an unknown improvement plan: 1999.',
    });
  });
});
