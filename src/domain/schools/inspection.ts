/**
 * Ofsted inspection outcomes, as this service keeps them: one record per
 * inspection, whichever of Ofsted's management-information layouts it came
 * from. Pure types and vocabularies.
 *
 * Three kinds of inspection matter here:
 * - graded: a full (section 5) inspection under the inspection frameworks up
 *   to November 2025, with an overall-effectiveness grade 1–4. From
 *   September 2024 graded inspections no longer gave an overall grade ("Not
 *   judged"): such an inspection has no grade but may still place the school
 *   in a category of concern.
 * - ungraded: a section 8 inspection (monitoring, short, urgent). It keeps
 *   the grade the school had; its outcome is kept as Ofsted words it.
 * - report_card: an inspection under the renewed framework (from 10
 *   November 2025): a grade on a five-point scale for each evaluation area,
 *   and safeguarding standards met or not met. No overall grade.
 */

export const GRADES = [1, 2, 3, 4] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_LABELS: Record<Grade, string> = {
  1: 'Outstanding',
  2: 'Good',
  3: 'Requires improvement',
  4: 'Inadequate',
};

export const CATEGORIES_OF_CONCERN = ['special_measures', 'serious_weaknesses'] as const;
export type CategoryOfConcern = (typeof CATEGORIES_OF_CONCERN)[number];

export const CATEGORY_LABELS: Record<CategoryOfConcern, string> = {
  special_measures: 'Special measures',
  serious_weaknesses: 'Serious weaknesses',
};

export const INSPECTION_KINDS = ['graded', 'ungraded', 'report_card'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

export const INSPECTION_KIND_LABELS: Record<InspectionKind, string> = {
  graded: 'Graded inspection',
  ungraded: 'Ungraded inspection',
  report_card: 'Report card inspection',
};

/** The evaluation areas of a report card, in Ofsted's order. */
export const REPORT_CARD_AREAS = [
  'inclusion',
  'curriculum_and_teaching',
  'achievement',
  'attendance_and_behaviour',
  'personal_development_and_wellbeing',
  'early_years',
  'post_16',
  'leadership_and_governance',
] as const;
export type ReportCardArea = (typeof REPORT_CARD_AREAS)[number];

export const REPORT_CARD_AREA_LABELS: Record<ReportCardArea, string> = {
  inclusion: 'Inclusion',
  curriculum_and_teaching: 'Curriculum and teaching',
  achievement: 'Achievement',
  attendance_and_behaviour: 'Attendance and behaviour',
  personal_development_and_wellbeing: 'Personal development and well-being',
  early_years: 'Early years (where applicable)',
  post_16: 'Post-16 provision (where applicable)',
  leadership_and_governance: 'Leadership and governance',
};

/** The five-point scale, best first. */
export const REPORT_CARD_GRADES = [
  'exceptional',
  'strong_standard',
  'expected_standard',
  'needs_attention',
  'urgent_improvement',
] as const;
export type ReportCardGrade = (typeof REPORT_CARD_GRADES)[number];

export const REPORT_CARD_GRADE_LABELS: Record<ReportCardGrade, string> = {
  exceptional: 'Exceptional',
  strong_standard: 'Strong standard',
  expected_standard: 'Expected standard',
  needs_attention: 'Needs attention',
  urgent_improvement: 'Urgent improvement',
};

export type Safeguarding = 'met' | 'not_met';

export interface ReportCard {
  /** The areas graded; an area that does not apply (early years, post-16) is absent. */
  grades: Partial<Record<ReportCardArea, ReportCardGrade>>;
  safeguarding: Safeguarding | null;
}

export interface Inspection {
  /** Ofsted's inspection number; unique, so loading a later file updates rather than duplicates. */
  inspectionNumber: string;
  /** The school inspected: its URN at the time (a predecessor's, for an academy not yet inspected itself). */
  urn: number;
  /** The school whose row in Ofsted's file reported it (its URN now). */
  reportedUrn: number;
  kind: InspectionKind;
  /** ISO dates. */
  startDate: string;
  publicationDate: string | null;
  /** Graded inspections up to August 2024 only. */
  overallEffectiveness: Grade | null;
  categoryOfConcern: CategoryOfConcern | null;
  /** An ungraded inspection's outcome, in Ofsted's words. */
  ungradedOutcome: string | null;
  reportCard: ReportCard | null;
}

/**
 * The day an inspection's outcome counts from: the day its report was
 * published (the judgement is not public, or final, before), or the day the
 * inspection started when the file gives no publication date.
 */
export const countsFrom = (inspection: Pick<Inspection, 'publicationDate' | 'startDate'>): string =>
  inspection.publicationDate ?? inspection.startDate;

/** Whether an inspection can judge a school: a graded or report-card one (an ungraded one never does). */
export const isJudging = (inspection: Pick<Inspection, 'kind'>): boolean => inspection.kind !== 'ungraded';

/** Latest first: by the day it counts from, then start date, then inspection number. */
export function compareLatestFirst(a: Inspection, b: Inspection): number {
  return (
    countsFrom(b).localeCompare(countsFrom(a)) ||
    b.startDate.localeCompare(a.startDate) ||
    b.inspectionNumber.localeCompare(a.inspectionNumber)
  );
}
