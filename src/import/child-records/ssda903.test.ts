import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Finding, ParsedReturn } from '../../measures/model.ts';
import { parseSsda903 } from './ssda903.ts';
import { recogniseTable } from './ssda903-csv.ts';
import { csvReturn, xmlReturn, type TestRows } from './ssda903-test-return.ts';

const FAKE = fileURLToPath(new URL('../../../test/fixtures/ssda903/fake/', import.meta.url));
const LIIA = fileURLToPath(new URL('../../../test/fixtures/ssda903/liia/', import.meta.url));
const file = (dir: string, name: string) => ({ name, bytes: new Uint8Array(readFileSync(dir + name)) });

const SAMPLE_TABLES = [
  'header.csv',
  'episodes.csv',
  'reviews.csv',
  'uasc.csv',
  'oc2.csv',
  'oc3.csv',
  'ad1.csv',
  'placed_for_adoption.csv',
  'missing.csv',
  'previous_permanence.csv',
  'sw_episodes.csv',
  'DoLo.csv',
];

function accepted(result: ParsedReturn) {
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result;
}

const countBy = (findings: readonly Finding[]) => {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[`${f.rule} ${f.field}`] = (counts[`${f.rule} ${f.field}`] ?? 0) + 1;
  return counts;
};

const counts = (result: ReturnType<typeof accepted>) =>
  Object.fromEntries(
    Object.entries(result.records)
      .filter(([, list]) => list.length > 0)
      .map(([kind, list]) => [kind, list.length]),
  );

describe('parseSsda903 on the sample return as CSV tables (ssda903_fake)', () => {
  const result = accepted(
    parseSsda903(
      SAMPLE_TABLES.map((n) => file(FAKE, n)),
      { la: '999' },
    ),
  );

  it('reads every table into the model, the year ending 31 March 2018 (the latest episode start is 31 March 2018)', () => {
    expect(result.periodEnd).toBe('2018-03-31');
    expect(counts(result)).toEqual({
      children: 2675,
      episodes: 5050,
      careReviews: 12568,
      adoptions: 29,
      careLeavers: 53,
      missingEpisodes: 43,
    });
    expect(new Set(result.records.episodes.map((e) => e.childId)).size).toBe(2123);
  });

  it('maps a child, its episode and its review field by field', () => {
    const child = result.records.children.find((c) => c.childId === '566910');
    expect(child).toEqual({
      la: '999',
      childId: '566910',
      key: '999|566910',
      problems: [],
      birthDate: '2008-03-27',
      sex: 'F',
      ethnicity: 'WROM',
      upn: 'D051910639385',
      hasDisability: null,
      uascCeasedDate: null,
      wasUasc: false,
      team: null,
    });
    expect(result.records.episodes.filter((e) => e.childId === '566910')[0]).toEqual({
      la: '999',
      childId: '566910',
      key: '999|566910|2016-02-15',
      // A provider (PR0) for a temporary placement (T2), which has none: rule 178.
      problems: ['placementProvider'],
      startDate: '2016-02-15',
      reasonNewEpisode: 'L',
      legalStatus: 'C2',
      categoryOfNeed: 'N3',
      placement: 'T2',
      placementProvider: 'PR0',
      endDate: '2017-08-14',
      reasonEnded: 'X1',
      reasonPlaceChange: 'CLOSE',
      homePostcode: null,
      placementPostcode: null,
      urn: '4244474',
    });
    expect(result.records.careReviews.find((r) => r.childId === '566910')).toMatchObject({
      reviewDate: '2017-08-30',
      participation: 'PN6',
    });
  });

  it('marks the 132 children of the UASC table, with the date their status ceased', () => {
    const uasc = result.records.children.filter((c) => c.wasUasc);
    expect(uasc).toHaveLength(132);
    expect(result.records.children.find((c) => c.childId === '102639')).toMatchObject({
      wasUasc: true,
      uascCeasedDate: '2028-10-13',
    });
  });

  it('reads care leavers with their age at the birthday in the year and their OC3 codes', () => {
    expect(result.records.careLeavers.find((l) => l.childId === '880820')).toMatchObject({
      key: '999|880820|2018-03-31',
      ageAtBirthday: 17,
      inTouch: 'YES',
      activity: 'F1',
      accommodation: 'K1',
      yearEnding: '2018-03-31',
    });
  });

  it('pairs each AD1 row with the PlacedAdoption decision of the same date', () => {
    expect(result.records.adoptions.find((a) => a.childId === '988635')).toMatchObject({
      key: '999|988635|2015-11-22',
      decisionDate: '2015-11-22',
      matchDate: '2015-11-22',
      decisionReversedDate: '2017-04-07',
      decisionReversedReason: 'XXX',
      fosterCarerAdoption: true,
      numberOfAdopters: 2,
      adoptersSex: 'MM',
      adoptersLegalStatus: 'L11',
    });
  });

  it('finds what the fake data gets wrong, and nothing else', () => {
    expect(countBy(result.findings)).toEqual({
      // Providers given for temporary and "other" placements (T0–T4, Z1), which have none.
      '178 placementProvider': 1105,
      // Episodes ended 1 April 2018, after the year.
      '385 endDate': 12,
      '501 startDate': 62,
      '142 endDate': 10,
      // Two reviews of the same child on the same day: the second is left out.
      'SC-903-DUPLICATE reviewDate': 14,
      // Every reversal's reason is XXX; RD1–RD4 are the codes.
      '120 decisionReversedReason': 29,
      // Child 921450: decided 2 March 2015, in care from 17 March 2015.
      '1003 decisionDate': 1,
      '334 decisionDate': 1,
      // Accommodation 01, 02 and S1; activity F3 and P3 (codes of earlier years).
      '133 accommodation': 3,
      '132 activity': 12,
      // Three young people 16 or 22 at the year's end.
      '391 ageAtBirthday': 3,
      // CHILD10 of sw_episodes.csv and DoLo.csv is not in the Header.
      'SC-903-CHILD childId': 2,
    });
  });

  it('points each finding at its file, row (the header being row 1), record and value', () => {
    const open = result.findings.find((f) => f.rule === '142')!;
    expect(open).toMatchObject({ file: 'episodes.csv', kind: 'episodes', field: 'endDate', value: null });
    expect(open.location).toMatch(/^row \d+$/);
    const episode = result.records.episodes.find((e) => e.key === open.recordKey)!;
    expect(episode.problems).toContain('endDate');
    expect(result.findings.find((f) => f.rule === '1003')).toMatchObject({
      file: 'placed_for_adoption.csv',
      location: 'row 6',
      childId: '921450',
      recordKey: '999|921450|2015-03-02',
      value: '02/03/2015',
    });
  });
});

describe('placed_for_adoption_errors.csv in place of placed_for_adoption.csv', () => {
  const tables = SAMPLE_TABLES.filter((n) => n !== 'placed_for_adoption.csv').concat(
    'placed_for_adoption_errors.csv',
  );
  const result = accepted(
    parseSsda903(
      tables.map((n) => file(FAKE, n)),
      { la: '999' },
    ),
  );
  const adoptionRules = countBy(result.findings.filter((f) => f.kind === 'adoptions'));

  it('reports 28 decisions dated a year after AD1 says the decision was made (523)', () => {
    expect(adoptionRules['523 decisionDate']).toBe(28);
  });

  it('reports the second decision for child 988635, made while the first was not yet reversed (579)', () => {
    expect(result.records.adoptions.filter((a) => a.childId === '988635').map((a) => a.decisionDate)).toEqual(
      ['2015-11-22', '2016-11-22'],
    );
    expect(result.findings.filter((f) => f.rule === '579')).toMatchObject([
      { file: 'placed_for_adoption_errors.csv', location: 'row 2', childId: '988635', value: '22/11/2016' },
    ]);
  });

  it('no longer finds child 921450 decided before care (1003): the decision moved to 2016', () => {
    expect(adoptionRules).toEqual({
      '120 decisionReversedReason': 30,
      '523 decisionDate': 28,
      '579 decisionDate': 1,
      '334 decisionDate': 1,
    });
  });
});

describe('the sample CSV tables written out as XML', () => {
  // SWEpisodes and DoLo have no place in the XML layout.
  const names = SAMPLE_TABLES.filter((n) => n !== 'sw_episodes.csv' && n !== 'DoLo.csv');
  const rows: TestRows = {};
  for (const name of names) {
    const parsed = Papa.parse<Record<string, string>>(readFileSync(FAKE + name, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    });
    rows[recogniseTable(parsed.meta.fields ?? [])!] = parsed.data;
  }
  const fromCsv = accepted(
    parseSsda903(
      names.map((n) => file(FAKE, n)),
      { la: '999' },
    ),
  );
  const fromXml = accepted(parseSsda903([xmlReturn(rows)], { la: '999' }));
  const byKey = (list: readonly { key: string }[]) => [...list].sort((a, b) => a.key.localeCompare(b.key));
  const comparable = (findings: readonly Finding[]) =>
    findings.map((f) => `${f.rule} ${f.recordKey} ${f.field} ${f.value}`).sort();

  it('gives the same 2,675 children, 5,050 episodes and every other record', () => {
    expect(counts(fromXml)).toEqual(counts(fromCsv));
    expect(fromXml.records.children).toEqual(fromCsv.records.children);
    for (const kind of ['episodes', 'careReviews', 'adoptions', 'careLeavers', 'missingEpisodes'] as const)
      expect(byKey(fromXml.records[kind])).toEqual(byKey(fromCsv.records[kind]));
  });

  it('gives the same findings', () => {
    expect(fromCsv.findings.length).toBe(1252);
    expect(comparable(fromXml.findings)).toEqual(comparable(fromCsv.findings));
  });
});

describe('parseSsda903 on the sample XML (fake_903.xml, a smaller return of its own)', () => {
  const result = accepted(parseSsda903([file(FAKE, 'fake_903.xml')], { la: '999' }));

  it('reads 253 children with their episodes, reviews, adoptions, care leavers and missing periods', () => {
    expect(result.periodEnd).toBe('2018-03-31');
    expect(counts(result)).toEqual({
      children: 253,
      episodes: 459,
      careReviews: 1206,
      adoptions: 3,
      careLeavers: 6,
      missingEpisodes: 6,
    });
    expect(result.records.children.filter((c) => c.wasUasc)).toHaveLength(12);
  });

  it('names the element a finding comes from', () => {
    expect(countBy(result.findings)).toEqual({
      '178 placementProvider': 100,
      '385 endDate': 1,
      '501 startDate': 7,
      '120 decisionReversedReason': 3,
      '133 accommodation': 3,
      '132 activity': 1,
    });
    expect(result.findings.find((f) => f.rule === '501')!.location).toMatch(/^CHILD\[\d+\]\/EPISODE\[\d+\]$/);
  });
});

/** Every table, one child at least, each value valid. */
const WHOLE_RETURN: TestRows = {
  header: [
    { CHILD: 'A1', SEX: '1', DOB: '01/05/2010', ETHNIC: 'WBRI', UPN: 'A123456789012' },
    { CHILD: 'B2', SEX: '2', DOB: '15/08/1999', ETHNIC: 'ABAN', UPN: 'UN1' },
  ],
  episodes: [
    {
      CHILD: 'A1',
      DECOM: '01/06/2016',
      RNE: 'S',
      LS: 'C2',
      CIN: 'N1',
      PLACE: 'U1',
      PLACE_PROVIDER: 'PR1',
      DEC: '01/02/2017',
      REC: 'X1',
      REASON_PLACE_CHANGE: 'CARPL',
    },
    { CHILD: 'A1', DECOM: '01/02/2017', RNE: 'P', LS: 'E1', CIN: 'N1', PLACE: 'A4', PLACE_PROVIDER: 'PR1' },
  ],
  reviews: [{ CHILD: 'A1', DOB: '01/05/2010', REVIEW: '01/12/2016', REVIEW_CODE: 'PN1' }],
  uasc: [{ CHILD: 'A1', SEX: '1', DOB: '01/05/2010', DUC: '01/05/2028' }],
  oc2: [{ CHILD: 'A1', DOB: '01/05/2010', CONVICTED: '0' }],
  oc3: [{ CHILD: 'B2', DOB: '15/08/1999', IN_TOUCH: 'YES', ACTIV: 'F1', ACCOM: 'Z9' }],
  ad1: [
    {
      CHILD: 'A1',
      DOB: '01/05/2010',
      DATE_INT: '01/09/2016',
      DATE_MATCH: '01/11/2016',
      FOSTER_CARE: '0',
      NB_ADOPTR: '2',
      SEX_ADOPTR: 'MF',
      LS_ADOPTR: 'L11',
    },
  ],
  placedAdoption: [{ CHILD: 'A1', DOB: '01/05/2010', DATE_PLACED: '01/09/2016' }],
  missing: [{ CHILD: 'A1', DOB: '01/05/2010', MISSING: 'M', MIS_START: '03/03/2017', MIS_END: '04/03/2017' }],
  previousPermanence: [{ CHILD: 'A1', DOB: '01/05/2010', PREV_PERM: 'Z1' }],
};
describe('the same return as CSV tables or as XML', () => {
  const fromCsv = accepted(parseSsda903(csvReturn(WHOLE_RETURN), { la: '999' }));
  const fromXml = accepted(parseSsda903([xmlReturn(WHOLE_RETURN)], { la: '999' }));
  const withoutWhere = (findings: readonly Finding[]) =>
    findings.map(({ file: _file, location: _location, ...rest }) => rest);

  it('gives the same records', () => {
    expect(fromXml.records).toEqual(fromCsv.records);
    expect(counts(fromCsv)).toEqual({
      children: 2,
      episodes: 2,
      careReviews: 1,
      adoptions: 1,
      careLeavers: 1,
      missingEpisodes: 1,
    });
  });

  it('gives the same findings, each located in its own form', () => {
    expect(withoutWhere(fromXml.findings)).toEqual(withoutWhere(fromCsv.findings));
    expect(fromCsv.findings.map((f) => [f.rule, f.file, f.location])).toEqual([['133', 'oc3.csv', 'row 2']]);
    expect(fromXml.findings.map((f) => [f.rule, f.file, f.location])).toEqual([
      ['133', 'return.xml', 'CHILD[2]/HEADER'],
    ]);
  });

  it('reads the adoption timeline from the decision, AD1 and the episodes after the decision', () => {
    expect(fromCsv.records.adoptions[0]).toEqual({
      la: '999',
      childId: 'A1',
      key: '999|A1|2016-09-01',
      problems: [],
      decisionDate: '2016-09-01',
      matchDate: '2016-11-01',
      decisionReversedDate: null,
      decisionReversedReason: null,
      fosterCarerAdoption: false,
      numberOfAdopters: 2,
      adoptersSex: 'MF',
      adoptersLegalStatus: 'L11',
      placementOrderDate: '2017-02-01',
      placedDate: '2017-02-01',
      adoptionOrderDate: null,
    });
  });
});

describe('the LIIA sample SSDA903 files', () => {
  it('reads a return whose Header repeats children and whose episodes overlap', () => {
    const result = accepted(
      parseSsda903([file(LIIA, 'SSDA903_2020_header.csv'), file(LIIA, 'SSDA903_2020_episodes.csv')], {
        la: '999',
      }),
    );
    expect(result.periodEnd).toBe('2020-03-31');
    expect(result.records.children.map((c) => c.childId)).toEqual(['689661', '249901']);
    expect(countBy(result.findings)).toEqual({ 'INT32 childId': 3, '501 startDate': 2 });
  });

  it('reads episodes with extra columns and ISO dates', () => {
    const header = csvReturn({
      header: [
        { CHILD: 'NORULE_BAD', SEX: '1', DOB: '01/01/2010' },
        { CHILD: 'NORULE_NEW', SEX: '2', DOB: '01/01/2012' },
      ],
    }).find((f) => f.name === 'header.csv')!;
    const result = accepted(
      parseSsda903([header, file(LIIA, 'SSDA903_episodes_for_testing_fixes_INPUT.csv')], { la: '999' }),
    );
    expect(result.records.episodes[0]).toMatchObject({ startDate: '2015-06-19', endDate: '2016-07-26' });
  });
});

describe('the collection year', () => {
  const rows: TestRows = {
    header: [{ CHILD: 'A1', SEX: '1', DOB: '01/05/2001' }],
    episodes: [
      { CHILD: 'A1', DECOM: '01/06/2018', RNE: 'S', LS: 'C2', DEC: '02/04/2019', REC: 'E8' },
      { CHILD: 'A1', DECOM: '01/04/2019', RNE: 'S', LS: 'C2' },
    ],
    oc3: [{ CHILD: 'A1', DOB: '01/05/2001', IN_TOUCH: 'YES', ACTIV: 'F1', ACCOM: 'Z1' }],
  };

  it('ends on the 31 March on or after the latest episode start, unless given', () => {
    expect(accepted(parseSsda903(csvReturn(rows), { la: '999' })).periodEnd).toBe('2020-03-31');
    const given = accepted(parseSsda903(csvReturn(rows), { la: '999', yearEnding: '2019-03-31' }));
    expect(given.periodEnd).toBe('2019-03-31');
    expect(given.records.careLeavers[0]).toMatchObject({ yearEnding: '2019-03-31', ageAtBirthday: 17 });
    expect(given.findings.filter((f) => f.rule === '385').map((f) => f.value)).toEqual(['02/04/2019']);
  });

  it('cannot be told from a return without episode dates, and then care leavers are left out', () => {
    const result = accepted(parseSsda903(csvReturn({ ...rows, episodes: [] }), { la: '999' }));
    expect(result.periodEnd).toBeNull();
    expect(result.records.careLeavers).toEqual([]);
    expect(result.findings.map((f) => f.rule)).toEqual(['SC-903-YEAR']);
  });
});

describe('returns refused, with the file and what is wrong', () => {
  const base = csvReturn(WHOLE_RETURN);
  const text = (name: string, body: string) => ({ name, bytes: new TextEncoder().encode(body) });

  it('a CSV whose columns match no table, naming the columns expected', () => {
    const result = parseSsda903([...base, text('placements.csv', 'CHILD,DECOM,PLACE\nA1,01/01/2017,U1\n')], {
      la: '999',
    });
    expect(result).toMatchObject({ ok: false, file: 'placements.csv' });
    expect(!result.ok && result.message).toMatch(
      /placements\.csv: its columns \(CHILD, DECOM, PLACE\) match no SSDA903 table\. The nearest is Episodes, which also needs RNE, LS, CIN/,
    );
  });

  it('a return without its Header or its Episodes', () => {
    const noHeader = parseSsda903(
      base.filter((f) => f.name !== 'header.csv'),
      { la: '999' },
    );
    expect(!noHeader.ok && noHeader.message).toMatch(
      /no Header \(CHILD, SEX, DOB, ETHNIC, UPN, MOTHER, MC_DOB\) file/,
    );
    const noEpisodes = parseSsda903(
      base.filter((f) => f.name !== 'episodes.csv'),
      { la: '999' },
    );
    expect(!noEpisodes.ok && noEpisodes.message).toMatch(/no Episodes \(CHILD, DECOM/);
  });

  it('two files of the same table', () => {
    const result = parseSsda903([...base, file(FAKE, 'placed_for_adoption_errors.csv')], { la: '999' });
    expect(result).toEqual({
      ok: false,
      file: 'placed_for_adoption_errors.csv',
      message:
        'placed_for_adoption_errors.csv and placedAdoption.csv are both the PlacedAdoption table; a return has each table once.',
    });
  });

  it('a file that is not text, or is a workbook', () => {
    const binary = parseSsda903(
      [...base, { name: 'episodes.csv', bytes: new Uint8Array([0, 1, 2, 3, 0, 0]) }],
      {
        la: '999',
      },
    );
    expect(binary).toMatchObject({ ok: false, file: 'episodes.csv' });
    const workbook = parseSsda903(
      [{ name: 'return.xlsx', bytes: new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]) }],
      {
        la: '999',
      },
    );
    expect(!workbook.ok && workbook.message).toMatch(/return\.xlsx is an Excel workbook/);
  });

  it('XML that is not well-formed, or not a 903 return', () => {
    const broken = parseSsda903([text('return.xml', '<EXPSSDA903><CHILD><HEADER></CHILD>')], { la: '999' });
    expect(!broken.ok && broken.message).toMatch(
      /^return\.xml is not well-formed XML \(line 1, column \d+\)/,
    );
    const cin = parseSsda903(
      [
        {
          name: 'cin-2022.xml',
          bytes: readFileSync(
            fileURLToPath(new URL('../../../test/fixtures/cin-census/liia/cin-2022.xml', import.meta.url)),
          ),
        },
      ],
      { la: '999' },
    );
    expect(cin).toMatchObject({ ok: false, file: 'cin-2022.xml' });
    expect(!cin.ok && cin.message).toMatch(
      /is not an SSDA903 return: its root element <Message> holds no CHILD/,
    );
  });

  it('an XML file given with other files', () => {
    const result = parseSsda903([xmlReturn(WHOLE_RETURN), ...base], { la: '999' });
    expect(result).toMatchObject({ ok: false, file: 'return.xml' });
  });
});
