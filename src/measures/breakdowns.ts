/**
 * The breakdowns a statutory measure is shown by: the child's team, age
 * band, sex and ethnic group, with items and labels as the Department for
 * Education publishes them (Children in Need and Children Looked After
 * statistics), so that a council's figures line up with the national
 * tables.
 *
 * Order of items (stable, for tables and charts):
 * - team: team names in alphabetical order, then 'Not recorded';
 * - age band: youngest first, then 'Unborn/not known';
 * - sex: Male, Female, Not known;
 * - ethnicity: White, Mixed, Asian or Asian British, Black or Black
 *   British, Other ethnic group, Not known/refused (DfE's order).
 */
import { ageOn } from './dates.ts';
import type { Child, IsoDate } from './model.ts';

export type BreakdownKind = 'none' | 'team' | 'age_band' | 'sex' | 'ethnicity';

export const BREAKDOWN_KINDS: readonly BreakdownKind[] = ['none', 'team', 'age_band', 'sex', 'ethnicity'];

export interface BreakdownItem {
  item: string;
  label: string;
}

export const TEAM_NOT_RECORDED = 'Not recorded';

export const AGE_BANDS: readonly BreakdownItem[] = [
  { item: 'under_1', label: 'Under 1' },
  { item: '1_to_4', label: '1 to 4' },
  { item: '5_to_9', label: '5 to 9' },
  { item: '10_to_15', label: '10 to 15' },
  { item: '16_and_over', label: '16 and over' },
  { item: 'unborn_or_not_known', label: 'Unborn/not known' },
];

export const SEXES: readonly BreakdownItem[] = [
  { item: 'male', label: 'Male' },
  { item: 'female', label: 'Female' },
  { item: 'not_known', label: 'Not known' },
];

export const ETHNIC_GROUPS: readonly BreakdownItem[] = [
  { item: 'white', label: 'White' },
  { item: 'mixed', label: 'Mixed' },
  { item: 'asian', label: 'Asian or Asian British' },
  { item: 'black', label: 'Black or Black British' },
  { item: 'other', label: 'Other ethnic group' },
  { item: 'not_known', label: 'Not known/refused' },
];

/**
 * DfE ethnicity codes by major group: the main codes of the CIN census and
 * SSDA903 (WBRI … NOBT) and the extended codes of the school census that
 * some case-management systems return. Chinese (CHNE and its extended
 * codes) is in "Other ethnic group", as in DfE's children in need and
 * looked-after tables. REFU (refused), NOBT (information not yet obtained),
 * a missing code and any code not listed are "Not known/refused".
 */
const ETHNIC_CODES: Readonly<Record<string, string>> = {
  white:
    'WBRI WENG WSCO WWEL WOWB WCOR WIRI WIRT WOTH WALB WBOS WCRO WGRE WGRK WGRC WITA WKOS WPOR WSER WTUR WTUK WTCY WEUR WEEU WWEU WOTW WROM WROG WROR WROO',
  mixed: 'MWBC MWBA MWAS MWAP MWAI MWAO MOTH MAOE MABL MACH MBOE MCOE MWOE MOTM',
  asian: 'AIND APKN AKPA AMPK AOPK ABAN AOTH AAFR AKAO ANEP ASNL ASLT AOTA',
  black: 'BCRB BAFR BANN BCON BGHA BNGN BSLN BSOM BSUD BAOF BOTH BEUR BNAM BOTB',
  other:
    'CHNE CHKC CMAL CTWN COCH OOTH OAFG OARA OEGY OFIL OIRN OIRQ OJPN OKOR OKRD OLAM OLEB OLIB OMAL OMRC OPOL OTHA OTUR OVIE OYEM OOEG',
};

const GROUP_OF_CODE: ReadonlyMap<string, string> = new Map(
  Object.entries(ETHNIC_CODES).flatMap(([group, codes]) =>
    codes.split(' ').map((code) => [code, group] as const),
  ),
);

/** The DfE major ethnic group of a code; 'not_known' for REFU, NOBT, null and unlisted codes. */
export function ethnicGroupOf(code: string | null): string {
  return (code !== null && GROUP_OF_CODE.get(code.trim().toUpperCase())) || 'not_known';
}

/** The DfE age band of a child on a date; 'unborn_or_not_known' without a birth date or before the birth. */
export function ageBandOf(birthDate: IsoDate | null, on: IsoDate): string {
  const age = birthDate === null ? null : ageOn(birthDate, on);
  if (age === null) return 'unborn_or_not_known';
  if (age < 1) return 'under_1';
  if (age < 5) return '1_to_4';
  if (age < 10) return '5_to_9';
  if (age < 16) return '10_to_15';
  return '16_and_over';
}

const SEX_ITEM = { M: 'male', F: 'female', U: 'not_known' } as const;

/**
 * The item a row belongs to in a breakdown, from its child and the day its
 * age is taken. A row whose child is unknown falls in the "not known" item
 * of each breakdown (and 'Not recorded' for team).
 */
export function breakdownItemOf(kind: BreakdownKind, child: Child | undefined, ageAt: IsoDate): string {
  switch (kind) {
    case 'none':
      return '';
    case 'team':
      return child?.team?.trim() || TEAM_NOT_RECORDED;
    case 'age_band':
      return ageBandOf(child?.birthDate ?? null, ageAt);
    case 'sex':
      return SEX_ITEM[child?.sex ?? 'U'];
    case 'ethnicity':
      return ethnicGroupOf(child?.ethnicity ?? null);
  }
}

const FIXED_ITEMS: Readonly<Record<'age_band' | 'sex' | 'ethnicity', readonly BreakdownItem[]>> = {
  age_band: AGE_BANDS,
  sex: SEXES,
  ethnicity: ETHNIC_GROUPS,
};

/**
 * The items of a breakdown in their documented order. Age band, sex and
 * ethnicity list every item, so a table keeps its shape when an item has
 * no rows; teams are only known from the data, so they are the teams seen.
 */
export function breakdownItems(kind: BreakdownKind, teamsSeen: Iterable<string> = []): BreakdownItem[] {
  if (kind === 'none') return [];
  if (kind !== 'team') return [...FIXED_ITEMS[kind]];
  const seen = new Set(teamsSeen);
  const teams = [...seen].filter((t) => t !== TEAM_NOT_RECORDED).sort(compareTeams);
  const items = teams.map((team) => ({ item: team, label: team }));
  return seen.has(TEAM_NOT_RECORDED)
    ? [...items, { item: TEAM_NOT_RECORDED, label: TEAM_NOT_RECORDED }]
    : items;
}

const compareTeams = (a: string, b: string): number => a.localeCompare(b, 'en-GB', { sensitivity: 'base' });
