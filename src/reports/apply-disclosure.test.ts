import { describe, expect, it } from 'vitest';
import { applyDisclosure, disclosureNote } from './apply-disclosure.ts';
import type { HeadlineFigure, ReportDocument, ReportTable, TableCell } from './document.ts';

const countCell = (value: number, breakdown = ''): TableCell => ({
  text: value.toLocaleString('en-GB'),
  value,
  isCount: true,
  format: { kind: 'count', decimals: 0 },
  source: { indicator: 'CSC04', period: '2017-05', breakdown, revision: 1 },
});
const percentCell = (value: number, column: number): TableCell => ({
  text: `${value}%`,
  value,
  format: { kind: 'percent', decimals: 0 },
  rating: 'green',
  derivedFrom: [
    { row: 0, column },
    { row: 1, column },
  ],
});

/** Assessments in time by locality: inside timescale, all assessments, and the percentage; the city last. */
const localityTable: ReportTable = {
  caption: 'Assessments completed within 45 working days, May 2017',
  columns: ['', 'EAST', 'NWC', 'SOUTH', 'DCSC', 'Birmingham'].map((label, i) => ({
    label,
    isNumeric: i > 0,
  })),
  rows: [
    { cells: [{ text: 'Inside timescale' }, ...[3, 380, 402, 40, 825].map((v) => countCell(v))] },
    { cells: [{ text: 'All assessments' }, ...[4, 410, 431, 44, 889].map((v) => countCell(v))] },
    {
      cells: [
        { text: '% inside' },
        percentCell(75, 1),
        percentCell(93, 2),
        percentCell(93, 3),
        percentCell(91, 4),
        percentCell(93, 5),
      ],
    },
  ],
  totals: [0, 1].map((row) => ({
    total: { row, column: 5 },
    parts: [1, 2, 3, 4].map((column) => ({ row, column })),
  })),
};

/** A table with no totals: only each count's own size matters. */
const agesTable: ReportTable = {
  caption: 'Children looked after by age',
  columns: [
    { label: 'Age', isNumeric: false },
    { label: 'Children', isNumeric: true },
  ],
  rows: [
    { cells: [{ text: 'Under 1' }, countCell(2)] },
    { cells: [{ text: '1 to 4' }, countCell(0)] },
    { cells: [{ text: '5 to 9' }, countCell(7)] },
  ],
};

const figures: HeadlineFigure[] = [
  { label: 'Children in care', text: '1,735', value: 1735, isCount: true },
  { label: 'Adopted this month', text: '4', value: 4, isCount: true },
  { label: 'Placed for adoption, unchanged', text: '0', value: 0, isCount: true },
  { label: 'Re-referrals', text: '3%', value: 3, format: { kind: 'percent', decimals: 0 } },
];

function report(disclosure: ReportDocument['disclosure']): ReportDocument {
  return {
    title: 'Children’s social care scorecard',
    audience: 'Public',
    period: '2017-05',
    periodLabel: 'May 2017',
    asAt: '2017-06-15T09:00:00Z',
    status: 'draft',
    disclosure,
    sections: [
      {
        id: 's1',
        kind: 'scorecard',
        heading: 'Assessments',
        blocks: [
          { type: 'paragraph', text: 'Timeliness held up in every locality.' },
          { type: 'table', table: localityTable },
          { type: 'table', table: agesTable },
        ],
      },
      { id: 's2', kind: 'infographic', heading: 'Children in care', blocks: [{ type: 'figures', figures }] },
    ],
  };
}

function tableOf(document: ReportDocument, index: number): ReportTable {
  const block = document.sections[0]!.blocks[index + 1]!;
  if (block.type !== 'table') throw new Error('expected a table');
  return block.table;
}
const texts = (table: ReportTable): string[][] => table.rows.map((row) => row.cells.map((cell) => cell.text));

describe('applyDisclosure', () => {
  it('returns a report that is not public as it is', () => {
    const document = report({ isPublic: false, threshold: 5 });
    expect(applyDisclosure(document)).toBe(document);
  });

  it('withholds EAST’s 3 and 4, DCSC beside them so the city total gives nothing away, and their percentages', () => {
    const controlled = tableOf(applyDisclosure(report({ isPublic: true, threshold: 5 })), 0);
    expect(texts(controlled)).toEqual([
      ['Inside timescale', 'c', '380', '402', 'c', '825'],
      ['All assessments', 'c', '410', '431', 'c', '889'],
      ['% inside', 'c', '93%', '93%', 'c', '93%'],
    ]);
  });

  it('shows a withheld cell as c with no value, marked suppressed, keeping its format and source but not its rating', () => {
    const controlled = tableOf(applyDisclosure(report({ isPublic: true, threshold: 5 })), 0);
    expect(controlled.rows[0]!.cells[1]).toEqual({
      text: 'c',
      value: null,
      isSuppressed: true,
      isCount: true,
      format: { kind: 'count', decimals: 0 },
      source: { indicator: 'CSC04', period: '2017-05', breakdown: '', revision: 1 },
    });
    expect(controlled.rows[2]!.cells[1]).not.toHaveProperty('rating');
    expect(controlled.rows[2]!.cells[2]).toEqual(localityTable.rows[2]!.cells[2]);
  });

  it('withholds small counts in a table with no totals, showing zero', () => {
    const controlled = tableOf(applyDisclosure(report({ isPublic: true, threshold: 5 })), 1);
    expect(texts(controlled)).toEqual([
      ['Under 1', 'c'],
      ['1 to 4', '0'],
      ['5 to 9', '7'],
    ]);
  });

  it('withholds small headline counts, and leaves zero, large counts and percentages', () => {
    const controlled = applyDisclosure(report({ isPublic: true, threshold: 5 }));
    const block = controlled.sections[1]!.blocks[0]!;
    expect(block.type === 'figures' && block.figures).toEqual([
      figures[0],
      { label: 'Adopted this month', text: 'c', value: null, isCount: true, isSuppressed: true },
      figures[2],
      figures[3],
    ]);
  });

  it('uses the report’s threshold: at 10, 7 children aged 5 to 9 are withheld too', () => {
    const controlled = tableOf(applyDisclosure(report({ isPublic: true, threshold: 10 })), 1);
    expect(texts(controlled).map(([, children]) => children)).toEqual(['c', '0', 'c']);
  });

  it('leaves paragraphs and the report’s other fields as they are', () => {
    const document = report({ isPublic: true, threshold: 5 });
    const controlled = applyDisclosure(document);
    expect(controlled.sections[0]!.blocks[0]).toBe(document.sections[0]!.blocks[0]);
    expect({ ...controlled, sections: [] }).toEqual({ ...document, sections: [] });
  });

  it('does not change the document it is given', () => {
    const document = report({ isPublic: true, threshold: 5 });
    const before = structuredClone(document);
    applyDisclosure(document);
    expect(document).toEqual(before);
  });

  it('refuses a threshold below 1', () => {
    expect(() => applyDisclosure(report({ isPublic: true, threshold: 0 }))).toThrow(RangeError);
  });
});

describe('disclosureNote', () => {
  it('names the range withheld and that other figures are withheld with it', () => {
    expect(disclosureNote(5)).toBe(
      'Counts from 1 to 5 are shown as c to protect the children they describe, as are any other figures ' +
        '(totals, counts, percentages and rates) from which they could be worked out.',
    );
  });

  it('reads naturally at a threshold of 1', () => {
    expect(disclosureNote(1)).toMatch(/^Counts of 1 are shown as c/);
  });
});
