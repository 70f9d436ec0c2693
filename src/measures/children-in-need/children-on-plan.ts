/**
 * Children on a child protection plan at the period end: how many, their
 * rate per 10,000 children, and whether they were visited within the
 * local standard.
 */
import { notRecorded, type MeasureDefinition, type MeasureInput, type MeasureRow } from '../measure.ts';
import { type ProtectionPlan, type ProtectionVisit, usable } from '../model.ts';
import { addWorkingDaysOrNull, openAt, problemAmong, rowOf, workingDaysOrNull } from './rows.ts';

/**
 * Each child on a plan at the period end once, with the plan they are on
 * (the latest to start, should the records hold two open plans).
 */
function plansOpenAtEnd({ records, period }: MeasureInput): ProtectionPlan[] {
  const seen = new Set<string>();
  const open: ProtectionPlan[] = [];
  for (const plan of records.protectionPlans) {
    if (!openAt(plan.startDate, plan.endDate, period.end) || seen.has(plan.childId)) continue;
    seen.add(plan.childId);
    let latest = plan;
    for (const p of records.plansOf(plan.childId))
      if (p.startDate > latest.startDate && openAt(p.startDate, p.endDate, period.end)) latest = p;
    open.push(latest);
  }
  return open;
}

function childrenOnPlanRows(input: MeasureInput): MeasureRow[] {
  return plansOpenAtEnd(input).map((p) => {
    const leftOutBecause = problemAmong(p, 'startDate', 'endDate');
    return rowOf(p, 'protectionPlans', {
      dates: { 'Plan started': p.startDate },
      ageAt: input.period.end,
      inNumerator: leftOutBecause === null,
      leftOutBecause,
    });
  });
}

const ON_PLAN_SOURCE =
  'DfE Children in need statistics, children subject of a plan at 31 March; LAIT measure 215 "Child Protection Plans rate per 10,000"';

export const childrenOnCpPlan: MeasureDefinition = {
  id: 'children-on-cp-plan',
  title: 'Children on a child protection plan',
  summary: 'The number of children on a child protection plan at the end of the period.',
  kind: 'count',
  polarity: 'neither',
  numeratorLabel: 'Children on a plan',
  denominatorLabel: 'Children on a plan',
  source: ON_PLAN_SOURCE,
  rows: childrenOnPlanRows,
};

export const childrenOnCpPlanRate: MeasureDefinition = {
  id: 'children-on-cp-plan-rate',
  title: 'Children on a child protection plan per 10,000 children',
  summary: 'Children on a child protection plan at the end of the period per 10,000 children aged 0–17.',
  kind: 'rate_per_10k',
  polarity: 'neither',
  numeratorLabel: 'Children on a plan',
  denominatorLabel: 'Children aged 0–17',
  source: ON_PLAN_SOURCE,
  rows: childrenOnPlanRows,
};

/** The child's latest usable visit during this plan on or before `day`. */
export function latestVisit(
  visits: readonly ProtectionVisit[],
  plan: ProtectionPlan,
  day: string,
): ProtectionVisit | null {
  for (let i = visits.length - 1; i >= 0; i--) {
    const v = visits[i]!;
    if (v.visitDate < plan.startDate) return null;
    if (v.visitDate <= day && usable(v, 'visitDate')) return v;
  }
  return null;
}

export const cpVisitsWithinStandard: MeasureDefinition = {
  id: 'cp-visits-within-standard',
  title: 'Children on a plan visited within the standard',
  summary:
    'Of the children on a child protection plan at the end of the period, the percentage whose latest visit was within the local standard (10 working days by default) before the period end.',
  kind: 'percent',
  polarity: 'higher_is_better',
  numeratorLabel: 'Visited within the standard',
  denominatorLabel: 'Children on a plan',
  source: 'Local standard (settings.protectionVisitWorkingDays); visits as in Ofsted Annex A, List 7',
  rows(input) {
    const { records, period, settings, calendar } = input;
    const standard = settings.protectionVisitWorkingDays;
    return plansOpenAtEnd(input).map((p) => {
      const last = latestVisit(records.visitsOf(p.childId), p, period.end);
      const workingDays = last === null ? null : workingDaysOrNull(calendar, last.visitDate, period.end);
      // Only Annex A records visits: without any, whether a child was visited is unknown, not "no".
      const leftOutBecause =
        problemAmong(p, 'startDate', 'endDate') ??
        (records.protectionVisits.length === 0 ? notRecorded('protectionVisits') : null);
      return rowOf(p, 'protectionPlans', {
        dates: {
          'Plan started': p.startDate,
          'Latest visit': last?.visitDate ?? null,
          'Next visit due': last === null ? null : addWorkingDaysOrNull(calendar, last.visitDate, standard),
        },
        ageAt: period.end,
        inNumerator: leftOutBecause === null && workingDays !== null && workingDays <= standard,
        leftOutBecause,
      });
    });
  },
};
