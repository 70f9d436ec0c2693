import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CellProblem, type Cell } from './figures-table.ts';
import { Workbook, WorkbookError } from './xlsx-rows.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scorecard-xlsx-rows-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function rowsOf(path: string, sheetName?: string) {
  const workbook = await Workbook.open(path);
  const sheet = sheetName ? workbook.sheets.find((s) => s.name === sheetName)! : workbook.sheets[0]!;
  const rows: { row: number; cells: Cell[] }[] = [];
  const read = await workbook.readSheet(sheet, (cells, row) => {
    rows.push({ row, cells });
  });
  return { workbook, rows, read };
}

/** A row's cells with gaps where the sheet has none. */
const sparse = (cells: Record<number, Cell>): Cell[] => {
  const row: Cell[] = [];
  for (const [column, cell] of Object.entries(cells)) row[Number(column)] = cell;
  return row;
};

async function saved(name: string, build: (book: ExcelJS.Workbook) => void): Promise<string> {
  const book = new ExcelJS.Workbook();
  build(book);
  const path = join(dir, name);
  await writeFile(path, Buffer.from(await book.xlsx.writeBuffer()));
  return path;
}

describe('reading a workbook row by row', () => {
  it('reads numbers, shared and rich text, booleans, dates, percentages and formulas as Excel shows them', async () => {
    const path = await saved('kinds.xlsx', (book) => {
      const sheet = book.addWorksheet('Figures');
      sheet.addRow([
        'CSC-05 & <co>',
        { richText: [{ text: 'rich ' }, { text: 'text', font: { bold: true } }] },
        true,
        new Date(Date.UTC(2017, 7, 1)),
        0.934,
        1218,
        { formula: 'F1*2', result: 2436 },
        { formula: 'A1', result: 'text result' },
      ]);
      sheet.getCell('E1').numFmt = '0.0%';
      sheet.getCell('D1').numFmt = 'mmm-yy';
    });
    const { rows, read } = await rowsOf(path);
    expect(read).toEqual({ rows: 1, merges: [] });
    expect(rows).toEqual([
      {
        row: 1,
        cells: [
          'CSC-05 & <co>',
          'rich text',
          true,
          new Date(Date.UTC(2017, 7, 1)),
          93.4,
          1218,
          2436,
          'text result',
        ],
      },
    ]);
  });

  it('leaves blank cells out and numbers the rows as the sheet does', async () => {
    const path = await saved('gaps.xlsx', (book) => {
      const sheet = book.addWorksheet('Figures');
      sheet.getCell('B3').value = 'x';
      sheet.getCell('D3').value = 4;
      sheet.getCell('A5').value = 'y';
    });
    const { rows } = await rowsOf(path);
    const expected: { row: number; cells: Cell[] }[] = [
      { row: 3, cells: sparse({ 1: 'x', 3: 4 }) },
      { row: 5, cells: ['y'] },
    ];
    expect(rows).toEqual(expected);
  });

  it('lists the sheets in order, hidden ones marked, and reports merged cells', async () => {
    const path = await saved('sheets.xlsx', (book) => {
      book.addWorksheet('Notes').addRow(['see Data']);
      const data = book.addWorksheet('Data', { state: 'hidden' });
      data.addRow(['a', 'b']);
      data.addRow([1, 2]);
      data.mergeCells('A2:A3');
    });
    const { workbook } = await rowsOf(path);
    expect(workbook.sheets.map((s) => [s.name, s.isHidden])).toEqual([
      ['Notes', false],
      ['Data', true],
    ]);
    const { read } = await rowsOf(path, 'Data');
    expect(read.merges).toEqual(['A2:A3']);
  });

  it('reads what exceljs does not write: inline and phonetic text, entities, shared formulas, errors, 1904 dates', async () => {
    const path = await saved('edited.xlsx', (book) => book.addWorksheet('Figures').addRow(['x']));
    const zip = await JSZip.loadAsync(await readFile(path));
    const workbookXml = await zip.file('xl/workbook.xml')!.async('string');
    zip.file('xl/workbook.xml', workbookXml.replace(/<workbookPr\b[^>]*\/>/, '<workbookPr date1904="1"/>'));
    const stylesXml = await zip.file('xl/styles.xml')!.async('string');
    zip.file(
      'xl/styles.xml',
      stylesXml
        .replace(/<cellXfs count="(\d+)">/, (_, n) => `<cellXfs count="${Number(n) + 2}">`)
        .replace(
          '</cellXfs>',
          '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>',
        ),
    );
    const xfs = (stylesXml.match(/<cellXfs count="(\d+)">/) ?? [])[1];
    const date = Number(xfs);
    const sheetXml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    zip.file(
      'xl/worksheets/sheet1.xml',
      sheetXml.replace(
        /<sheetData>[\s\S]*<\/sheetData>/,
        `<sheetData><row r="1">` +
          `<c r="A1" t="inlineStr"><is><r><t>in</t></r><r><t xml:space="preserve">line &#8217;s</t></r><rPh><t>x</t></rPh></is></c>` +
          `<c r="B1" t="e"><v>#N/A</v></c>` +
          `<c r="C1"><f t="shared" ref="C1:C2" si="0">A9*2</f><v>6</v></c>` +
          `<c r="D1" s="${date}"><v>41486</v></c>` +
          `<c r="E1" s="${date + 1}"><v>0.5</v></c>` +
          `<c r="F1" t="e"><f>1/0</f><v>#DIV/0!</v></c>` +
          `</row><row r="2"><c r="C2"><f t="shared" si="0"/></c><c r="D2" t="b"><v>0</v></c><c r="E2"/></row></sheetData>`,
      ),
    );
    await writeFile(path, await zip.generateAsync({ type: 'nodebuffer' }));
    const { rows } = await rowsOf(path);
    expect(rows).toEqual([
      {
        row: 1,
        cells: [
          'inline ’s',
          new CellProblem('shows the error #N/A: type the figure in, or leave the cell blank.'),
          6,
          new Date(Date.UTC(2017, 7, 1)),
          50,
          new CellProblem(
            'shows #DIV/0!, the result of its formula =1/0: correct the formula or type the figure in.',
          ),
        ],
      },
      {
        row: 2,
        cells: sparse({
          2: new CellProblem(
            'holds a formula (=A9*2) with no saved result: open the file in Excel and save it again, or paste the figures as values.',
          ),
          3: false,
        }),
      },
    ]);
  });

  it('refuses an archive that is cut short, saying so', async () => {
    const path = await saved('whole.xlsx', (book) => book.addWorksheet('Figures').addRow(['x']));
    const bytes = await readFile(path);
    await writeFile(join(dir, 'cut.xlsx'), bytes.subarray(0, bytes.length - 200));
    await expect(Workbook.open(join(dir, 'cut.xlsx'))).rejects.toThrow(WorkbookError);
  });
});
