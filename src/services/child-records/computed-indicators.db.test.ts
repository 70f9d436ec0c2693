import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextOf } from '../../../test/support/people.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { findAuditEvents } from '../../db/repositories/audit.ts';
import { findIndicator } from '../../db/repositories/catalogue.ts';
import { emptyRecords } from '../../measures/model.ts';
import { assessment, child } from '../../measures/test-records.ts';
import { systemContext } from '../context.ts';
import { loadDemoAccounts } from '../demo/load-demo-accounts.ts';
import { defineDimension } from '../dimensions.ts';
import { saveIndicator } from '../save-indicator.ts';
import { createChildRecordServices, type ChildRecordServices } from './index.ts';
import { storeReturn, type ReadReturn } from './store-return.ts';

const SYSTEM = systemContext('test');

/** In March 2024: A completed in 10 working days, B in 60, C in 30; C is in the South. */
const MARCH: ReadReturn = {
  source: 'cin_census',
  la: '330',
  asAt: '2024-03-31',
  fileNames: ['cin.xml'],
  records: {
    ...emptyRecords(),
    children: [child('A', { team: 'North' }), child('B', { team: 'North' }), child('C', { team: 'South' })],
    assessments: [
      assessment('A', '2024-03-01', '2024-03-15'),
      assessment('B', '2023-12-01', '2024-03-04'),
      assessment('C', '2024-02-01', '2024-03-14'),
    ],
  },
  findings: [],
};

describe.each(testDatabases)('indicators computed from a measure, on $name', (database) => {
  let handle: DatabaseHandle;
  let childRecords: ChildRecordServices;
  const figures = async (ref: string, period: string) => {
    const indicator = (await findIndicator(handle.db, ref))!;
    return handle.db
      .selectFrom('indicator_values')
      .select(['breakdown', 'numerator', 'denominator', 'source'])
      .where('indicator_id', '=', indicator.id)
      .where('period', '=', period)
      .where('is_current', '=', true)
      .orderBy('breakdown')
      .execute();
  };

  beforeAll(async () => {
    handle = await database.open();
    await loadDemoAccounts(handle.db);
    childRecords = createChildRecordServices(handle.db);
    await defineDimension(handle.db, {
      code: 'locality',
      name: 'Locality',
      items: [
        { code: 'N', label: 'North' },
        { code: 'S', label: 'South' },
      ],
    });
    await saveIndicator(
      handle.db,
      {
        ref: 'CSC-A45',
        title: 'Assessments within 45 working days',
        unit: 'percent',
        decimals: 1,
        aim: 'bigger_is_better',
        frequency: 'monthly',
        serviceArea: "Children's social care",
        isRatio: true,
        numeratorLabel: 'In time',
        denominatorLabel: 'Completed',
        columnDimension: 'locality',
      },
      SYSTEM,
    );
    await saveIndicator(
      handle.db,
      {
        ref: 'CSC-REF',
        title: 'Referrals',
        unit: 'count',
        decimals: 0,
        aim: 'trend_only',
        frequency: 'monthly',
        serviceArea: "Children's social care",
      },
      SYSTEM,
    );
    await storeReturn(handle.db, MARCH, SYSTEM);
  });
  afterAll(() => handle.close());

  it('works out the figures at once when an indicator is linked to a measure, by locality, with the import as their source', async () => {
    const performance = await contextOf(handle.db, 'performance@demo.invalid');
    const result = await childRecords.computeIndicatorFromMeasure(
      { ref: 'CSC-A45', measureId: 'assessments-within-45-working-days', la: '330', breakdown: 'team' },
      performance,
    );
    expect(result.created).toBe(3);
    expect(await figures('CSC-A45', '2024-03')).toEqual([
      {
        breakdown: '',
        numerator: 2,
        denominator: 3,
        source: expect.stringMatching(
          /^Computed from Assessments completed within 45 working days, child-level import \d+$/,
        ),
      },
      { breakdown: 'locality=N', numerator: 1, denominator: 2, source: expect.any(String) },
      { breakdown: 'locality=S', numerator: 1, denominator: 1, source: expect.any(String) },
    ]);
    expect(
      (await findAuditEvents(handle.db, { action: 'indicator.compute_from_measure' }))[0]?.entityId,
    ).toBe('CSC-A45');
    expect(await childRecords.measureOfIndicator('CSC-A45')).toEqual({
      ref: 'CSC-A45',
      measureId: 'assessments-within-45-working-days',
      la: '330',
      breakdown: 'team',
    });
  });

  it('refreshes the figures on the next import of the authority’s records, leaving unchanged ones alone', async () => {
    const performance = await contextOf(handle.db, 'performance@demo.invalid');
    const later = {
      ...MARCH,
      asAt: '2024-04-30',
      records: {
        ...emptyRecords(),
        assessments: [assessment('D', '2024-03-05', '2024-03-20')],
        children: [child('D', { team: 'South' })],
      },
    };
    const stored = await storeReturn(handle.db, later, SYSTEM);
    const result = await childRecords.refreshComputedIndicators(stored, performance);
    expect(result).toMatchObject({ indicators: 1, created: 0, revised: 2, notes: [] });
    expect(result.unchanged).toBeGreaterThan(0);
    expect(
      (await figures('CSC-A45', '2024-03')).map((f) => [f.breakdown, f.numerator, f.denominator]),
    ).toEqual([
      ['', 3, 4],
      ['locality=N', 1, 2],
      ['locality=S', 2, 2],
    ]);
  });

  it('refuses a measure whose kind does not fit the indicator’s unit, or a breakdown the indicator cannot hold', async () => {
    const performance = await contextOf(handle.db, 'performance@demo.invalid');
    await expect(
      childRecords.computeIndicatorFromMeasure(
        { ref: 'CSC-REF', measureId: 'assessments-within-45-working-days', la: '330', breakdown: 'none' },
        performance,
      ),
    ).rejects.toThrow(/unit must be percent, not count/);
    await expect(
      childRecords.computeIndicatorFromMeasure(
        { ref: 'CSC-REF', measureId: 'referrals', la: '330', breakdown: 'team' },
        performance,
      ),
    ).rejects.toThrow(/no column breakdown/);
  });

  it('lets only those who define the catalogue link an indicator to a measure', async () => {
    const owner = await contextOf(handle.db, 'owner@demo.invalid');
    await expect(
      childRecords.computeIndicatorFromMeasure(
        { ref: 'CSC-REF', measureId: 'referrals', la: '330', breakdown: 'none' },
        owner,
      ),
    ).rejects.toThrow(/permission/);
  });
});
