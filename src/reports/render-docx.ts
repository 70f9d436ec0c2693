import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableOfContents,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type FileChild,
  type IBorderOptions,
  type ParagraphChild,
} from 'docx';
import type { RatingColour } from '../domain/evaluate-target.ts';
import { chartPngAsync } from './chart-image.ts';
import type {
  Block,
  HeadlineFigure,
  ReportChart,
  ReportDocument,
  ReportTable,
  SummaryItem,
  TableCell as ReportCell,
} from './document.ts';
import {
  RATING_STYLES,
  SUPPRESSED_TEXT,
  disclosureNoteOf,
  ratedText,
  statusText,
  titleBlockLines,
  xmlSafe,
} from './office-format.ts';

/**
 * A report as a Word document, for councils' committee systems (which take
 * DOCX and publish it, often converted to PDF by LibreOffice or Word):
 *
 * - document properties (title, creator, subject) and UK English as the
 *   language of every paragraph, so spelling and screen readers use it;
 * - a title block and a table of contents: a real TOC field, written with
 *   an entry (a link) for each heading, so it is not empty in applications
 *   that never update fields; Word offers to update it on opening, which
 *   adds the page numbers. (docx can work the page numbers out itself, with
 *   `estimatePageNumbers` from 'docx/layout', but that lays out every page
 *   and took about 0.3 s per indicator: 12 s more for a 60-indicator pack.)
 * - real Heading 1 (one per section, each on a new page) and Heading 2
 *   (a 'heading' block) styles, so the navigation pane and accessibility
 *   checkers see the structure;
 * - real tables: the header row repeats on every page, rows do not split
 *   across pages, numeric columns are right-aligned, total rows bold, and
 *   a rating cell shows its word in a cell shaded the rating's light tint;
 * - charts as PNG images (drawn by resvg from the chart's SVG) with the
 *   chart's description as their alternative text;
 * - the title and period in the page header, "Page X of Y" in the footer.
 *
 * A4 landscape: a scorecard has an indicator column, a target, four or
 * five localities, the city figure and a rating, nine columns or more.
 * On portrait A4 (16 cm between 2 cm margins) that leaves under 1.5 cm a
 * figure column at a readable size; landscape gives 25.7 cm, which fits
 * them at 10 pt, and the 720-pixel trend charts at full size. Committee
 * papers mix orientations freely, and one orientation for the whole pack
 * keeps its running header and page numbers simple.
 */

/** A4 in twentieths of a point, given portrait: Word turns it for landscape. */
const A4 = { width: 11906, height: 16838 };
const MARGIN = 1134; // 2 cm
const TEXT_WIDTH = A4.height - 2 * MARGIN; // landscape: the long side less the margins
/** The text width in pixels at 96 to the inch, the unit images are sized in. */
const TEXT_WIDTH_PX = Math.floor((TEXT_WIDTH / 1440) * 96);

const FONT = 'Arial';
const TEXT_COLOUR = '0B0C0C';
const SECONDARY_COLOUR = '505A5F'; // 7:1 on white
const HEADER_FILL = 'F3F2F1';
const RULE: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: 'B1B4B6' };
const NO_BORDER: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };

const CELL_MARGINS = { top: 40, bottom: 40, left: 100, right: 100 };

/** Text as a run holds it: XML-safe. */
function run(text: string, options: { bold?: boolean; size?: number; superScript?: boolean } = {}): TextRun {
  return new TextRun({ text: xmlSafe(text), ...options });
}

/** Lines of text as runs, each line after the first on a new line within the paragraph. */
function lines(text: string, options: { bold?: boolean; size?: number } = {}): TextRun[] {
  return xmlSafe(text)
    .split(/\r?\n/)
    .map((line, index) => new TextRun({ text: line, break: index > 0 ? 1 : 0, ...options }));
}

function paragraphs(text: string, style?: string): Paragraph[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .filter((part) => part.trim() !== '')
    .map((part) => new Paragraph({ ...(style ? { style } : {}), children: lines(part.trim()) }));
}

function ratingShading(rating: RatingColour | undefined) {
  return rating ? { type: ShadingType.CLEAR, color: 'auto', fill: RATING_STYLES[rating].fill } : undefined;
}

/** The widths of a table's columns, in twips, shared out by how long their text is. */
function columnWidths(table: ReportTable, total: number): number[] {
  const weights = table.columns.map((column, index) => {
    let longest = Math.min(column.label.length, 16);
    for (const row of table.rows) {
      const cell = row.cells[index];
      if (cell)
        longest = Math.max(longest, (cell.rating ? ratedText(cell.text, cell.rating) : cell.text).length);
    }
    return Math.min(Math.max(longest, column.isNumeric ? 5 : 8), 40);
  });
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const widths = weights.map((w) => Math.floor((w / sum) * total));
  const spare = total - widths.reduce((a, b) => a + b, 0);
  if (widths.length > 0) widths[widths.length - 1]! += spare;
  return widths;
}

function cellRuns(cell: ReportCell, bold: boolean): ParagraphChild[] {
  const text = cell.isSuppressed
    ? SUPPRESSED_TEXT
    : cell.rating
      ? ratedText(cell.text, cell.rating)
      : cell.text;
  const runs: ParagraphChild[] = [run(text, { bold })];
  if (!cell.isSuppressed && cell.isProvisional) runs.push(run('P', { bold, superScript: true }));
  if (!cell.isSuppressed && cell.isRevised) runs.push(run('R', { bold, superScript: true }));
  return runs;
}

function tableBlock(table: ReportTable): FileChild[] {
  // Word will not open a table without rows or cells.
  if (table.columns.length === 0)
    return [new Paragraph({ style: 'Caption', children: [run(table.caption)] })];
  const widths = columnWidths(table, TEXT_WIDTH);
  const alignment = (index: number) =>
    table.columns[index]?.isNumeric ? AlignmentType.RIGHT : AlignmentType.LEFT;
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: table.columns.map(
      (column, index) =>
        new TableCell({
          width: { size: widths[index]!, type: WidthType.DXA },
          shading: { type: ShadingType.CLEAR, color: 'auto', fill: HEADER_FILL },
          verticalAlign: VerticalAlignTable.BOTTOM,
          margins: CELL_MARGINS,
          children: [
            new Paragraph({
              style: 'TableText',
              alignment: alignment(index),
              children: [run(column.label, { bold: true })],
            }),
          ],
        }),
    ),
  });
  let hasProvisional = false;
  let hasRevised = false;
  let hasSuppressed = false;
  const body = table.rows.map(
    (row) =>
      new TableRow({
        cantSplit: true,
        children: table.columns.map((_, index) => {
          const cell = row.cells[index] ?? { text: '' };
          hasSuppressed ||= cell.isSuppressed === true;
          hasProvisional ||= !cell.isSuppressed && cell.isProvisional === true;
          hasRevised ||= !cell.isSuppressed && cell.isRevised === true;
          const shading = ratingShading(cell.rating);
          return new TableCell({
            width: { size: widths[index]!, type: WidthType.DXA },
            margins: CELL_MARGINS,
            ...(shading ? { shading } : {}),
            ...(row.isTotal
              ? { borders: { top: { style: BorderStyle.SINGLE, size: 12, color: TEXT_COLOUR } } }
              : {}),
            children: [
              new Paragraph({
                style: 'TableText',
                alignment: alignment(index),
                children: cellRuns(cell, row.isTotal === true),
              }),
            ],
          });
        }),
      }),
  );
  const key: string[] = [];
  if (hasSuppressed)
    key.push(`${SUPPRESSED_TEXT}: suppressed to protect children and families from being identified.`);
  if (hasProvisional) key.push('P: provisional.');
  if (hasRevised) key.push('R: revised since first published.');
  return [
    new Paragraph({ style: 'Caption', keepNext: true, children: [run(table.caption)] }),
    new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      borders: {
        top: RULE,
        bottom: RULE,
        left: NO_BORDER,
        right: NO_BORDER,
        insideHorizontal: RULE,
        insideVertical: NO_BORDER,
      },
      rows: [header, ...body],
    }),
    ...(key.length > 0 ? [new Paragraph({ style: 'Note', children: [run(key.join(' '))] })] : []),
    new Paragraph({ style: 'TableText', children: [] }),
  ];
}

function summaryBlock(items: SummaryItem[]): FileChild[] {
  if (items.length === 0) return [];
  const labelWidth = Math.round(TEXT_WIDTH * 0.3);
  const widths = [labelWidth, TEXT_WIDTH - labelWidth];
  return [
    new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      borders: {
        top: RULE,
        bottom: RULE,
        left: NO_BORDER,
        right: NO_BORDER,
        insideHorizontal: RULE,
        insideVertical: NO_BORDER,
      },
      rows: items.map((item) => {
        const shading = ratingShading(item.rating);
        return new TableRow({
          cantSplit: true,
          children: [
            new TableCell({
              width: { size: widths[0]!, type: WidthType.DXA },
              margins: CELL_MARGINS,
              children: [new Paragraph({ style: 'TableText', children: [run(item.label, { bold: true })] })],
            }),
            new TableCell({
              width: { size: widths[1]!, type: WidthType.DXA },
              margins: CELL_MARGINS,
              ...(shading ? { shading } : {}),
              children: [
                new Paragraph({
                  style: 'TableText',
                  children: [run(item.rating ? ratedText(item.text, item.rating) : item.text)],
                }),
              ],
            }),
          ],
        });
      }),
    }),
    new Paragraph({ style: 'TableText', children: [] }),
  ];
}

const FIGURES_PER_ROW = 4;

function figuresBlock(figures: HeadlineFigure[]): FileChild[] {
  if (figures.length === 0) return [];
  const perRow = Math.min(FIGURES_PER_ROW, figures.length);
  const width = Math.floor(TEXT_WIDTH / perRow);
  const box: IBorderOptions = { style: BorderStyle.SINGLE, size: 12, color: 'B1B4B6' };
  const rows: TableRow[] = [];
  for (let start = 0; start < figures.length; start += perRow) {
    const slice = figures.slice(start, start + perRow);
    const cells = slice.map(
      (figure) =>
        new TableCell({
          width: { size: width, type: WidthType.DXA },
          margins: { top: 160, bottom: 160, left: 160, right: 160 },
          borders: { top: box, bottom: box, left: box, right: box },
          children: [
            new Paragraph({
              style: 'FigureValue',
              children: [run(figure.isSuppressed ? SUPPRESSED_TEXT : figure.text)],
            }),
            new Paragraph({ style: 'FigureLabel', children: [run(figure.label)] }),
            ...(figure.comparison
              ? [new Paragraph({ style: 'Note', children: [run(figure.comparison)] })]
              : []),
          ],
        }),
    );
    while (cells.length < perRow)
      cells.push(
        new TableCell({
          width: { size: width, type: WidthType.DXA },
          borders: { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER },
          children: [new Paragraph({ children: [] })],
        }),
      );
    rows.push(new TableRow({ cantSplit: true, children: cells }));
  }
  return [
    new Table({
      width: { size: width * perRow, type: WidthType.DXA },
      columnWidths: Array<number>(perRow).fill(width),
      layout: TableLayoutType.FIXED,
      borders: {
        top: NO_BORDER,
        bottom: NO_BORDER,
        left: NO_BORDER,
        right: NO_BORDER,
        insideHorizontal: NO_BORDER,
        insideVertical: NO_BORDER,
      },
      rows,
    }),
    new Paragraph({ style: 'TableText', children: [] }),
  ];
}

function chartBlock(chart: ReportChart, png: Buffer): FileChild[] {
  const scale = Math.min(1, TEXT_WIDTH_PX / Math.max(1, chart.width));
  return [
    new Paragraph({ style: 'Caption', keepNext: true, children: [run(chart.title)] }),
    new Paragraph({
      keepNext: false,
      children: [
        new ImageRun({
          type: 'png',
          data: png,
          transformation: {
            width: Math.round(chart.width * scale),
            height: Math.round(chart.height * scale),
          },
          altText: {
            name: xmlSafe(chart.title),
            title: xmlSafe(chart.title),
            description: xmlSafe(chart.description),
          },
        }),
      ],
    }),
  ];
}

function blockChildren(block: Block, pngs: Map<ReportChart, Buffer>): FileChild[] {
  switch (block.type) {
    case 'heading':
      return [new Paragraph({ heading: HeadingLevel.HEADING_2, children: [run(block.text)] })];
    case 'paragraph':
      return paragraphs(block.text, block.isNote ? 'Note' : undefined);
    case 'table':
      return tableBlock(block.table);
    case 'summary':
      return summaryBlock(block.items);
    case 'figures':
      return figuresBlock(block.figures);
    case 'chart':
      return chartBlock(block.chart, pngs.get(block.chart)!);
  }
}

function titleBlock(document: ReportDocument): FileChild[] {
  const note = disclosureNoteOf(document);
  return [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [run(document.title)] }),
    ...titleBlockLines(document).map(
      (line) => new Paragraph({ style: 'TitleLine', children: [run(line.sentence)] }),
    ),
    ...(note ? [new Paragraph({ style: 'Disclosure', children: [run(note)] })] : []),
    new Paragraph({ style: 'ContentsHeading', children: [run('Contents')] }),
    new TableOfContents('Contents', { hyperlink: true, headingStyleRange: '1-2' }),
  ];
}

function runningHeader(document: ReportDocument): Header {
  const draft = document.status === 'draft' ? ` · ${statusText(document.status)}` : '';
  return new Header({
    children: [
      new Paragraph({
        style: 'RunningText',
        children: [run(`${document.title} · ${document.periodLabel}${draft}`)],
      }),
    ],
  });
}

function pageFooter(): Footer {
  return new Footer({
    children: [
      new Paragraph({
        style: 'RunningText',
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })],
      }),
    ],
  });
}

const STYLES = {
  default: {
    document: {
      run: { font: FONT, size: 22, color: TEXT_COLOUR, language: { value: 'en-GB' } },
      paragraph: { spacing: { after: 120, line: 276 } },
    },
    title: {
      run: { font: FONT, size: 44, bold: true, color: TEXT_COLOUR },
      paragraph: { spacing: { after: 240 } },
    },
    heading1: {
      run: { font: FONT, size: 36, bold: true, color: TEXT_COLOUR },
      paragraph: { spacing: { before: 0, after: 240 }, keepNext: true, keepLines: true },
    },
    heading2: {
      run: { font: FONT, size: 28, bold: true, color: TEXT_COLOUR },
      paragraph: { spacing: { before: 360, after: 160 }, keepNext: true, keepLines: true },
    },
    caption: {
      run: { font: FONT, size: 22, bold: true, italics: false, color: TEXT_COLOUR },
      paragraph: { spacing: { before: 200, after: 100 }, keepNext: true },
    },
  },
  paragraphStyles: [
    { id: 'Note', name: 'Note', basedOn: 'Normal', run: { size: 18, color: SECONDARY_COLOUR } },
    {
      id: 'TableText',
      name: 'Table Text',
      basedOn: 'Normal',
      run: { size: 20 },
      paragraph: { spacing: { after: 0 } },
    },
    {
      id: 'TitleLine',
      name: 'Title Line',
      basedOn: 'Normal',
      run: { size: 24 },
      paragraph: { spacing: { after: 60 } },
    },
    {
      id: 'Disclosure',
      name: 'Disclosure Note',
      basedOn: 'Normal',
      paragraph: {
        spacing: { before: 240, after: 240 },
        indent: { left: 240 },
        border: { left: { style: BorderStyle.SINGLE, size: 36, color: '1D70B8', space: 8 } },
      },
    },
    {
      id: 'ContentsHeading',
      name: 'TOC Heading',
      basedOn: 'Normal',
      next: 'Normal',
      run: { size: 32, bold: true },
      paragraph: { spacing: { before: 360, after: 160 }, keepNext: true },
    },
    {
      id: 'FigureValue',
      name: 'Figure Value',
      basedOn: 'Normal',
      run: { size: 48, bold: true },
      paragraph: { spacing: { after: 60 } },
    },
    {
      id: 'FigureLabel',
      name: 'Figure Label',
      basedOn: 'Normal',
      run: { size: 22 },
      paragraph: { spacing: { after: 60 } },
    },
    {
      id: 'RunningText',
      name: 'Running Text',
      basedOn: 'Normal',
      run: { size: 18, color: SECONDARY_COLOUR },
    },
  ],
};

/** The report as a DOCX file (see above). */
export async function renderDocx(document: ReportDocument): Promise<Buffer> {
  const charts = document.sections.flatMap((s) =>
    s.blocks.flatMap((b) => (b.type === 'chart' ? [b.chart] : [])),
  );
  const pngs = new Map<ReportChart, Buffer>(
    await Promise.all(charts.map(async (chart) => [chart, await chartPngAsync(chart)] as const)),
  );

  const body: FileChild[] = [...titleBlock(document)];
  for (const section of document.sections) {
    body.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        pageBreakBefore: true,
        children: [run(section.heading)],
      }),
    );
    for (const block of section.blocks) body.push(...blockChildren(block, pngs));
  }

  const doc = new Document({
    title: xmlSafe(document.title),
    creator: 'Scorecard',
    lastModifiedBy: 'Scorecard',
    subject: xmlSafe(`${document.audience}, ${document.periodLabel}`),
    description: xmlSafe(
      [
        `${statusText(document.status)} report for ${document.audience}, ${document.periodLabel}.`,
        disclosureNoteOf(document),
      ]
        .filter(Boolean)
        .join(' '),
    ),
    styles: STYLES,
    sections: [
      {
        properties: {
          page: {
            size: { ...A4, orientation: PageOrientation.LANDSCAPE },
            margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN, header: 567, footer: 567 },
          },
        },
        headers: { default: runningHeader(document) },
        footers: { default: pageFooter() },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
