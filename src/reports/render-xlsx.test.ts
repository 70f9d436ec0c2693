import ExcelJS from 'exceljs';
import { excelNumberFormat } from './office-format.ts';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { numbersIn, sampleReport } from '../../test/support/sample-report.ts';
import type { ReportDocument, ReportTable } from './document.ts';
import { RATING_STYLES } from './office-format.ts';
import { renderXlsx } from './render-xlsx.ts';

async function readBack(document: ReportDocument): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await renderXlsx(document)) as unknown as ArrayBuffer);
  return workbook;
}

const report = sampleReport();
let workbook: ExcelJS.Workbook;
/** The Contents sheet's links, read from its XML (exceljs does not read back links to a place in the workbook). */
let contentsLinks: Map<string, string>;
/** Each table's worksheet, found as a reader would: through the link on the Contents sheet. */
const sheetOf = new Map<ReportTable, ExcelJS.Worksheet>();

function tables(document: ReportDocument): ReportTable[] {
  return document.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'table' ? [b.table] : [])));
}

/** The links of a worksheet's XML: each cell address with the sheet it goes to. */
function linksIn(sheetXml: string): Map<string, string> {
  const links = new Map<string, string>();
  for (const [link] of sheetXml.matchAll(/<hyperlink [^>]*\/>/g)) {
    const ref = / ref="([^"]+)"/.exec(link)?.[1];
    const location = / location="([^"]+)"/.exec(link)?.[1]?.replace(/&apos;/g, "'");
    const name = location ? /^'(.*)'!A1$/.exec(location)?.[1]?.replace(/''/g, "'") : undefined;
    if (ref && name) links.set(ref, name);
  }
  return links;
}

function contentsRows(): { section: string; what: string; link: string | null }[] {
  const contents = workbook.getWorksheet('Contents')!;
  const rows: { section: string; what: string; link: string | null }[] = [];
  let inList = false;
  contents.eachRow((row) => {
    if (inList)
      rows.push({
        section: String(row.getCell(1).value),
        what: String(row.getCell(2).value),
        link: contentsLinks.get(row.getCell(3).address) ?? null,
      });
    if (row.getCell(1).value === 'Section' && row.getCell(3).value === 'Sheet') inList = true;
  });
  return rows;
}

beforeAll(async () => {
  const xlsx = await renderXlsx(report);
  workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
  contentsLinks = linksIn(strFromU8(unzipSync(new Uint8Array(xlsx))['xl/worksheets/sheet1.xml']!));
  const rows = contentsRows();
  for (const table of tables(report)) {
    const name = rows.find((r) => r.what === table.caption)?.link;
    const sheet = name ? workbook.getWorksheet(name) : undefined;
    if (sheet) sheetOf.set(table, sheet);
  }
});

describe('renderXlsx', () => {
  it('opens with a Contents sheet holding the title block and the disclosure note', () => {
    expect(workbook.worksheets[0]!.name).toBe('Contents');
    const contents = workbook.worksheets[0]!;
    expect(contents.getCell('A1').value).toBe(report.title);
    const pairs = new Map<string, unknown>();
    contents.eachRow((row) => pairs.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(pairs.get('For')).toBe('Scrutiny committee');
    expect(pairs.get('Period')).toBe('May 2017');
    expect(pairs.get('Figures as at')).toBe('3 June 2017 at 10:15');
    expect(pairs.get('Status')).toBe('Draft: not published');
    const texts: string[] = [];
    contents.eachRow((row) => texts.push(String(row.getCell(1).value)));
    expect(texts.some((t) => /Counts from 1 to 5 are shown as c to protect the children/.test(t))).toBe(true);
  });

  it('leaves the disclosure note out of a report that is not public', async () => {
    const internal = await readBack(
      sampleReport({ disclosure: { isPublic: false, threshold: 5 }, status: 'published' }),
    );
    const texts: string[] = [];
    internal
      .getWorksheet('Contents')!
      .eachRow((row) => texts.push(String(row.getCell(1).value), String(row.getCell(2).value)));
    expect(texts.some((t) => t.includes('suppressed'))).toBe(false);
    expect(texts).toContain('Published');
  });

  it('lists every section on Contents, linking each table to its own sheet', () => {
    const rows = contentsRows();
    expect([...new Set(rows.map((r) => r.section))]).toEqual(report.sections.map((s) => s.heading));
    for (const table of tables(report)) expect(sheetOf.get(table), table.caption).toBeDefined();
    expect(new Set(sheetOf.values()).size).toBe(tables(report).length);
    const summary = rows.find((r) => r.what === 'Headline figures');
    expect(summary?.link).toBe('Headlines and summaries');
  });

  it('links within the workbook as Excel does, by location alone, so other spreadsheets follow the links too', async () => {
    const files = unzipSync(new Uint8Array(await renderXlsx(report)));
    const contents = strFromU8(files['xl/worksheets/sheet1.xml']!);
    const links = [...contents.matchAll(/<hyperlink [^>]*\/>/g)].map((m) => m[0]);
    expect(links).toHaveLength(tables(report).length + 2);
    for (const link of links) {
      expect(link).toMatch(/ location="&apos;[^"]+&apos;!A1"/);
      expect(link).not.toContain('r:id');
    }
    expect(strFromU8(files['xl/worksheets/_rels/sheet1.xml.rels']!)).not.toContain('hyperlink');
  });

  it('names sheets from captions that Excel accepts: 31 characters at most, none of []:*?/\\, unique', async () => {
    const names = workbook.worksheets.map((s) => s.name);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(31);
      expect(name).not.toMatch(/[[\]:*?/\\]/);
    }
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    expect(sheetOf.get(tables(report)[1]!)!.name).toBe('Re-referrals by locality');

    // Two tables with the same caption, and one whose caption Excel reserves, still get a sheet each.
    const [first] = tables(report);
    const clash = sampleReport({
      sections: [
        {
          id: 's1',
          kind: 'scorecard',
          heading: 'Twice',
          blocks: [
            { type: 'table', table: first! },
            { type: 'table', table: first! },
            { type: 'table', table: { ...first!, caption: 'History' } },
          ],
        },
      ],
    });
    const twice = await readBack(clash);
    expect(twice.worksheets.map((s) => s.name)).toEqual([
      'Contents',
      'Scorecard May 2017',
      'Scorecard May 2017 (2)',
      'History (2)',
    ]);
  });

  it('writes a title row, then the heading row, frozen', () => {
    const table = tables(report)[0]!;
    const sheet = sheetOf.get(table)!;
    expect(sheet.getCell('A1').value).toBe(table.caption);
    expect(sheet.getRow(2).values).toEqual([undefined, ...table.columns.map((c) => c.label)]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(sheet.getCell('A2').font?.bold).toBe(true);
  });

  it('stores every number as the model holds it, as a number, with the format it is shown in', () => {
    const expectedFormat: Record<string, string> = {
      'count/0': '#,##0',
      'percent/1': '0.0"%"',
      'percent/0': '0"%"',
      'rate/1': '#,##0.0',
      'days/0': '#,##0',
      'money/1': '£#,##0.0"m"', // the sample shows money in millions: '£12.4m'
    };
    const numbers = numbersIn(report);
    expect(numbers.length).toBeGreaterThan(40);
    for (const { table, row, column, cell } of numbers) {
      const target = sheetOf.get(table)!.getCell(row + 3, column + 1);
      const where = `${table.caption} row ${row} column ${column}`;
      expect(typeof target.value, where).toBe('number');
      expect(target.value, where).toBe(cell.value);
      expect(target.numFmt, where).toBe(expectedFormat[`${cell.format!.kind}/${cell.format!.decimals}`]);
    }
  });

  it('keeps a percentage as the number shown, never divided by 100', () => {
    const scorecard = sheetOf.get(tables(report)[0]!)!;
    const city = scorecard.getCell(5, 7); // assessments in time, city figure
    expect(city.value).toBe(93.1);
    expect(city.numFmt).toBe('0.0"%"');
  });

  it("writes a suppressed figure as 'c', never its number", () => {
    const locality = tables(report)[1]!;
    const sheet = sheetOf.get(locality)!;
    expect(sheet.getCell(6, 1).value).toBe('West');
    expect(sheet.getCell(6, 3).value).toBe('c');
    expect(sheet.getCell(6, 4).value).toBe('c');
    const key: string[] = [];
    sheet.eachRow((row, n) => n > locality.rows.length + 2 && key.push(String(row.getCell(1).value)));
    expect(key.some((line) => line.startsWith('c: suppressed'))).toBe(true);
  });

  it('marks provisional and revised figures with a note, keeping them numbers', () => {
    const scorecard = sheetOf.get(tables(report)[0]!)!;
    const provisional = scorecard.getCell(5, 5); // assessments in time, East
    expect(provisional.value).toBe(93.5);
    expect(String(provisional.note)).toMatch(/^Provisional/);
    const revised = scorecard.getCell(7, 4); // days to adoption, South
    expect(revised.value).toBe(441);
    expect(String(revised.note)).toMatch(/Revised .*revision 2/);
  });

  it('writes a rating as its word in a cell filled with its colour', () => {
    const scorecard = sheetOf.get(tables(report)[0]!)!;
    const rating = scorecard.getCell(4, 8);
    expect(rating.value).toBe('Amber: missed, within tolerance');
    expect(rating.fill).toMatchObject({
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: `FF${RATING_STYLES.amber.fill}` },
    });
  });

  it('shows total rows in bold', () => {
    const locality = sheetOf.get(tables(report)[1]!)!;
    expect(locality.getCell(7, 1).value).toBe('City');
    expect(locality.getCell(7, 2).font?.bold).toBe(true);
  });

  it('neutralises text a spreadsheet would run as a formula', () => {
    const endOfYear = sheetOf.get(tables(report)[2]!)!;
    const commentary = endOfYear.getCell(3, 5);
    expect(commentary.value).toBe('\'=HYPERLINK("https://example.org","Improvement plan")');
    expect(commentary.type).toBe(ExcelJS.ValueType.String);
    expect(endOfYear.getCell(4, 5).value).toBe("'-0.5 is the change on last year, not the rate");
    // A negative number stays a number.
    expect(endOfYear.getCell(4, 3).value).toBe(-0.5);
  });

  it('shows money in millions when the report does, keeping the number', () => {
    const summaries = workbook.getWorksheet('Headlines and summaries')!;
    let spend: ExcelJS.Cell | undefined;
    summaries.eachRow((row) => {
      if (row.getCell(2).value === 'Spend on children’s services') spend = row.getCell(3);
    });
    expect(spend?.value).toBe(162.5);
    expect(spend?.numFmt).toBe('£#,##0.0"m"');
  });

  it('scales money held in pounds to the millions the report shows', () => {
    expect(excelNumberFormat({ kind: 'money', decimals: 0 }, '£162.5m', 162_500_000)).toBe('£#,##0.0,,"m"');
    expect(excelNumberFormat({ kind: 'money', decimals: 0 }, '£19m', 19_000_000)).toBe('£#,##0,,"m"');
    expect(excelNumberFormat({ kind: 'money', decimals: 0 }, '£950k', 950_000)).toBe('£#,##0,"k"');
    expect(excelNumberFormat({ kind: 'money', decimals: 2 }, '£1,234.50', 1234.5)).toBe('£#,##0.00');
  });

  it('puts headline figures and summaries on one sheet of labels and values', () => {
    const sheet = workbook.getWorksheet('Headlines and summaries')!;
    const rows = new Map<string, ExcelJS.Row>();
    sheet.eachRow((row, n) => n > 2 && rows.set(String(row.getCell(2).value), row));
    expect(rows.get('Children looked after')!.getCell(3).value).toBe(1735);
    expect(rows.get('Children looked after')!.getCell(3).numFmt).toBe('#,##0');
    expect(rows.get('Children looked after')!.getCell(4).value).toBe('England: 65 per 10,000');
    expect(rows.get('Assessments in time')!.getCell(3).value).toBe(84);
    expect(rows.get('Young people in custody')!.getCell(3).value).toBe('c');
    expect(rows.get('Rating')!.getCell(3).value).toBe('Amber: Missed, within tolerance');
    expect(rows.get('Rating')!.getCell(3).fill).toMatchObject({
      fgColor: { argb: `FF${RATING_STYLES.amber.fill}` },
    });
    expect(rows.get('Direction of travel')!.getCell(3).value).toBe("'-0.4 points on April: better");
    expect(rows.get('Rating')!.getCell(1).value).toBe('Indicators in focus');
  });

  it('carries the title, creator and language in the document properties', () => {
    expect(workbook.title).toBe(report.title);
    expect(workbook.creator).toBe('Scorecard');
    expect((workbook as ExcelJS.Workbook & { language?: string }).language).toBe('en-GB');
  });
});
