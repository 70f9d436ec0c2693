/**
 * Assessments completed, completed within 45 working days, and with the
 * child seen (DfE children in need statistics; Working Together to
 * Safeguard Children).
 */
import type { Period } from '../../domain/periods.ts';
import { notRecorded, type MeasureDefinition } from '../measure.ts';
import type { Assessment } from '../model.ts';
import { addWorkingDaysOrNull, inPeriod, problemAmong, rowOf, workingDaysOrNull } from './rows.ts';

const TIMESCALE_WORKING_DAYS = 45;

const completedIn = (assessments: readonly Assessment[], period: Period) =>
  assessments.filter((a): a is Assessment & { completedDate: string } => inPeriod(a.completedDate, period));

export const assessmentsCompleted: MeasureDefinition = {
  id: 'assessments-completed',
  title: 'Assessments completed',
  summary: 'The number of (continuous) assessments completed in the period.',
  kind: 'count',
  polarity: 'neither',
  numeratorLabel: 'Assessments completed',
  denominatorLabel: 'Assessments completed',
  source: 'DfE Children in need statistics; LAIT measure 304 "Number of continuous assessments completed"',
  rows({ records, period }) {
    return completedIn(records.assessments, period).map((a) => {
      const leftOutBecause = problemAmong(a, 'completedDate');
      return rowOf(a, 'assessments', {
        dates: { 'Assessment started': a.startDate, 'Assessment completed': a.completedDate },
        ageAt: a.completedDate,
        inNumerator: leftOutBecause === null,
        leftOutBecause,
      });
    });
  },
};

export const assessmentsWithin45WorkingDays: MeasureDefinition = {
  id: 'assessments-within-45-working-days',
  title: 'Assessments completed within 45 working days',
  summary:
    'Of the assessments completed in the period, the percentage completed within 45 working days of the referral (or of the assessment’s start, if the council so chooses).',
  kind: 'percent',
  polarity: 'higher_is_better',
  numeratorLabel: 'Completed within 45 working days',
  denominatorLabel: 'Assessments completed',
  source:
    'DfE Children in need statistics; LAIT measure 304 "Continuous assessments completed within 45 working days"',
  rows({ records, period, settings, calendar }) {
    return completedIn(records.assessments, period).map((a) => {
      // An assessment the source does not link to a referral can only be timed from its own start.
      const fromField =
        settings.assessmentTimelinessFrom === 'referral' && a.referralDate !== null
          ? 'referralDate'
          : 'startDate';
      const from = a[fromField] ?? a.startDate;
      const workingDays = workingDaysOrNull(calendar, from, a.completedDate);
      const leftOutBecause =
        problemAmong(a, 'completedDate', fromField) ??
        (workingDays === null ? fromField : a.completedDate < from ? 'completedDate' : null);
      return rowOf(a, 'assessments', {
        dates: {
          [fromField === 'referralDate' ? 'Referral' : 'Assessment started']: from,
          Due: addWorkingDaysOrNull(calendar, from, TIMESCALE_WORKING_DAYS),
          'Assessment completed': a.completedDate,
        },
        ageAt: a.completedDate,
        inNumerator: leftOutBecause === null && workingDays !== null && workingDays <= TIMESCALE_WORKING_DAYS,
        leftOutBecause,
      });
    });
  },
};

export const childrenSeenDuringAssessment: MeasureDefinition = {
  id: 'children-seen-during-assessment',
  title: 'Children seen during their assessment',
  summary: 'Of the assessments completed in the period, the percentage in which the child was seen.',
  kind: 'percent',
  polarity: 'higher_is_better',
  numeratorLabel: 'Child seen',
  denominatorLabel: 'Assessments completed',
  source: 'CIN census guide (AssessmentChildSeen); Ofsted Annex A, List 4',
  rows({ records, period }) {
    return completedIn(records.assessments, period).map((a) => {
      const leftOutBecause =
        problemAmong(a, 'completedDate', 'childSeen') ??
        (a.childSeen === null ? notRecorded('childSeen') : null);
      return rowOf(a, 'assessments', {
        dates: { 'Assessment started': a.startDate, 'Assessment completed': a.completedDate },
        ageAt: a.completedDate,
        inNumerator: leftOutBecause === null && a.childSeen === true,
        leftOutBecause,
      });
    });
  },
};
