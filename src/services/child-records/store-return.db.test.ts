import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/support/databases.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { findAuditEvents } from '../../db/repositories/audit.ts';
import { findFindings, loadChildRecords } from '../../db/repositories/child-records.ts';
import { loadDemoAccounts } from '../demo/load-demo-accounts.ts';
import { contextOf } from '../../../test/support/people.ts';
import { emptyRecords, keys, type ChildRecords } from '../../measures/model.ts';
import { child, referral } from '../../measures/test-records.ts';
import { systemContext } from '../context.ts';
import { DUPLICATE_RULE, storeReturn, type ReadReturn } from './store-return.ts';

const OPERATOR = systemContext('test');

/** What a return that knows only some of a child says of the rest. */
const NOTHING_KNOWN = { birthDate: null, sex: null, ethnicity: null, hasDisability: null } as const;

const aReturn = (
  asAt: string,
  records: Partial<ChildRecords>,
  extra: Partial<ReadReturn> = {},
): ReadReturn => ({
  source: 'cin_census',
  la: '330',
  asAt,
  fileNames: [`cin-${asAt}.xml`],
  records: { ...emptyRecords(), ...records },
  findings: [],
  ...extra,
});

describe.each(testDatabases)('storing a child-level return on $name', (database) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await database.open();
    await loadDemoAccounts(handle.db);
  });
  afterAll(() => handle.close());

  it('keeps the records of a return, read back as the model gave them', async () => {
    const stored = await storeReturn(
      handle.db,
      aReturn('2023-03-31', {
        children: [child('A', { birthDate: '2015-03-27', sex: 'F', ethnicity: 'WBRI' })],
        referrals: [referral('A', '2022-10-06')],
      }),
      OPERATOR,
    );
    expect(stored.recordCounts).toEqual({ children: 1, referrals: 1 });
    const held = await loadChildRecords(handle.db, '330');
    expect(held.children).toEqual([child('A', { birthDate: '2015-03-27', sex: 'F', ethnicity: 'WBRI' })]);
    expect(held.referrals).toEqual([referral('A', '2022-10-06')]);
    expect((await loadChildRecords(handle.db, '331')).referrals).toEqual([]);
  });

  it('keeps text exactly as given, tabs, line breaks, backslashes and quotes included', async () => {
    const awkward = 'Team "A"\tNorth\\East\nline two\r';
    await storeReturn(
      handle.db,
      aReturn('2023-03-31', { children: [child('Q', { team: awkward })] }),
      OPERATOR,
    );
    const held = (await loadChildRecords(handle.db, '330')).children.find((c) => c.childId === 'Q');
    expect(held?.team).toBe(awkward);
  });

  it("replaces a record with the next year's return of it, and keeps it when an older return comes later", async () => {
    await storeReturn(
      handle.db,
      aReturn('2024-03-31', { referrals: [referral('A', '2022-10-06', { closureDate: '2023-06-01' })] }),
      OPERATOR,
    );
    await storeReturn(
      handle.db,
      aReturn('2023-03-31', { referrals: [referral('A', '2022-10-06')] }),
      OPERATOR,
    );
    const held = await loadChildRecords(handle.db, '330');
    expect(held.referrals).toEqual([referral('A', '2022-10-06', { closureDate: '2023-06-01' })]);
  });

  it('merges what each return knows of a child: an empty field keeps the value held, an asylum seeker stays one', async () => {
    await storeReturn(
      handle.db,
      aReturn(
        '2024-03-31',
        { children: [child('B', { ...NOTHING_KNOWN, team: 'North', ethnicity: 'APKN' })] },
        { source: 'annex_a' },
      ),
      OPERATOR,
    );
    await storeReturn(
      handle.db,
      aReturn(
        '2024-03-31',
        { children: [child('B', { ...NOTHING_KNOWN, wasUasc: true, uascCeasedDate: '2025-01-01' })] },
        {
          source: 'ssda903',
        },
      ),
      OPERATOR,
    );
    await storeReturn(
      handle.db,
      aReturn('2025-03-31', { children: [child('B', { ...NOTHING_KNOWN, ethnicity: 'WBRI' })] }),
      OPERATOR,
    );
    const held = (await loadChildRecords(handle.db, '330')).children.find((c) => c.childId === 'B');
    expect(held).toEqual(
      child('B', {
        ...NOTHING_KNOWN,
        team: 'North',
        ethnicity: 'WBRI',
        wasUasc: true,
        uascCeasedDate: '2025-01-01',
      }),
    );
  });

  it('keeps a record given twice once, the later one, and lists the duplicate as a finding', async () => {
    const stored = await storeReturn(
      handle.db,
      aReturn('2025-03-31', {
        referrals: [
          referral('C', '2024-05-01', { source: '1A' }),
          referral('C', '2024-05-01', { source: '2B' }),
        ],
      }),
      OPERATOR,
    );
    expect(stored.recordCounts.referrals).toBe(1);
    const findings = await findFindings(handle.db, stored.importId, { offset: 0, limit: 10 });
    expect(findings).toEqual([
      expect.objectContaining({ rule: DUPLICATE_RULE, childId: 'C', kind: 'referrals' }),
    ]);
    const held = (await loadChildRecords(handle.db, '330')).referrals.find((r) => r.childId === 'C');
    expect(held?.source).toBe('2B');
  });

  it("stores the importer's findings in order and counts the errors among them", async () => {
    const finding = (rule: string, severity: 'error' | 'query') => ({
      rule,
      severity,
      message: `rule ${rule}`,
      file: 'cin.xml',
      location: 'Child 1',
      kind: 'referrals' as const,
      recordKey: keys.referral('330', 'D', '2024-01-01'),
      childId: 'D',
      field: 'closureDate',
      value: '2023-12-01',
    });
    const stored = await storeReturn(
      handle.db,
      aReturn(
        '2025-03-31',
        { referrals: [referral('D', '2024-01-01', { problems: ['closureDate'] })] },
        {
          findings: [finding('8525', 'error'), finding('8569', 'query')],
        },
      ),
      OPERATOR,
    );
    expect(stored).toMatchObject({ findingCount: 2, errorCount: 1 });
    const findings = await findFindings(handle.db, stored.importId, { offset: 0, limit: 10 });
    expect(findings.map((f) => f.rule)).toEqual(['8525', '8569']);
    expect(findings[0]).toEqual(finding('8525', 'error'));
  });

  it('writes nothing when any part of the return cannot be stored', async () => {
    const before = await loadChildRecords(handle.db, '330');
    const broken = referral('E', '2024-01-01');
    (broken as { childId: string | null }).childId = null; // the child_id column refuses it
    await expect(
      storeReturn(
        handle.db,
        aReturn('2026-03-31', { children: [child('E')], referrals: [broken] }),
        OPERATOR,
      ),
    ).rejects.toThrow();
    expect(await loadChildRecords(handle.db, '330')).toEqual(before);
  });

  it('is refused to anyone but the performance team, and audited', async () => {
    const owner = await contextOf(handle.db, 'owner@demo.invalid');
    await expect(storeReturn(handle.db, aReturn('2025-03-31', {}), owner)).rejects.toThrow(/permission/);
    const performance = await contextOf(handle.db, 'performance@demo.invalid');
    const stored = await storeReturn(handle.db, aReturn('2025-03-31', {}), performance);
    const events = await findAuditEvents(handle.db, { action: 'child_records.import' });
    expect(events.some((e) => e.entityId === String(stored.importId))).toBe(true);
  });
});
