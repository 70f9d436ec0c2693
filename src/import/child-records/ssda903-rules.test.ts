import { describe, expect, it } from 'vitest';
import type { ParsedReturn, RecordKind } from '../../measures/model.ts';
import { parseSsda903 } from './ssda903.ts';
import { RULES } from './ssda903-rules.ts';
import { csvReturn, type TestRows } from './ssda903-test-return.ts';

/** One child in care from 1 June 2016, 17 on 31 March 2017 (the year's end); every value valid. */
const BASE = {
  header: [{ CHILD: 'A1', SEX: '1', DOB: '01/05/1999', ETHNIC: 'WBRI', UPN: 'UN1' }],
  episode: {
    CHILD: 'A1',
    DECOM: '01/06/2016',
    RNE: 'S',
    LS: 'C2',
    CIN: 'N1',
    PLACE: 'U1',
    PLACE_PROVIDER: 'PR1',
  },
  review: { CHILD: 'A1', REVIEW: '01/12/2016', REVIEW_CODE: 'PN1' },
  missing: { CHILD: 'A1', MISSING: 'M', MIS_START: '01/12/2016', MIS_END: '03/12/2016' },
  decision: { CHILD: 'A1', DATE_PLACED: '01/09/2016', DATE_PLACED_CEASED: '', REASON_PLACED_CEASED: '' },
  ad1: {
    CHILD: 'A1',
    DATE_INT: '01/09/2016',
    DATE_MATCH: '01/11/2016',
    FOSTER_CARE: '1',
    NB_ADOPTR: '1',
    SEX_ADOPTR: 'F1',
    LS_ADOPTR: 'L0',
  },
  oc3: { CHILD: 'A1', DOB: '01/05/1999', IN_TOUCH: 'YES', ACTIV: 'F1', ACCOM: 'Z1' },
};

const episode = (patch: Record<string, string> = {}) => ({ ...BASE.episode, ...patch });
const review = (patch: Record<string, string> = {}) => ({ ...BASE.review, ...patch });
const missing = (patch: Record<string, string> = {}) => ({ ...BASE.missing, ...patch });
const decision = (patch: Record<string, string> = {}) => ({ ...BASE.decision, ...patch });
const ad1 = (patch: Record<string, string> = {}) => ({ ...BASE.ad1, ...patch });
const oc3 = (patch: Record<string, string> = {}) => ({ ...BASE.oc3, ...patch });

function parse(rows: TestRows): Extract<ParsedReturn, { ok: true }> {
  const result = parseSsda903(csvReturn({ header: BASE.header, episodes: [episode()], ...rows }), {
    la: '999',
  });
  if (!result.ok) throw new Error(result.message);
  return result;
}

interface RuleCase {
  rule: string;
  /** What the rule finds, as the test is named. */
  finds: string;
  broken: TestRows;
  valid: TestRows;
  /** Whether the row is left out rather than kept with the field among its problems. */
  leftOut?: boolean;
}

const CASES: RuleCase[] = [
  // Header
  {
    rule: '101',
    finds: 'a sex other than 1 or 2',
    broken: { header: [{ ...BASE.header[0]!, SEX: '3' }] },
    valid: { header: [{ ...BASE.header[0]!, SEX: '2' }] },
  },
  {
    rule: '102',
    finds: 'a date of birth that is no day',
    broken: { header: [{ ...BASE.header[0]!, DOB: '29/02/2001' }] },
    valid: { header: [{ ...BASE.header[0]!, DOB: '29/02/2000' }] },
  },
  {
    rule: 'INT32',
    finds: 'a child twice in the Header',
    broken: { header: [BASE.header[0]!, BASE.header[0]!] },
    valid: { header: [BASE.header[0]!, { ...BASE.header[0]!, CHILD: 'B2' }] },
    leftOut: true,
  },
  // UASC
  {
    rule: '104',
    finds: 'a UASC ceased date that is no date',
    broken: { uasc: [{ CHILD: 'A1', DUC: '2028-13-01' }] },
    valid: { uasc: [{ CHILD: 'A1', DUC: '2028-12-01' }] },
  },
  {
    rule: 'INT36',
    finds: 'a child twice in UASC',
    broken: {
      uasc: [
        { CHILD: 'A1', DUC: '01/05/2017' },
        { CHILD: 'A1', DUC: '01/06/2017' },
      ],
    },
    valid: { uasc: [{ CHILD: 'A1', DUC: '01/05/2017' }] },
  },
  {
    rule: 'INT09',
    finds: 'a UASC child not in the Header',
    broken: { uasc: [{ CHILD: 'Z9' }] },
    valid: { uasc: [{ CHILD: 'A1' }] },
    leftOut: true,
  },
  // Episodes
  {
    rule: '141',
    finds: 'an episode start that is no date',
    broken: { episodes: [episode({ DECOM: '2016/06/01' })] },
    valid: { episodes: [episode({ DECOM: '2016-06-01' })] },
    leftOut: true,
  },
  {
    rule: '142',
    finds: 'an episode left open when the next starts',
    broken: { episodes: [episode(), episode({ DECOM: '01/09/2016', RNE: 'P' })] },
    valid: {
      episodes: [episode({ DEC: '01/09/2016', REC: 'X1' }), episode({ DECOM: '01/09/2016', RNE: 'P' })],
    },
  },
  {
    rule: '143',
    finds: 'an unknown reason for new episode',
    broken: { episodes: [episode({ RNE: 'X' })] },
    valid: { episodes: [episode({ RNE: 's' })] },
  },
  {
    rule: '144',
    finds: 'an unknown legal status',
    broken: { episodes: [episode({ LS: 'C3' })] },
    valid: { episodes: [episode({ LS: 'V2' })] },
  },
  {
    rule: '145',
    finds: 'an unknown category of need',
    broken: { episodes: [episode({ CIN: 'N9' })] },
    valid: { episodes: [episode({ CIN: 'N8' })] },
  },
  {
    rule: '146',
    finds: 'an unknown placement',
    broken: { episodes: [episode({ PLACE: 'A1' })] },
    valid: { episodes: [episode({ PLACE: 'A3' })] },
  },
  {
    rule: '147',
    finds: 'an episode end that is no day',
    broken: { episodes: [episode({ DEC: '31/11/2016', REC: 'E8' })] },
    valid: { episodes: [episode({ DEC: '30/11/2016', REC: 'E8' })] },
  },
  {
    rule: '149',
    finds: 'an unknown reason episode ceased',
    broken: { episodes: [episode({ DEC: '30/11/2016', REC: 'E99' })] },
    valid: { episodes: [episode({ DEC: '30/11/2016', REC: 'E4A' })] },
  },
  {
    rule: '178',
    finds: 'a provider given for a temporary placement',
    broken: { episodes: [episode({ PLACE: 'T0', PLACE_PROVIDER: 'PR1' })] },
    valid: { episodes: [episode({ PLACE: 'T0', PLACE_PROVIDER: '' })] },
  },
  {
    rule: '1009',
    finds: 'an unknown reason for placement change',
    broken: { episodes: [episode({ REASON_PLACE_CHANGE: 'BORED' })] },
    valid: { episodes: [episode({ REASON_PLACE_CHANGE: 'CARPL' })] },
  },
  {
    rule: '356',
    finds: 'an episode ending before it starts',
    broken: { episodes: [episode({ DEC: '31/05/2016', REC: 'E8' })] },
    valid: { episodes: [episode({ DEC: '01/06/2016', REC: 'E8' })] },
  },
  {
    rule: '385',
    finds: 'an episode ending after the collection year',
    broken: { episodes: [episode({ DEC: '01/04/2017', REC: 'E8' })] },
    valid: { episodes: [episode({ DEC: '31/03/2017', REC: 'E8' })] },
  },
  {
    rule: '501',
    finds: 'an episode starting before the previous one ended',
    broken: {
      episodes: [episode({ DEC: '01/09/2016', REC: 'X1' }), episode({ DECOM: '31/08/2016', RNE: 'P' })],
    },
    valid: {
      episodes: [episode({ DEC: '01/09/2016', REC: 'X1' }), episode({ DECOM: '01/09/2016', RNE: 'P' })],
    },
  },
  {
    rule: 'SC-903-DUPLICATE',
    finds: 'two episodes of a child starting the same day',
    broken: { episodes: [episode({ DEC: '01/09/2016', REC: 'X1' }), episode({ PLACE: 'U2' })] },
    valid: {
      episodes: [episode({ DEC: '01/09/2016', REC: 'X1' }), episode({ DECOM: '01/09/2016', RNE: 'P' })],
    },
    leftOut: true,
  },
  {
    rule: 'INT03',
    finds: 'an episode of a child not in the Header',
    broken: { episodes: [episode({ CHILD: 'Z9' })] },
    valid: { episodes: [episode()] },
  },
  {
    rule: 'SC-903-NO-CHILD',
    finds: 'a row naming no child',
    broken: { episodes: [episode(), episode({ CHILD: '', DECOM: '01/09/2016' })] },
    valid: { episodes: [episode()] },
    leftOut: true,
  },
  // Reviews
  {
    rule: '166',
    finds: 'a review without a date',
    broken: { reviews: [review({ REVIEW: '' })] },
    valid: { reviews: [review()] },
    leftOut: true,
  },
  {
    rule: '167',
    finds: 'a participation code outside PN0–PN7, or none',
    broken: { reviews: [review({ REVIEW_CODE: 'PN8' }), review({ REVIEW: '02/12/2016', REVIEW_CODE: '' })] },
    valid: { reviews: [review({ REVIEW_CODE: 'PN0' })] },
  },
  {
    rule: 'SC-903-DUPLICATE',
    finds: 'two reviews of a child on the same day',
    broken: { reviews: [review(), review({ REVIEW_CODE: 'PN2' })] },
    valid: { reviews: [review(), review({ REVIEW: '02/12/2016' })] },
    leftOut: true,
  },
  {
    rule: 'INT08',
    finds: 'a review of a child not in the Header',
    broken: { reviews: [review({ CHILD: 'Z9' })] },
    valid: { reviews: [review()] },
  },
  // Missing
  {
    rule: '1004',
    finds: 'a missing start that is no date',
    broken: { missing: [missing({ MIS_START: '1/13/2016' })] },
    valid: { missing: [missing({ MIS_START: '1/12/2016' })] },
    leftOut: true,
  },
  {
    rule: '564',
    finds: 'a missing period without a start',
    broken: { missing: [missing({ MIS_START: '' })] },
    valid: { missing: [missing()] },
    leftOut: true,
  },
  {
    rule: '1005',
    finds: 'a missing end that is no date',
    broken: { missing: [missing({ MIS_END: 'ongoing' })] },
    valid: { missing: [missing({ MIS_END: '' })] },
  },
  {
    rule: '1006',
    finds: 'a missing type other than M or A',
    broken: { missing: [missing({ MISSING: 'AWAY' })] },
    valid: { missing: [missing({ MISSING: 'A' })] },
  },
  {
    rule: '565',
    finds: 'a missing period whose type is blank',
    broken: { missing: [missing({ MISSING: '' })] },
    valid: { missing: [missing({ MISSING: 'M' })] },
  },
  {
    rule: '567',
    finds: 'a missing period ending before it starts',
    broken: { missing: [missing({ MIS_END: '30/11/2016' })] },
    valid: { missing: [missing({ MIS_END: '01/12/2016' })] },
  },
  {
    rule: 'SC-903-DUPLICATE',
    finds: 'two missing periods of a child starting the same day',
    broken: { missing: [missing(), missing({ MISSING: 'A' })] },
    valid: { missing: [missing(), missing({ MIS_START: '05/12/2016', MIS_END: '' })] },
    leftOut: true,
  },
  {
    rule: 'INT04',
    finds: 'a missing period of a child not in the Header',
    broken: { missing: [missing({ CHILD: 'Z9' })] },
    valid: { missing: [missing()] },
  },
  // PlacedAdoption
  {
    rule: '115',
    finds: 'a decision date that is no date',
    broken: { placedAdoption: [decision({ DATE_PLACED: '01/09/16' })] },
    valid: { placedAdoption: [decision()] },
  },
  {
    rule: '116',
    finds: 'a reversal date that is no date',
    broken: { placedAdoption: [decision({ DATE_PLACED_CEASED: 'soon', REASON_PLACED_CEASED: 'RD1' })] },
    valid: { placedAdoption: [decision({ DATE_PLACED_CEASED: '01/12/2016', REASON_PLACED_CEASED: 'RD1' })] },
  },
  {
    rule: '120',
    finds: 'an unknown reason for the reversal',
    broken: { placedAdoption: [decision({ DATE_PLACED_CEASED: '01/12/2016', REASON_PLACED_CEASED: 'XXX' })] },
    valid: { placedAdoption: [decision({ DATE_PLACED_CEASED: '01/12/2016', REASON_PLACED_CEASED: 'RD4' })] },
  },
  {
    rule: '1003',
    finds: 'a decision before the child first started to be looked after',
    broken: { placedAdoption: [decision({ DATE_PLACED: '31/05/2016' })] },
    valid: { placedAdoption: [decision({ DATE_PLACED: '01/06/2016' })] },
  },
  {
    rule: '522',
    finds: 'a reversal before the decision',
    broken: { placedAdoption: [decision({ DATE_PLACED_CEASED: '31/08/2016', REASON_PLACED_CEASED: 'RD1' })] },
    valid: { placedAdoption: [decision({ DATE_PLACED_CEASED: '01/09/2016', REASON_PLACED_CEASED: 'RD1' })] },
  },
  {
    rule: '579',
    finds: 'a decision made while an earlier one stands',
    broken: { placedAdoption: [decision(), decision({ DATE_PLACED: '01/12/2016' })] },
    valid: {
      placedAdoption: [
        decision({ DATE_PLACED_CEASED: '01/11/2016', REASON_PLACED_CEASED: 'RD1' }),
        decision({ DATE_PLACED: '01/12/2016' }),
      ],
    },
  },
  {
    rule: 'SC-903-DUPLICATE',
    finds: 'two decisions of the same date',
    broken: { placedAdoption: [decision(), decision()] },
    valid: { placedAdoption: [decision()] },
    leftOut: true,
  },
  {
    rule: 'INT02',
    finds: 'a decision about a child not in the Header',
    broken: { placedAdoption: [decision({ CHILD: 'Z9' })] },
    valid: { placedAdoption: [decision()] },
  },
  // AD1
  {
    rule: '112',
    finds: 'a "should be placed" date that is no date',
    broken: { ad1: [ad1({ DATE_INT: '00/09/2016' })] },
    valid: { ad1: [ad1()] },
  },
  {
    rule: '113',
    finds: 'a match date that is no date',
    broken: { ad1: [ad1({ DATE_MATCH: '01.11.2016' })] },
    valid: { ad1: [ad1()] },
  },
  {
    rule: '114',
    finds: 'a former-foster-carer code other than 0 or 1',
    broken: { ad1: [ad1({ FOSTER_CARE: '2' })] },
    valid: { ad1: [ad1({ FOSTER_CARE: '0' })] },
  },
  {
    rule: '175',
    finds: 'a number of adopters other than 1 or 2',
    broken: { ad1: [ad1({ NB_ADOPTR: '3' })] },
    valid: { ad1: [ad1({ NB_ADOPTR: '2', SEX_ADOPTR: 'MF' })] },
  },
  {
    rule: '176',
    finds: 'an unknown adopters’ sex code',
    broken: { ad1: [ad1({ SEX_ADOPTR: 'F2' })] },
    valid: { ad1: [ad1({ SEX_ADOPTR: 'M1' })] },
  },
  {
    rule: '177',
    finds: 'an unknown adopters’ legal status',
    broken: { ad1: [ad1({ LS_ADOPTR: 'L1' })] },
    valid: { ad1: [ad1({ LS_ADOPTR: 'L12' })] },
  },
  {
    rule: '333',
    finds: 'a match before the "should be placed" date',
    broken: { ad1: [ad1({ DATE_MATCH: '31/08/2016' })] },
    valid: { ad1: [ad1({ DATE_MATCH: '01/09/2016' })] },
  },
  {
    rule: '334',
    finds: 'a "should be placed" date before the latest period of care started',
    broken: {
      episodes: [episode({ DEC: '01/07/2016', REC: 'E8' }), episode({ DECOM: '01/10/2016' })],
      ad1: [ad1({ DATE_MATCH: '01/12/2016' })],
    },
    valid: {
      episodes: [episode({ DEC: '01/07/2016', REC: 'E8' }), episode({ DECOM: '01/09/2016' })],
      ad1: [ad1({ DATE_MATCH: '01/12/2016' })],
    },
  },
  {
    rule: '523',
    finds: 'a decision dated otherwise than AD1’s "should be placed" date',
    broken: { placedAdoption: [decision({ DATE_PLACED: '02/09/2016' })], ad1: [ad1()] },
    valid: { placedAdoption: [decision()], ad1: [ad1()] },
  },
  {
    rule: 'INT31',
    finds: 'a child twice in AD1',
    broken: { ad1: [ad1(), ad1({ DATE_MATCH: '02/11/2016' })] },
    valid: { ad1: [ad1()] },
    leftOut: true,
  },
  {
    rule: 'INT01',
    finds: 'an AD1 row of a child not in the Header',
    broken: { ad1: [ad1({ CHILD: 'Z9' })] },
    valid: { ad1: [ad1()] },
  },
  // OC3
  {
    rule: '131',
    finds: 'an unknown or blank in-touch code',
    broken: { oc3: [oc3({ IN_TOUCH: 'MAYBE' })] },
    valid: { oc3: [oc3({ IN_TOUCH: 'RHOM' })] },
  },
  {
    rule: '132',
    finds: 'an unknown or blank activity',
    broken: { oc3: [oc3({ ACTIV: '' })] },
    valid: { oc3: [oc3({ ACTIV: '0' })] },
  },
  {
    rule: '133',
    finds: 'an unknown or blank accommodation',
    broken: { oc3: [oc3({ ACCOM: '01' })] },
    valid: { oc3: [oc3({ ACCOM: '0' })] },
  },
  {
    rule: '391',
    finds: 'a young person not 17 to 21 in the year',
    broken: { header: [{ ...BASE.header[0]!, DOB: '01/04/2000' }], oc3: [oc3()] },
    valid: { header: [{ ...BASE.header[0]!, DOB: '31/03/2000' }], oc3: [oc3()] },
  },
  {
    rule: 'INT34',
    finds: 'a child twice in OC3',
    broken: { oc3: [oc3(), oc3({ ACTIV: 'G4' })] },
    valid: { oc3: [oc3()] },
    leftOut: true,
  },
  {
    rule: 'INT06',
    finds: 'an OC3 row of a child not in the Header',
    broken: { oc3: [oc3({ CHILD: 'Z9' })] },
    valid: { oc3: [oc3()] },
  },
  {
    rule: 'SC-903-YEAR',
    finds: 'care leavers of a return whose year cannot be told',
    broken: { episodes: [], oc3: [oc3()] },
    valid: { oc3: [oc3()] },
    leftOut: true,
  },
  // Tables the model does not hold
  {
    rule: 'INT05',
    finds: 'an OC2 row of a child not in the Header',
    broken: { oc2: [{ CHILD: 'Z9' }] },
    valid: { oc2: [{ CHILD: 'A1' }] },
    leftOut: true,
  },
  {
    rule: 'INT07',
    finds: 'a previous permanence row of a child not in the Header',
    broken: { previousPermanence: [{ CHILD: 'Z9', PREV_PERM: 'Z1' }] },
    valid: { previousPermanence: [{ CHILD: 'A1', PREV_PERM: 'Z1' }] },
    leftOut: true,
  },
  {
    rule: 'SC-903-CHILD',
    finds: 'a social worker episode of a child not in the Header',
    broken: { socialWorkerEpisodes: [{ CHILD: 'Z9', SW_ID: 'SW1' }] },
    valid: { socialWorkerEpisodes: [{ CHILD: 'A1', SW_ID: 'SW1' }] },
    leftOut: true,
  },
];

describe('the adopted 903 rules, each with a case that breaks it and one that does not', () => {
  it('the base return breaks none', () => {
    expect(parse({}).findings).toEqual([]);
  });

  for (const c of CASES) {
    it(`${c.rule} finds ${c.finds}`, () => {
      const broken = parse(c.broken);
      const found = broken.findings.filter((f) => f.rule === c.rule);
      expect(found.length).toBeGreaterThan(0);
      for (const finding of found) {
        const kept = (
          broken.records[finding.kind as RecordKind] as { key: string; problems: readonly string[] }[]
        )
          .filter((r) => r.key === finding.recordKey)
          .map((r) => r.problems.includes(finding.field));
        expect(kept).toEqual(c.leftOut ? (finding.recordKey ? [false] : []) : [true]);
      }
      expect(parse(c.valid).findings.map((f) => f.rule)).not.toContain(c.rule);
    });
  }

  it('every rule of ssda903-rules.ts has a case', () => {
    const covered = new Set(CASES.map((c) => c.rule));
    expect(Object.values(RULES).filter((r) => !covered.has(r.code))).toEqual([]);
  });
});
