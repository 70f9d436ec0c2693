import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ParsedReturn } from '../../measures/model.ts';
import { parseCinCensus } from './cin-census.ts';
import { CIN_RULES } from './cin-rules.ts';

/** The shared samples (see /work/shared/samples/README.md): synthetic files from open-source CIN tools. */
const SAMPLES = '/work/shared/samples';
const sample = (path: string) => ({
  name: path.split('/').pop()!,
  bytes: new Uint8Array(readFileSync(`${SAMPLES}/${path}`)),
});
const utf8 = (text: string) => new TextEncoder().encode(text);

function read(xml: string, la?: string) {
  const parsed = parseCinCensus({ name: 'test.xml', bytes: utf8(xml) }, la === undefined ? {} : { la });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed;
}

function refusal(xml: string): string {
  const parsed = parseCinCensus({ name: 'broken.xml', bytes: utf8(xml) }, {});
  if (parsed.ok) throw new Error('the file was read');
  return parsed.message;
}

type Fields = Record<string, string | null>;
const leaves = (fields: Fields) =>
  Object.entries(fields)
    .filter(([, value]) => value !== null)
    .map(([name, value]) => `<${name}>${value}</${name}>`)
    .join('');

interface ChildParts {
  identifiers?: Fields;
  characteristics?: Fields;
  disabilities?: string[];
  referral?: Fields;
  assessment?: Fields | null;
  section47?: Fields | null;
  plan?: Fields | null;
  reviews?: string[];
}

/** A child of the 2024/25 census with nothing wrong, one referral, assessment, enquiry and plan; parts override it. */
function child(parts: ChildParts = {}): string {
  const identifiers = {
    LAchildID: 'C1',
    UPN: 'A123456789012',
    PersonBirthDate: '2015-01-01',
    Sex: 'M',
    ...parts.identifiers,
  };
  const characteristics = { Ethnicity: 'WBRI', ...parts.characteristics };
  const disabilities = (parts.disabilities ?? ['HAND']).map((code) => `<Disability>${code}</Disability>`);
  const referral = {
    CINreferralDate: '2024-06-01',
    ReferralSource: '1A',
    PrimaryNeedCode: 'N1',
    ReferralNFA: 'false',
    ...parts.referral,
  };
  const assessment =
    parts.assessment === null
      ? ''
      : `<Assessments>${leaves({
          AssessmentActualStartDate: '2024-06-03',
          AssessmentAuthorisationDate: '2024-07-01',
          ...parts.assessment,
        })}<FactorsIdentifiedAtAssessment><AssessmentFactors>1C</AssessmentFactors><AssessmentFactors>4A</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>`;
  const section47 =
    parts.section47 === null
      ? ''
      : `<Section47>${leaves({
          S47ActualStartDate: '2024-06-05',
          InitialCPCtarget: '2024-06-26',
          DateOfInitialCPC: '2024-06-20',
          ICPCnotRequired: 'false',
          ...parts.section47,
        })}</Section47>`;
  const reviews = (parts.reviews ?? ['2024-09-01']).map((date) => `<CPPreviewDate>${date}</CPPreviewDate>`);
  const plan =
    parts.plan === null
      ? ''
      : `<ChildProtectionPlans>${leaves({
          CPPstartDate: '2024-06-20',
          InitialCategoryOfAbuse: 'PHY',
          LatestCategoryOfAbuse: 'PHY',
          NumberOfPreviousCPP: '0',
          ...parts.plan,
        })}<Reviews>${reviews.join('')}</Reviews></ChildProtectionPlans>`;
  return `<Child><ChildIdentifiers>${leaves(identifiers)}</ChildIdentifiers><ChildCharacteristics>${leaves(
    characteristics,
  )}<Disabilities>${disabilities.join('')}</Disabilities></ChildCharacteristics><CINdetails>${leaves(
    referral,
  )}${assessment}${section47}${plan}</CINdetails></Child>`;
}

function census(children: string[], collection: Fields = {}, lea = '330'): string {
  const details = { Collection: 'CIN', Year: '2025', ReferenceDate: '2025-03-31', ...collection };
  return `<?xml version="1.0" encoding="utf-8"?><Message><Header><CollectionDetails>${leaves(
    details,
  )}</CollectionDetails><Source>${leaves({ SourceLevel: 'L', LEA: lea })}</Source></Header><Children>${children.join(
    '',
  )}</Children></Message>`;
}

const codesOf = (parsed: ParsedReturn & { ok: true }) => parsed.findings.map((f) => f.rule);
const countsOf = (parsed: ParsedReturn & { ok: true }) => ({
  children: parsed.records.children.length,
  referrals: parsed.records.referrals.length,
  assessments: parsed.records.assessments.length,
  section47s: parsed.records.section47s.length,
  protectionPlans: parsed.records.protectionPlans.length,
});

describe('the shared CIN census samples', () => {
  const child1 = 'Child 1 (LAchildID DfEX0000001) / CINdetails 1';
  /** The one child of the 1970s test files, whose dates all fall long before the census year. */
  const seventiesChild = [
    ['8620', child1],
    ['1103', `${child1} / Assessments 1`],
    ['8696', `${child1} / Assessments 1`],
    ['2889', `${child1} / Section47 1`],
    ['1104', `${child1} / Section47 1`],
    ['8715', `${child1} / Section47 1`],
    ['1105', `${child1} / ChildProtectionPlans 1`],
    ['8930', `${child1} / ChildProtectionPlans 1`],
  ];
  /** The same child moved to 2022-23, checked against a census year ending 31 March 2024. */
  const twentiesChild = [
    ['8620', child1],
    ['8736', `${child1} / Assessments 1`],
    ['2889', `${child1} / Section47 1`],
    ['1104', `${child1} / Section47 1`],
    ['8715', `${child1} / Section47 1`],
    ['1105', `${child1} / ChildProtectionPlans 1`],
    ['8930', `${child1} / ChildProtectionPlans 1`],
  ];
  const header100 = ['100', 'Header / CollectionDetails / ReferenceDate'];
  const oneOfEach = { children: 1, referrals: 1, assessments: 1, section47s: 1, protectionPlans: 1 };
  const invalidChildren = [
    header100,
    ['4180', 'Child 1 (LAchildID DfEX0000001)'],
    ['8620', child1],
    ['8608', `${child1} / Assessments 1`],
    ['8696', `${child1} / Assessments 1`],
    ['2889', `${child1} / Section47 1`],
    ['1104', `${child1} / Section47 1`],
    ['8715', `${child1} / Section47 1`],
    ['1105', `${child1} / ChildProtectionPlans 1`],
    ['8930', `${child1} / ChildProtectionPlans 1`],
    ['8600', 'Child 2 (LAchildID child_fails_assessments) / CINdetails 1'],
    ['8620', 'Child 2 (LAchildID child_fails_assessments) / CINdetails 1'],
    ['1103', 'Child 2 (LAchildID child_fails_assessments) / CINdetails 1 / Assessments 1'],
  ];

  it.each([
    ['cin_census_fake/CIN_Census_2021.xml', '2023-03-31', oneOfEach, seventiesChild],
    ['cin_census_fake/CIN_la_issues_2887Q.xml', '2023-03-31', oneOfEach, seventiesChild],
    ['cin_census_fake/CIN_header_issues_100.xml', '2023-03-28', oneOfEach, [header100, ...seventiesChild]],
    ['liia_samples/BAR_cin_2022.xml', '2022-03-31', oneOfEach, seventiesChild],
    ['liia_samples/cin-2022.xml', '2022-03-31', oneOfEach, seventiesChild],
    ['cin_census_fake/CIN_Census_2021_copy.xml', '2024-03-31', oneOfEach, [header100, ...twentiesChild]],
    [
      'cin_census_fake/CIN_Census_2021_no_assessment_factors.xml',
      '2024-03-31',
      oneOfEach,
      [header100, ...twentiesChild],
    ],
    [
      'cin_census_fake/CIN2rows.xml',
      '2024-03-31',
      { ...oneOfEach, protectionPlans: 2 },
      [
        header100,
        ...twentiesChild,
        ['1105', `${child1} / ChildProtectionPlans 2`],
        ['8930', `${child1} / ChildProtectionPlans 2`],
      ],
    ],
    [
      'cin_census_fake/CIN_Census_2024.xml',
      '2024-03-31',
      { children: 2, referrals: 2, assessments: 2, section47s: 1, protectionPlans: 1 },
      invalidChildren,
    ],
    [
      'cin_census_fake/CIN_Census_2026.xml',
      '2024-03-31',
      { children: 2, referrals: 2, assessments: 2, section47s: 1, protectionPlans: 1 },
      invalidChildren,
    ],
  ])(
    'reads %s (census ending %s) with the findings its test data were made for',
    (path, end, counts, found) => {
      const parsed = parseCinCensus(sample(path), {});
      if (!parsed.ok) throw new Error(parsed.message);
      expect(parsed).toMatchObject({ source: 'cin_census', la: '201', periodEnd: end });
      expect(countsOf(parsed)).toEqual(counts);
      const byRuleThenPlace = (a: string[], b: string[]) => a.join().localeCompare(b.join());
      expect(parsed.findings.map((f) => [f.rule, f.location]).sort(byRuleThenPlace)).toEqual(
        [...found].sort(byRuleThenPlace),
      );
    },
  );

  it('reads the 332 children and 402 referrals of fake_CIN_data.xml, a July reference date being out of step', () => {
    const parsed = parseCinCensus(sample('cin_census_fake/fake_CIN_data.xml'), {});
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.la).toBe('975');
    expect(countsOf(parsed)).toEqual({
      children: 332,
      referrals: 402,
      assessments: 0,
      section47s: 0,
      protectionPlans: 0,
    });
    const byRule = new Map<string, number>();
    for (const code of codesOf(parsed)) byRule.set(code, (byRule.get(code) ?? 0) + 1);
    // Counted independently with Python's ElementTree over the census year 2021-07-22..2022-07-21.
    expect(Object.fromEntries(byRule)).toEqual({ '100': 1, '8600': 8, '8620': 204, '8790': 3 });
    expect(parsed.records.children.filter((c) => c.hasDisability === null)).toHaveLength(258);
  });

  it('maps the first child of CIN_Census_2024.xml onto every kind of record, keyed by the model', () => {
    const parsed = parseCinCensus(sample('cin_census_fake/CIN_Census_2024.xml'), {});
    if (!parsed.ok) throw new Error(parsed.message);
    const { children, referrals, assessments, section47s, protectionPlans } = parsed.records;
    expect(children[0]).toEqual({
      la: '201',
      childId: 'DfEX0000001',
      key: '201|DfEX0000001',
      problems: ['sex'],
      birthDate: '2015-03-27',
      sex: null,
      ethnicity: 'WBRI',
      upn: 'A123456789123',
      hasDisability: true,
      uascCeasedDate: null,
      wasUasc: false,
      team: null,
    });
    expect(referrals[0]).toEqual({
      la: '201',
      childId: 'DfEX0000001',
      key: '201|DfEX0000001|2022-10-06',
      problems: ['closureDate'],
      referralDate: '2022-10-06',
      source: '1A',
      primaryNeed: 'N4',
      closureDate: '2023-02-27',
      closureReason: 'RC1',
      noFurtherAction: false,
    });
    expect(assessments[0]).toMatchObject({
      key: '201|DfEX0000001|2028-04-28',
      referralDate: '2022-10-06',
      startDate: '2028-04-28',
      completedDate: '2020-09-19',
      factors: ['1C', 'RB', '6B'],
      problems: ['completedDate'],
    });
    expect(section47s[0]).toMatchObject({
      key: '201|DfEX0000001|2022-06-02',
      strategyDate: '2022-06-02',
      icpcTargetDate: '2022-06-23',
      icpcDate: '2022-06-17',
      icpcNotRequired: false,
      problems: ['strategyDate', 'icpcDate'],
    });
    expect(protectionPlans[0]).toMatchObject({
      key: '201|DfEX0000001|2022-02-17',
      startDate: '2022-02-17',
      endDate: '2023-03-14',
      initialCategory: 'PHY',
      latestCategory: 'PHY',
      previousPlans: 10,
      reviewDates: ['2023-02-15'],
      problems: ['startDate', 'endDate'],
    });
    expect(children[1]).toMatchObject({ childId: 'child_fails_assessments', sex: 'M', hasDisability: false });
    expect(assessments[1]).toMatchObject({ factors: [], problems: ['startDate'] });
  });
});

describe('a file that cannot be read as a CIN census is refused, naming the file and what is wrong', () => {
  it.each([
    ['text that is not XML', 'child,referral\nC1,2024-01-01', /broken\.xml: not well-formed XML \(line 1/],
    [
      'XML with a mismatched closing tag',
      census([child()]).replace('</Sex>', '</Gender>'),
      /broken\.xml: not well-formed XML \(line 1, column \d+\): .*'Sex'/,
    ],
    ['XML cut short', census([child()]).slice(0, 400), /broken\.xml: not well-formed XML/],
    ['an empty file', '', /broken\.xml: not well-formed XML/],
    [
      'another root element',
      '<Return><Header/></Return>',
      /broken\.xml: not a CIN census: there is no <Message>/,
    ],
    ['a message without a header', '<Message><Children/></Message>', /<Message> has no <Header>/],
    [
      'a header after the children, which could not be read without it',
      '<Message><Children/><Header><CollectionDetails><Collection>CIN</Collection></CollectionDetails></Header></Message>',
      /broken\.xml: not a CIN census: <Message> has no <Header> before its <Children>/,
    ],
    [
      'another collection',
      census([child()], { Collection: 'SSDA903' }),
      /Header \/ CollectionDetails \/ Collection is SSDA903, not CIN/,
    ],
    [
      'a CIN header without children',
      census([]).replace('<Children></Children>', ''),
      /broken\.xml: not a CIN census: <Message> has no <Children>/,
    ],
    ['a header without an LEA', census([child()], {}, ''), /Header \/ Source \/ LEA is missing/],
    [
      'an entity XML does not know',
      census([child({ identifiers: { UPN: 'A&nbsp;1' } })]),
      /broken\.xml: not well-formed XML \(line 1, column \d+\): unknown entity '&nbsp;'/,
    ],
    [
      'text after the root element',
      `${census([child()])}\n<!-- end -->\njunk`,
      /broken\.xml: not well-formed XML \(line 3, column 1\): text after the root element/,
    ],
  ])('%s', (_, xml, message) => {
    expect(refusal(xml)).toMatch(message);
  });

  it('reads an LEA-less file when the authority is given', () => {
    expect(read(census([child()], {}, ''), '330').la).toBe('330');
  });
});

describe('the layouts of 2022/23 to 2026/27 and the ways values are written', () => {
  it('reads a child of the baseline with no findings, one record of each kind', () => {
    const parsed = read(census([child()]));
    expect(parsed.findings).toEqual([]);
    expect(countsOf(parsed)).toEqual({
      children: 1,
      referrals: 1,
      assessments: 1,
      section47s: 1,
      protectionPlans: 1,
    });
    expect(parsed.periodEnd).toBe('2025-03-31');
  });

  it.each([
    ['1', 'M'],
    ['2', 'F'],
    ['0', 'U'],
    ['9', 'U'],
  ])('reads GenderCurrent %s (to 2023/24) as sex %s', (code, sex) => {
    const xml = census([child({ identifiers: { Sex: null, GenderCurrent: code } })], {
      Year: '2023',
      ReferenceDate: '2023-03-31',
    });
    expect(read(xml).records.children[0]!.sex).toBe(sex);
  });

  it.each(['M', 'F', 'U'])('reads Sex %s (from 2024/25) as it is', (code) => {
    expect(read(census([child({ identifiers: { Sex: code } })])).records.children[0]!.sex).toBe(code);
  });

  it('ignores the pre-proceedings module of 2026/27', () => {
    const withPreProceedings = child().replace(
      '</CINdetails>',
      '<PreProceedingsandFGDM><PPStartDate>2026-09-09</PPStartDate><PPOutcome>A</PPOutcome></PreProceedingsandFGDM></CINdetails>',
    );
    const parsed = read(census([withPreProceedings], { Year: '2027', ReferenceDate: '2027-03-31' }));
    expect(codesOf(parsed)).not.toContain('SC-CIN-2');
    expect(countsOf(parsed).referrals).toBe(1);
  });

  it('reads each CINdetails of a child as a referral, with its own assessments', () => {
    const twoEpisodes = child().replace(
      '</Child>',
      '<CINdetails><CINreferralDate>2024-11-01</CINreferralDate><ReferralSource>6</ReferralSource><PrimaryNeedCode>N2</PrimaryNeedCode><ReferralNFA>1</ReferralNFA><Assessments><AssessmentActualStartDate>2024-11-04</AssessmentActualStartDate></Assessments></CINdetails></Child>',
    );
    const parsed = read(census([twoEpisodes, child({ identifiers: { LAchildID: 'C2' } })]));
    expect(parsed.findings).toEqual([]);
    expect(parsed.records.referrals.map((r) => [r.key, r.noFurtherAction])).toEqual([
      ['330|C1|2024-06-01', false],
      ['330|C1|2024-11-01', true],
      ['330|C2|2024-06-01', false],
    ]);
    expect(parsed.records.assessments.map((a) => [a.childId, a.referralDate, a.completedDate])).toEqual([
      ['C1', '2024-06-01', '2024-07-01'],
      ['C1', '2024-11-01', null],
      ['C2', '2024-06-01', '2024-07-01'],
    ]);
  });

  it.each([
    ['true', true],
    ['false', false],
    ['1', true],
    ['0', false],
  ])('reads the flag %s as %s', (flag, value) => {
    const parsed = read(
      census([child({ referral: { ReferralNFA: flag }, section47: { ICPCnotRequired: flag } })]),
    );
    expect(parsed.records.referrals[0]!.noFurtherAction).toBe(value);
    expect(parsed.records.section47s[0]!.icpcNotRequired).toBe(value);
  });

  it('reads empty elements as values not given', () => {
    const parsed = read(
      census([
        child({
          identifiers: { UPN: '' },
          referral: { CINclosureDate: '', ReasonForClosure: '' },
          plan: { CPPendDate: '' },
        }).replace(
          /<FactorsIdentifiedAtAssessment>.*<\/FactorsIdentifiedAtAssessment>/,
          '<FactorsIdentifiedAtAssessment/>',
        ),
      ]),
    );
    expect(parsed.findings).toEqual([]);
    expect(parsed.records.children[0]!.upn).toBeNull();
    expect(parsed.records.referrals[0]).toMatchObject({ closureDate: null, closureReason: null });
    expect(parsed.records.assessments[0]!.factors).toEqual([]);
    expect(parsed.records.protectionPlans[0]!.endDate).toBeNull();
  });

  it('reads a disability of NONE as no disability, and none recorded as not known', () => {
    const parsed = read(
      census([
        child({ disabilities: ['NONE'] }),
        child({ identifiers: { LAchildID: 'C2' }, disabilities: [] }),
      ]),
    );
    expect(parsed.records.children.map((c) => c.hasDisability)).toEqual([false, null]);
  });

  it('takes the authority from the options over the header', () => {
    const parsed = read(census([child()]), '999');
    expect(parsed.la).toBe('999');
    expect(parsed.records.referrals[0]!.key).toBe('999|C1|2024-06-01');
  });

  it.each([
    ['2016-02-29', '2016-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['2015-01-01T00:00:00', '2015-01-01'],
    ['2015-01-01Z', '2015-01-01'],
    ['2015-01-01+01:00', '2015-01-01'],
    ['2015-02-29', null],
    ['1900-02-29', null],
    ['2015-04-31', null],
    ['2015-13-01', null],
    ['2015-00-10', null],
    ['2015-01-00', null],
    ['2015-1-01', null],
    ['2015/01/01', null],
    ['2015-01-01 ', '2015-01-01'],
    ['2015-01-01x', null],
    ['2015-01-01+', null],
    ['20150101', null],
  ])('reads the date %s as %s, a time or zone after it tolerated', (written, date) => {
    const parsed = read(census([child({ identifiers: { PersonBirthDate: written } })]));
    expect(parsed.records.children[0]!.birthDate).toBe(date);
    expect(codesOf(parsed)).toEqual(date === null ? ['SC-CIN-2'] : []);
  });

  it('expands entity and character references in values', () => {
    const parsed = read(census([child({ identifiers: { LAchildID: 'C&amp;1&#x2D;&#50;' } })]));
    expect(parsed.records.children[0]!.childId).toBe('C&1-2');
  });

  it('reads a file that starts with a byte-order mark', () => {
    expect(read(`\uFEFF${census([child()])}`).findings).toEqual([]);
  });
});

interface RuleCase {
  rule: keyof typeof CIN_RULES;
  breaks: ChildParts | string;
  keeps: ChildParts | string;
  /** The census header, when the case needs another year. */
  collection?: Fields;
}

/**
 * Each adopted rule with a child that breaks it and one that keeps it (the
 * baseline census year is 2024-04-01 to 2025-03-31; the baseline referral
 * is on 2024-06-01).
 */
const RULE_CASES: RuleCase[] = [
  { rule: 'referenceDate', breaks: {}, keeps: {}, collection: { ReferenceDate: '2025-03-30' } },
  {
    rule: 'birthAfterCensus',
    breaks: { identifiers: { PersonBirthDate: '2025-04-01' } },
    keeps: { identifiers: { PersonBirthDate: '2025-03-31' } },
  },
  {
    rule: 'genderInvalid',
    breaks: { identifiers: { Sex: null, GenderCurrent: 'M' } },
    keeps: { identifiers: { Sex: null, GenderCurrent: '2' } },
  },
  { rule: 'sexInvalid', breaks: { identifiers: { Sex: '1' } }, keeps: { identifiers: { Sex: 'F' } } },
  {
    rule: 'ethnicityInvalid',
    breaks: { characteristics: { Ethnicity: 'WBR' } },
    keeps: { characteristics: { Ethnicity: 'wbri' } },
  },
  {
    rule: 'disabilityNoneAndOther',
    breaks: { disabilities: ['NONE', 'HAND'] },
    keeps: { disabilities: ['HAND', 'HEAR'] },
  },
  {
    rule: 'referralDateMissingOrLate',
    breaks: { referral: { CINreferralDate: '2025-04-01' } },
    keeps: { referral: { CINreferralDate: '2024-05-31' } },
  },
  {
    rule: 'referralSourceInvalid',
    breaks: { referral: { ReferralSource: '11' } },
    keeps: { referral: { ReferralSource: '10' } },
  },
  {
    rule: 'primaryNeedMissing',
    breaks: { referral: { PrimaryNeedCode: null } },
    keeps: { referral: { PrimaryNeedCode: null, ReferralNFA: 'true' } },
  },
  {
    rule: 'primaryNeedInvalid',
    breaks: { referral: { PrimaryNeedCode: 'N10' } },
    keeps: { referral: { PrimaryNeedCode: 'N0' } },
  },
  {
    rule: 'closureOutsideCensus',
    breaks: {
      referral: { CINreferralDate: '2024-01-01', CINclosureDate: '2024-03-31', ReasonForClosure: 'RC1' },
      assessment: null,
      section47: null,
      plan: null,
    },
    keeps: {
      referral: { CINreferralDate: '2024-01-01', CINclosureDate: '2024-04-01', ReasonForClosure: 'RC1' },
      assessment: null,
      section47: null,
      plan: null,
    },
  },
  {
    rule: 'closureBeforeReferral',
    breaks: { referral: { CINclosureDate: '2024-05-31' } },
    keeps: { referral: { CINclosureDate: '2024-06-01' } },
  },
  {
    rule: 'closureReasonInvalid',
    breaks: { referral: { CINclosureDate: '2025-01-01', ReasonForClosure: 'RC0' } },
    keeps: { referral: { CINclosureDate: '2025-01-01', ReasonForClosure: 'RC9' } },
  },
  {
    rule: 'noFurtherActionInvalid',
    breaks: { referral: { ReferralNFA: 'yes' } },
    keeps: { referral: { ReferralNFA: '0' } },
  },
  {
    rule: 'assessmentBeforeReferral',
    breaks: { assessment: { AssessmentActualStartDate: '2024-05-31' } },
    keeps: { assessment: { AssessmentActualStartDate: '2024-06-01' } },
  },
  {
    rule: 'assessmentEndBeforeStart',
    breaks: { assessment: { AssessmentAuthorisationDate: '2024-06-02' } },
    keeps: { assessment: { AssessmentAuthorisationDate: '2024-06-03' } },
  },
  {
    rule: 'assessmentEndOutsideCensus',
    breaks: { assessment: { AssessmentAuthorisationDate: '2025-04-01' } },
    keeps: { assessment: { AssessmentAuthorisationDate: '2025-03-31' } },
  },
  {
    rule: 'openAssessmentStartOutsideCensus',
    breaks: {
      referral: { CINreferralDate: '2024-03-01' },
      assessment: { AssessmentActualStartDate: '2024-03-31', AssessmentAuthorisationDate: null },
    },
    keeps: {
      referral: { CINreferralDate: '2024-03-01' },
      assessment: { AssessmentActualStartDate: '2024-04-01', AssessmentAuthorisationDate: null },
    },
  },
  {
    rule: 'section47BeforeReferral',
    breaks: { section47: { S47ActualStartDate: '2024-05-31' } },
    keeps: { section47: { S47ActualStartDate: '2024-06-01' } },
  },
  {
    rule: 'section47StartMissingOrAfterIcpc',
    breaks: { section47: { S47ActualStartDate: '2024-06-21' } },
    keeps: { section47: { S47ActualStartDate: '2024-06-20' } },
  },
  {
    rule: 'icpcBeforeReferral',
    breaks: { section47: { S47ActualStartDate: '2024-05-20', DateOfInitialCPC: '2024-05-31' } },
    keeps: { section47: { DateOfInitialCPC: '2024-06-05' } },
  },
  {
    rule: 'icpcOutsideCensus',
    breaks: { section47: { DateOfInitialCPC: '2025-04-01' } },
    keeps: { section47: { DateOfInitialCPC: '2025-03-31' } },
  },
  {
    rule: 'openSection47StartOutsideCensus',
    breaks: {
      referral: { CINreferralDate: '2024-03-01' },
      section47: { S47ActualStartDate: '2024-03-31', DateOfInitialCPC: null },
    },
    keeps: {
      referral: { CINreferralDate: '2024-03-01' },
      section47: { S47ActualStartDate: '2024-04-01', DateOfInitialCPC: null },
    },
  },
  {
    rule: 'planStartMissingOrLate',
    breaks: { plan: { CPPstartDate: '2025-04-01' } },
    keeps: { plan: { CPPstartDate: '2025-03-31' }, reviews: [] },
  },
  {
    rule: 'planBeforeReferral',
    breaks: { plan: { CPPstartDate: '2024-05-31' } },
    keeps: { plan: { CPPstartDate: '2024-06-01' } },
  },
  {
    rule: 'planEndBeforeStart',
    breaks: { plan: { CPPendDate: '2024-06-19' }, reviews: [] },
    keeps: { plan: { CPPendDate: '2024-06-20' }, reviews: [] },
  },
  {
    rule: 'planEndOutsideCensus',
    breaks: { plan: { CPPendDate: '2025-04-01' } },
    keeps: { plan: { CPPendDate: '2025-03-31' } },
  },
  {
    rule: 'previousPlansMissing',
    breaks: { plan: { NumberOfPreviousCPP: null } },
    keeps: { plan: { NumberOfPreviousCPP: '2' } },
  },
  {
    rule: 'initialCategoryInvalid',
    breaks: { plan: { InitialCategoryOfAbuse: 'PHYS' } },
    keeps: { plan: { InitialCategoryOfAbuse: 'MUL' } },
  },
  {
    rule: 'latestCategoryInvalid',
    breaks: { plan: { LatestCategoryOfAbuse: null } },
    keeps: { plan: { LatestCategoryOfAbuse: 'NEG' } },
  },
  {
    rule: 'reviewNotAfterPlanStart',
    breaks: { reviews: ['2024-06-20'] },
    keeps: { reviews: ['2024-06-21'] },
  },
  {
    rule: 'dateUnreadable',
    breaks: { referral: { CINclosureDate: '01/02/2025', ReasonForClosure: 'RC1' } },
    keeps: { referral: { CINclosureDate: '2025-02-01', ReasonForClosure: 'RC1' } },
  },
  {
    rule: 'flagUnreadable',
    breaks: { section47: { ICPCnotRequired: 'no' } },
    keeps: { section47: { ICPCnotRequired: 'true' } },
  },
];

const xmlOf = (parts: ChildParts | string, collection: Fields = {}) =>
  typeof parts === 'string' ? parts : census([child(parts)], collection);

describe('each adopted rule, broken and kept', () => {
  it.each(RULE_CASES.map((c) => [`${CIN_RULES[c.rule].code} (${c.rule})`, c] as const))(
    '%s',
    (_, { rule, breaks, keeps, collection }) => {
      const { code, field } = CIN_RULES[rule];
      const broken = read(xmlOf(breaks, collection));
      const found = broken.findings.filter((f) => f.rule === code);
      expect(found).toHaveLength(1);
      const finding = found[0]!;
      expect(finding).toMatchObject({ file: 'test.xml', message: CIN_RULES[rule].message });
      if (field !== null) expect(finding.field).toBe(field);
      if (finding.recordKey !== null) {
        const record = broken.records[finding.kind].find((r) => r.key === finding.recordKey);
        expect(record?.problems).toContain(finding.field);
      }
      const kept = read(xmlOf(keeps));
      expect(kept.findings.filter((f) => f.rule === code)).toEqual([]);
    },
  );

  it('reports a child without an LA child ID, and leaves it and its records out', () => {
    const parsed = read(
      census([child({ identifiers: { LAchildID: null } }), child({ identifiers: { LAchildID: 'C2' } })]),
    );
    expect(parsed.findings).toEqual([
      expect.objectContaining({
        rule: '8500',
        location: 'Child 1',
        recordKey: null,
        childId: null,
        field: 'childId',
      }),
    ]);
    expect(parsed.records.children.map((c) => c.childId)).toEqual(['C2']);
    expect(parsed.records.referrals.map((r) => r.childId)).toEqual(['C2']);
  });

  it('reports a child repeated under the same ID, keeping the first record of the child and both episodes', () => {
    const parsed = read(
      census([
        child(),
        child({ referral: { CINreferralDate: '2024-09-01' }, assessment: null, section47: null, plan: null }),
      ]),
    );
    expect(codesOf(parsed)).toEqual(['8510']);
    expect(parsed.findings[0]).toMatchObject({ location: 'Child 2 (LAchildID C1)', recordKey: '330|C1' });
    expect(parsed.records.children).toHaveLength(1);
    expect(parsed.records.referrals.map((r) => r.referralDate)).toEqual(['2024-06-01', '2024-09-01']);
  });

  it.each([
    ['missing', null],
    ['unreadable', '2024-02-30'],
  ])('leaves out a referral whose date is %s, keeping its assessment without a referral date', (_, value) => {
    const parsed = read(census([child({ referral: { CINreferralDate: value } })]));
    expect(parsed.findings).toEqual([
      {
        rule: '8600',
        severity: 'error',
        message: 'Child referral date missing or after data collection period',
        file: 'test.xml',
        location: 'Child 1 (LAchildID C1) / CINdetails 1',
        kind: 'referrals',
        recordKey: null,
        childId: 'C1',
        field: 'referralDate',
        value,
      },
    ]);
    expect(parsed.records.referrals).toEqual([]);
    expect(parsed.records.assessments[0]!.referralDate).toBeNull();
  });

  it.each([
    [
      'an assessment',
      { assessment: { AssessmentActualStartDate: null } },
      'SC-CIN-1',
      'Assessments 1',
      'assessments',
    ],
    [
      'a section 47 enquiry',
      { section47: { S47ActualStartDate: 'soon' } },
      '8615',
      'Section47 1',
      'section47s',
    ],
    [
      'a protection plan',
      { plan: { CPPstartDate: null } },
      '8720',
      'ChildProtectionPlans 1',
      'protectionPlans',
    ],
  ] as const)('leaves out %s without a readable start date', (_, parts, code, where, kind) => {
    const parsed = read(census([child(parts)]));
    expect(parsed.findings).toEqual([
      expect.objectContaining({
        rule: code,
        location: `Child 1 (LAchildID C1) / CINdetails 1 / ${where}`,
        kind,
        recordKey: null,
        field: kind === 'section47s' ? 'strategyDate' : 'startDate',
      }),
    ]);
    expect(parsed.records[kind]).toEqual([]);
  });

  it('checks a missing sex by the 2024/25 rule from that census on, and by the gender rule before it', () => {
    const noSex = child({ identifiers: { Sex: null } });
    expect(read(census([noSex])).findings[0]!.message).toBe('Sex must be provided and equal M, F, or U');
    expect(read(census([noSex], { Year: '2024', ReferenceDate: '2024-03-31' })).findings[0]!.message).toBe(
      'Gender is missing',
    );
  });
});
