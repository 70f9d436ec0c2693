/**
 * The SSDA903 validation rules this import applies: those of the DfE's
 * 2024/25 catalogue (codes and messages as published, see
 * test/fixtures/ssda903/903_2024_25_rule_info.csv) that guard a value the
 * measures read, and a few of our own ("SC-903-…") for what the catalogue
 * leaves to the DfE portal. A record that breaks a rule keeps its place and
 * lists `field` in its `problems`, so a measure that needs the field leaves
 * the record out. docs/imports/ssda903.md lists them.
 */
import type { FindingSeverity, RecordKind } from '../../measures/model.ts';

export interface Ssda903Rule {
  code: string;
  message: string;
  /** The kind of record the finding is about. */
  kind: RecordKind;
  /** The model field the rule guards. */
  field: string;
  /** The 903 column whose value the finding shows. */
  column: string;
  severity: FindingSeverity;
}

const rule = (
  code: string,
  message: string,
  kind: RecordKind,
  field: string,
  column: string,
  severity: FindingSeverity = 'error',
): Ssda903Rule => ({ code, message, kind, field, column, severity });

/** The valid codes of the coded columns, as the 2024/25 guide lists them. */
// prettier-ignore
export const CODES = {
  SEX: ['1', '2'],
  RNE: ['S', 'P', 'L', 'T', 'U', 'B'],
  LS: ['C1', 'C2', 'D1', 'E1', 'V2', 'V3', 'V4', 'J1', 'J2', 'J3', 'L1', 'L2', 'L3'],
  CIN: ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'],
  PLACE: [
    'A3', 'A4', 'A5', 'A6', 'H5', 'K1', 'K2', 'P1', 'P2', 'P3', 'R1', 'R2', 'R3', 'R5', 'S1',
    'T0', 'T1', 'T2', 'T3', 'T4', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'Z1',
  ],
  PLACE_PROVIDER: ['PR0', 'PR1', 'PR2', 'PR3', 'PR4', 'PR5'],
  /** Temporary placements and "other", which have no provider (rule 178). */
  PLACE_WITHOUT_PROVIDER: ['T0', 'T1', 'T2', 'T3', 'T4', 'Z1'],
  REC: [
    'E11', 'E12', 'E2', 'E3', 'E4A', 'E4B', 'E13', 'E41', 'E45', 'E46', 'E47', 'E48', 'E5', 'E6', 'E7',
    'E8', 'E9', 'E14', 'E15', 'E16', 'E17', 'X1',
  ],
  REASON_PLACE_CHANGE: [
    'CARPL', 'CLOSE', 'ALLEG', 'STAND', 'APPRR', 'CREQB', 'CREQO', 'CHILD', 'LAREQ', 'PLACE', 'CUSTOD', 'OTHER',
  ],
  REVIEW_CODE: ['PN0', 'PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7'],
  MISSING: ['M', 'A'],
  REASON_PLACED_CEASED: ['RD1', 'RD2', 'RD3', 'RD4'],
  FOSTER_CARE: ['0', '1'],
  NB_ADOPTR: ['1', '2'],
  SEX_ADOPTR: ['M1', 'F1', 'MM', 'FF', 'MF'],
  LS_ADOPTR: ['L0', 'L11', 'L12', 'L2', 'L3', 'L4'],
  IN_TOUCH: ['YES', 'NO', 'DIED', 'REFU', 'NREQ', 'RHOM'],
  ACTIV: ['F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5', 'G4', 'G5', 'G6', '0'],
  ACCOM: [
    'B1', 'B2', 'C1', 'C2', 'D1', 'D2', 'E1', 'E2', 'G1', 'G2', 'H1', 'H2', 'K1', 'K2', 'R1', 'R2', 'S2',
    'T1', 'T2', 'U1', 'U2', 'V1', 'V2', 'W1', 'W2', 'X2', 'Y1', 'Y2', 'Z1', 'Z2', '0',
  ],
  /** Placed for adoption (A3–A6), for the date the child moved in with the adopters. */
  PLACED_FOR_ADOPTION: ['A3', 'A4', 'A5', 'A6'],
  /** Legal status: placement order granted. */
  PLACEMENT_ORDER: ['E1'],
  /** Reason ceased: adopted (application unopposed, or consent dispensed with). */
  ADOPTED: ['E11', 'E12'],
} satisfies Record<string, readonly string[]>;

export const RULES = {
  // Header
  sexInvalid: rule('101', 'Gender code is not valid.', 'children', 'sex', 'SEX'),
  birthDateInvalid: rule('102', 'Date of birth is not a valid date.', 'children', 'birthDate', 'DOB'),
  childRepeated: rule(
    'INT32',
    'Internal Check: Child should only exist once in Header.',
    'children',
    'childId',
    'CHILD',
  ),
  // UASC
  uascCeasedInvalid: rule(
    '104',
    'Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased is not a valid date.',
    'children',
    'uascCeasedDate',
    'DUC',
  ),
  uascRepeated: rule(
    'INT36',
    'Internal Check: Child should only exist once in UASC.',
    'children',
    'uascCeasedDate',
    'CHILD',
  ),
  // Episodes
  episodeStartInvalid: rule(
    '141',
    'Date episode began is not a valid date.',
    'episodes',
    'startDate',
    'DECOM',
  ),
  previousEpisodeOpen: rule(
    '142',
    'A new episode has started, but the previous episode has not ended.',
    'episodes',
    'endDate',
    'DEC',
  ),
  reasonNewEpisodeInvalid: rule(
    '143',
    'The reason for new episode code is not a valid code.',
    'episodes',
    'reasonNewEpisode',
    'RNE',
  ),
  legalStatusInvalid: rule(
    '144',
    'The legal status code is not a valid code.',
    'episodes',
    'legalStatus',
    'LS',
  ),
  categoryOfNeedInvalid: rule(
    '145',
    'Category of need code is not a valid code.',
    'episodes',
    'categoryOfNeed',
    'CIN',
  ),
  placementInvalid: rule('146', 'Placement type code is not a valid code.', 'episodes', 'placement', 'PLACE'),
  episodeEndInvalid: rule('147', 'Date episode ceased is not a valid date.', 'episodes', 'endDate', 'DEC'),
  reasonEndedInvalid: rule(
    '149',
    'Reason episode ceased code is not valid.',
    'episodes',
    'reasonEnded',
    'REC',
  ),
  placementProviderInvalid: rule(
    '178',
    'Placement provider code is not a valid code.',
    'episodes',
    'placementProvider',
    'PLACE_PROVIDER',
  ),
  reasonPlaceChangeInvalid: rule(
    '1009',
    'Reason for placement change is not a valid code.',
    'episodes',
    'reasonPlaceChange',
    'REASON_PLACE_CHANGE',
  ),
  episodeEndsBeforeStart: rule(
    '356',
    'The date the episode ceased is before the date the same episode started.',
    'episodes',
    'endDate',
    'DEC',
  ),
  episodeEndsAfterYear: rule(
    '385',
    'Date episode ceased must be on or before the end of the current collection year.',
    'episodes',
    'endDate',
    'DEC',
  ),
  episodeOverlaps: rule(
    '501',
    'A new episode has started before the end date of the previous episode.',
    'episodes',
    'startDate',
    'DECOM',
  ),
  episodeRepeated: rule(
    'SC-903-DUPLICATE',
    'Another episode of this child starts the same day; the first is kept and this one left out.',
    'episodes',
    'startDate',
    'DECOM',
  ),
  episodeChildUnknown: rule(
    'INT03',
    'Internal Check: Child in Episodes does not exist in Header.',
    'episodes',
    'childId',
    'CHILD',
  ),
  // Reviews
  reviewDateInvalid: rule(
    '166',
    'Date of review is invalid or blank.',
    'careReviews',
    'reviewDate',
    'REVIEW',
  ),
  participationInvalid: rule(
    '167',
    'Data entry for participation is invalid or blank.',
    'careReviews',
    'participation',
    'REVIEW_CODE',
  ),
  reviewRepeated: rule(
    'SC-903-DUPLICATE',
    'Another review of this child has the same date; the first is kept and this one left out.',
    'careReviews',
    'reviewDate',
    'REVIEW',
  ),
  reviewChildUnknown: rule(
    'INT08',
    'Internal Check: Child in Reviews does not exist in Header.',
    'careReviews',
    'childId',
    'CHILD',
  ),
  // Missing
  missingStartInvalid: rule(
    '1004',
    'The start date of the missing episode or episode that the child was away from placement without authorisation is not a valid date.',
    'missingEpisodes',
    'startDate',
    'MIS_START',
  ),
  missingStartBlank: rule(
    '564',
    'Child was missing or away from placement without authorisation and the date started is blank.',
    'missingEpisodes',
    'startDate',
    'MIS_START',
  ),
  missingEndInvalid: rule(
    '1005',
    'The end date of the missing episode or episode that the child was away from placement without authorisation is not a valid date.',
    'missingEpisodes',
    'endDate',
    'MIS_END',
  ),
  missingKindInvalid: rule('1006', 'Missing type invalid.', 'missingEpisodes', 'kind', 'MISSING'),
  missingKindBlank: rule(
    '565',
    'The date that the child started to be missing or away from placement without authorisation has been completed but whether the child was missing or away from placement without authorisation has not been completed.',
    'missingEpisodes',
    'kind',
    'MISSING',
  ),
  missingEndsBeforeStart: rule(
    '567',
    'The date that the missing episode or episode that the child was away from placement without authorisation ended is before the date that it started.',
    'missingEpisodes',
    'endDate',
    'MIS_END',
  ),
  missingRepeated: rule(
    'SC-903-DUPLICATE',
    'Another missing or away period of this child starts the same day; the first is kept and this one left out.',
    'missingEpisodes',
    'startDate',
    'MIS_START',
  ),
  missingChildUnknown: rule(
    'INT04',
    'Internal Check: Child in Missing does not exist in Header.',
    'missingEpisodes',
    'childId',
    'CHILD',
  ),
  // PlacedAdoption
  decisionDateInvalid: rule(
    '115',
    "Date of Local Authority's (LA) decision that a child should be placed for adoption is not a valid date.",
    'adoptions',
    'decisionDate',
    'DATE_PLACED',
  ),
  decisionReversedInvalid: rule(
    '116',
    "Date of Local Authority's (LA) decision that a child should no longer be placed for adoption is not a valid date.",
    'adoptions',
    'decisionReversedDate',
    'DATE_PLACED_CEASED',
  ),
  decisionReversedReasonInvalid: rule(
    '120',
    'The reason for the reversal of the decision that the child should be placed for adoption code is not valid.',
    'adoptions',
    'decisionReversedReason',
    'REASON_PLACED_CEASED',
  ),
  decisionBeforeCare: rule(
    '1003',
    "Date of LA's decision that a child should be placed for adoption is before the child started to be looked after.",
    'adoptions',
    'decisionDate',
    'DATE_PLACED',
  ),
  decisionReversedBeforeDecision: rule(
    '522',
    'Date of decision that the child should be placed for adoption must be on or before the date that a child should no longer be placed for adoption.',
    'adoptions',
    'decisionReversedDate',
    'DATE_PLACED_CEASED',
  ),
  decisionDiffersFromAd1: rule(
    '523',
    'Date of decision that the child should be placed for adoption should be the same date as the decision that adoption is in the best interest (date should be placed).',
    'adoptions',
    'decisionDate',
    'DATE_INT',
    'query',
  ),
  decisionsOverlap: rule(
    '579',
    'A new decision that the child should be placed for adoption this year cannot start when the previous decision is still open. Decisions to place the child for adoption should also not overlap. The date of any new decision to place the child for adoption must not be before the date placed ceased of previous decisions.',
    'adoptions',
    'decisionDate',
    'DATE_PLACED',
  ),
  decisionRepeated: rule(
    'SC-903-DUPLICATE',
    'Another decision to place this child for adoption has the same date; the first is kept and this one left out.',
    'adoptions',
    'decisionDate',
    'DATE_PLACED',
  ),
  placedAdoptionChildUnknown: rule(
    'INT02',
    'Internal Check: Child in PlacedAdoption does not exist in Header.',
    'adoptions',
    'childId',
    'CHILD',
  ),
  // AD1
  shouldBePlacedInvalid: rule(
    '112',
    'Date should be placed for adoption is not a valid date.',
    'adoptions',
    'decisionDate',
    'DATE_INT',
  ),
  matchDateInvalid: rule(
    '113',
    'Date matching child and adopter(s) is not a valid date.',
    'adoptions',
    'matchDate',
    'DATE_MATCH',
  ),
  fosterCarerInvalid: rule(
    '114',
    'Data entry to record the status of former carer(s) of an adopted child is invalid.',
    'adoptions',
    'fosterCarerAdoption',
    'FOSTER_CARE',
  ),
  numberOfAdoptersInvalid: rule(
    '175',
    'The number of adopter(s) code is not a valid code.',
    'adoptions',
    'numberOfAdopters',
    'NB_ADOPTR',
  ),
  adoptersSexInvalid: rule(
    '176',
    'The gender of adopter(s) at the date of adoption code is not a valid code.',
    'adoptions',
    'adoptersSex',
    'SEX_ADOPTR',
  ),
  adoptersLegalStatusInvalid: rule(
    '177',
    'The legal status of adopter(s) code is not a valid code.',
    'adoptions',
    'adoptersLegalStatus',
    'LS_ADOPTR',
  ),
  matchBeforeShouldBePlaced: rule(
    '333',
    'Date should be placed for adoption must be on or prior to the date of matching child with adopter(s).',
    'adoptions',
    'matchDate',
    'DATE_MATCH',
  ),
  shouldBePlacedBeforeCare: rule(
    '334',
    'Date child started to be looked after in latest period of care must be on or prior to the date should be placed for adoption.',
    'adoptions',
    'decisionDate',
    'DATE_INT',
  ),
  ad1Repeated: rule(
    'INT31',
    'Internal Check: Child should only exist once in AD1.',
    'adoptions',
    'matchDate',
    'CHILD',
  ),
  ad1ChildUnknown: rule(
    'INT01',
    'Data Integrity Check: Child in AD1 does not exist in Header.',
    'adoptions',
    'childId',
    'CHILD',
  ),
  // OC3
  inTouchInvalid: rule(
    '131',
    'Data entry for being in touch after leaving care is invalid.',
    'careLeavers',
    'inTouch',
    'IN_TOUCH',
  ),
  activityInvalid: rule(
    '132',
    'Data entry for activity after leaving care is invalid.',
    'careLeavers',
    'activity',
    'ACTIV',
  ),
  accommodationInvalid: rule(
    '133',
    'Data entry for accommodation after leaving care is invalid. If reporting on a childs accommodation after leaving care the data entry must be valid',
    'careLeavers',
    'accommodation',
    'ACCOM',
  ),
  careLeaverAgeOutside: rule(
    '391',
    'Young person was not 17, 18, 19, 20 or 21 during the current collection year.',
    'careLeavers',
    'ageAtBirthday',
    'DOB',
  ),
  careLeaverRepeated: rule(
    'INT34',
    'Internal Check: Child should only exist once in OC3.',
    'careLeavers',
    'childId',
    'CHILD',
  ),
  careLeaverChildUnknown: rule(
    'INT06',
    'Internal Check: Child in OC3 does not exist in Header.',
    'careLeavers',
    'childId',
    'CHILD',
  ),
  careLeaverYearUnknown: rule(
    'SC-903-YEAR',
    'The collection year cannot be told (no episode has a valid start date and no year ending was given), so care leaver information is left out.',
    'careLeavers',
    'yearEnding',
    'CHILD',
  ),
  // Tables the model does not hold, whose children should still be in the Header
  uascChildUnknown: rule(
    'INT09',
    'Internal Check: Child in UASC does not exist in Header.',
    'children',
    'childId',
    'CHILD',
  ),
  oc2ChildUnknown: rule(
    'INT05',
    'Internal Check: Child in OC2 does not exist in Header.',
    'children',
    'childId',
    'CHILD',
  ),
  previousPermanenceChildUnknown: rule(
    'INT07',
    'Internal Check: Child in PrevPerm does not exist in Header.',
    'children',
    'childId',
    'CHILD',
  ),
  otherTableChildUnknown: rule(
    'SC-903-CHILD',
    'Child in this table does not exist in Header.',
    'children',
    'childId',
    'CHILD',
  ),
  childIdBlank: rule(
    'SC-903-NO-CHILD',
    'The row has no child identifier (CHILD), so it cannot be tied to a child and is left out.',
    'children',
    'childId',
    'CHILD',
  ),
} as const satisfies Record<string, Ssda903Rule>;

export type RuleName = keyof typeof RULES;
