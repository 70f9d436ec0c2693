import { describe, expect, it } from 'vitest';
import { parsePeriod } from './periods.ts';
import {
  applyAction,
  dueDateFor,
  isOverdue,
  itemStateOf,
  ITEM_STATES,
  lockedPeriodProblem,
  periodReportedIn,
  publicationBlockers,
  stageAfterChange,
  type ItemAction,
  type ItemState,
} from './publication.ts';

const month = (code: string) => parsePeriod(code)!;

describe('the state of an item', () => {
  it('is "no data" while a draft has neither a figure nor commentary', () => {
    expect(itemStateOf({ stage: 'draft', hasData: false, isPublished: false })).toBe('no_data');
    expect(itemStateOf({ stage: 'draft', hasData: true, isPublished: false })).toBe('draft');
  });

  it('is its stage otherwise, and "published" once its period is published, whatever its stage', () => {
    expect(itemStateOf({ stage: 'returned', hasData: true, isPublished: false })).toBe('returned');
    expect(itemStateOf({ stage: 'checked', hasData: false, isPublished: false })).toBe('checked');
    expect(itemStateOf({ stage: 'checked', hasData: true, isPublished: true })).toBe('published');
  });
});

describe('moving an item through the cycle', () => {
  const submit: ItemAction = { kind: 'submit' };
  const check: ItemAction = { kind: 'check', note: '' };
  const checkWithNote: ItemAction = { kind: 'check', note: 'Not collected this month: new system' };
  const giveBack: ItemAction = { kind: 'return', note: 'EAST does not add up to the total' };
  const giveBackSilently: ItemAction = { kind: 'return', note: '  ' };

  /** Every state against every action: where each one goes, or why it may not. */
  const TABLE: Record<ItemState, [ItemAction, string][]> = {
    no_data: [
      [submit, 'refused: there are no figures or commentary to submit yet'],
      [check, 'refused: it has no figures: to publish it without any, say why in a note'],
      [checkWithNote, 'checked'],
      [giveBack, 'refused: it has not been submitted, so there is nothing to return'],
    ],
    draft: [
      [submit, 'submitted'],
      [check, 'refused: its owner has not submitted it yet'],
      [giveBack, 'refused: it has not been submitted, so there is nothing to return'],
    ],
    submitted: [
      [submit, 'refused: it is already submitted'],
      [check, 'checked'],
      [giveBack, 'returned'],
      [giveBackSilently, 'refused: say what needs to change in a note'],
    ],
    returned: [
      [submit, 'submitted'],
      [check, 'refused: it was returned to its owner and has not been submitted again'],
      [giveBack, 'refused: it is already returned'],
    ],
    checked: [
      [submit, 'refused: it is already checked'],
      [check, 'refused: it is already checked'],
      [giveBack, 'returned'],
    ],
    published: [
      [submit, 'refused: it is published and locked'],
      [checkWithNote, 'refused: it is published and locked'],
      [giveBack, 'refused: it is published and locked'],
    ],
  };

  it('covers every state', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...ITEM_STATES].sort());
  });

  const cases = Object.entries(TABLE).flatMap(([state, rows]) =>
    rows.map(([action, outcome]) => ({ state: state as ItemState, action, outcome })),
  );
  it.each(cases)('$state, $action.kind: $outcome', ({ state, action, outcome }) => {
    const result = applyAction(state, action);
    expect(result.ok ? result.stage : `refused: ${result.reason}`).toBe(outcome);
  });
});

describe('changing figures while the period is open', () => {
  it('takes a submitted or checked item back to draft when its owner changes it', () => {
    expect(stageAfterChange('submitted', { isByPerformanceTeam: false })).toBe('draft');
    expect(stageAfterChange('checked', { isByPerformanceTeam: false })).toBe('draft');
  });

  it('leaves a draft or returned item where it is', () => {
    expect(stageAfterChange('draft', { isByPerformanceTeam: false })).toBe('draft');
    expect(stageAfterChange('returned', { isByPerformanceTeam: false })).toBe('returned');
  });

  it('leaves the stage alone when the performance team makes the change while checking', () => {
    expect(stageAfterChange('checked', { isByPerformanceTeam: true })).toBe('checked');
    expect(stageAfterChange('submitted', { isByPerformanceTeam: true })).toBe('submitted');
  });
});

describe('publishing a period', () => {
  it('may go ahead when every item is checked', () => {
    expect(publicationBlockers([{ name: 'CSC-01', state: 'checked' }])).toEqual([]);
    expect(publicationBlockers([])).toEqual([]);
  });

  it('is refused while any item is not checked, naming each one and its state', () => {
    expect(
      publicationBlockers([
        { name: 'CSC-01', state: 'checked' },
        { name: 'CSC-02', state: 'submitted' },
        { name: 'CSC-03', state: 'no_data' },
        { name: 'CSC-04', state: 'returned' },
      ]),
    ).toEqual([
      'CSC-02 is not checked: submitted',
      'CSC-03 is not checked: no data',
      'CSC-04 is not checked: returned',
    ]);
  });
});

describe('which period an indicator reports in a cycle month', () => {
  it('is the month itself for a monthly indicator', () => {
    expect(periodReportedIn('monthly', month('2017-06'))?.code).toBe('2017-06');
  });

  it('is the quarter for a quarterly indicator, only in the quarter’s last month', () => {
    expect(periodReportedIn('quarterly', month('2017-06'))?.code).toBe('2017-18-Q1');
    expect(periodReportedIn('quarterly', month('2017-05'))).toBeNull();
    expect(periodReportedIn('quarterly', month('2018-03'))?.code).toBe('2017-18-Q4');
  });

  it('is the year for yearly indicators, in the year’s last month', () => {
    expect(periodReportedIn('financial_year', month('2018-03'))?.code).toBe('FY2017-18');
    expect(periodReportedIn('academic_year', month('2018-08'))?.code).toBe('AY2017-18');
    expect(periodReportedIn('calendar_year', month('2017-12'))?.code).toBe('CY2017');
    expect(periodReportedIn('academic_year', month('2018-07'))).toBeNull();
  });

  it('is the term for a termly indicator, in the term’s last month', () => {
    expect(periodReportedIn('termly', month('2017-12'))?.code).toBe('2017-18-autumn');
    expect(periodReportedIn('termly', month('2017-11'))).toBeNull();
  });
});

describe('due dates and lateness', () => {
  it('falls due 10 working days after the month ends by default', () => {
    expect(dueDateFor(month('2017-06'))).toBe('2017-07-14');
    expect(dueDateFor(month('2017-12'))).toBe('2018-01-15'); // Christmas, Boxing Day and New Year skipped
  });

  it('may be given another number of working days', () => {
    expect(dueDateFor(month('2017-06'), 5)).toBe('2017-07-07');
  });

  it('is overdue only after the due date, and only while it is still the owner’s to submit', () => {
    for (const state of ['no_data', 'draft', 'returned'] as const) {
      expect(isOverdue(state, '2017-07-14', '2017-07-14')).toBe(false);
      expect(isOverdue(state, '2017-07-14', '2017-07-15')).toBe(true);
    }
    for (const state of ['submitted', 'checked', 'published'] as const)
      expect(isOverdue(state, '2017-07-14', '2018-01-01')).toBe(false);
  });
});

describe('changing a published period', () => {
  it('is refused without a reason, saying so', () => {
    expect(lockedPeriodProblem('2017-05', { reason: ' ', mayCorrect: true })).toBe(
      '2017-05 is published and locked: a correction needs a reason',
    );
  });

  it('is refused to anyone but the performance team, even with a reason', () => {
    expect(lockedPeriodProblem('2017-05', { reason: 'Late recording', mayCorrect: false })).toBe(
      '2017-05 is published and locked: only the performance team may correct it',
    );
  });

  it('is a correction when the performance team gives a reason', () => {
    expect(lockedPeriodProblem('2017-05', { reason: 'Late recording', mayCorrect: true })).toBeNull();
  });
});
