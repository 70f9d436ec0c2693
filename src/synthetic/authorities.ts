import { AUTHORITY_POPULATIONS } from './authority-populations.ts';

export interface AuthorityProfile {
  la: string;
  name: string;
  /** Children aged 0–17: the population the rates per 10,000 are of. */
  childPopulation: number;
}

/** Of the ONS 0–25 population, the share aged 0–17 (18 of 26 single years, a little more for the younger years' larger cohorts). */
const UNDER_18_SHARE = 0.72;

export const ENGLISH_AUTHORITIES: readonly AuthorityProfile[] = AUTHORITY_POPULATIONS.map(
  ([la, name, population0to25]) => ({
    la,
    name,
    childPopulation: Math.round(population0to25 * UNDER_18_SHARE),
  }),
);

export function authorityByCode(la: string): AuthorityProfile | undefined {
  return ENGLISH_AUTHORITIES.find((authority) => authority.la === la);
}
