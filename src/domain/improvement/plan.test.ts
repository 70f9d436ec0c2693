import { describe, expect, it } from 'vitest';
import {
  inPlanOrder,
  planPosition,
  positionOf,
  statusChanges,
  updatesDueByLead,
  type PlanItem,
  type PlanRules,
  type ProgressUpdate,
} from './plan.ts';
import { DEFAULT_RAG_DEFINITIONS } from './rag.ts';

const RULES: PlanRules = {
  startsOn: '2023-01-01',
  updateCycleDays: 42,
  definitions: DEFAULT_RAG_DEFINITIONS,
};

function item(id: number, overrides: Partial<PlanItem> = {}): PlanItem {
  return {
    id,
    parentId: null,
    level: 'project',
    ref: `P${id}`,
    title: `Project ${id}`,
    lead: 'Director of Strategy',
    leadUserId: null,
    deliverables: '',
    impact: '',
    targetDate: null,
    ambitions: [],
    indicatorRefs: [],
    position: id,
    ...overrides,
  };
}

let nextId = 1;
function update(itemId: number, reportedOn: string, status: string | null, narrative = ''): ProgressUpdate {
  return {
    id: nextId++,
    itemId,
    reportedOn,
    status,
    narrative,
    nextSteps: '',
    author: 'Owen Owner',
    authorUserId: null,
    source: '',
  };
}

describe('an item’s status on a day', () => {
  it('is not rated before any update', () => {
    expect(positionOf(item(1), [], '2023-03-17', RULES).status).toBeNull();
  });

  it('is the latest status reported on or before the day, ignoring later ones', () => {
    const updates = [
      update(1, '2023-02-01', 'grey'),
      update(1, '2023-03-17', 'amber'),
      update(1, '2023-04-01', 'red'),
    ];
    const position = positionOf(item(1), updates, '2023-03-17', RULES);
    expect(position.status).toBe('amber');
    expect(position.statusSince).toBe('2023-03-17');
  });

  it('keeps the previous status through an update that gives none, which is still the latest progress', () => {
    const updates = [update(1, '2023-02-01', 'amber'), update(1, '2023-03-01', null, 'Narrative only')];
    const position = positionOf(item(1), updates, '2023-03-17', RULES);
    expect(position.status).toBe('amber');
    expect(position.statusSince).toBe('2023-02-01');
    expect(position.latest?.narrative).toBe('Narrative only');
  });

  it('orders updates on the same day as they were posted', () => {
    const updates = [update(1, '2023-03-01', 'red'), update(1, '2023-03-01', 'amber')];
    expect(positionOf(item(1), updates.reverse(), '2023-03-01', RULES).status).toBe('amber');
  });

  it('reads only the item’s own updates', () => {
    expect(positionOf(item(1), [update(2, '2023-02-01', 'red')], '2023-03-01', RULES).status).toBeNull();
  });
});

describe('the six-weekly update cycle', () => {
  it('makes the first update due one cycle after the plan starts', () => {
    expect(positionOf(item(1), [], '2023-01-10', RULES).nextUpdateDue).toBe('2023-02-12');
  });

  it('makes the next update due one cycle after the latest on or before the day', () => {
    const updates = [update(1, '2023-03-17', 'amber'), update(1, '2023-06-01', 'amber')];
    expect(positionOf(item(1), updates, '2023-04-01', RULES).nextUpdateDue).toBe('2023-04-28');
  });

  it('does not flag an update due on the day itself', () => {
    const position = positionOf(item(1), [update(1, '2023-03-17', 'amber')], '2023-04-28', RULES);
    expect(position.flags).not.toContain('update_overdue');
  });

  it('flags an update overdue the day after it was due', () => {
    const position = positionOf(item(1), [update(1, '2023-03-17', 'amber')], '2023-04-29', RULES);
    expect(position.flags).toContain('update_overdue');
  });

  it('follows the plan’s own cycle', () => {
    const monthly = { ...RULES, updateCycleDays: 28 };
    expect(positionOf(item(1), [update(1, '2023-03-17', 'amber')], '2023-04-15', monthly).flags).toEqual([
      'update_overdue',
    ]);
  });

  it('asks nothing more of an item delivered and sustained (Blue), nor of a workstream', () => {
    const blue = positionOf(item(1), [update(1, '2023-01-02', 'blue')], '2024-01-01', RULES);
    expect(blue.nextUpdateDue).toBeNull();
    expect(blue.flags).toEqual([]);
    const workstream = positionOf(
      item(2, { level: 'workstream', targetDate: '2023-01-31' }),
      [],
      '2024-01-01',
      RULES,
    );
    expect(workstream.nextUpdateDue).toBeNull();
    expect(workstream.flags).toEqual([]);
  });

  it('still asks for updates on a completed item being monitored (Green)', () => {
    const green = positionOf(item(1), [update(1, '2023-01-02', 'green')], '2024-01-01', RULES);
    expect(green.flags).toEqual(['update_overdue']);
  });
});

describe('slipping: past the target date without being Green or Blue', () => {
  const dated = item(1, { targetDate: '2023-03-31' });
  const fresh = (status: string | null) => [update(1, '2023-03-30', status)];

  it('is not slipping on the target date itself', () => {
    expect(positionOf(dated, fresh('amber'), '2023-03-31', RULES).flags).toEqual([]);
  });

  it('is slipping the day after the target date while Amber', () => {
    expect(positionOf(dated, fresh('amber'), '2023-04-01', RULES).flags).toEqual(['slipping']);
  });

  it('is slipping when it has no status at all', () => {
    expect(positionOf(dated, [update(1, '2023-03-30', null)], '2023-04-01', RULES).flags).toEqual([
      'slipping',
    ]);
  });

  it('is not slipping when Green or Blue', () => {
    expect(positionOf(dated, fresh('green'), '2023-04-01', RULES).flags).toEqual([]);
    expect(positionOf(dated, fresh('blue'), '2023-04-01', RULES).flags).toEqual([]);
  });

  it('never slips without a target date', () => {
    expect(positionOf(item(1), fresh('amber'), '2030-01-01', RULES).flags).not.toContain('slipping');
  });

  it('is Red and slipping and overdue at once when all three hold', () => {
    expect(positionOf(dated, [update(1, '2023-01-02', 'red')], '2023-06-01', RULES).flags).toEqual([
      'red',
      'slipping',
      'update_overdue',
    ]);
  });
});

describe('the plan in order, changes since the last board, and updates due per lead', () => {
  const items = [
    item(10, { level: 'workstream', ref: 'B', position: 2 }),
    item(11, { level: 'workstream', ref: 'A', position: 1 }),
    item(1, { parentId: 10, ref: 'B1', position: 1, lead: 'Lead X', targetDate: '2023-12-31' }),
    item(2, { parentId: 11, ref: 'A2', position: 2, lead: 'Lead Y', leadUserId: 7 }),
    item(3, { parentId: 11, ref: 'A1', position: 1, lead: 'Lead X' }),
    item(4, { parentId: 3, level: 'action', ref: 'A1.1', position: 1, lead: 'Lead X' }),
  ];

  it('puts workstreams in order, each followed by its projects and their actions', () => {
    expect(inPlanOrder(items).map((i) => i.ref)).toEqual(['A', 'A1', 'A1.1', 'A2', 'B', 'B1']);
  });

  it('lists the items whose status differs between two board dates, with both statuses', () => {
    const updates = [
      update(1, '2023-01-20', 'grey'),
      update(1, '2023-03-01', 'amber'),
      update(2, '2023-02-01', 'amber'),
      update(3, '2023-03-10', 'red'),
    ];
    const changes = statusChanges(items, updates, '2023-02-03', '2023-03-17', RULES);
    expect(changes.map((c) => [c.item.ref, c.before, c.after])).toEqual([
      ['A1', null, 'red'],
      ['B1', 'grey', 'amber'],
    ]);
  });

  it('groups the updates due by lead (by account when there is one), soonest first, counting those overdue', () => {
    const updates = [update(1, '2023-03-01', 'amber'), update(2, '2023-03-10', 'amber')];
    const leads = updatesDueByLead(planPosition(items, updates, '2023-03-17', RULES), '2023-03-17');
    expect(
      leads.map((l) => [l.lead, l.nextDue, l.overdueCount, l.items.map((i) => i.position.item.ref)]),
    ).toEqual([
      ['Lead X', '2023-02-12', 2, ['A1', 'A1.1', 'B1']],
      ['Lead Y', '2023-04-21', 0, ['A2']],
    ]);
  });
});
