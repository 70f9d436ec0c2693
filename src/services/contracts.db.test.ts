import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { findAuditEvents } from '../db/repositories/audit.ts';
import { insertUser, saveOrganisation } from '../db/repositories/people.ts';
import type { Actor, Role } from '../domain/permissions.ts';
import { AppError } from '../errors.ts';
import { systemContext, type RequestContext } from './context.ts';
import { createContractServices, type ContractInput } from './contracts.ts';
import { recordValues } from './record-values.ts';
import { saveIndicator } from './save-indicator.ts';

const SYSTEM = systemContext('test');

const failure = async (promise: Promise<unknown>): Promise<AppError> => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};

const MONTHS = [
  '2017-11',
  '2017-12',
  '2018-01',
  '2018-02',
  '2018-03',
  '2018-04',
  '2018-05',
  '2018-06',
  '2018-07',
  '2018-08',
  '2018-09',
  '2018-10',
];

describe.each(testDatabases)('partner contracts on $name', (database) => {
  let handle: DatabaseHandle;
  let services: ReturnType<typeof createContractServices>;
  const org: Record<'council' | 'trust' | 'other', number> = { council: 0, trust: 0, other: 0 };
  let officerId = 0;

  const as = (role: Role, organisation: keyof typeof org, extra: Partial<Actor> = {}): RequestContext => ({
    actor: {
      userId: officerId,
      role,
      organisationId: org[organisation],
      isCouncil: organisation === 'council',
      scopes: null,
      ...extra,
    },
    actorName: `${role} of ${organisation}`,
    channel: 'web',
    ip: '127.0.0.1',
  });

  const TRUST_CONTRACT: ContractInput = {
    ref: 'TRUST-1',
    title: 'Trust services contract',
    organisation: 'The Trust',
    startsOn: '2018-04-01',
    indicators: [
      { ref: 'T-ASSESS', position: 1, target: 85, tolerance: 5 },
      { ref: 'T-CASELOAD', position: 2, target: 18, tolerance: 2 },
      { ref: 'T-REOFFEND', position: 3, target: 40, tolerance: 5, cumulativeBasis: 'none' },
    ],
  };

  beforeAll(async () => {
    handle = await database.open();
    services = createContractServices(handle.db);
    org.council = (await saveOrganisation(handle.db, { name: 'The Council', kind: 'council' })).id;
    org.trust = (await saveOrganisation(handle.db, { name: 'The Trust', kind: 'partner' })).id;
    org.other = (await saveOrganisation(handle.db, { name: 'Other Partner', kind: 'partner' })).id;
    officerId = await insertUser(handle.db, {
      email: 'officer@example.test',
      name: 'Olive Officer',
      organisationId: org.council,
      role: 'performance_officer',
      passwordHash: null,
      mustChangePassword: false,
    });
    const base = { frequency: 'monthly', serviceArea: 'Trust contract', reportingOrganisation: 'The Trust' };
    await saveIndicator(
      handle.db,
      {
        ...base,
        ref: 'T-ASSESS',
        title: 'Assessments within 45 days',
        unit: 'percent',
        decimals: 1,
        aim: 'bigger_is_better',
        isRatio: true,
        numeratorLabel: 'In time',
        denominatorLabel: 'Completed',
      },
      SYSTEM,
    );
    await saveIndicator(
      handle.db,
      {
        ...base,
        ref: 'T-CASELOAD',
        title: 'Average caseload',
        unit: 'count',
        decimals: 1,
        aim: 'smaller_is_better',
      },
      SYSTEM,
    );
    await saveIndicator(
      handle.db,
      {
        ...base,
        ref: 'T-REOFFEND',
        title: 'Re-offending',
        unit: 'percent',
        decimals: 1,
        aim: 'smaller_is_better',
        isRatio: true,
        numeratorLabel: 'Re-offended',
        denominatorLabel: 'Cohort',
      },
      SYSTEM,
    );
    await saveIndicator(
      handle.db,
      {
        ...base,
        reportingOrganisation: 'Other Partner',
        ref: 'O-1',
        title: 'Other measure',
        unit: 'count',
        aim: 'bigger_is_better',
      },
      SYSTEM,
    );
    await saveIndicator(
      handle.db,
      {
        ...base,
        ref: 'T-ANNUAL',
        title: 'Annual',
        unit: 'count',
        aim: 'bigger_is_better',
        frequency: 'financial_year',
      },
      SYSTEM,
    );
    // Assessments: 90% each month (better than 85%), validated; October provisionally revised to 80%.
    await recordValues(
      handle.db,
      MONTHS.map((period) => ({
        ref: 'T-ASSESS',
        period,
        numerator: 90,
        denominator: 100,
        status: 'validated',
      })),
      SYSTEM,
    );
    await recordValues(
      handle.db,
      [{ ref: 'T-ASSESS', period: '2018-10', numerator: 80, denominator: 100, status: 'provisional' }],
      SYSTEM,
    );
    // Caseload: 19 each month, 21 in October (outside a 2-case tolerance above 18).
    await recordValues(
      handle.db,
      MONTHS.map((period) => ({
        ref: 'T-CASELOAD',
        period,
        value: period === '2018-10' ? 21 : 19,
        status: 'validated',
      })),
      SYSTEM,
    );
    // Re-offending: October only.
    await recordValues(
      handle.db,
      [{ ref: 'T-REOFFEND', period: '2018-10', numerator: 14, denominator: 40, status: 'validated' }],
      SYSTEM,
    );
    await recordValues(handle.db, [{ ref: 'O-1', period: '2018-09', value: 5, status: 'validated' }], SYSTEM);
  });
  afterAll(() => handle.close());

  describe('defining a contract', () => {
    it('creates a contract with its terms, audited with the contract after', async () => {
      const saved = await services.define(TRUST_CONTRACT, as('performance_officer', 'council'));
      expect(saved).toMatchObject({
        ref: 'TRUST-1',
        organisation: { id: org.trust, name: 'The Trust', kind: 'partner' },
        startsOn: '2018-04-01',
        endsOn: null,
        isIllustrative: false,
      });
      const [event] = await findAuditEvents(handle.db, { action: 'contract.create' });
      expect(event).toMatchObject({
        entityType: 'contract',
        entityId: 'TRUST-1',
        actorUserId: officerId,
        outcome: 'success',
        before: null,
      });
      expect(event!.after).toMatchObject({
        organisation: 'The Trust',
        indicators: [
          { position: 1, ref: 'T-ASSESS', target: 85, tolerance: 5, cumulativeBasis: 'rolling_12_months' },
          { position: 2, ref: 'T-CASELOAD', target: 18, tolerance: 2, cumulativeBasis: 'rolling_12_months' },
          { position: 3, ref: 'T-REOFFEND', target: 40, tolerance: 5, cumulativeBasis: 'none' },
        ],
      });
    });

    it('records nothing when a contract is defined again exactly as it stands', async () => {
      const before = (await findAuditEvents(handle.db)).length;
      await services.define(TRUST_CONTRACT, SYSTEM);
      expect(await findAuditEvents(handle.db)).toHaveLength(before);
    });

    it('audits a change of terms with the contract before and after', async () => {
      const changed = {
        ...TRUST_CONTRACT,
        indicators: TRUST_CONTRACT.indicators.map((i) =>
          i.ref === 'T-CASELOAD' ? { ...i, tolerance: 4 } : i,
        ),
      };
      await services.define(changed, as('administrator', 'council'));
      const [event] = await findAuditEvents(handle.db, { action: 'contract.update' });
      expect((event!.before as { indicators: { tolerance: number }[] }).indicators[1]!.tolerance).toBe(2);
      expect((event!.after as { indicators: { tolerance: number }[] }).indicators[1]!.tolerance).toBe(4);
      await services.define(TRUST_CONTRACT, SYSTEM);
    });

    it('defines a contract with another partner', async () => {
      await services.define(
        {
          ref: 'OTHER-1',
          title: 'Other partner contract',
          organisation: 'Other Partner',
          startsOn: '2018-01-01',
          endsOn: '2020-12-31',
          indicators: [{ ref: 'O-1', target: 4, tolerance: 1 }],
        },
        SYSTEM,
      );
    });

    it('refuses unknown organisations and indicators, annual indicators and repeats, saving nothing', async () => {
      const error = await failure(
        services.define(
          {
            ref: 'BAD-1',
            title: 'Bad',
            organisation: 'Nobody',
            startsOn: '2018-04-01',
            indicators: [
              { ref: 'NOPE', target: 1 },
              { ref: 'T-ANNUAL', target: 1 },
              { ref: 'T-ASSESS', target: 1 },
              { ref: 't-assess', target: 1 },
              { ref: 'T-CASELOAD', position: 4, target: 1 },
            ],
          },
          SYSTEM,
        ),
      );
      expect(error.code).toBe('validation');
      expect(error.issues.map((i) => `${i.field}: ${i.message}`)).toEqual([
        'organisation: no organisation is called "Nobody"',
        'indicators.0.ref: no indicator has the reference "NOPE"',
        'indicators.1.ref: T-ANNUAL is reported financial year; a contract judges monthly indicators',
        'indicators.3.ref: T-ASSESS is listed more than once',
        'indicators.4.position: KPI 4 is listed more than once',
      ]);
      await expect(services.get('BAD-1', undefined, SYSTEM)).rejects.toMatchObject({ code: 'not_found' });
    });

    it('refuses a negative tolerance and an end before the start', async () => {
      const error = await failure(
        services.define(
          {
            ...TRUST_CONTRACT,
            endsOn: '2018-03-31',
            indicators: [{ ref: 'T-ASSESS', target: 85, tolerance: -1 }],
          },
          SYSTEM,
        ),
      );
      expect(error.issues.map((i) => i.field).sort()).toEqual(['endsOn', 'indicators.0.tolerance']);
    });

    it.each(['viewer', 'partner_contributor', 'indicator_owner'] as const)(
      'refuses a %s: only performance officers and administrators define contracts',
      async (role) => {
        const error = await failure(
          services.define(TRUST_CONTRACT, as(role, role === 'partner_contributor' ? 'trust' : 'council')),
        );
        expect(error.code).toBe('forbidden');
      },
    );
  });

  describe('reading a contract', () => {
    it('judges the latest month with figures by default', async () => {
      const detail = await services.get('TRUST-1', undefined, as('performance_officer', 'council'));
      expect(detail.latestMonth).toBe('2018-10');
      expect(detail.position.month.code).toBe('2018-10');
      const [assess, caseload, reoffend] = detail.position.indicators;
      expect(assess).toMatchObject({ ref: 'T-ASSESS', position: 1, target: 85, tolerance: 5 });
      expect(assess!.inMonth).toMatchObject({ status: 'within_tolerance', value: 80 });
      // 11 months of 90 of 100 and October's 80 of 100: 1,070 of 1,200.
      expect(assess!.cumulative).toMatchObject({ numerator: 1070, denominator: 1200 });
      expect(assess!.cumulative.status).toBe('better_than_target');
      expect(caseload!.inMonth.status).toBe('outside_tolerance');
      expect(caseload!.cumulative.value).toBeCloseTo((11 * 19 + 21) / 12, 10);
      expect(caseload!.cumulative.status).toBe('within_tolerance');
      expect(reoffend!.inMonth.status).toBe('better_than_target');
      expect(reoffend!.cumulative.status).toBe('not_applicable');
      expect(detail.position.inMonth.text).toBe(
        '2 of 3 within target or tolerance: 1 better than target, 1 missed but within tolerance; 1 outside tolerance',
      );
      expect(detail.position.cumulative.text).toBe(
        'all 2 within target or tolerance: 1 better than target, 1 missed but within tolerance (not counted: 1 indicator with no cumulative measure)',
      );
    });

    it('judges the month asked for, with no data where a month is missing', async () => {
      const detail = await services.get('TRUST-1', '2018-09', SYSTEM);
      expect(detail.position.month.code).toBe('2018-09');
      const [assess, caseload, reoffend] = detail.position.indicators;
      expect(assess!.inMonth.status).toBe('better_than_target');
      // The 12 months to September start in October 2017, which has no figures.
      expect(assess!.cumulative.status).toBe('no_data');
      expect(caseload!.cumulative.explanation).toMatch(/^No figure for Oct-17/);
      expect(reoffend!.inMonth.status).toBe('no_data');
      expect(detail.position.inMonth.text).toBe(
        '2 of 3 within target or tolerance: 1 better than target, 1 missed but within tolerance; 1 with no data',
      );
    });

    it('shows a viewer the validated figures only', async () => {
      const detail = await services.get('TRUST-1', undefined, as('viewer', 'council'));
      expect(detail.position.indicators[0]!.inMonth).toMatchObject({
        status: 'better_than_target',
        value: 90,
      });
    });

    it('refuses a month that is not YYYY-MM', async () => {
      for (const month of ['2018-13', 'October', '2018-10-01', 'FY2018-19']) {
        const error = await failure(services.get('TRUST-1', month, SYSTEM));
        expect(error.code).toBe('validation');
        expect(error.issues[0]!.field).toBe('month');
      }
    });

    it('reports an unknown reference as not found', async () => {
      const error = await failure(services.get('NO-SUCH', undefined, SYSTEM));
      expect(error.code).toBe('not_found');
      expect(error.message).toBe('No contract has the reference "NO-SUCH".');
    });

    it('lets a partner contributor see their own organisation’s contract', async () => {
      const detail = await services.get('TRUST-1', undefined, as('partner_contributor', 'trust'));
      expect(detail.contract.ref).toBe('TRUST-1');
    });

    it('reports another organisation’s contract to a partner as not found, never forbidden', async () => {
      for (const context of [as('partner_contributor', 'other'), as('viewer', 'other')]) {
        const error = await failure(services.get('TRUST-1', '2018-10', context));
        expect(error.code).toBe('not_found');
        expect(error.message).toBe('No contract has the reference "TRUST-1".');
      }
    });

    it('refuses an API token without the contracts:read scope', async () => {
      const error = await failure(
        services.get(
          'TRUST-1',
          undefined,
          as('performance_officer', 'council', { scopes: ['figures:read'] }),
        ),
      );
      expect(error.code).toBe('forbidden');
    });
  });

  describe('listing contracts', () => {
    it('lists every contract for the council, each summed up for its latest month', async () => {
      const list = await services.list(as('viewer', 'council'));
      expect(list.map((c) => c.contract.ref)).toEqual(['OTHER-1', 'TRUST-1']);
      const [other, trust] = list;
      expect(other!.month?.code).toBe('2018-09');
      expect(other!.inMonth?.text).toBe('1 of 1 within target or tolerance: 1 better than target');
      expect(trust).toMatchObject({ indicatorCount: 3 });
      expect(trust!.month?.code).toBe('2018-10');
    });

    it('lists only their own organisation’s contracts for a partner', async () => {
      expect((await services.list(as('partner_contributor', 'trust'))).map((c) => c.contract.ref)).toEqual([
        'TRUST-1',
      ]);
      expect((await services.list(as('viewer', 'other'))).map((c) => c.contract.ref)).toEqual(['OTHER-1']);
    });

    it('lists a contract with no figures yet without a summary', async () => {
      await services.define(
        {
          ref: 'EMPTY-1',
          title: 'Not started',
          organisation: 'Other Partner',
          startsOn: '2019-04-01',
          indicators: [],
        },
        SYSTEM,
      );
      const empty = (await services.list(SYSTEM)).find((c) => c.contract.ref === 'EMPTY-1');
      expect(empty).toMatchObject({ month: null, inMonth: null, indicatorCount: 0 });
    });
  });
});
