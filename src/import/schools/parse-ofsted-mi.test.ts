import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOfstedInspections } from './parse-ofsted-mi.ts';

/** The column headings of one of Ofsted's layouts, as listed in the samples (comment lines start with #). */
const headingsOf = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/schools/${name}`, import.meta.url), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() && !line.startsWith('#'));

const EIF = headingsOf('ofsted_mi_cols_2019-2023_full-section8_latest.txt');
const GRADED = headingsOf('ofsted_mi_cols_2023-24_graded-ungraded_latest.txt');
const REPORT_CARD = headingsOf('ofsted_mi_cols_2025-11_reportcard_latest.txt');

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/** A CSV in a layout: every heading, each row's cells by heading, NULL where a row gives nothing (as Ofsted does). */
function file(headings: string[], rows: Record<string, string>[], options: { title?: string } = {}): string {
  const lines = [
    ...(options.title ? [options.title] : []),
    headings.map(quote).join(','),
    ...rows.map((r) => headings.map((h) => quote(r[h] ?? 'NULL')).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
const utf8 = (text: string) => new TextEncoder().encode(text);
const windows1252 = (text: string) =>
  new Uint8Array([...text].map((ch) => ({ '’': 0x92, é: 0xe9 })[ch] ?? ch.charCodeAt(0)));

describe('the 2019–2023 layout ("full inspection", "section 8")', () => {
  const text = file(EIF, [
    {
      URN: '139439',
      'School name': 'Tiverton Academy',
      'Inspection number of latest full inspection': '10044001',
      'Inspection start date': '24/09/2019',
      'Publication date': '10/11/2019',
      'Overall effectiveness': '2',
      'Category of concern': 'NULL',
      'Does the latest full inspection relate to the URN of the current school?': 'Yes',
      'URN at time of latest full inspection': '139439',
      'Previous full inspection number': 'ITS449916',
      'Previous inspection start date': '24/03/2015',
      'Previous publication date': '23/04/2015',
      'Previous full inspection overall effectiveness': '4',
      'Previous category of concern': 'SM',
      'Does the previous full inspection relate to the URN of the current school?': 'No',
      'URN at time of previous full inspection': '103456',
      'Latest section 8 inspection number since last full inspection': '10099999',
      'Date of latest section 8 inspection': '01/03/2021',
      'Section 8 inspection publication date': '20/03/2021',
      'Section 8 inspection overall outcome': 'School remains Good',
      'Does the section 8 inspection relate to the URN of the current school?': 'Yes',
    },
  ]);
  const parsed = parseOfstedInspections('mi 2019.csv', utf8(text));

  it('is recognised by its columns', () => {
    expect(parsed.issues).toEqual([]);
    expect(parsed.layout).toBe('eif');
  });

  it('gives the latest full inspection, with its grade and dates', () => {
    expect(parsed.inspections[0]).toEqual({
      inspectionNumber: '10044001',
      urn: 139439,
      reportedUrn: 139439,
      kind: 'graded',
      startDate: '2019-09-24',
      publicationDate: '2019-11-10',
      overallEffectiveness: 2,
      categoryOfConcern: null,
      ungradedOutcome: null,
      reportCard: null,
    });
  });

  it('gives the previous one as the predecessor’s, in special measures, when it relates to another URN', () => {
    expect(parsed.inspections[1]).toMatchObject({
      inspectionNumber: 'ITS449916',
      urn: 103456,
      reportedUrn: 139439,
      overallEffectiveness: 4,
      categoryOfConcern: 'special_measures',
    });
  });

  it('gives the section 8 inspection as ungraded, with its outcome in Ofsted’s words', () => {
    expect(parsed.inspections[2]).toMatchObject({
      kind: 'ungraded',
      overallEffectiveness: null,
      ungradedOutcome: 'School remains Good',
      startDate: '2021-03-01',
    });
  });

  it('lists the school reported, for the check against the register', () => {
    expect(parsed.reported).toEqual([{ urn: 139439, row: 2, name: 'Tiverton Academy' }]);
  });
});

describe('the 2023–2025 layout ("graded", "ungraded")', () => {
  it('reads the renamed columns, and "Not judged" as no overall grade', () => {
    const parsed = parseOfstedInspections(
      'mi 2024.csv',
      utf8(
        file(GRADED, [
          {
            URN: '100000',
            'Inspection number of latest graded inspection': '10300001',
            'Inspection start date': '2024-10-01',
            'Publication date': '2024-11-12',
            'Overall effectiveness': 'Not judged',
            'Category of concern': 'SWK',
            'Does the latest graded inspection relate to the URN of the current school?': 'Yes',
            'Previous graded inspection number': '10200001',
            'Previous inspection start date': '01/02/2020',
            'Previous publication date': '01/03/2020',
            'Previous graded inspection overall effectiveness': '1',
          },
        ]),
      ),
    );
    expect(parsed.issues).toEqual([]);
    expect(parsed.layout).toBe('graded_ungraded');
    expect(
      parsed.inspections.map((i) => [i.inspectionNumber, i.overallEffectiveness, i.categoryOfConcern]),
    ).toEqual([
      ['10300001', null, 'serious_weaknesses'],
      ['10200001', 1, null],
    ]);
  });
});

describe('the report-card layout (from November 2025)', () => {
  const row = {
    URN: '140001',
    'Inspection number of latest full inspection': '10400001',
    'Inspection start date': '02/12/2025',
    'Publication date': '20/01/2026',
    'Does the latest full inspection relate to the URN of the current school?': 'Yes',
    'Category of concern': 'NULL',
    'Safeguarding standards': 'Met',
    Inclusion: 'Strong standard',
    'Curriculum and teaching': 'Expected standard',
    Achievement: 'Needs attention',
    'Attendance and behaviour': 'Expected standard',
    'Personal development and wellbeing': 'Exceptional',
    'Early years (where applicable)': 'NULL',
    'Post-16 provision (where applicable)': 'Not applicable',
    'Leadership and governance': 'Urgent improvement',
    'Inspection number of latest OEIF graded inspection': '10100001',
    'Inspection start date of latest OEIF graded inspection': '05/05/2018',
    'Publication date of latest OEIF graded inspection': '06/06/2018',
    'Latest OEIF overall effectiveness': '3',
    'Latest OEIF category of concern': 'NULL',
    'Latest OEIF  safeguarding is effective?': 'Yes',
  };
  const parsed = parseOfstedInspections('mi 2025-11.csv', utf8(file(REPORT_CARD, [row])));

  it('reads the report card: a grade for each area that applies, and safeguarding', () => {
    expect(parsed.issues).toEqual([]);
    expect(parsed.layout).toBe('report_card');
    expect(parsed.inspections[0]).toMatchObject({
      kind: 'report_card',
      inspectionNumber: '10400001',
      overallEffectiveness: null,
      reportCard: {
        grades: {
          inclusion: 'strong_standard',
          curriculum_and_teaching: 'expected_standard',
          achievement: 'needs_attention',
          attendance_and_behaviour: 'expected_standard',
          personal_development_and_wellbeing: 'exceptional',
          leadership_and_governance: 'urgent_improvement',
        },
        safeguarding: 'met',
      },
    });
  });

  it('keeps the latest graded inspection under the old framework beside it', () => {
    expect(parsed.inspections[1]).toMatchObject({
      kind: 'graded',
      inspectionNumber: '10100001',
      overallEffectiveness: 3,
    });
  });

  it('does not make a report card of a latest inspection that has no report-card grades', () => {
    const noCard = parseOfstedInspections(
      'mi.csv',
      utf8(
        file(REPORT_CARD, [
          {
            ...row,
            'Safeguarding standards': 'NULL',
            Inclusion: 'NULL',
            'Curriculum and teaching': 'NULL',
            Achievement: 'NULL',
            'Attendance and behaviour': 'NULL',
            'Personal development and wellbeing': 'NULL',
            'Leadership and governance': 'NULL',
            'Inspection number of latest full inspection': '10100001',
          },
        ]),
      ),
    );
    expect(noCard.inspections.map((i) => i.kind)).toEqual(['graded']);
  });

  it('names a report-card grade it does not know', () => {
    const bad = parseOfstedInspections(
      'mi.csv',
      utf8(file(REPORT_CARD, [{ ...row, Achievement: 'Brilliant' }])),
    );
    expect(bad.issues).toEqual([
      expect.objectContaining({
        row: 2,
        field: 'Achievement',
        message: expect.stringMatching(/^"Brilliant" is not a report-card grade/),
      }),
    ]);
  });
});

describe('bad and awkward files', () => {
  const minimal = (rows: string[]) =>
    [
      'URN,School name,Inspection number of latest full inspection,Inspection start date,Publication date,Overall effectiveness,Category of concern',
      ...rows,
    ].join('\r\n');

  it('skips title rows above the headings and reads Windows-1252', () => {
    const parsed = parseOfstedInspections(
      'mi.csv',
      windows1252(
        `Management information – schools\r\nPublished monthly\r\n${minimal(['100001,St Mary’s,1,01/01/2017,01/02/2017,2,NULL'])}`.replace(
          '–',
          '-',
        ),
      ),
    );
    expect(parsed.issues).toEqual([]);
    expect(parsed.reported[0]).toEqual({ urn: 100001, row: 4, name: 'St Mary’s' });
    expect(parsed.notes).toEqual([
      'Read as Windows-1252.',
      'The first 2 rows were titles above the column headings, and were skipped.',
      `Layout: Ofsted management information, 2019–2023 layout (full and section 8 inspections).`,
    ]);
  });

  it('tolerates headings with different spacing and case', () => {
    const parsed = parseOfstedInspections(
      'mi.csv',
      utf8(
        'urn,INSPECTION NUMBER OF  LATEST FULL INSPECTION,Inspection start date,Overall  effectiveness\n100001,1,01/01/2017,3\n',
      ),
    );
    expect(parsed.inspections[0]).toMatchObject({ overallEffectiveness: 3, publicationDate: null });
  });

  it('refuses a layout it does not know, saying which layouts it reads', () => {
    const inYear =
      'URN,Inspection number,Inspection start date,Quality of education\n139439,10344003,24/09/2024,2\n';
    const parsed = parseOfstedInspections('mi.csv', utf8(inYear));
    expect(parsed.layout).toBeNull();
    expect(parsed.issues[0]!.message).toMatch(
      /not one of the Ofsted management-information layouts this service reads/,
    );
  });

  it('refuses a URN given twice', () => {
    const parsed = parseOfstedInspections(
      'mi.csv',
      utf8(minimal(['100001,A,1,01/01/2017,,2,', '100001,A,2,01/01/2016,,3,'])),
    );
    expect(parsed.issues).toEqual([
      {
        file: 'mi.csv',
        row: 3,
        column: 'A',
        field: 'URN',
        message: 'URN 100001 is also on row 2: each school must appear once',
      },
    ]);
  });

  it('names a grade, a category or a date it cannot read, with its row and column', () => {
    const parsed = parseOfstedInspections('mi.csv', utf8(minimal(['100001,A,1,32/01/2017,,5,XX'])));
    expect(parsed.issues.map((i) => `${i.row} ${i.column} ${i.message}`)).toEqual([
      '2 D "32/01/2017" is not a date (Ofsted writes them as 18/01/2018)',
      '2 F "5" is not an overall effectiveness grade (1 to 4)',
      '2 G "XX" is not a category of concern (SM or SWK)',
    ]);
  });

  it('reads a school never inspected as reported, with no inspections', () => {
    const parsed = parseOfstedInspections(
      'mi.csv',
      utf8(minimal(['100001,New Free School,NULL,NULL,NULL,NULL,NULL'])),
    );
    expect(parsed.issues).toEqual([]);
    expect(parsed.reported).toHaveLength(1);
    expect(parsed.inspections).toEqual([]);
  });
});
