/**
 * What a statutory measure is: a written definition and a pure function
 * from the child-level records and a period to the rows behind the figure.
 * A row is one record (a referral, a plan, a child at the period end) with
 * whether it counts in the denominator and the numerator; the figure, its
 * breakdowns and the drill-down lists are all read from the same rows, so
 * the number on a page and the children listed behind it cannot disagree.
 */
import type { Period } from '../domain/periods.ts';
import type { WorkingDayCalendar } from './calendar.ts';
import type { IsoDate, RecordKind } from './model.ts';
import type { IndexedRecords } from './records-index.ts';

/**
 * How the rows make a figure:
 * - count: the rows in the numerator;
 * - percent: numerator / denominator × 100;
 * - rate_per_10k: numerator / the population aged 0–17 × 10,000;
 * - average_days: the mean of `value` over the numerator rows.
 */
export type MeasureKind = 'count' | 'percent' | 'rate_per_10k' | 'average_days';

/** Settings a council may change, each documented with its default in docs/measures/. */
export interface MeasureSettings {
  /** Where the 45 working days of an assessment start: the referral (Working Together's default) or the assessment's own start. */
  assessmentTimelinessFrom: 'referral' | 'assessment_start';
  /** The local standard for visits to a child on a protection plan, in working days. */
  protectionVisitWorkingDays: number;
  /** Days after referral by which a case should be allocated to a worker. */
  allocationDays: number;
  /** Hours within which a contact should be decided. */
  contactDecisionHours: number;
}

export const DEFAULT_SETTINGS: MeasureSettings = {
  assessmentTimelinessFrom: 'referral',
  protectionVisitWorkingDays: 10,
  allocationDays: 7,
  contactDecisionHours: 48,
};

export interface MeasureInput {
  records: IndexedRecords;
  period: Period;
  settings: MeasureSettings;
  calendar: WorkingDayCalendar;
}

/** One record behind a figure. */
export interface MeasureRow {
  childId: string;
  kind: RecordKind;
  recordKey: string;
  /** The dates that decided the row, named as the drill-down shows them ("Referral", "Assessment completed"). */
  dates: Readonly<Record<string, IsoDate | null>>;
  /** The day the child's age is taken for the age-band breakdown (the event's date, or the period end for a snapshot). */
  ageAt: IsoDate;
  inDenominator: boolean;
  inNumerator: boolean;
  /** What the row adds to an average (days), or null. */
  value: number | null;
  /**
   * Set when the row belongs to the measure but a field it needs failed a
   * validation rule (the field's name), or was not recorded at all by the
   * returns held (`notRecorded(field)`): it counts in neither part and is
   * reported as left out.
   */
  leftOutBecause: string | null;
}

const NOT_RECORDED = ':not_recorded';

/**
 * The reason for leaving out a row whose source does not record a field at
 * all (the CIN census has no "child seen"; only Annex A gives allocations
 * and visits): unknown is not the same as no.
 */
export const notRecorded = (field: string): string => `${field}${NOT_RECORDED}`;

/** A left-out reason read back: the field, and whether it was missing from the returns rather than invalid. */
export function leftOutField(reason: string): { field: string; isNotRecorded: boolean } {
  return reason.endsWith(NOT_RECORDED)
    ? { field: reason.slice(0, -NOT_RECORDED.length), isNotRecorded: true }
    : { field: reason, isNotRecorded: false };
}

export interface MeasureDefinition {
  /** Stable identifier, also the name of its definition file: docs/measures/<id>.md. */
  id: string;
  title: string;
  /** One sentence: what is counted, over what. */
  summary: string;
  kind: MeasureKind;
  /** Whether a higher figure is better. */
  polarity: 'higher_is_better' | 'lower_is_better' | 'neither';
  numeratorLabel: string;
  /** For counts and rates, the denominator is the same rows (or the population); label it anyway for the drill-down. */
  denominatorLabel: string;
  /** Where the definition comes from (DfE guidance, the CIN census or SSDA903 guide, the LAIT dictionary). */
  source: string;
  rows(input: MeasureInput): MeasureRow[];
}
