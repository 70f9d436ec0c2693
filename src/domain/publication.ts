/**
 * The publication cycle, as pure rules. Each month is a period the
 * performance team opens for entry; an *item* is one indicator's figures and
 * commentary for the period it reports that month (a monthly indicator's
 * month, a quarterly indicator's quarter when the month ends one).
 *
 *   no data -> draft -> submitted -> checked ---------> published (locked)
 *                ^          |  ^        |
 *                |          v  |        v
 *                +------ returned (with a note, by the performance team)
 *
 * An item is stored at a *stage* (draft, submitted, returned, checked);
 * "no data" is a draft with no figure and no commentary yet, and
 * "published" is any item of a published period. A period is open until it
 * is published; publishing needs every item checked, and locks them: a
 * later change is a correction, which needs a reason and the performance
 * team, and is shown as revised beside the figure first published.
 */
import type { Frequency } from './indicator.ts';
import type { Period } from './periods.ts';
import { reportingPeriodFor } from './scorecard.ts';
import { addWorkingDays } from './working-days.ts';

export const ITEM_STAGES = ['draft', 'submitted', 'returned', 'checked'] as const;
export type ItemStage = (typeof ITEM_STAGES)[number];

export const ITEM_STATES = ['no_data', 'draft', 'submitted', 'returned', 'checked', 'published'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

export const ITEM_STATE_LABELS: Record<ItemState, string> = {
  no_data: 'No data',
  draft: 'Draft',
  submitted: 'Submitted',
  returned: 'Returned',
  checked: 'Checked',
  published: 'Published',
};

/** The working days after a period's end by which its figures are due, unless the performance team sets another date. */
export const DEFAULT_WORKING_DAYS_TO_SUBMIT = 10;

export function isItemStage(stage: string): stage is ItemStage {
  return (ITEM_STAGES as readonly string[]).includes(stage);
}

/**
 * What an item is, as people see it. `hasData`: the item has at least one
 * figure or its commentary; a draft without either is "no data".
 */
export function itemStateOf(item: { stage: ItemStage; hasData: boolean; isPublished: boolean }): ItemState {
  if (item.isPublished) return 'published';
  if (item.stage === 'draft' && !item.hasData) return 'no_data';
  return item.stage;
}

export type ItemAction =
  { kind: 'submit' } | { kind: 'check'; note: string } | { kind: 'return'; note: string };

export type Transition = { ok: true; stage: ItemStage } | { ok: false; reason: string };

const refuse = (reason: string): Transition => ({ ok: false, reason });

/**
 * The stage an action moves an item to, or why it may not. Owners submit
 * items that have figures or commentary (a draft, or one returned to them).
 * The performance team checks submitted items, or confirms with a note that
 * an item has no figure this period; it returns submitted or checked items
 * with a note saying what to fix. Nothing moves once published.
 */
export function applyAction(state: ItemState, action: ItemAction): Transition {
  if (state === 'published') return refuse('it is published and locked');
  switch (action.kind) {
    case 'submit':
      if (state === 'no_data') return refuse('there are no figures or commentary to submit yet');
      if (state === 'submitted') return refuse('it is already submitted');
      if (state === 'checked') return refuse('it is already checked');
      return { ok: true, stage: 'submitted' };
    case 'check':
      if (state === 'submitted') return { ok: true, stage: 'checked' };
      if (state === 'no_data')
        return action.note.trim()
          ? { ok: true, stage: 'checked' }
          : refuse('it has no figures: to publish it without any, say why in a note');
      if (state === 'checked') return refuse('it is already checked');
      if (state === 'returned')
        return refuse('it was returned to its owner and has not been submitted again');
      return refuse('its owner has not submitted it yet');
    case 'return':
      if (!action.note.trim()) return refuse('say what needs to change in a note');
      if (state === 'submitted' || state === 'checked') return { ok: true, stage: 'returned' };
      if (state === 'returned') return refuse('it is already returned');
      return refuse('it has not been submitted, so there is nothing to return');
  }
}

/**
 * The stage after an item's figures or commentary change while its period
 * is open. A change by the performance team (who check items) leaves the
 * stage alone; a change by anyone else to a submitted or checked item takes
 * it back to draft, to be submitted again, so nothing is published that was
 * not checked as it stands.
 */
export function stageAfterChange(stage: ItemStage, options: { isByPerformanceTeam: boolean }): ItemStage {
  if (options.isByPerformanceTeam) return stage;
  return stage === 'submitted' || stage === 'checked' ? 'draft' : stage;
}

/**
 * Whether a period may be published: refused while any item is not
 * checked, naming them (the caller gives each item a name such as
 * "CSC-03 (Owen Owner)").
 */
export function publicationBlockers(items: { name: string; state: ItemState }[]): string[] {
  return items
    .filter((i) => i.state !== 'checked')
    .map((i) => `${i.name} is not checked: ${ITEM_STATE_LABELS[i.state].toLowerCase()}`);
}

/**
 * The period an indicator of this frequency reports in a cycle month, or
 * null when it reports nothing that month: every month for a monthly
 * indicator, the quarter's last month for a quarterly one, and so on.
 */
export function periodReportedIn(frequency: Frequency, month: Period): Period | null {
  const period = reportingPeriodFor(frequency, month);
  return period.end === month.end ? period : null;
}

/** The day a period's submissions are due: a number of working days after the month ends. */
export function dueDateFor(month: Period, workingDays = DEFAULT_WORKING_DAYS_TO_SUBMIT): string {
  return addWorkingDays(month.end, workingDays);
}

/**
 * Whether an item is overdue on `today` (YYYY-MM-DD): not yet submitted
 * (no data, draft, or returned and not sent back) after the day it was due.
 * On the due date itself it is not yet late. Submitted, checked and
 * published items are never overdue: what remains is the performance
 * team's to do.
 */
export function isOverdue(state: ItemState, dueOn: string, today: string): boolean {
  return (state === 'no_data' || state === 'draft' || state === 'returned') && today > dueOn;
}

/**
 * Why a change to a figure or commentary in a published period is refused,
 * or null when it is a correction that may be made: one with a reason, by
 * someone who may correct published figures (the performance team).
 */
export function lockedPeriodProblem(
  periodCode: string,
  correction: { reason: string; mayCorrect: boolean },
): string | null {
  if (!correction.reason.trim()) return `${periodCode} is published and locked: a correction needs a reason`;
  if (!correction.mayCorrect)
    return `${periodCode} is published and locked: only the performance team may correct it`;
  return null;
}
