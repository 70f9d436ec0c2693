import { describe, expect, it } from 'vitest';
import { detectFormat, encodingFromBom } from './detect-format.ts';
import {
  CellProblem,
  columnLetter,
  excelSerialToDate,
  noHeadingRowIssue,
  normaliseHeading,
  periodOf,
  readDataRow,
  readHeadingRow,
  unheadedCells,
} from './figures-table.ts';

describe('the heading row', () => {
  it('is a row naming at least ref and period, in any case, with units in brackets and other names allowed', () => {
    const heading = readHeadingRow([' Reference ', 'Month', 'Breakdown item', 'Value (%)', 'Title'], 4);
    expect(heading?.issues).toEqual([]);
    expect(heading?.mapping.columns.map((c) => [c.index, c.field])).toEqual([
      [0, 'ref'],
      [1, 'period'],
      [2, 'breakdown'],
      [3, 'value'],
    ]);
    expect(heading?.mapping.ignored).toEqual(['Title']);
  });

  it('is not a row of figures or of titles', () => {
    expect(readHeadingRow(['CSC-05', '2017-08', 3], 2)).toBeNull();
    expect(readHeadingRow(["Children's social care, August 2017"], 1)).toBeNull();
  });

  it('names a heading it does not know, and one given twice, by row and column', () => {
    expect(readHeadingRow(['ref', 'period', 'numerater', 'value', 'VALUE'], 1)?.issues).toEqual([
      {
        row: 1,
        column: 'C',
        field: 'numerater',
        message:
          '"numerater" is not a heading this file can have (the headings are: ref, period, breakdown, value, numerator, denominator, status, source, commentary, reason; a title or units column is ignored).',
      },
      {
        row: 1,
        column: 'E',
        field: 'VALUE',
        message: '"VALUE" is the same column as "value" in column D: give it once.',
      },
    ]);
  });

  it('says what it looked for when there is none', () => {
    expect(noHeadingRowIssue(undefined, 0).message).toBe('There is nothing in it.');
    expect(noHeadingRowIssue(['CSC-05', '2017-08'], 2).message).toBe(
      'No heading row was found in the first 2 rows: the figures need a row of headings with at least "ref" and "period" (and value, or numerator and denominator); the first row with anything in it has: CSC-05, 2017-08.',
    );
  });

  it('compares headings without case, doubled spaces, underscores or a trailing unit', () => {
    expect(normaliseHeading('  Breakdown_Item  ')).toBe('breakdown item');
    expect(normaliseHeading('Value (per 10,000)')).toBe('value');
  });
});

describe('a row of figures', () => {
  const { mapping } = readHeadingRow(
    ['ref', 'period', 'breakdown', 'numerator', 'denominator', 'value', 'commentary'],
    1,
  )!;

  it('gives each field as written, leaving numbers as typed for the figures service to read', () => {
    expect(
      readDataRow(['CSC-03', '2017-05', '', '1,218', '1,304', '93.4%', ' Steady. '], 2, mapping),
    ).toEqual({
      kind: 'record',
      record: {
        ref: 'CSC-03',
        period: '2017-05',
        numerator: '1,218',
        denominator: '1,304',
        value: '93.4%',
        commentary: 'Steady.',
      },
    });
  });

  it('reads spaces between groups of digits as thousands separators', () => {
    expect(readDataRow(['CSC-05', '2017-05', '', '', '', '1 218'], 2, mapping)).toMatchObject({
      record: { value: '1218' },
    });
  });

  it('treats a row with nothing in it as blank, and one that names a figure but gives none as left for later', () => {
    expect(readDataRow(['', ' ', null], 3, mapping)).toEqual({ kind: 'blank' });
    expect(readDataRow(['CSC-05', '2017-05', 'locality=EAST', '', '', ''], 3, mapping)).toEqual({
      kind: 'empty',
    });
  });

  it('refuses a figure without its reference or period, naming the column', () => {
    expect(readDataRow(['', '2017-05', '', '', '', 3], 7, mapping)).toEqual({
      kind: 'problems',
      issues: [
        {
          row: 7,
          column: 'A',
          field: 'ref',
          message: "is blank: give the indicator's reference in every row.",
        },
      ],
    });
  });

  it('passes on what the reader said of a cell (a formula error), and refuses a date where a number belongs', () => {
    const outcome = readDataRow(
      ['CSC-05', '2017-05', '', new Date(Date.UTC(2017, 4, 1)), '', new CellProblem('shows #DIV/0!')],
      9,
      mapping,
    );
    expect(outcome).toEqual({
      kind: 'problems',
      issues: [
        {
          row: 9,
          column: 'D',
          field: 'numerator',
          message: 'is a date (2017-05-01), not a number: format the cell as a number.',
        },
        { row: 9, column: 'F', field: 'value', message: 'shows #DIV/0!' },
      ],
    });
  });

  it('finds entries under no heading', () => {
    const narrow = readHeadingRow(['ref', 'period', '', 'value'], 1)!.mapping;
    expect(unheadedCells(['CSC-05', '2017-05', 'note', 3, 'more'], narrow)).toEqual([2, 4]);
  });
});

describe('periods as spreadsheets write them', () => {
  it('keeps period codes as they are', () => {
    for (const code of [
      '2017-05',
      '2022-23-Q1',
      '2022-23-autumn',
      'FY2017-18',
      'AY2017-18',
      '2016-11..2017-04',
    ])
      expect(periodOf(code)).toBe(code);
  });

  it('reads a month as people write it, and a date cell as its month', () => {
    expect(periodOf('May-17')).toBe('2017-05');
    expect(periodOf('September 2017')).toBe('2017-09');
    expect(periodOf('01/10/2017')).toBe('2017-10');
    expect(periodOf('2017-08-31')).toBe('2017-08');
    expect(periodOf(new Date(Date.UTC(2018, 0, 31)))).toBe('2018-01');
  });

  it('refuses an Excel date serial number, saying which date it stands for', () => {
    expect(periodOf(42856)).toEqual({
      problem:
        '"42856" looks like a date that lost its format (Excel\'s number for 1 May 2017): write the period as 2017-05, or format the cell as a date.',
    });
    expect(excelSerialToDate(25569).toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });

  it('leaves anything else for the figures service to refuse', () => {
    expect(periodOf('Summer')).toBe('Summer');
  });
});

describe('column letters', () => {
  it('count as a spreadsheet does', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetter)).toEqual([
      'A',
      'Z',
      'AA',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });
});

describe('what kind of file an upload is', () => {
  const bytes = (...b: number[]) => new Uint8Array(b);
  it('goes by content, not name', () => {
    expect(detectFormat(bytes(0x50, 0x4b, 0x03, 0x04), 4)).toEqual({ format: 'xlsx' });
    expect(detectFormat(new TextEncoder().encode('ref,period\n'), 11)).toEqual({ format: 'csv' });
    expect(detectFormat(bytes(0xff, 0xfe, 0x72, 0x00), 4)).toEqual({ format: 'csv' });
  });

  it('names what a file is when it is not a spreadsheet', () => {
    expect(detectFormat(bytes(), 0)).toMatchObject({
      format: null,
      problem: expect.stringMatching(/^The file is empty/),
    });
    expect(detectFormat(new TextEncoder().encode('%PDF-1.7'), 8)).toMatchObject({
      problem: expect.stringMatching(/^The file is a PDF document/),
    });
    expect(detectFormat(bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1), 8)).toMatchObject({
      problem: expect.stringMatching(/^The file is an Excel 97–2003 workbook/),
    });
    expect(detectFormat(bytes(0x00, 0x01, 0x02), 3)).toMatchObject({
      problem: expect.stringMatching(/^The file is not a spreadsheet: it holds binary data/),
    });
  });

  it('takes a text encoding from a byte-order mark', () => {
    expect(encodingFromBom(bytes(0xef, 0xbb, 0xbf, 0x72))).toBe('utf-8');
    expect(encodingFromBom(bytes(0xff, 0xfe, 0x72, 0x00))).toBe('utf-16le');
    expect(encodingFromBom(bytes(0x72, 0x65))).toBeNull();
  });
});
