import type { RatingColour } from '../../src/domain/evaluate-target.ts';
import type {
  NumberFormat,
  ReportChart,
  ReportDocument,
  ReportSection,
  ReportTable,
  TableCell,
} from '../../src/reports/document.ts';
import { renderTrendChart } from '../../src/web/charts/trend-chart.ts';

/**
 * A report document as the report builder would make one: a public
 * scorecard pack for May 2017, with every kind of block and the awkward
 * cells an output must get right (a suppressed count, a percentage worked
 * out from it, provisional and revised figures, text a spreadsheet would run
 * as a formula, captions that are not valid worksheet names).
 */

const COUNT: NumberFormat = { kind: 'count', decimals: 0 };
const PERCENT1: NumberFormat = { kind: 'percent', decimals: 1 };
const PERCENT0: NumberFormat = { kind: 'percent', decimals: 0 };
const RATE1: NumberFormat = { kind: 'rate', decimals: 1 };
const DAYS0: NumberFormat = { kind: 'days', decimals: 0 };
const MONEY1: NumberFormat = { kind: 'money', decimals: 1 };

export const LOCALITIES = ['North', 'South', 'East', 'West'] as const;

function formatted(value: number, format: NumberFormat): string {
  const number = value.toLocaleString('en-GB', {
    minimumFractionDigits: format.decimals,
    maximumFractionDigits: format.decimals,
  });
  if (format.kind === 'percent') return `${number}%`;
  if (format.kind === 'money') return `£${number}m`;
  return number;
}

function num(value: number, format: NumberFormat, extra: Partial<TableCell> = {}): TableCell {
  return { text: formatted(value, format), value, format, isCount: format.kind === 'count', ...extra };
}

function text(value: string): TableCell {
  return { text: value };
}

const RATING_LABELS: Record<RatingColour, string> = {
  green: 'Green: better than target',
  amber: 'Amber: missed, within tolerance',
  red: 'Red: missed, outside tolerance',
  grey: 'Grey: no target',
};

function rating(colour: RatingColour): TableCell {
  return { text: RATING_LABELS[colour], rating: colour };
}

function suppressed(format: NumberFormat): TableCell {
  return { text: 'c', value: null, format, isSuppressed: true, isCount: format.kind === 'count' };
}

/** The scorecard: one row per indicator, a column per locality, the city figure and the rating. */
export function scorecardTable(caption = 'Scorecard: May 2017'): ReportTable {
  const row = (
    name: string,
    target: TableCell,
    values: number[],
    format: NumberFormat,
    colour: RatingColour,
    extra: Partial<TableCell>[] = [],
  ) => ({
    cells: [
      text(name),
      target,
      ...values.map((v, i) => num(v, format, { ...(extra[i] ?? {}) })),
      rating(colour),
    ],
  });
  return {
    caption,
    columns: [
      { label: 'Indicator', isNumeric: false },
      { label: 'Target', isNumeric: true },
      ...LOCALITIES.map((label) => ({ label, isNumeric: true })),
      { label: 'City', isNumeric: true },
      { label: 'Rating', isNumeric: false },
    ],
    rows: [
      row(
        'Referrals to children’s social care',
        text('No target'),
        [312, 298, 341, 267, 1218],
        COUNT,
        'grey',
      ),
      row(
        'Re-referrals within 12 months',
        num(22, PERCENT1),
        [21.8, 23.4, 24.9, 19.1, 22.4],
        PERCENT1,
        'amber',
      ),
      row(
        'Assessments within 45 working days',
        num(90, PERCENT1),
        [94.2, 91.7, 93.5, 92.9, 93.1],
        PERCENT1,
        'green',
        [{}, {}, { isProvisional: true }],
      ),
      row(
        'Children in need per 10,000 children',
        num(340, RATE1),
        [351.2, 318.4, 402.7, 296.3, 345.2],
        RATE1,
        'red',
      ),
      row('Days from entering care to adoption', num(426, DAYS0), [398, 441, 455, 376, 417], DAYS0, 'green', [
        {},
        {
          isRevised: true,
          source: { indicator: 'A1', period: '2017-05', breakdown: 'locality=SOUTH', revision: 2 },
        },
      ]),
      {
        cells: [
          text('All indicators rated'),
          text(''),
          text(''),
          text(''),
          text(''),
          text(''),
          num(5, COUNT),
          text('2 green, 1 amber, 1 red, 1 grey'),
        ],
        isTotal: true,
      },
    ],
  };
}

/** Referrals by locality with the city total: a suppressed count and the percentage that would reveal it. */
export function localityTable(): ReportTable {
  const rows: ReportTable['rows'] = [
    { cells: [text('North'), num(312, COUNT), num(68, COUNT), num(21.8, PERCENT1)] },
    { cells: [text('South'), num(298, COUNT), num(70, COUNT), num(23.5, PERCENT1)] },
    { cells: [text('East'), num(341, COUNT), num(85, COUNT), num(24.9, PERCENT1)] },
    { cells: [text('West'), num(4, COUNT), suppressed(COUNT), suppressed(PERCENT1)] },
    {
      cells: [text('City'), num(955, COUNT), num(226, COUNT), num(23.7, PERCENT1, { isProvisional: true })],
      isTotal: true,
    },
  ];
  return {
    caption: 'Re-referrals: by locality [rolling 12 months] North/South/East/West',
    columns: [
      { label: 'Locality', isNumeric: false },
      { label: 'Referrals', isNumeric: true },
      { label: 'Re-referrals', isNumeric: true },
      { label: 'Re-referral rate', isNumeric: true },
    ],
    rows,
    totals: [1, 2].map((column) => ({
      total: { row: 4, column },
      parts: [0, 1, 2, 3].map((row) => ({ row, column })),
    })),
  };
}

/** End-of-year results with commentary, one of which a spreadsheet would run as a formula if written as it is. */
export function endOfYearTable(): ReportTable {
  return {
    caption: 'End of year 2016-17',
    columns: [
      { label: 'Indicator', isNumeric: false },
      { label: 'Target', isNumeric: true },
      { label: 'Result', isNumeric: true },
      { label: 'Spend', isNumeric: true },
      { label: 'Commentary', isNumeric: false },
    ],
    rows: [
      {
        cells: [
          text('Care leavers in education, employment or training'),
          num(55, PERCENT0),
          num(58, PERCENT0),
          num(12.4, MONEY1),
          text('=HYPERLINK("https://example.org","Improvement plan")'),
        ],
      },
      {
        cells: [
          text('Children looked after per 10,000 children'),
          num(70, RATE1),
          num(-0.5, RATE1),
          num(162.5, MONEY1),
          text('-0.5 is the change on last year, not the rate'),
        ],
      },
    ],
  };
}

const TREND = [24.1, 23.8, 23.2, 22.9, 23.5, 22.7, 22.1, 21.9, 22.6, 22.0, 22.8, 22.4];

/** A trend chart drawn as the indicator pages draw it; `shift` moves the line, so each chart of a large pack differs. */
export function trendChart(title = 'Re-referrals within 12 months', shift = 0): ReportChart {
  const svg = renderTrendChart(
    {
      labels: [
        'Jun 16',
        'Jul 16',
        'Aug 16',
        'Sep 16',
        'Oct 16',
        'Nov 16',
        'Dec 16',
        'Jan 17',
        'Feb 17',
        'Mar 17',
        'Apr 17',
        'May 17',
      ],
      values: TREND.map((v, i) => Math.round((v + shift * ((i % 3) - 1) * 0.1) * 10) / 10),
      targets: Array<number | null>(12).fill(22),
      isProvisional: [...Array<boolean>(11).fill(false), true],
      seriesBreaks: [],
    },
    { title, unitSuffix: '%' },
  );
  return {
    title,
    svg,
    description:
      'Re-referrals within 12 months, June 2016 to May 2017: the rate fell from 24.1% to 22.4%, ' +
      'above the target of 22% in every month but January and March.',
    width: 720,
    height: 300,
  };
}

export function sampleReport(overrides: Partial<ReportDocument> = {}): ReportDocument {
  const sections: ReportSection[] = [
    {
      id: 's1',
      kind: 'text',
      heading: 'Introduction',
      blocks: [
        {
          type: 'paragraph',
          text: 'This report sets out performance in children’s social care for May 2017.\n\nMembers are asked to note the figures & the exceptions <below>.',
        },
        { type: 'paragraph', text: 'Figures for May are provisional until the June return.', isNote: true },
      ],
    },
    {
      id: 's2',
      kind: 'scorecard',
      heading: 'Children’s social care scorecard',
      blocks: [
        { type: 'table', table: scorecardTable() },
        { type: 'table', table: localityTable() },
      ],
    },
    {
      id: 's3',
      kind: 'indicators',
      heading: 'Indicators in focus',
      blocks: [
        { type: 'heading', text: 'Re-referrals within 12 months' },
        {
          type: 'summary',
          items: [
            { label: 'Target', text: '22.0% (smaller is better)' },
            { label: 'Rating', text: 'Missed, within tolerance', rating: 'amber' },
            { label: 'Direction of travel', text: '-0.4 points on April: better' },
          ],
        },
        { type: 'chart', chart: trendChart() },
        { type: 'paragraph', text: 'Re-referrals fell for the third month running.' },
      ],
    },
    {
      id: 's4',
      kind: 'end-of-year',
      heading: 'End of year',
      blocks: [{ type: 'table', table: endOfYearTable() }],
    },
    {
      id: 's5',
      kind: 'infographic',
      heading: 'At a glance',
      blocks: [
        {
          type: 'figures',
          figures: [
            {
              label: 'Children looked after',
              text: '1,735',
              value: 1735,
              format: COUNT,
              isCount: true,
              comparison: 'England: 65 per 10,000',
            },
            { label: 'Spend on children’s services', text: '£162.5m', value: 162.5, format: MONEY1 },
            {
              label: 'Assessments in time',
              text: '84%',
              value: 84,
              format: PERCENT0,
              comparison: 'England and Wales: 83%',
            },
            {
              label: 'Young people in custody',
              text: 'c',
              value: null,
              format: COUNT,
              isCount: true,
              isSuppressed: true,
            },
          ],
        },
      ],
    },
  ];
  return {
    title: 'Children’s services performance report',
    audience: 'Scrutiny committee',
    period: '2017-05',
    periodLabel: 'May 2017',
    asAt: '2017-06-03T09:15:00Z',
    status: 'draft',
    disclosure: { isPublic: true, threshold: 5 },
    sections,
    ...overrides,
  };
}

/** Every number a table or headline figure of the report holds, with where it is: what the outputs must keep exactly. */
export function numbersIn(
  document: ReportDocument,
): { table: ReportTable; row: number; column: number; cell: TableCell }[] {
  return document.sections.flatMap((section) =>
    section.blocks.flatMap((block) =>
      block.type !== 'table'
        ? []
        : block.table.rows.flatMap((row, r) =>
            row.cells.flatMap((cell, c) =>
              typeof cell.value === 'number' && !cell.isSuppressed
                ? [{ table: block.table, row: r, column: c, cell }]
                : [],
            ),
          ),
    ),
  );
}
