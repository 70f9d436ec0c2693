import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGiasEstablishments, parseGiasLinks } from './parse-gias.ts';

const sample = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../../test/fixtures/schools/${name}`, import.meta.url)));
const utf8 = (text: string) => new TextEncoder().encode(text);

const HEADER =
  '"URN","LA (code)","LA (name)","EstablishmentNumber","EstablishmentName","TypeOfEstablishment (code)","TypeOfEstablishment (name)","EstablishmentTypeGroup (code)","EstablishmentTypeGroup (name)","EstablishmentStatus (code)","EstablishmentStatus (name)","OpenDate","CloseDate","PhaseOfEducation (code)","PhaseOfEducation (name)"';
const row = (urn: string, extra: Partial<Record<'name' | 'open' | 'close', string>> = {}) =>
  `${urn},"330","Birmingham","2001","${extra.name ?? `School ${urn}`}","01","Community school","4","Local authority maintained schools","1","Open","${extra.open ?? ''}","${extra.close ?? ''}","2","Primary"`;

describe('reading a GIAS establishment file', () => {
  it('reads the 2018-19 sample: an open secondary and a primary closed on conversion', () => {
    const parsed = parseGiasEstablishments(
      'gias 2018-19.csv',
      sample('gias_edubasealldata_sample_2018-19.csv'),
    );
    expect(parsed.issues).toEqual([]);
    expect(parsed.rows).toEqual([
      {
        urn: 106653,
        laestab: '3704027',
        name: 'Penistone Grammar School',
        laCode: '370',
        laName: 'Barnsley',
        typeCode: '01',
        typeName: 'Community school',
        typeGroupCode: '4',
        typeGroupName: 'LA maintained schools',
        phaseCode: '4',
        phaseName: 'Secondary',
        statusCode: '1',
        statusName: 'Open',
        openDate: null,
        closeDate: null,
        isIllustrative: false,
      },
      expect.objectContaining({
        urn: 117137,
        statusName: 'Closed',
        openDate: '1997-02-26',
        closeDate: '2012-05-31',
      }),
    ]);
    expect(parsed.rowNumbers).toEqual([2, 3]);
  });

  it('reads the 2021 sample, whose type group is named differently and which has more columns', () => {
    const parsed = parseGiasEstablishments('gias 2021.csv', sample('gias_edubasealldata_sample_2021.csv'));
    expect(parsed.issues).toEqual([]);
    expect(parsed.rows[0]).toMatchObject({
      urn: 100000,
      laestab: '2013614',
      name: 'The Aldgate School',
      typeGroupName: 'Local authority maintained schools',
      typeName: 'Voluntary aided school',
    });
  });

  it('reads Windows-1252 text (as GIAS publishes it) and says so', () => {
    const text = `${HEADER}\r\n${row('100001', { name: 'St Mary’s C of E Primary' })}\r\n`;
    const bytes = new Uint8Array([...text].map((ch) => (ch === '’' ? 0x92 : ch.charCodeAt(0))));
    const parsed = parseGiasEstablishments('gias.csv', bytes);
    expect(parsed.rows[0]!.name).toBe('St Mary’s C of E Primary');
    expect(parsed.notes).toContain('Read as Windows-1252.');
  });

  it('skips title rows above the headings', () => {
    const parsed = parseGiasEstablishments(
      'gias.csv',
      utf8(`Edubase extract\r\n\r\n${HEADER}\r\n${row('100001')}\r\n`),
    );
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.rowNumbers).toEqual([4]);
    expect(parsed.notes.join(' ')).toMatch(/first 2 rows were titles/);
  });

  it('refuses a URN given twice, naming both rows', () => {
    const parsed = parseGiasEstablishments(
      'gias.csv',
      utf8(`${HEADER}\n${row('100001')}\n${row('100002')}\n${row('100001')}\n`),
    );
    expect(parsed.issues).toEqual([
      {
        file: 'gias.csv',
        row: 4,
        column: 'A',
        field: 'URN',
        message: 'URN 100001 is also on row 2: each school must appear once',
      },
    ]);
  });

  it('names a date that is not a date, and a close date before the open date', () => {
    const parsed = parseGiasEstablishments(
      'gias.csv',
      utf8(
        `${HEADER}\n${row('100001', { open: '31-02-2017' })}\n${row('100002', { open: '01-09-2017', close: '31-08-2017' })}\n`,
      ),
    );
    expect(parsed.issues.map((i) => `${i.row} ${i.column} ${i.message}`)).toEqual([
      '2 L "31-02-2017" is not a date (GIAS writes them as 18-01-2018)',
      '3 M the school closes (2017-08-31) before it opens (2017-09-01)',
    ]);
  });

  it('refuses a file that is not an establishment file, naming the columns it lacks', () => {
    const parsed = parseGiasEstablishments(
      'links.csv',
      sample('gias_links_edubasealldata_sample_20250903.csv'),
    );
    expect(parsed.rows).toEqual([]);
    expect(parsed.issues[0]!.message).toMatch(
      /not a Get Information about Schools establishment file: it has no "LA \(code\)"/,
    );
  });

  it('refuses a file with no URN column at all', () => {
    expect(parseGiasEstablishments('x.csv', utf8('a,b\n1,2\n')).issues[0]!.message).toMatch(
      /no header row with a "URN" column/,
    );
  });
});

describe('reading a GIAS links file', () => {
  it('reads the sample’s 20 links, with their types and dates', () => {
    const parsed = parseGiasLinks('links.csv', sample('gias_links_edubasealldata_sample_20250903.csv'));
    expect(parsed.issues).toEqual([]);
    expect(parsed.rows).toHaveLength(20);
    expect(parsed.rows[0]).toEqual({
      urn: 100006,
      linkUrn: 134643,
      linkType: 'Predecessor - merged',
      linkDate: '2022-01-01',
    });
    expect(parsed.rows[2]).toEqual({ urn: 100016, linkUrn: 132245, linkType: 'Successor', linkDate: null });
  });

  it('keeps a link given twice once, and says so', () => {
    const text =
      'URN,LinkURN,LinkName,LinkType,LinkEstablishedDate\n200,100,A,Predecessor,\n200,100,A,Predecessor,\n';
    const parsed = parseGiasLinks('links.csv', utf8(text));
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.notes).toContain('1 link was given more than once and kept once.');
  });

  it('names a link URN that is not a number', () => {
    const parsed = parseGiasLinks('links.csv', utf8('URN,LinkURN,LinkType\n200,abc,Predecessor\n'));
    expect(parsed.issues).toEqual([
      {
        file: 'links.csv',
        row: 2,
        column: 'B',
        field: 'LinkURN',
        message: '"abc" is not a URN (a whole number)',
      },
    ]);
  });
});
