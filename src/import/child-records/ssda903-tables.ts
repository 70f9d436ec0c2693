/**
 * The tables of an SSDA903 return as the DfE's CSV layout has them, and the
 * one shape both readers (CSV and XML) deliver them in, so that a return
 * maps onto the child-level model the same way whichever form it came in.
 */

/** Each table's columns, as the DfE's CSV layout (and the validator) names them. */
export const SSDA903_TABLES = {
  header: ['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB'],
  episodes: [
    'CHILD',
    'DECOM',
    'RNE',
    'LS',
    'CIN',
    'PLACE',
    'PLACE_PROVIDER',
    'DEC',
    'REC',
    'REASON_PLACE_CHANGE',
    'HOME_POST',
    'PL_POST',
    'URN',
  ],
  reviews: ['CHILD', 'DOB', 'REVIEW', 'REVIEW_CODE'],
  uasc: ['CHILD', 'SEX', 'DOB', 'DUC'],
  oc2: [
    'CHILD',
    'DOB',
    'SDQ_SCORE',
    'SDQ_REASON',
    'CONVICTED',
    'HEALTH_CHECK',
    'IMMUNISATIONS',
    'TEETH_CHECK',
    'HEALTH_ASSESSMENT',
    'SUBSTANCE_MISUSE',
    'INTERVENTION_RECEIVED',
    'INTERVENTION_OFFERED',
  ],
  oc3: ['CHILD', 'DOB', 'IN_TOUCH', 'ACTIV', 'ACCOM'],
  ad1: ['CHILD', 'DOB', 'DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'],
  placedAdoption: ['CHILD', 'DOB', 'DATE_PLACED', 'DATE_PLACED_CEASED', 'REASON_PLACED_CEASED'],
  missing: ['CHILD', 'DOB', 'MISSING', 'MIS_START', 'MIS_END'],
  previousPermanence: ['CHILD', 'DOB', 'PREV_PERM', 'LA_PERM', 'DATE_PERM'],
  socialWorkerEpisodes: ['CHILD', 'DOB', 'SW_ID', 'SW_DECOM', 'SW_DEC', 'SW_REASON'],
  deprivationOfLiberty: ['CHILD', 'DOB', 'DOLO_START', 'DOLO_END'],
} as const satisfies Record<string, readonly string[]>;

export type Ssda903TableName = keyof typeof SSDA903_TABLES;

export const SSDA903_TABLE_NAMES = Object.keys(SSDA903_TABLES) as Ssda903TableName[];

/** The names people know the tables by (the DfE guide's and the validator's), for messages. */
export const TABLE_TITLES: Record<Ssda903TableName, string> = {
  header: 'Header',
  episodes: 'Episodes',
  reviews: 'Reviews',
  uasc: 'UASC',
  oc2: 'OC2',
  oc3: 'OC3',
  ad1: 'AD1',
  placedAdoption: 'PlacedAdoption',
  missing: 'Missing',
  previousPermanence: 'PrevPerm',
  socialWorkerEpisodes: 'SWEpisodes',
  deprivationOfLiberty: 'DoLo',
};

/** One row of a table: its values by column (blank cells as ''), and where it was read. */
export interface SourceRow {
  file: string;
  /** "row N" (the header being row 1) or the XML element's path, "CHILD[3]/EPISODE[2]". */
  location: string;
  values: Readonly<Record<string, string>>;
}

export type Ssda903Tables = Record<Ssda903TableName, SourceRow[]>;

export function emptyTables(): Ssda903Tables {
  const tables = {} as Ssda903Tables;
  for (const name of SSDA903_TABLE_NAMES) tables[name] = [];
  return tables;
}

/** A return read, or the reason it cannot be: the file and what is wrong with it. */
export type TablesRead = { ok: true; tables: Ssda903Tables } | { ok: false; file: string; message: string };
