import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/support/databases.ts';
import { contextOf } from '../../../test/support/people.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { findAuditEvents } from '../../db/repositories/audit.ts';
import { countsSentence } from '../../domain/improvement/roll-up.ts';
import { AppError } from '../../errors.ts';
import { systemContext, type RequestContext } from '../context.ts';
import { DEMO_FIXTURES } from '../demo/load-demo.ts';
import { loadDemoAccounts } from '../demo/load-demo-accounts.ts';
import { DEMO_BOARD_ON, loadImprovement } from '../demo/load-improvement.ts';
import { createImprovementServices } from './index.ts';

const csv = (text: string) => ({ fileName: 'plan.csv', bytes: new TextEncoder().encode(text) });

describe.each(testDatabases)('the improvement programme on $name', (database) => {
  let handle: DatabaseHandle;
  let improvement: ReturnType<typeof createImprovementServices>;
  let owner: RequestContext;
  let officer: RequestContext;
  let councillor: RequestContext;
  let trust: RequestContext;

  beforeAll(async () => {
    handle = await database.open();
    await loadDemoAccounts(handle.db);
    await loadImprovement(handle.db, DEMO_FIXTURES);
    await loadImprovement(handle.db, DEMO_FIXTURES); // idempotent
    improvement = createImprovementServices(handle.db);
    owner = await contextOf(handle.db, 'owner@demo.invalid');
    officer = await contextOf(handle.db, 'performance@demo.invalid');
    councillor = await contextOf(handle.db, 'councillor@demo.invalid');
    trust = await contextOf(handle.db, 'trust@demo.invalid');
  });
  afterAll(async () => handle?.close());

  describe('the demo: the 2023 plan as printed', () => {
    it('holds 62 projects in workstreams A, B, C, D, E1 and E2 (13, 7, 5, 7, 12, 18), with leads and target dates', async () => {
      const view = await improvement.plan({ ref: '2023', asAt: DEMO_BOARD_ON }, councillor);
      expect(view.rollUp.workstreams.map((w) => [w.workstream.ref, w.project.total])).toEqual([
        ['A', 13],
        ['B', 7],
        ['C', 5],
        ['D', 7],
        ['E1', 12],
        ['E2', 18],
      ]);
      const a1 = view.items.find((i) => i.ref === 'A1')!;
      expect(a1).toMatchObject({ lead: "Director of Children's Services", targetDate: '2023-03-31' });
    });

    it('holds the March 2023 progress narratives of 13 projects, split from their next steps, with no status', async () => {
      const view = await improvement.plan({ ref: '2023', asAt: DEMO_BOARD_ON }, councillor);
      expect(view.updates).toHaveLength(13);
      expect(view.updates.every((u) => u.status === null && u.reportedOn === DEMO_BOARD_ON)).toBe(true);
      const a2 = view.positions.find((p) => p.item.ref === 'A2')!;
      expect(a2.latest?.nextSteps).toMatch(/^Following approval of the Directorate budget/);
      const familyHubs = view.positions.find((p) => p.item.ref === 'E2.2')!;
      expect(familyHubs.latest).not.toBeNull();
    });

    it('reproduces the roll-up reported to the board on 17 March 2023', async () => {
      const board = await improvement.board({ ref: '2023', on: DEMO_BOARD_ON }, councillor);
      const row = (level: string, label: string) =>
        board.reported!.counts.find((c) => c.level === level && c.label === label)?.count;
      expect([row('project', 'Amber'), row('project', 'Green'), row('project', 'Grey')]).toEqual([20, 1, 1]);
      expect([row('project', 'Travel Service'), row('project', 'SEND'), row('project', 'Total')]).toEqual([
        7, 5, 34,
      ]);
      expect(
        ['Blue', 'Green', 'Amber', 'Grey', 'Travel Service', 'SEND', 'Total'].map((l) => row('action', l)),
      ).toEqual([12, 30, 128, 48, 36, 33, 287]);
    });

    it('flags projects past their target date on a fixed day, and every project overdue for an update after a cycle', async () => {
      const view = await improvement.plan({ ref: '2023', asAt: '2023-04-01' }, councillor);
      const slipping = view.positions.filter((p) => p.flags.includes('slipping')).map((p) => p.item.ref);
      expect(slipping).toContain('A1'); // due 31 March 2023, no status reported
      expect(slipping).not.toContain('A2'); // due 31 December 2023
      expect(view.positions.find((p) => p.item.ref === 'A2')!.nextUpdateDue).toBe('2023-04-28');
    });

    it('keeps the two risks, unscored, with their mitigations', async () => {
      const risks = await improvement.risks(councillor);
      expect(risks.map((r) => [r.ref, r.residual])).toEqual([
        ['R1', null],
        ['R2', null],
      ]);
      expect(risks[0]!.mitigations).toMatch(/^Plan in place to support recruitment/);
    });
  });

  describe('progress updates', () => {
    it('lets a lead post on an item they lead, kept as history and audited with the status before and after', async () => {
      await improvement.postUpdate(
        {
          planRef: '2023',
          itemRef: 'A2',
          input: { status: 'Amber', narrative: 'Structure agreed.', nextSteps: 'Recruit.' },
        },
        owner,
      );
      const item = await improvement.item({ planRef: '2023', itemRef: 'A2' }, owner);
      expect(item.position.status).toBe('amber');
      expect(item.history.map((u) => u.narrative)).toEqual([
        'Structure agreed.',
        expect.stringMatching(/^Proposals/),
      ]);
      const [audit] = await findAuditEvents(handle.db, {
        action: 'improvement.progress.posted',
        actor: 'Owen Owner',
      });
      expect(audit).toMatchObject({
        entityId: '2023/A2',
        before: { status: null },
        after: { status: 'amber' },
      });
    });

    it('refuses a lead posting on another lead’s item, a viewer, and a partner', async () => {
      const post = (context: RequestContext) =>
        improvement.postUpdate(
          { planRef: '2023', itemRef: 'B1', input: { status: 'Red', narrative: 'x' } },
          context,
        );
      for (const context of [owner, councillor, trust])
        await expect(post(context)).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('refuses an update with no narrative, an unknown status, or a back-dated day from a lead', async () => {
      const error = await improvement
        .postUpdate(
          { planRef: '2023', itemRef: 'A3', input: { status: 'Purple', reportedOn: '2023-01-01' } },
          owner,
        )
        .catch((e: AppError) => e);
      expect((error as AppError).issues.map((i) => i.field)).toEqual(['status', 'narrative', 'reportedOn']);
    });

    it('lets the performance team post on anyone’s item, back-dated, and shows the change since the last board', async () => {
      await improvement.postUpdate(
        {
          planRef: '2023',
          itemRef: 'B1',
          input: { status: 'Red', narrative: 'Slipped.', reportedOn: '2023-04-10' },
        },
        officer,
      );
      const board = await improvement.board({ ref: '2023', on: '2023-04-28' }, councillor);
      expect(board.previousBoard?.boardOn).toBe(DEMO_BOARD_ON);
      expect(board.changes.map((c) => [c.item.ref, c.before, c.after])).toContainEqual(['B1', null, 'red']);
      expect(board.positions.find((p) => p.item.ref === 'B1')!.flags).toContain('red');
    });
  });

  describe('boards', () => {
    it('records the position reported to a board, frozen against later updates, once per day', async () => {
      await improvement.recordBoard({ planRef: '2023', input: { on: '2023-04-28' } }, officer);
      const board = await improvement.board({ ref: '2023', on: '2023-04-28' }, councillor);
      expect(board.reported!.counts.find((c) => c.level === 'project' && c.label === 'Red')?.count).toBe(1);
      // A2's Amber was posted today, after this board: not in its position.
      expect(countsSentence(board.rollUp.project, board.plan.definitions)).toBe('1 Red, 61 not rated');
      await improvement.postUpdate(
        {
          planRef: '2023',
          itemRef: 'B2',
          input: { status: 'Green', narrative: 'Late.', reportedOn: '2023-04-20' },
        },
        officer,
      );
      const later = await improvement.board({ ref: '2023', on: '2023-04-28' }, councillor);
      expect(later.reported!.counts.find((c) => c.level === 'project' && c.label === 'Green')?.count).toBe(0);
      expect(later.rollUp.project.byStatus.green).toBe(1);
      await expect(
        improvement.recordBoard({ planRef: '2023', input: { on: '2023-04-28' } }, officer),
      ).rejects.toMatchObject({ code: 'validation' });
      await expect(
        improvement.recordBoard({ planRef: '2023', input: { on: '2023-06-09' } }, owner),
      ).rejects.toMatchObject({ code: 'forbidden' });
    });
  });

  describe('importing a plan: all or nothing', () => {
    it('imports a plan down to actions, linking leads by email and recording statuses', async () => {
      const result = await improvement.importPlan(
        {
          plan: { ref: 'trial', title: 'Trial plan', startsOn: '2024-04-01' },
          file: csv(
            'level,ref,parent,title,lead,lead_email,target_date,status\r\n' +
              'workstream,A,,Leadership,,,,\r\n' +
              'project,A1,A,Vision,Owen,owner@demo.invalid,31/03/25,Amber\r\n' +
              'action,A1.1,A1,Consult,Someone else,,45747,Grey\r\n',
          ),
          statusOn: '2024-05-01',
        },
        officer,
      );
      expect(result).toMatchObject({ workstreams: 1, projects: 1, actions: 1, leadsLinked: 1, statuses: 2 });
      const view = await improvement.plan({ ref: 'trial', asAt: '2024-05-01' }, officer);
      expect(view.positions.map((p) => [p.item.ref, p.status, p.item.targetDate])).toEqual([
        ['A', null, null],
        ['A1', 'amber', '2025-03-31'],
        ['A1.1', 'grey', '2025-03-31'],
      ]);
      expect(view.rollUp.projects.get(view.items[1]!.id)?.byStatus.grey).toBe(1);
    });

    it('stores nothing from a refused file, naming every problem', async () => {
      const before = await handle.db
        .selectFrom('improvement_items')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      const error = await improvement
        .importPlan(
          {
            plan: { ref: 'refused', title: 'Refused', startsOn: '2024-04-01' },
            file: csv(
              'level,ref,parent,title,lead_email,status\r\nworkstream,A,,W,,\r\nproject,A1,A,P,nobody@demo.invalid,Amber\r\nproject,A1,Z,Q,,Purple\r\n',
            ),
          },
          officer,
        )
        .catch((e: AppError) => e);
      expect((error as AppError).issues.map((i) => `${i.row} ${i.field}`)).toEqual([
        '4 status',
        '4 ref',
        '4 parent',
        '3 lead_email',
      ]);
      expect(await improvement.plans(officer)).not.toContainEqual(
        expect.objectContaining({ ref: 'refused' }),
      );
      const after = await handle.db
        .selectFrom('improvement_items')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      expect(after).toEqual(before);
    });

    it('is for the performance team only', async () => {
      await expect(improvement.importPlan({ plan: {}, file: csv('ref\r\n') }, owner)).rejects.toMatchObject({
        code: 'forbidden',
      });
    });
  });

  describe('the risk register', () => {
    it('scores a risk, links it to projects, and refuses half a score or an unknown project', async () => {
      await improvement.saveRisk(
        {
          planRef: '2023',
          existingRef: 'R1',
          input: {
            ref: 'R1',
            title: 'Recruitment',
            residualLikelihood: '4',
            residualImpact: '4',
            reviewOn: '30/06/23',
            itemRefs: 'A6',
          },
        },
        officer,
      );
      expect(await improvement.risk({ planRef: '2023', ref: 'R1' }, councillor)).toMatchObject({
        residual: { likelihood: 4, impact: 4 },
        reviewOn: '2023-06-30',
        itemRefs: ['A6'],
      });
      const error = await improvement
        .saveRisk(
          { planRef: '2023', input: { ref: 'R9', title: 'x', inherentLikelihood: '3', itemRefs: 'Z9' } },
          officer,
        )
        .catch((e: AppError) => e);
      expect((error as AppError).issues.map((i) => i.field)).toEqual(['inherentImpact', 'itemRefs']);
      await expect(
        improvement.saveRisk({ planRef: '2023', input: { ref: 'R9', title: 'x' } }, owner),
      ).rejects.toMatchObject({ code: 'forbidden' });
    });
  });

  describe('the plan’s own statuses', () => {
    it('lets the performance team reword and recolour a status, and the plan then reads it so', async () => {
      await improvement.setStatuses(
        { planRef: '2023', input: { 'amber-meaning': 'Under way, on track', 'amber-colour': '#FFDD00' } },
        officer,
      );
      const view = await improvement.plan({ ref: '2023' }, councillor);
      expect(view.plan.definitions.find((d) => d.code === 'amber')).toMatchObject({
        label: 'Amber',
        meaning: 'Under way, on track',
        colour: '#ffdd00',
        isComplete: false,
      });
    });

    it('refuses a colour that is not one, two statuses of one name, and anyone but the performance team', async () => {
      const error = await improvement
        .setStatuses({ planRef: '2023', input: { 'red-colour': 'red', 'grey-label': 'Amber' } }, officer)
        .catch((e: AppError) => e);
      expect((error as AppError).issues.map((i) => i.field)).toEqual(['red-colour']);
      const duplicate = await improvement
        .setStatuses({ planRef: '2023', input: { 'grey-label': 'amber' } }, officer)
        .catch((e: AppError) => e);
      expect((duplicate as AppError).issues.map((i) => i.message)).toEqual([
        'The status label "amber" is given twice.',
      ]);
      await expect(improvement.setStatuses({ planRef: '2023', input: {} }, owner)).rejects.toMatchObject({
        code: 'forbidden',
      });
    });
  });

  it('runs the demo loader as the system, audited', async () => {
    const events = await findAuditEvents(handle.db, { actor: 'demo', action: 'improvement.plan.imported' });
    expect(events).toHaveLength(1);
    expect(systemContext('demo').actor).toBeNull();
  });
});
