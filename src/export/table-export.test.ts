import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { FORMULA_STARTERS } from '../domain/spreadsheet-text.ts';
import {
  columnLetter,
  exportFileName,
  exportTable,
  sheetName,
  tableToCsv,
  tableToXlsx,
  XLSX_MAX_CELL_TEXT,
  type ExportTable,
} from './table-export.ts';

const table: ExportTable = {
  title: 'Referrals: East/West [May]',
  columns: [
    { heading: 'Reference' },
    { heading: 'Title' },
    { heading: 'Value', numberFormat: '0.0' },
    { heading: 'Change' },
    { heading: 'Validated' },
    { heading: 'Entered' },
  ],
  rows: [
    ['CSC-01', 'Re-referrals within 12 months', 22.5, -1.25, true, new Date('2017-06-05T09:30:00Z')],
    ['CSC-02', '=HYPERLINK("http://evil.example","x")', 0, -3, false, null],
    ['CSC-03', 'Children in need — Ashford, Brøndby & Zoë £', null, undefined, null, null],
    ['CSC-04', 'Line one\nline "two", with a comma', Number.NaN, Number.POSITIVE_INFINITY, null, null],
  ],
};

async function readXlsx(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

describe('CSV export', () => {
  const csv = tableToCsv(table);

  it('starts with a byte-order mark so Excel reads it as UTF-8, and ends lines with CRLF', () => {
    expect(csv.startsWith('\uFEFFReference,Title,Value,Change,Validated,Entered\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('reads back to the same table, with text that would be a formula neutralised', () => {
    const parsed = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toEqual([
      ['Reference', 'Title', 'Value', 'Change', 'Validated', 'Entered'],
      ['CSC-01', 'Re-referrals within 12 months', '22.5', '-1.25', 'true', '2017-06-05T09:30:00.000Z'],
      ['CSC-02', `'=HYPERLINK("http://evil.example","x")`, '0', '-3', 'false', ''],
      ['CSC-03', 'Children in need — Ashford, Brøndby & Zoë £', '', '', '', ''],
      ['CSC-04', 'Line one\nline "two", with a comma', '', '', '', ''],
    ]);
  });

  it('writes negative numbers as numbers, not neutralised text', () => {
    expect(csv).toContain(',-1.25,');
    expect(csv).toContain(',-3,');
    expect(csv).not.toContain("'-");
  });

  it.each(FORMULA_STARTERS.map((c) => [JSON.stringify(c), c]))(
    'neutralises text starting %s, in cells and in headings',
    (_, starter) => {
      const out = tableToCsv({
        title: 't',
        columns: [{ heading: `${starter}cmd` }],
        rows: [[`${starter}cmd|' /C calc'!A0`]],
      });
      const [heading, cell] = Papa.parse<string[]>(out.slice(1), {
        delimiter: ',',
        skipEmptyLines: true,
      }).data;
      expect(heading).toEqual([`'${starter}cmd`]);
      expect(cell).toEqual([`'${starter}cmd|' /C calc'!A0`]);
    },
  );

  it('writes only the columns there are headings for, filling short rows with blanks', () => {
    const out = tableToCsv({
      title: 't',
      columns: [{ heading: 'a' }, { heading: 'b' }],
      rows: [[1], [1, 2, 3]],
    });
    expect(out).toBe('\uFEFFa,b\r\n1,\r\n1,2\r\n');
  });

  it('writes a heading row even when there are no rows', () => {
    expect(tableToCsv({ title: 't', columns: [{ heading: 'a' }], rows: [] })).toBe('\uFEFFa\r\n');
  });
});

describe('XLSX export', () => {
  it('reads back with exceljs: one worksheet, numbers as numbers, text as text', async () => {
    const workbook = await readXlsx(await tableToXlsx(table));
    expect(workbook.worksheets).toHaveLength(1);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Referrals East West May');
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Reference',
      'Title',
      'Value',
      'Change',
      'Validated',
      'Entered',
    ]);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);

    const row2 = sheet.getRow(2);
    expect(row2.getCell(3).value).toBe(22.5);
    expect(row2.getCell(3).type).toBe(ExcelJS.ValueType.Number);
    expect(row2.getCell(3).numFmt).toBe('0.0');
    expect(row2.getCell(4).value).toBe(-1.25);
    expect(row2.getCell(4).type).toBe(ExcelJS.ValueType.Number);
    expect(row2.getCell(5).value).toBe(true);
    expect((row2.getCell(6).value as Date).toISOString()).toBe('2017-06-05T09:30:00.000Z');

    const row3 = sheet.getRow(3);
    expect(row3.getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(row3.getCell(2).value).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(row3.getCell(2).formula).toBeUndefined();
    expect(row3.getCell(4).value).toBe(-3);
    expect(row3.getCell(4).type).toBe(ExcelJS.ValueType.Number);

    expect(sheet.getRow(4).getCell(2).value).toBe('Children in need — Ashford, Brøndby & Zoë £');
    expect(sheet.getRow(4).getCell(3).value).toBeNull();
    expect(sheet.getRow(5).getCell(2).value).toBe('Line one\nline "two", with a comma');
    expect(sheet.getRow(5).getCell(3).value).toBeNull();
    expect(sheet.getRow(5).getCell(4).value).toBeNull();
    expect(sheet.rowCount).toBe(5);
  });

  it.each(FORMULA_STARTERS.map((c) => [JSON.stringify(c), c]))(
    'writes text starting %s as a neutralised string, never a formula',
    async (_, starter) => {
      const text = `${starter}1+1`;
      const workbook = await readXlsx(
        await tableToXlsx({ title: 't', columns: [{ heading: text }], rows: [[text]] }),
      );
      const sheet = workbook.worksheets[0]!;
      for (const cell of [sheet.getCell('A1'), sheet.getCell('A2')]) {
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        // XML reads a carriage return as a line feed; either way the text starts with the apostrophe.
        expect(cell.value).toBe(`'${text}`.replace('\r', '\n'));
        expect(cell.formula).toBeUndefined();
      }
    },
  );

  it('freezes the heading row, puts a filter on it, sizes the columns and protects nothing', async () => {
    const workbook = await readXlsx(
      await tableToXlsx({
        title: 'Widths',
        columns: [{ heading: 'Short' }, { heading: 'Set', width: 42 }],
        rows: [['a much longer value than the heading', 1]],
      }),
    );
    const sheet = workbook.worksheets[0]!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getColumn(1).width).toBe('a much longer value than the heading'.length + 2);
    expect(sheet.getColumn(2).width).toBe(42);
    expect((sheet as unknown as { sheetProtection: unknown }).sheetProtection ?? null).toBeNull();
  });

  it('adds heading notes and a drop-down list of allowed values', async () => {
    const workbook = await readXlsx(
      await tableToXlsx({
        title: 'Notes',
        columns: [
          { heading: 'value', note: 'In the unit stated' },
          { heading: 'status', allowed: ['provisional', 'validated'] },
        ],
        rows: [[1, 'provisional']],
      }),
    );
    const sheet = workbook.worksheets[0]!;
    const note = sheet.getCell('A1').note;
    const noteText =
      typeof note === 'string' ? note : (note?.texts ?? []).map((t: { text: string }) => t.text).join('');
    expect(noteText).toBe('In the unit stated');
    expect(sheet.getCell('B2').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"provisional,validated"'],
    });
    expect(sheet.getCell('B300').dataValidation).toMatchObject({ type: 'list' });
    expect(sheet.getCell('A2').dataValidation).toBeUndefined();
  });

  it('writes characters XML cannot hold as U+FFFD, and cuts text longer than a cell can hold', async () => {
    const workbook = await readXlsx(
      await tableToXlsx({
        title: 't',
        columns: [{ heading: 'a' }, { heading: 'b' }],
        rows: [['bell\u0007 and null\u0000', 'x'.repeat(40_000)]],
      }),
    );
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('A2').value).toBe('bell\uFFFD and null\uFFFD');
    const long = sheet.getCell('B2').value as string;
    expect(long).toHaveLength(XLSX_MAX_CELL_TEXT);
    expect(long.endsWith('[cut: the full text is in the CSV export]')).toBe(true);
  });

  it('writes ten thousand rows', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => [`R${i}`, i, -i / 7]);
    const workbook = await readXlsx(
      await tableToXlsx({
        title: 'Big',
        columns: [{ heading: 'r' }, { heading: 'i' }, { heading: 'f' }],
        rows,
      }),
    );
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(10_001);
    expect(sheet.getCell('C10001').value).toBeCloseTo(-9999 / 7, 10);
  });
});

describe('exportTable', () => {
  it('gives the bytes and the content type of each format', async () => {
    const csv = await exportTable(table, 'csv');
    expect(csv.contentType).toBe('text/csv; charset=utf-8');
    expect(csv.body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const xlsx = await exportTable(table, 'xlsx');
    expect(xlsx.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.body.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('names', () => {
  it('makes file names of safe characters only', () => {
    expect(exportFileName(["Children's social care", '2017-05'], 'xlsx')).toBe(
      'childrens-social-care-2017-05.xlsx',
    );
    expect(exportFileName(['Zoë "quoted"\r\n; evil=1'], 'csv')).toBe('zoe-quoted-evil-1.csv');
    expect(exportFileName(['', '***'], 'csv')).toBe('export.csv');
  });

  it('makes worksheet names Excel accepts', () => {
    expect(sheetName('a/b\\c?d*e[f]g:h')).toBe('a b c d e f g h');
    expect(sheetName('x'.repeat(40))).toHaveLength(31);
    expect(sheetName("'''")).toBe('Sheet1');
  });

  it('numbers columns as Excel letters', () => {
    expect([1, 9, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'I', 'Z', 'AA', 'AZ', 'AAA']);
  });
});
