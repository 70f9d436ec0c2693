import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePng, PNG_SIGNATURE } from '../../test/support/png.ts';
import { sampleReport, trendChart } from '../../test/support/sample-report.ts';
import { RATING_STYLES } from './office-format.ts';
import { renderDocx } from './render-docx.ts';

/** The parts of a DOCX (a zip of XML files), by path. */
async function unpack(buffer: Buffer): Promise<Record<string, Uint8Array>> {
  return unzipSync(new Uint8Array(buffer));
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#(\d+));/g, (_, name: string, code?: string) =>
    code ? String.fromCharCode(Number(code)) : { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[name]!,
  );
}

/** The text of an XML fragment: its w:t runs joined. */
function textOf(xml: string): string {
  return unescapeXml([...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
}

/** Each paragraph outside the table of contents: its style and its text. */
function paragraphs(xml: string): { style: string | null; text: string; xml: string }[] {
  const body = xml.replace(/<w:sdt>[\s\S]*?<\/w:sdt>/g, '');
  return [...body.matchAll(/<w:p>([\s\S]*?)<\/w:p>|<w:p [^>]*>([\s\S]*?)<\/w:p>/g)].map((m) => {
    const inner = m[1] ?? m[2] ?? '';
    return {
      style: /<w:pStyle w:val="([^"]+)"\/>/.exec(inner)?.[1] ?? null,
      text: textOf(inner),
      xml: inner,
    };
  });
}

/** Each table: its rows, each row its cells' XML and text. */
function tables(xml: string): { rows: { xml: string; cells: { xml: string; text: string }[] }[] }[] {
  return [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) => ({
    rows: [...t[1]!.matchAll(/<w:tr(?: [^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((r) => ({
      xml: r[1]!,
      cells: [...r[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => ({
        xml: c[1]!,
        text: textOf(c[1]!),
      })),
    })),
  }));
}

const report = sampleReport();
let parts: Record<string, Uint8Array>;
let documentXml: string;

beforeAll(async () => {
  parts = await unpack(await renderDocx(report));
  documentXml = strFromU8(parts['word/document.xml']!);
});

describe('renderDocx', () => {
  it('carries the title and creator in the document properties', () => {
    const core = strFromU8(parts['docProps/core.xml']!);
    expect(core).toContain(`<dc:title>${report.title}</dc:title>`);
    expect(core).toContain('<dc:creator>Scorecard</dc:creator>');
    expect(core).toContain('<dc:subject>Scrutiny committee, May 2017</dc:subject>');
  });

  it('sets UK English as the language of the text', () => {
    expect(strFromU8(parts['word/styles.xml']!)).toMatch(/<w:lang w:val="en-GB"\/>/);
  });

  it('starts with a title block and the note that small numbers are suppressed', () => {
    const all = paragraphs(documentXml);
    expect(all[0]).toMatchObject({ style: 'Title', text: report.title });
    const texts = all.map((p) => p.text);
    expect(texts).toContain('For: Scrutiny committee');
    expect(texts).toContain('Period: May 2017');
    expect(texts).toContain('Figures as at 3 June 2017 at 10:15');
    expect(texts).toContain('Status: Draft: not published');
    expect(texts.some((t) => /Counts from 1 to 5 are shown as c to protect the children/.test(t))).toBe(true);
  });

  it('leaves the suppression note out of a report that is not public', async () => {
    const internal = await unpack(
      await renderDocx(sampleReport({ disclosure: { isPublic: false, threshold: 5 }, status: 'published' })),
    );
    const texts = paragraphs(strFromU8(internal['word/document.xml']!)).map((p) => p.text);
    expect(texts.some((t) => t.includes('suppressed and shown'))).toBe(false);
    expect(texts).toContain('Status: Published');
  });

  it('has a table of contents field over the two heading levels, with an entry for each heading', () => {
    expect(documentXml).toMatch(/TOC \\h \\o &quot;1-2&quot;/);
    const toc = /<w:sdt>[\s\S]*?<\/w:sdt>/.exec(documentXml)![0];
    for (const section of report.sections) expect(textOf(toc)).toContain(section.heading);
  });

  it('uses Heading 1 for each section and Heading 2 for a heading block', () => {
    const all = paragraphs(documentXml);
    expect(all.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual(
      report.sections.map((s) => s.heading),
    );
    expect(all.filter((p) => p.style === 'Heading2').map((p) => p.text)).toEqual([
      'Re-referrals within 12 months',
    ]);
  });

  it('writes paragraphs, notes smaller, and keeps special characters', () => {
    const all = paragraphs(documentXml);
    expect(all.map((p) => p.text)).toContain(
      'Members are asked to note the figures & the exceptions <below>.',
    );
    expect(all.find((p) => p.text.startsWith('Figures for May are provisional'))?.style).toBe('Note');
  });

  it('writes real tables: a repeated header row, right-aligned figures, bold totals', () => {
    const [scorecard, locality] = tables(documentXml);
    const header = scorecard!.rows[0]!;
    expect(header.xml).toContain('<w:tblHeader/>');
    expect(header.cells.map((c) => c.text)).toEqual([
      'Indicator',
      'Target',
      'North',
      'South',
      'East',
      'West',
      'City',
      'Rating',
    ]);
    const assessments = scorecard!.rows[3]!;
    expect(assessments.cells.map((c) => c.text)).toEqual([
      'Assessments within 45 working days',
      '90.0%',
      '94.2%',
      '91.7%',
      '93.5%P',
      '92.9%',
      '93.1%',
      'Green: better than target',
    ]);
    expect(assessments.cells[6]!.xml).toContain('<w:jc w:val="right"/>');
    expect(assessments.cells[0]!.xml).not.toContain('<w:jc w:val="right"/>');
    expect(assessments.cells[4]!.xml).toMatch(/<w:vertAlign w:val="superscript"\/>[\s\S]*P<\/w:t>/);

    const city = locality!.rows.at(-1)!;
    expect(city.cells.map((c) => c.text)).toEqual(['City', '955', '226', '23.7%P']);
    expect(city.cells[1]!.xml).toContain('<w:b/>');
    expect(locality!.rows[1]!.cells[1]!.xml).not.toContain('<w:b/>');
  });

  it("shows a suppressed figure as 'c'", () => {
    const locality = tables(documentXml)[1]!;
    expect(locality.rows[4]!.cells.map((c) => c.text)).toEqual(['West', '4', 'c', 'c']);
  });

  it('shades a rating cell in its colour, with its word', () => {
    const scorecard = tables(documentXml)[0]!;
    const amber = scorecard.rows[2]!.cells[7]!;
    expect(amber.text).toBe('Amber: missed, within tolerance');
    expect(amber.xml).toContain(`w:fill="${RATING_STYLES.amber.fill}"`);
  });

  it('writes a summary as a table of labels and texts', () => {
    const summary = tables(documentXml).find((t) => t.rows[0]!.cells[0]!.text === 'Target')!;
    expect(summary.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['Target', '22.0% (smaller is better)'],
      ['Rating', 'Amber: Missed, within tolerance'],
      ['Direction of travel', '-0.4 points on April: better'],
    ]);
  });

  it('writes headline figures as a row of boxes, a suppressed one as c', () => {
    const figures = tables(documentXml).find((t) => t.rows[0]!.cells[0]!.text.startsWith('1,735'))!;
    expect(figures.rows[0]!.cells.map((c) => c.text)).toEqual([
      '1,735Children looked afterEngland: 65 per 10,000',
      '£162.5mSpend on children’s services',
      '84%Assessments in timeEngland and Wales: 83%',
      'cYoung people in custody',
    ]);
  });

  it('embeds each chart as a PNG with its description as alternative text', () => {
    const chart = trendChart();
    const drawing = /<wp:docPr ([^>]*)\/?>/.exec(documentXml)![1]!;
    expect(unescapeXml(/descr="([^"]*)"/.exec(drawing)![1]!)).toBe(chart.description);
    expect(unescapeXml(/title="([^"]*)"/.exec(drawing)![1]!)).toBe(chart.title);
    const media = Object.keys(parts).filter((p) => p.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    const png = Buffer.from(parts[media[0]!]!);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(decodePng(png).width).toBe(chart.width * 2);
    // Shown at the chart's own size: 720 × 300 pixels, in EMUs (9,525 a pixel).
    expect(documentXml).toContain(`<wp:extent cx="${720 * 9525}" cy="${300 * 9525}"/>`);
  });

  it('lays the pages out A4 landscape, with the title in the header and "Page X of Y" in the footer', () => {
    expect(documentXml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
    const header = strFromU8(parts['word/header1.xml']!);
    expect(textOf(header)).toBe(`${report.title} · May 2017 · Draft: not published`);
    const footer = strFromU8(parts['word/footer1.xml']!);
    expect(footer).toMatch(/PAGE/);
    expect(footer).toMatch(/NUMPAGES/);
    expect(textOf(footer)).toMatch(/^Page .* of /);
  });

  it('writes no table Word cannot open, when a table, summary or figures block is empty', async () => {
    const empty = sampleReport({
      sections: [
        {
          id: 's1',
          kind: 'text',
          heading: 'Empty',
          blocks: [
            { type: 'table', table: { caption: 'No columns', columns: [], rows: [] } },
            {
              type: 'table',
              table: { caption: 'No rows', columns: [{ label: 'A', isNumeric: false }], rows: [] },
            },
            { type: 'summary', items: [] },
            { type: 'figures', figures: [] },
          ],
        },
      ],
    });
    const xml = strFromU8((await unpack(await renderDocx(empty)))['word/document.xml']!);
    const found = tables(xml);
    expect(found).toHaveLength(1);
    expect(found[0]!.rows.map((r) => r.cells.map((c) => c.text))).toEqual([['A']]);
    expect(paragraphs(xml).map((p) => p.text)).toContain('No columns');
  });

  it('writes text that XML cannot hold as a replacement character, so the file still opens', async () => {
    const odd = sampleReport({ title: 'Report\u0001 with a control character' });
    const core = strFromU8((await unpack(await renderDocx(odd)))['docProps/core.xml']!);
    expect(core).toContain('<dc:title>Report\uFFFD with a control character</dc:title>');
  });
});
