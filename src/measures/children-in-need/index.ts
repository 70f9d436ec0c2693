/** The children-in-need statutory measures, in the order a scorecard lists them: front door to plans. */
import type { MeasureDefinition } from '../measure.ts';
import {
  assessmentsCompleted,
  assessmentsWithin45WorkingDays,
  childrenSeenDuringAssessment,
} from './assessments.ts';
import { childrenOnCpPlan, childrenOnCpPlanRate, cpVisitsWithinStandard } from './children-on-plan.ts';
import { contacts, contactsDecidedWithin48Hours } from './contacts.ts';
import { cinOpenMoreThan2Years, unallocatedMoreThan7Days } from './open-cases.ts';
import {
  cpPlansEndingWithin3Months,
  cpPlansLasting2YearsOrMore,
  cpPlansSecondOrSubsequent,
  cpPlansSecondOrSubsequentWithin2Years,
  cpPlansStarted,
} from './protection-plans.ts';
import { referrals, referralsRate, reReferralsWithin12Months } from './referrals.ts';
import { icpcWithin15WorkingDays, section47Enquiries } from './section-47.ts';

export const CHILDREN_IN_NEED_MEASURES: readonly MeasureDefinition[] = [
  contacts,
  contactsDecidedWithin48Hours,
  referrals,
  referralsRate,
  reReferralsWithin12Months,
  unallocatedMoreThan7Days,
  assessmentsCompleted,
  assessmentsWithin45WorkingDays,
  childrenSeenDuringAssessment,
  section47Enquiries,
  icpcWithin15WorkingDays,
  cpPlansStarted,
  cpPlansSecondOrSubsequent,
  cpPlansSecondOrSubsequentWithin2Years,
  cpPlansLasting2YearsOrMore,
  cpPlansEndingWithin3Months,
  childrenOnCpPlan,
  childrenOnCpPlanRate,
  cpVisitsWithinStandard,
  cinOpenMoreThan2Years,
];
