import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextOf } from '../../../test/support/people.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { findAuditEvents } from '../../db/repositories/audit.ts';
import { parsePeriod, type Period } from '../../domain/periods.ts';
import { TOTAL_ITEM } from '../../measures/aggregate.ts';
import { emptyRecords } from '../../measures/model.ts';
import { child, referral } from '../../measures/test-records.ts';
import { systemContext } from '../context.ts';
import { loadDemoAccounts } from '../demo/load-demo-accounts.ts';
import { createMeasureServices, type MeasureServices } from './measures.ts';
import { storeReturn } from './store-return.ts';

const OPERATOR = systemContext('test');
const period = (code: string): Period => parsePeriod(code)!;

describe.each(testDatabases)('measures from the records held, on $name', (database) => {
  let handle: DatabaseHandle;
  let measures: MeasureServices;
  beforeAll(async () => {
    handle = await database.open();
    await loadDemoAccounts(handle.db);
    measures = createMeasureServices(handle.db);
    await storeReturn(
      handle.db,
      {
        source: 'cin_census',
        la: '330',
        asAt: '2024-03-31',
        fileNames: ['cin.xml'],
        records: {
          ...emptyRecords(),
          children: [
            child('A', { team: 'North' }),
            child('B', { team: 'South' }),
            child('C', { team: 'North' }),
          ],
          referrals: [
            referral('A', '2023-05-02'),
            referral('A', '2024-01-10'), // within 12 months of the first: a re-referral
            referral('B', '2024-01-20'),
            referral('C', '2024-02-01', { problems: ['referralDate'] }),
          ],
        },
        findings: [],
      },
      OPERATOR,
    );
  });
  afterAll(() => handle.close());

  it('gives a figure for any period and breakdown, with what was left out', async () => {
    const performance = await contextOf(handle.db, 'performance@demo.invalid');
    const query = { la: '330', measureId: 're-referrals-within-12-months', breakdown: 'team' as const };
    const quarter = await measures.figure({ ...query, period: period('2023-24-Q4') }, performance);
    expect(quarter.aggregate.total).toMatchObject({ numerator: 1, denominator: 2, value: 50, leftOut: 1 });
    expect(quarter.aggregate.items.map((i) => [i.item, i.numerator, i.denominator])).toEqual(
      expect.arrayContaining([
        ['North', 1, 1],
        ['South', 0, 1],
      ]),
    );
    const year = await measures.figure(
      { ...query, breakdown: 'none', period: period('FY2023-24') },
      performance,
    );
    expect(year.aggregate.total).toMatchObject({ numerator: 1, denominator: 3 });
  });

  it('reads a new import at once', async () => {
    const performance = await contextOf(handle.db, 'performance@demo.invalid');
    const query = {
      la: '330',
      measureId: 'referrals',
      breakdown: 'none' as const,
      period: period('2024-01'),
    };
    expect((await measures.figure(query, performance)).aggregate.total.numerator).toBe(2);
    await storeReturn(
      handle.db,
      {
        source: 'annex_a',
        la: '330',
        asAt: '2024-03-31',
        fileNames: ['List_3.csv'],
        records: { ...emptyRecords(), referrals: [referral('B', '2024-01-25')] },
        findings: [],
      },
      OPERATOR,
    );
    expect((await measures.figure(query, performance)).aggregate.total.numerator).toBe(3);
  });

  it('lists the children behind a part of a figure, and audits who looked', async () => {
    const owner = await contextOf(handle.db, 'owner@demo.invalid');
    const { rows } = await measures.rowsBehind(
      {
        la: '330',
        measureId: 're-referrals-within-12-months',
        breakdown: 'team',
        period: period('2023-24-Q4'),
        item: 'North',
        part: 'numerator',
      },
      owner,
    );
    expect(rows.map((r) => [r.childId, r.dates])).toEqual([
      ['A', expect.objectContaining({ Referral: '2024-01-10' })],
    ]);
    const audit = await findAuditEvents(handle.db, { action: 'children.view' });
    expect(audit[0]).toMatchObject({ actor: 'Owen Owner', entityId: 're-referrals-within-12-months' });
    expect(audit[0]!.detail).toContain('team North: 1 records');
  });

  it('lists the records left out, each with the field that failed', async () => {
    const performance = await contextOf(handle.db, 'performance@demo.invalid');
    const { rows } = await measures.rowsBehind(
      {
        la: '330',
        measureId: 'referrals',
        breakdown: 'none',
        period: period('2024-02'),
        item: TOTAL_ITEM,
        part: 'left_out',
      },
      performance,
    );
    expect(rows.map((r) => [r.childId, r.leftOutBecause])).toEqual([['C', 'referralDate']]);
  });

  it('shows figures only to the council, and children only to those allowed to see them', async () => {
    const query = {
      la: '330',
      measureId: 'referrals',
      breakdown: 'none' as const,
      period: period('2024-01'),
    };
    for (const email of ['councillor@demo.invalid', 'trust@demo.invalid']) {
      const context = await contextOf(handle.db, email);
      await expect(measures.figure(query, context)).rejects.toThrow(/permission/);
      await expect(
        measures.rowsBehind({ ...query, item: TOTAL_ITEM, part: 'numerator' }, context),
      ).rejects.toThrow(/permission/);
    }
  });

  it('refuses a measure it does not know', async () => {
    const performance = await contextOf(handle.db, 'performance@demo.invalid');
    await expect(
      measures.figure(
        { la: '330', measureId: 'nonsense', breakdown: 'none', period: period('2024-01') },
        performance,
      ),
    ).rejects.toThrow(/no measure nonsense/);
  });
});
