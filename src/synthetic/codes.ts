/**
 * The returns' code lists the generator draws from, weighted by roughly the
 * national shares (DfE Children in Need and Children Looked After
 * statistics), so that breakdowns look like a real authority's.
 */
import { weighted } from './random.ts';

export const ETHNICITIES = weighted([
  ['WBRI', 640],
  ['WIRI', 3],
  ['WIRT', 2],
  ['WROM', 5],
  ['WOTH', 55],
  ['MWBC', 25],
  ['MWBA', 8],
  ['MWAS', 12],
  ['MOTH', 25],
  ['AIND', 22],
  ['APKN', 45],
  ['ABAN', 15],
  ['AOTH', 15],
  ['BCRB', 12],
  ['BAFR', 35],
  ['BOTH', 8],
  ['CHNE', 4],
  ['OOTH', 20],
  ['REFU', 6],
  ['NOBT', 23],
] as const);

/** Unaccompanied asylum-seeking children come mostly from a few countries: the codes their ethnicity is recorded under. */
export const UASC_ETHNICITIES = weighted([
  ['OOTH', 35],
  ['AOTH', 20],
  ['BAFR', 25],
  ['BOTH', 10],
  ['WOTH', 5],
  ['NOBT', 5],
] as const);

export const SEXES = weighted([
  ['M', 522],
  ['F', 478],
] as const);

/** A contact that leads nowhere is sometimes recorded before the child's sex is known. */
export const SEXES_AT_CONTACT = weighted([
  ['M', 510],
  ['F', 470],
  ['U', 20],
] as const);

/** CIN census ReferralSource (also the contact source in Annex A List 1). */
export const REFERRAL_SOURCES = weighted([
  ['1A', 2],
  ['1B', 3],
  ['1C', 4],
  ['1D', 4],
  ['2A', 18],
  ['2B', 2],
  ['3A', 6],
  ['3B', 2],
  ['3C', 2],
  ['3D', 3],
  ['3E', 2],
  ['3F', 2],
  ['4', 8],
  ['5A', 14],
  ['5B', 3],
  ['5C', 2],
  ['5D', 1],
  ['6', 29],
  ['7', 1],
  ['8', 6],
  ['9', 2],
] as const);

export const PRIMARY_NEEDS = weighted([
  ['N1', 570],
  ['N2', 100],
  ['N3', 40],
  ['N4', 90],
  ['N5', 120],
  ['N6', 20],
  ['N7', 5],
  ['N8', 35],
  ['N9', 20],
] as const);

export const ASSESSMENT_FACTORS = weighted([
  ['1C', 10],
  ['2A', 6],
  ['2B', 6],
  ['3A', 16],
  ['3B', 12],
  ['4A', 22],
  ['4B', 6],
  ['5A', 5],
  ['5B', 5],
  ['6A', 9],
  ['6B', 9],
  ['7A', 4],
  ['8B', 6],
  ['8C', 4],
  ['8E', 2],
  ['10A', 2],
  ['11A', 2],
  ['12A', 1],
  ['13A', 1],
  ['16A', 2],
  ['17A', 3],
  ['18B', 4],
  ['19A', 3],
  ['20', 2],
  ['21', 10],
  ['22A', 4],
  ['23A', 1],
  ['24A', 6],
] as const);

export const ABUSE_CATEGORIES = weighted([
  ['NEG', 500],
  ['EMO', 360],
  ['PHY', 70],
  ['SAB', 40],
  ['MUL', 30],
] as const);

export const CARE_CATEGORIES_OF_NEED = weighted([
  ['N1', 650],
  ['N2', 30],
  ['N3', 30],
  ['N4', 80],
  ['N5', 140],
  ['N6', 20],
  ['N7', 2],
  ['N8', 50],
] as const);

/** Legal status on entering care, other than for unaccompanied children (who are accommodated under V2). */
export const ENTRY_LEGAL_STATUSES = weighted([
  ['C2', 450],
  ['V2', 380],
  ['L1', 80],
  ['L2', 40],
  ['J2', 20],
  ['C1', 30],
] as const);

/** A placement other than with adopters, with the providers that make it. */
export const PLACEMENTS = weighted([
  ['U1', 90],
  ['U3', 30],
  ['U4', 250],
  ['U6', 320],
  ['K2', 110],
  ['P1', 70],
  ['H5', 60],
  ['R1', 10],
  ['Z1', 20],
  ['S1', 10],
  ['R2', 10],
] as const);

export const FOSTER_PROVIDERS = weighted([
  ['PR1', 600],
  ['PR4', 330],
  ['PR5', 40],
  ['PR2', 30],
] as const);

export const HOME_PROVIDERS = weighted([
  ['PR4', 750],
  ['PR1', 150],
  ['PR5', 60],
  ['PR3', 40],
] as const);

export const PLACEMENT_CHANGE_REASONS = weighted([
  ['CARPL', 25],
  ['PLACE', 25],
  ['LAREQ', 15],
  ['CREQB', 8],
  ['CREQO', 5],
  ['STAND', 5],
  ['ALLEG', 4],
  ['CLOSE', 4],
  ['APPRR', 3],
  ['CUSTOD', 2],
  ['OTHER', 4],
] as const);

export const REVIEW_PARTICIPATION = weighted([
  ['PN1', 600],
  ['PN2', 40],
  ['PN3', 100],
  ['PN4', 60],
  ['PN5', 80],
  ['PN6', 60],
  ['PN7', 60],
] as const);

/** OC3 activity: education, employment or training (F1–P5) or not (G4–G6). */
export const EET_ACTIVITIES = weighted([
  ['F1', 70],
  ['P1', 10],
  ['F2', 260],
  ['P2', 40],
  ['F4', 110],
  ['P4', 50],
  ['F5', 20],
  ['P5', 10],
] as const);

export const NEET_ACTIVITIES = weighted([
  ['G4', 150],
  ['G5', 250],
  ['G6', 80],
] as const);

/** OC3 accommodation: the letter is the kind, the digit 1 suitable and 2 not; homelessness (S) and custody (X) are never suitable. */
export const SUITABLE_ACCOMMODATION = weighted([
  ['B1', 90],
  ['C1', 40],
  ['D1', 120],
  ['E1', 60],
  ['K1', 30],
  ['R1', 20],
  ['T1', 30],
  ['U1', 380],
  ['V1', 10],
  ['Y1', 40],
  ['Z1', 180],
] as const);

export const UNSUITABLE_ACCOMMODATION = weighted([
  ['S2', 30],
  ['X2', 25],
  ['B2', 15],
  ['U2', 10],
  ['W2', 10],
  ['V2', 10],
] as const);

export const ADOPTERS_SEX = weighted([
  ['MF', 800],
  ['MM', 60],
  ['FF', 70],
  ['M1', 10],
  ['F1', 60],
] as const);

export const ADOPTERS_LEGAL_STATUS = weighted([
  ['L11', 650],
  ['L12', 100],
  ['L2', 150],
  ['L4', 100],
] as const);
