import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../../test/support/databases.ts';
import type { DatabaseHandle } from '../../../db/client.ts';
import { parsePeriod } from '../../../domain/periods.ts';
import { SEES_EVERYTHING } from '../../../domain/permissions.ts';
import type { ReportTable } from '../../../reports/document.ts';
import { systemContext } from '../../context.ts';
import { DEMO_FIXTURES } from '../../demo/load-demo.ts';
import { loadDemoAccounts } from '../../demo/load-demo-accounts.ts';
import { loadImprovement } from '../../demo/load-improvement.ts';
import { createImprovementServices } from '../../improvement/index.ts';
import { buildRisksSection } from './risks.ts';

describe.each(testDatabases)('the risks section on $name', (database) => {
  let handle: DatabaseHandle;

  const build = async (plan: string, month = '2023-06') => {
    const section = await buildRisksSection(handle.db, {
      id: 's5',
      definition: { kind: 'risks', plan },
      month: parsePeriod(month)!,
      asAt: new Date(),
      visibility: SEES_EVERYTHING,
    });
    const table = (section.blocks.find((b) => b.type === 'table') as { table: ReportTable } | undefined)
      ?.table;
    return { section, table };
  };

  beforeAll(async () => {
    handle = await database.open();
    await loadDemoAccounts(handle.db);
    await loadImprovement(handle.db, DEMO_FIXTURES);
    await createImprovementServices(handle.db).saveRisk(
      {
        planRef: '2023',
        input: {
          ref: 'R3',
          title: 'Placement sufficiency',
          owner: 'Director of Children’s Services',
          inherentLikelihood: 4,
          inherentImpact: 5,
          residualLikelihood: 3,
          residualImpact: 4,
          targetLikelihood: 2,
          targetImpact: 2,
          mitigations: 'Commissioning strategy.',
          reviewOn: '2023-05-31',
        },
      },
      systemContext('test'),
    );
  });
  afterAll(() => handle?.close());

  it("lists the 2023 plan's register: owner, scores, mitigation, review date flagged when past", async () => {
    const { section, table } = await build('2023');
    expect(section).toMatchObject({
      kind: 'risks',
      heading: expect.stringMatching(/^Risks: Improving Services/),
    });
    expect(section.blocks[0]).toMatchObject({
      text: '3 open risks on 30 June 2023; 1 past its review date.',
    });
    expect(table!.columns.map((c) => [c.label, c.isNumeric])).toEqual([
      ['Ref', false],
      ['Risk', false],
      ['Owner', false],
      ['Inherent score', true],
      ['Residual score', true],
      ['Target score', true],
      ['Mitigation', false],
      ['Review date', false],
    ]);
    expect(table!.rows.map((r) => r.cells[0]!.text)).toEqual(['R1', 'R2', 'R3']);
    const [r1, , r3] = table!.rows.map((r) => r.cells);
    expect(r1![1]!.text).toMatch(/^Scale and pace of recruitment/);
    expect(r1![3]).toMatchObject({ text: 'Not scored', value: null });
    expect(r1![6]!.text).toMatch(/^Plan in place to support recruitment/);
    expect(r1![7]!.text).toBe('None set');
    expect(r3![3]).toMatchObject({
      text: '20 Very high (L4 × I5)',
      value: 20,
      format: { kind: 'score', decimals: 0 },
    });
    expect(r3![4]).toMatchObject({ text: '12 High (L3 × I4)', value: 12 });
    expect(r3![5]).toMatchObject({ text: '4 Low (L2 × I2)', value: 4 });
    expect(r3![7]).toMatchObject({ text: '31 May 2023: past review date', rating: 'red' });
  });

  it('does not flag a review due later than the report’s day', async () => {
    const { table } = await build('2023', '2023-05');
    expect(table!.rows[2]!.cells[7]).toEqual({ text: '31 May 2023' });
  });

  it('refuses an unknown plan, naming it', async () => {
    await expect(build('nope')).rejects.toMatchObject({
      code: 'validation',
      message: 'The section names an unknown improvement plan: nope.',
    });
  });
});
