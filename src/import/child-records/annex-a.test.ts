import { readdirSync, readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { ChildRecords, Finding, ParsedReturn } from '../../measures/model.ts';
import { readDate } from './annex-a-values.ts';
import { parseAnnexA } from './annex-a.ts';

const fixtures = new URL('../../../test/fixtures/annex-a/', import.meta.url);
const OPTIONS = { la: '999', extractDate: '2021-03-31' };
const utf8 = (text: string) => new TextEncoder().encode(text);

/** The sample's eleven CSV files (liia-tools' Annex A workbooks, one CSV per list). */
const sampleFiles = (layout: string) =>
  readdirSync(new URL(`${layout}/`, fixtures)).map((name) => ({
    name,
    bytes: new Uint8Array(readFileSync(new URL(`${layout}/${name}`, fixtures))),
  }));

const imported = (parsed: ParsedReturn) => {
  if (!parsed.ok) throw new Error(`refused: ${parsed.file}: ${parsed.message}`);
  return parsed;
};

const counts = (records: ChildRecords) =>
  Object.fromEntries(Object.entries(records).map(([kind, list]) => [kind, list.length]));

/** A one-list CSV upload: a heading row, then rows. */
const csv = (name: string, rows: string[][]) => ({
  name,
  bytes: utf8(Papa.unparse(rows)),
});

const CHILD_HEADINGS = ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age'];
const CHILD = ['C1', 'b) Female', 'a) WBRI', '01/02/2015', '6'];

const findingsOf = (parsed: ParsedReturn): Pick<Finding, 'rule' | 'location' | 'field' | 'value'>[] =>
  imported(parsed).findings.map(({ rule, location, field, value }) => ({ rule, location, field, value }));

const SAMPLE_COUNTS = {
  children: 48,
  contacts: 5,
  // Six referrals on List 3 and five episodes of need on List 6.
  referrals: 11,
  assessments: 5,
  section47s: 5,
  protectionPlans: 7,
  protectionVisits: 7,
  allocations: 6,
  // Five children in care: the start of care, of the latest placement and of the legal status each start an episode.
  episodes: 14,
  careReviews: 5,
  adoptions: 5,
  careLeavers: 6,
  missingEpisodes: 0,
};

describe('importing the liia-tools Annex A samples', () => {
  it.each(['liia-2020', 'liia-2024-jan'])(
    'imports every list of the %s layout, with no findings',
    (layout) => {
      const parsed = imported(parseAnnexA(sampleFiles(layout), OPTIONS));
      expect(counts(parsed.records)).toEqual(SAMPLE_COUNTS);
      expect(parsed.findings).toEqual([]);
      expect(parsed).toMatchObject({ source: 'annex_a', la: '999', periodEnd: '2021-03-31' });
    },
  );

  it('maps each list onto the model, codes and all', () => {
    const { records } = imported(parseAnnexA(sampleFiles('liia-2020'), OPTIONS));
    expect(records.contacts[1]).toEqual({
      la: '999',
      childId: '11973218',
      key: '999|11973218|2020-09-16',
      problems: [],
      contactDate: '2020-09-16',
      receivedAt: null,
      decidedAt: null,
      source: '6',
    });
    expect(records.referrals.find((r) => r.childId === '4653765')).toMatchObject({
      referralDate: '2020-09-16',
      source: '3D',
      noFurtherAction: false,
      primaryNeed: null,
    });
    expect(records.allocations.find((a) => a.childId === '4653765')).toMatchObject({
      referralDate: '2020-09-16',
      allocatedDate: null,
      team: 'Locality 4 Duty Team',
      worker: 'Mathilde Cutsforth',
      asAt: '2021-03-31',
    });
    expect(records.assessments[0]).toMatchObject({
      childId: '10692868',
      startDate: '2019-05-16',
      completedDate: '2021-02-08',
      childSeen: true,
    });
    expect(records.section47s.find((s) => s.childId === '10273003')).toMatchObject({
      strategyDate: '2020-09-16',
      icpcNotRequired: true,
      icpcDate: null,
      icpcResultedInPlan: null,
    });
    expect(records.referrals.find((r) => r.childId === '8140425')).toMatchObject({
      referralDate: '2006-11-23',
      primaryNeed: 'N1',
      closureDate: null,
    });
    expect(records.protectionPlans[0]).toMatchObject({
      childId: '10721552',
      startDate: '2020-11-23',
      endDate: '2021-02-16',
      initialCategory: 'PHY',
      latestCategory: 'PHY',
      previousPlans: 0,
      reviewDates: ['2021-02-16'],
    });
    expect(records.protectionVisits[0]).toMatchObject({
      planStartDate: '2020-11-23',
      visitDate: '2021-01-22',
      seenAlone: true,
    });
    expect(records.careLeavers[0]).toMatchObject({
      childId: '7961370',
      inTouch: 'YES',
      activity: 'F1',
      accommodation: 'Y1',
      yearEnding: '2021-03-31',
    });
    expect(records.adoptions[2]).toMatchObject({
      childId: '13782635',
      decisionDate: '2014-09-17',
      placementOrderDate: '2014-09-22',
      matchDate: '2014-09-27',
      placedDate: '2014-10-02',
      adoptionOrderDate: '2014-10-07',
      decisionReversedDate: '2014-10-12',
      decisionReversedReason: 'RD2',
    });
  });

  it('builds a child in care’s episodes from the dates List 8 gives, leaving unknown what it does not', () => {
    const { records } = imported(parseAnnexA(sampleFiles('liia-2020'), OPTIONS));
    const episodes = records.episodes.filter((e) => e.childId === '3623204');
    // Care began 2008-10-22; the legal status and the placement both began 2009-07-27; care ended 2020-09-22.
    expect(
      episodes.map(({ startDate, reasonNewEpisode, legalStatus, placement, endDate, reasonEnded }) => ({
        startDate,
        reasonNewEpisode,
        legalStatus,
        placement,
        endDate,
        reasonEnded,
      })),
    ).toEqual([
      {
        startDate: '2008-10-22',
        reasonNewEpisode: 'S',
        legalStatus: null,
        placement: null,
        endDate: '2009-07-27',
        reasonEnded: 'X1',
      },
      {
        startDate: '2009-07-27',
        reasonNewEpisode: 'T',
        legalStatus: 'C1',
        placement: 'H5',
        endDate: '2020-09-22',
        reasonEnded: 'E47',
      },
    ]);
    expect(records.children.find((c) => c.childId === '14065184')).toMatchObject({
      wasUasc: false,
      hasDisability: true,
    });
  });

  it('gives a child on several lists one record, held by the team of the furthest list', () => {
    const { records } = imported(parseAnnexA(sampleFiles('liia-2020'), OPTIONS));
    // 6537810 is referred (List 3, the MASH) and then on a section 47 enquiry (List 5).
    expect(records.children.filter((c) => c.childId === '6537810')).toEqual([
      expect.objectContaining({
        key: '999|6537810',
        birthDate: '2004-07-18',
        sex: 'M',
        team: 'Locality 3 Duty Team',
      }),
    ]);
  });

  it('reads no statutory assessment from List 2 (early help) and nothing from List 11 (adopters)', () => {
    const files = sampleFiles('liia-2020').filter((f) => f.name === 'List_2.csv' || f.name === 'List_11.csv');
    const parsed = imported(parseAnnexA(files, OPTIONS));
    expect(counts(parsed.records)).toMatchObject({ children: 5, assessments: 0, adoptions: 0 });
  });
});

/** The sample as one workbook, a sheet per list named anything, with real date cells where a heading says date. */
async function sampleWorkbook(layout: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Guidance').addRow(['How to fill in these lists']);
  for (const [i, file] of sampleFiles(layout).entries()) {
    const [headings, ...rows] = Papa.parse<string[]>(new TextDecoder().decode(file.bytes), {
      skipEmptyLines: true,
    }).data as [string[], ...string[][]];
    const sheet = workbook.addWorksheet(`Tab ${i + 1}`);
    sheet.addRow(headings);
    for (const row of rows)
      sheet.addRow(
        row.map((value, column) => {
          if (value === '' || !/^\d+(\.\d+)?$/.test(value)) return value === '' ? null : value;
          if (!/date/i.test(headings[column]!)) return Number(value);
          return new Date(`${readDate(value)!.date}T00:00:00Z`);
        }),
      );
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('importing an Annex A workbook', () => {
  it.each(['liia-2020', 'liia-2024-jan'])(
    'reads a %s workbook with a sheet per list as the CSV files, passing over a guidance sheet',
    async (layout) => {
      const fromWorkbook = parseAnnexA(
        [{ name: 'Annex A.xlsx', bytes: await sampleWorkbook(layout) }],
        OPTIONS,
      );
      const fromCsv = imported(parseAnnexA(sampleFiles(layout), OPTIONS));
      expect(imported(fromWorkbook).records).toEqual(fromCsv.records);
      expect(imported(fromWorkbook).findings).toEqual([]);
    },
  );

  it('names the sheet as well as the list and row of a finding', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Referrals');
    sheet.addRow([...CHILD_HEADINGS, 'Date of Referral', 'Referral Source', 'Referral NFA?']);
    sheet.addRow([...CHILD, new Date('2020-09-16T00:00:00Z'), 'q) 6: Police', 'Sometimes']);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const parsed = parseAnnexA([{ name: 'annex.xlsx', bytes }], OPTIONS);
    expect(findingsOf(parsed)).toEqual([
      {
        rule: 'AA-006',
        location: 'List 3 (sheet "Referrals") row 2',
        field: 'noFurtherAction',
        value: 'Sometimes',
      },
    ]);
    expect(imported(parsed).records.referrals[0]).toMatchObject({ referralDate: '2020-09-16', source: '6' });
  });

  it('refuses a file that is a ZIP archive but no workbook, naming it', () => {
    const parsed = parseAnnexA(
      [{ name: 'lists.xlsx', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]) }],
      OPTIONS,
    );
    expect(parsed).toMatchObject({ ok: false, file: 'lists.xlsx' });
    expect(!parsed.ok && parsed.message).toMatch(/cannot be read/);
  });

  it('refuses a file that is no spreadsheet at all', () => {
    const parsed = parseAnnexA([{ name: 'lists.pdf', bytes: utf8('%PDF-1.4 …') }], OPTIONS);
    expect(parsed).toMatchObject({ ok: false, file: 'lists.pdf' });
  });
});

describe('recognising a list by its headings', () => {
  const list1 = (headings: string[]) =>
    parseAnnexA([csv('contacts.csv', [headings, [...CHILD, '16/09/2020', 'q) 6: Police']])], OPTIONS);

  it('tolerates case, spacing, punctuation and the 2026 layout’s Sex for Gender', () => {
    const parsed = imported(
      list1([
        '  CHILD UNIQUE ID ',
        'Sex',
        'ethnicity',
        'Date of birth:',
        'Age of Child (Years)',
        'Date of  Contact',
        'Contact source ',
      ]),
    );
    expect(parsed.records.contacts).toHaveLength(1);
    expect(parsed.records.children[0]).toMatchObject({ sex: 'F', birthDate: '2015-02-01' });
  });

  it('tolerates curly quotes, a missing question mark and a stray bracket', () => {
    const headings = [
      'Child Unique ID',
      'Gender',
      'Ethnicity',
      'Date of Birth',
      'Age',
      'Date of Referral',
      'Referral Source',
      'Referral NFA',
    ];
    const curly = imported(
      parseAnnexA(
        [csv('referrals.csv', [headings, [...CHILD, '16/09/2020', 'q) 6: Police', 'a) Yes']])],
        OPTIONS,
      ),
    );
    expect(curly.records.referrals[0]).toMatchObject({ noFurtherAction: true });
    const legal = [
      'Child Unique ID',
      'Date Started to be Looked After',
      'Start date of current legal status',
      'Child’s Legal Status',
      'Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))',
    ];
    const list8 = imported(
      parseAnnexA(
        [csv('cla.csv', [legal, ['C1', '01/01/2020', '01/01/2020', 'C2: FCO', 'a) Yes']])],
        OPTIONS,
      ),
    );
    expect(list8.records.episodes[0]).toMatchObject({ legalStatus: 'C2' });
    expect(list8.records.children[0]).toMatchObject({ wasUasc: true });
  });

  it('finds the headings below title rows', () => {
    const parsed = imported(
      parseAnnexA(
        [
          csv('contacts.csv', [
            ['List 1: Contacts'],
            [],
            [...CHILD_HEADINGS, 'Date of Contact', 'Contact Source'],
            [...CHILD, '16/09/2020', '6'],
          ]),
        ],
        OPTIONS,
      ),
    );
    expect(parsed.records.contacts[0]).toMatchObject({ contactDate: '2020-09-16' });
    expect(parsed.findings).toEqual([]);
  });

  it('refuses a file matching no list, naming the closest list and the headings it lacks', () => {
    const parsed = parseAnnexA(
      [
        csv('referals.csv', [
          [...CHILD_HEADINGS, 'Referal date', 'Referral Source'],
          [...CHILD, '16/09/2020', '6'],
        ]),
      ],
      OPTIONS,
    );
    expect(parsed).toEqual({
      ok: false,
      file: 'referals.csv',
      message:
        'The file is not an Annex A list. The closest is List 3 (Referrals), but its headings lack "Date of Referral".',
    });
  });

  it('refuses a workbook sheet that is half a list', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Contacts').addRow(['Child Unique ID', 'Contact Source']);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const parsed = parseAnnexA([{ name: 'annex.xlsx', bytes }], OPTIONS);
    expect(parsed).toMatchObject({ ok: false, file: 'annex.xlsx' });
    expect(!parsed.ok && parsed.message).toMatch(
      /^The sheet "Contacts" is not an Annex A list. The closest is List 1 \(Contacts\), but its headings lack "Date of Contact" or "Date and time of contact"/,
    );
  });
});

describe('the local columns a contact or referral extract may add', () => {
  it('reads when a contact was received and decided, a decision dated without a time at the end of its day', () => {
    const headings = [
      ...CHILD_HEADINGS,
      'Date of Contact',
      'Contact Source',
      'Time of contact',
      'Contact decision date',
    ];
    const parsed = imported(
      parseAnnexA(
        [
          csv('contacts.csv', [
            headings,
            [...CHILD, '16/09/2020', '6', '14:30', '17/09/2020 10:15'],
            ['C2', ...CHILD.slice(1), '16/09/2020', '6', '', '18/09/2020'],
          ]),
        ],
        OPTIONS,
      ),
    );
    expect(
      parsed.records.contacts.map(({ key, receivedAt, decidedAt }) => ({ key, receivedAt, decidedAt })),
    ).toEqual([
      { key: '999|C1|2020-09-16T14:30', receivedAt: '2020-09-16T14:30', decidedAt: '2020-09-17T10:15' },
      { key: '999|C2|2020-09-16', receivedAt: null, decidedAt: '2020-09-18T23:59' },
    ]);
  });

  it('reads a contact given only as a date and time', () => {
    const parsed = imported(
      parseAnnexA(
        [
          csv('contacts.csv', [
            ['Child Unique ID', 'Date and time of contact', 'Contact Source', 'Date of decision'],
            ['C1', '2020-09-16T09:00', '6', '2020-09-17 08:00'],
          ]),
        ],
        OPTIONS,
      ),
    );
    expect(parsed.records.contacts[0]).toMatchObject({
      contactDate: '2020-09-16',
      receivedAt: '2020-09-16T09:00',
      decidedAt: '2020-09-17T08:00',
    });
  });

  it('reads the day a referral was allocated, and an unallocated worker as none', () => {
    const headings = [
      ...CHILD_HEADINGS,
      'Date of Referral',
      'Referral Source',
      'Referral NFA?',
      'Allocated Team',
      'Allocated Worker',
      'Date allocated',
    ];
    const parsed = imported(
      parseAnnexA(
        [
          csv('referrals.csv', [
            headings,
            [...CHILD, '16/09/2020', '6', 'No', 'Duty', 'Unallocated', '18/09/2020'],
          ]),
        ],
        OPTIONS,
      ),
    );
    expect(parsed.records.allocations[0]).toMatchObject({
      allocatedDate: '2020-09-18',
      team: 'Duty',
      worker: null,
    });
  });
});

describe('the rules a row is checked against', () => {
  const assessments = (...rows: string[][]) =>
    parseAnnexA(
      [
        csv('assessments.csv', [
          [
            ...CHILD_HEADINGS,
            'Continuous Assessment Start Date',
            'Child Seen During Continuous Assessment',
            'Continuous Assessment Date of Authorisation',
          ],
          ...rows,
        ]),
      ],
      OPTIONS,
    );

  it('AA-001: a row without a child id is not read', () => {
    const parsed = assessments(['', ...CHILD.slice(1), '01/09/2020', 'Yes', '01/10/2020']);
    expect(findingsOf(parsed)).toEqual([
      { rule: 'AA-001', location: 'List 4 row 2', field: 'childId', value: null },
    ]);
    expect(imported(parsed).records.assessments).toEqual([]);
  });

  it('AA-002: a row without the date that identifies its record is not read as that record', () => {
    const parsed = assessments([...CHILD, '', 'Yes', '01/10/2020']);
    expect(findingsOf(parsed)).toEqual([
      { rule: 'AA-002', location: 'List 4 row 2', field: 'startDate', value: null },
    ]);
    expect(imported(parsed).records).toMatchObject({ assessments: [], children: [expect.anything()] });
  });

  it('AA-003: an unreadable date is treated as missing and named in the record’s problems', () => {
    const parsed = assessments([...CHILD, '01/09/2020', 'Yes', '31/09/2020']);
    expect(findingsOf(parsed)).toEqual([
      { rule: 'AA-003', location: 'List 4 row 2', field: 'completedDate', value: '31/09/2020' },
    ]);
    expect(imported(parsed).records.assessments[0]).toMatchObject({
      completedDate: null,
      problems: ['completedDate'],
    });
  });

  it('AA-004: a date before the one it follows', () => {
    const parsed = assessments([...CHILD, '01/09/2020', 'Yes', '01/08/2020']);
    expect(findingsOf(parsed)).toEqual([
      { rule: 'AA-004', location: 'List 4 row 2', field: 'completedDate', value: '2020-08-01' },
    ]);
    const [finding] = imported(parsed).findings;
    expect(finding).toMatchObject({
      kind: 'assessments',
      recordKey: '999|C1|2020-09-01',
      childId: 'C1',
      severity: 'error',
    });
  });

  it('AA-005: a date after the extract date; a date of birth may be (an unborn child’s due date)', () => {
    const unborn = ['C1', 'c) Not stated/recorded', '', '01/06/2021', ''];
    const parsed = assessments([...unborn, '01/09/2020', 'Yes', '01/04/2021']);
    expect(findingsOf(parsed)).toEqual([
      { rule: 'AA-005', location: 'List 4 row 2', field: 'completedDate', value: '01/04/2021' },
    ]);
  });

  it('AA-006: a value the list does not allow is treated as not recorded', () => {
    const parsed = assessments([
      ...CHILD.slice(0, 1),
      'Martian',
      ...CHILD.slice(2),
      '01/09/2020',
      'Perhaps',
      '01/10/2020',
    ]);
    expect(findingsOf(parsed)).toEqual([
      { rule: 'AA-006', location: 'List 4 row 2', field: 'sex', value: 'Martian' },
      { rule: 'AA-006', location: 'List 4 row 2', field: 'childSeen', value: 'Perhaps' },
    ]);
    expect(imported(parsed).findings.map((f) => f.severity)).toEqual(['query', 'query']);
    expect(imported(parsed).records.children[0]).toMatchObject({ sex: null, problems: ['sex'] });
    expect(imported(parsed).records.assessments[0]).toMatchObject({
      childSeen: null,
      problems: ['childSeen'],
    });
  });

  it('AA-007: the same record twice on a list keeps the first row', () => {
    const parsed = assessments(
      [...CHILD, '01/09/2020', 'Yes', '01/10/2020'],
      [...CHILD, '01/09/2020', 'No', ''],
    );
    expect(findingsOf(parsed)).toEqual([
      { rule: 'AA-007', location: 'List 4 row 3', field: 'startDate', value: '2020-09-01' },
    ]);
    expect(imported(parsed).records.assessments).toEqual([expect.objectContaining({ childSeen: true })]);
  });
});
