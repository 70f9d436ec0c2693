import { describe, expect, it } from 'vitest';
import { planPosition, type PlanItem, type ProgressUpdate } from './plan.ts';
import { DEFAULT_RAG_DEFINITIONS } from './rag.ts';
import { countsSentence, rollUp } from './roll-up.ts';

const RULES = { startsOn: '2023-01-01', updateCycleDays: 42, definitions: DEFAULT_RAG_DEFINITIONS };

function item(id: number, parentId: number | null, level: PlanItem['level']): PlanItem {
  return {
    id,
    parentId,
    level,
    ref: String(id),
    title: '',
    lead: '',
    leadUserId: null,
    deliverables: '',
    impact: '',
    targetDate: null,
    ambitions: [],
    indicatorRefs: [],
    position: id,
  };
}
const update = (id: number, itemId: number, status: string | null): ProgressUpdate => ({
  id,
  itemId,
  reportedOn: '2023-03-01',
  status,
  narrative: '',
  nextSteps: '',
  author: '',
  authorUserId: null,
  source: '',
});

describe('roll-ups by status', () => {
  const items = [
    item(1, null, 'workstream'),
    item(2, 1, 'project'),
    item(3, 2, 'action'),
    item(4, 2, 'action'),
    item(5, 2, 'action'),
    item(6, null, 'workstream'),
    item(7, 6, 'project'),
    item(8, 7, 'action'),
  ];
  const updates = [
    update(1, 2, 'amber'),
    update(2, 3, 'blue'),
    update(3, 4, 'blue'),
    update(4, 5, 'grey'),
    update(5, 7, 'green'),
  ];
  const result = rollUp(planPosition(items, updates, '2023-03-17', RULES), DEFAULT_RAG_DEFINITIONS);

  it('counts projects and actions across the plan, every status present with zero where none has it', () => {
    expect(result.project).toEqual({
      total: 2,
      byStatus: { blue: 0, green: 1, amber: 1, red: 0, grey: 0, none: 0 },
    });
    expect(result.action).toEqual({
      total: 4,
      byStatus: { blue: 2, green: 0, amber: 0, red: 0, grey: 1, none: 1 },
    });
  });

  it('counts each workstream’s projects and actions, and each project’s own actions', () => {
    expect(
      result.workstreams.map((w) => [
        w.workstream.id,
        w.project.total,
        w.action.byStatus.blue,
        w.action.byStatus.none,
      ]),
    ).toEqual([
      [1, 1, 2, 0],
      [6, 1, 0, 1],
    ]);
    expect(result.projects.get(2)?.byStatus).toMatchObject({ blue: 2, grey: 1 });
  });

  it('says the counts as the board report does, in the plan’s order of statuses', () => {
    expect(countsSentence(result.action, DEFAULT_RAG_DEFINITIONS)).toBe('2 Blue, 1 Grey, 1 not rated');
  });
});
