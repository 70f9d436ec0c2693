/**
 * The Children in Need census validation rules the importer applies: those
 * that guard the fields the statutory measures read. Codes and messages are
 * the DfE's, as the validator (data-to-insight/csc-validator-be-cin) states
 * them; codes starting "SC-" are our own, for values no DfE rule covers (a
 * date that cannot be read, a record without the date that identifies it).
 * docs/imports/cin-census.md lists them with what each checks.
 */
import type { FindingSeverity, RecordKind } from '../../measures/model.ts';

export interface CinRule {
  code: string;
  message: string;
  severity: FindingSeverity;
  /** The kind of record and the model field the rule guards; null for our own rules that apply wherever the value is. */
  kind: RecordKind | null;
  field: string | null;
  /** The first census the rule (in this wording) belongs to, as the rule catalogue names it. */
  ruleset: 'cin2022_23' | 'cin2024_25' | 'own';
}

const rule = (
  code: string,
  kind: RecordKind | null,
  field: string | null,
  message: string,
  ruleset: CinRule['ruleset'] = 'cin2022_23',
): CinRule => ({ code, message, severity: 'error', kind, field, ruleset });

export const CIN_RULES = {
  referenceDate: rule('100', 'children', 'periodEnd', 'Reference Date is incorrect'),
  childIdMissing: rule('8500', 'children', 'childId', 'LA Child ID missing'),
  childIdRepeated: rule(
    '8510',
    'children',
    'childId',
    'More than one child record with the same LA Child ID',
  ),
  birthAfterCensus: rule(
    '8520',
    'children',
    'birthDate',
    'Date of Birth is after data collection period (must be on or before the end of the census period)',
  ),
  genderInvalid: rule('4180', 'children', 'sex', 'Gender is missing'),
  sexInvalid: rule('4180', 'children', 'sex', 'Sex must be provided and equal M, F, or U', 'cin2024_25'),
  ethnicityInvalid: rule(
    '4220',
    'children',
    'ethnicity',
    'Ethnicity is missing or invalid (see Ethnicity table)',
  ),
  disabilityNoneAndOther: rule(
    '8790',
    'children',
    'hasDisability',
    'Disability information includes both None and other values',
  ),

  referralDateMissingOrLate: rule(
    '8600',
    'referrals',
    'referralDate',
    'Child referral date missing or after data collection period',
  ),
  referralSourceInvalid: rule(
    '8866',
    'referrals',
    'source',
    'Source of Referral is missing or an invalid code',
  ),
  primaryNeedMissing: rule(
    '8610',
    'referrals',
    'primaryNeed',
    'Primary Need code is missing for a referral which led to further action.',
  ),
  primaryNeedInvalid: rule(
    '8650',
    'referrals',
    'primaryNeed',
    'Primary Need Code invalid (see Primary Need table in CIN census code set)',
  ),
  closureOutsideCensus: rule(
    '8620',
    'referrals',
    'closureDate',
    'CIN Closure Date present and does not fall within the Census year',
  ),
  closureBeforeReferral: rule(
    '8630',
    'referrals',
    'closureDate',
    'CIN Closure Date is before CIN Referral Date for the same CIN episode',
  ),
  closureReasonInvalid: rule(
    '8640',
    'referrals',
    'closureReason',
    'CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)',
  ),
  noFurtherActionInvalid: rule('8568', 'referrals', 'noFurtherAction', 'RNFA flag is missing or invalid'),

  assessmentStartMissing: rule(
    'SC-CIN-1',
    'assessments',
    'startDate',
    'Assessment start date missing or unreadable: the assessment cannot be identified and is left out',
    'own',
  ),
  assessmentBeforeReferral: rule(
    '1103',
    'assessments',
    'startDate',
    'The assessment start date cannot be before the referral date',
  ),
  assessmentEndBeforeStart: rule(
    '8608',
    'assessments',
    'completedDate',
    'Assessment Start Date cannot be later than its End Date',
  ),
  assessmentEndOutsideCensus: rule(
    '8696',
    'assessments',
    'completedDate',
    'Assessment end date must fall within the census year',
  ),
  openAssessmentStartOutsideCensus: rule(
    '8736',
    'assessments',
    'startDate',
    'For an Assessment that has not been completed, the start date must fall within the census year',
  ),

  section47BeforeReferral: rule(
    '2889',
    'section47s',
    'strategyDate',
    'The S47 start date cannot be before the referral date.',
  ),
  section47StartMissingOrAfterIcpc: rule(
    '8615',
    'section47s',
    'strategyDate',
    'Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection Conference',
  ),
  icpcBeforeReferral: rule(
    '1104',
    'section47s',
    'icpcDate',
    'The date of the initial child protection conference cannot be before the referral date',
  ),
  icpcOutsideCensus: rule(
    '8715',
    'section47s',
    'icpcDate',
    'Date of Initial Child Protection Conference must fall within the census year',
  ),
  openSection47StartOutsideCensus: rule(
    '8740',
    'section47s',
    'strategyDate',
    'For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the end of the census year, the start date must fall within the census year',
  ),

  planStartMissingOrLate: rule(
    '8720',
    'protectionPlans',
    'startDate',
    'Child Protection Plan Start Date missing or out of data collection period',
  ),
  planBeforeReferral: rule(
    '1105',
    'protectionPlans',
    'startDate',
    'The child protection plan start date cannot be before the referral date',
  ),
  planEndBeforeStart: rule(
    '8925',
    'protectionPlans',
    'endDate',
    'Child Protection Plan End Date earlier than Start Date',
  ),
  planEndOutsideCensus: rule(
    '8930',
    'protectionPlans',
    'endDate',
    'Child Protection Plan End Date must fall within the census year',
  ),
  previousPlansMissing: rule(
    '8730',
    'protectionPlans',
    'previousPlans',
    'Total Number of previous Child Protection Plans missing',
  ),
  initialCategoryInvalid: rule(
    '8905',
    'protectionPlans',
    'initialCategory',
    'Initial Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)',
  ),
  latestCategoryInvalid: rule(
    '8910',
    'protectionPlans',
    'latestCategory',
    'Latest Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)',
  ),
  reviewNotAfterPlanStart: rule(
    '8841',
    'protectionPlans',
    'reviewDates',
    'The review date cannot be on the same day or before the Child protection Plan start date.',
  ),

  dateUnreadable: rule('SC-CIN-2', null, null, 'Date unreadable: expected YYYY-MM-DD', 'own'),
  flagUnreadable: rule('SC-CIN-3', null, null, 'Flag unreadable: expected true, false, 1 or 0', 'own'),
} as const satisfies Record<string, CinRule>;

export type CinRuleName = keyof typeof CIN_RULES;

/** The census code sets the rules above check against (CIN census 2022/23 to 2026/27, unchanged across them). */
export const CIN_CODES = {
  /** GenderCurrent (to 2023/24): 0 not known, 1 male, 2 female, 9 not specified. */
  gender: { '0': 'U', '1': 'M', '2': 'F', '9': 'U' } as const,
  sex: new Set(['M', 'F', 'U']),
  ethnicity: new Set([
    'ABAN',
    'AIND',
    'AOTH',
    'APKN',
    'BAFR',
    'BCRB',
    'BOTH',
    'CHNE',
    'MOTH',
    'MWAS',
    'MWBA',
    'MWBC',
    'NOBT',
    'OOTH',
    'REFU',
    'WBRI',
    'WIRI',
    'WIRT',
    'WOTH',
    'WROM',
  ]),
  referralSource: new Set([
    '1A',
    '1B',
    '1C',
    '1D',
    '2A',
    '2B',
    '3A',
    '3B',
    '3C',
    '3D',
    '3E',
    '3F',
    '4',
    '5A',
    '5B',
    '5C',
    '5D',
    '6',
    '7',
    '8',
    '9',
    '10',
  ]),
  primaryNeed: new Set(['N0', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8', 'N9']),
  closureReason: new Set(['RC1', 'RC2', 'RC3', 'RC4', 'RC5', 'RC6', 'RC7', 'RC8', 'RC9']),
  categoryOfAbuse: new Set(['NEG', 'PHY', 'SAB', 'EMO', 'MUL']),
};
