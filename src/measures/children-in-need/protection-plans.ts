/**
 * Child protection plans starting and ending in the period: how many
 * started, how many were a second or subsequent plan (ever, and within 2
 * years of the last one ending), and how long the plans that ended lasted
 * (DfE children in need statistics, tables on plans starting and ceasing).
 */
import { addMonths, addYears, daysBetween } from '../dates.ts';
import type { MeasureDefinition, MeasureInput } from '../measure.ts';
import { type ProtectionPlan, usable } from '../model.ts';
import { inPeriod, problemAmong, rowOf } from './rows.ts';

/**
 * DfE counts a plan as lasting two years or more when it ran for more than
 * 729 calendar days counting both the first and the last day: end − start
 * of at least 729 days.
 */
const TWO_YEARS_DAYS_BETWEEN = 729;

const startingIn = ({ records, period }: MeasureInput) =>
  records.protectionPlans.filter((p) => inPeriod(p.startDate, period));

const endingIn = ({ records, period }: MeasureInput) =>
  records.protectionPlans.filter((p): p is ProtectionPlan & { endDate: string } =>
    inPeriod(p.endDate, period),
  );

/** Why a plan's duration cannot be read: a date that failed validation, or an end before the start. */
const durationProblem = (p: ProtectionPlan & { endDate: string }): string | null =>
  problemAmong(p, 'endDate', 'startDate') ?? (p.endDate < p.startDate ? 'endDate' : null);

/** The child's plans that started before this one, with usable start dates. */
const earlierPlans = (input: MeasureInput, plan: ProtectionPlan): ProtectionPlan[] =>
  input.records.plansOf(plan.childId).filter((p) => p.startDate < plan.startDate && usable(p, 'startDate'));

/** The latest usable end date among the plans that ended on or before `day`. */
function latestEndBefore(plans: readonly ProtectionPlan[], day: string): string | null {
  let latest: string | null = null;
  for (const p of plans)
    if (
      p.endDate !== null &&
      p.endDate <= day &&
      usable(p, 'endDate') &&
      (latest === null || p.endDate > latest)
    )
      latest = p.endDate;
  return latest;
}

export const cpPlansStarted: MeasureDefinition = {
  id: 'cp-plans-started',
  title: 'Child protection plans started',
  summary: 'The number of child protection plans that started in the period.',
  kind: 'count',
  polarity: 'neither',
  numeratorLabel: 'Plans started',
  denominatorLabel: 'Plans started',
  source: 'DfE Children in need statistics (CIN census CPPstartDate); LAIT measure 219',
  rows(input) {
    return startingIn(input).map((p) => {
      const leftOutBecause = problemAmong(p, 'startDate');
      return rowOf(p, 'protectionPlans', {
        dates: { 'Plan started': p.startDate },
        ageAt: p.startDate,
        inNumerator: leftOutBecause === null,
        leftOutBecause,
      });
    });
  },
};

export const cpPlansSecondOrSubsequent: MeasureDefinition = {
  id: 'cp-plans-second-or-subsequent',
  title: 'Child protection plans for a second or subsequent time',
  summary:
    'Of the child protection plans that started in the period, the percentage for a child who had had a plan before, however long ago.',
  kind: 'percent',
  polarity: 'lower_is_better',
  numeratorLabel: 'Second or subsequent plans',
  denominatorLabel: 'Plans started',
  source:
    'DfE Children in need statistics (CPP_subsequent); LAIT measure 15 "Percentage of children who became the subject of a plan for a second or subsequent time"',
  rows(input) {
    return startingIn(input).map((p) => {
      const leftOutBecause = problemAmong(p, 'startDate');
      const earlier = earlierPlans(input, p);
      const recordedBefore = usable(p, 'previousPlans') && (p.previousPlans ?? 0) > 0;
      return rowOf(p, 'protectionPlans', {
        dates: { 'Plan started': p.startDate, 'Previous plan started': earlier.at(-1)?.startDate ?? null },
        ageAt: p.startDate,
        inNumerator: leftOutBecause === null && (earlier.length > 0 || recordedBefore),
        leftOutBecause,
      });
    });
  },
};

export const cpPlansSecondOrSubsequentWithin2Years: MeasureDefinition = {
  id: 'cp-plans-second-or-subsequent-within-2-years',
  title: 'Child protection plans for a second or subsequent time within 2 years',
  summary:
    'Of the child protection plans that started in the period, the percentage for a child whose previous plan ended within the 2 years before.',
  kind: 'percent',
  polarity: 'lower_is_better',
  numeratorLabel: 'Plans starting within 2 years of a previous plan ending',
  denominatorLabel: 'Plans started',
  source:
    'Ofsted Annex A, List 7 and local performance frameworks; DfE Children in need statistics for the plans counted',
  rows(input) {
    return startingIn(input).map((p) => {
      const leftOutBecause = problemAmong(p, 'startDate');
      const twoYearsBefore = addYears(p.startDate, -2);
      const lastEnded = latestEndBefore(earlierPlans(input, p), p.startDate);
      return rowOf(p, 'protectionPlans', {
        dates: { 'Plan started': p.startDate, 'Previous plan ended': lastEnded },
        ageAt: p.startDate,
        inNumerator: leftOutBecause === null && lastEnded !== null && lastEnded >= twoYearsBefore,
        leftOutBecause,
      });
    });
  },
};

export const cpPlansLasting2YearsOrMore: MeasureDefinition = {
  id: 'cp-plans-lasting-2-years-or-more',
  title: 'Child protection plans ended that lasted 2 years or more',
  summary:
    'Of the child protection plans that ended in the period, the percentage that had lasted 2 years or more.',
  kind: 'percent',
  polarity: 'lower_is_better',
  numeratorLabel: 'Lasted 2 years or more',
  denominatorLabel: 'Plans ended',
  source:
    'DfE Children in need statistics; LAIT measure 98 "Child Protection Plans lasting 2 years or more which cease during the year"',
  rows(input) {
    return endingIn(input).map((p) => {
      const leftOutBecause = durationProblem(p);
      return rowOf(p, 'protectionPlans', {
        dates: { 'Plan started': p.startDate, 'Plan ended': p.endDate },
        ageAt: p.endDate,
        inNumerator: leftOutBecause === null && daysBetween(p.startDate, p.endDate) >= TWO_YEARS_DAYS_BETWEEN,
        leftOutBecause,
      });
    });
  },
};

export const cpPlansEndingWithin3Months: MeasureDefinition = {
  id: 'cp-plans-ending-within-3-months',
  title: 'Child protection plans ended within 3 months',
  summary:
    'Of the child protection plans that ended in the period, the percentage that had lasted under 3 months.',
  kind: 'percent',
  polarity: 'neither',
  numeratorLabel: 'Lasted under 3 months',
  denominatorLabel: 'Plans ended',
  source: 'DfE Children in need statistics, plans ceasing by duration ("under 3 months"); LAIT measure 21',
  rows(input) {
    return endingIn(input).map((p) => {
      const leftOutBecause = durationProblem(p);
      return rowOf(p, 'protectionPlans', {
        dates: { 'Plan started': p.startDate, 'Plan ended': p.endDate },
        ageAt: p.endDate,
        inNumerator: leftOutBecause === null && p.endDate < addMonths(p.startDate, 3),
        leftOutBecause,
      });
    });
  },
};
