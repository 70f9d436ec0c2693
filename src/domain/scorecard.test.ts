import { describe, expect, it } from 'vitest';
import { RATIO_INDICATOR } from '../../test/support/scorecard-indicators.ts';
import { parsePeriod } from './periods.ts';
import {
  buildScorecardSection,
  periodsNeeded,
  populationFor,
  reportingPeriodFor,
  type ScorecardIndicatorDefinition,
  type StoredFigure,
} from './scorecard.ts';

const month = (code: string) => parsePeriod(code)!;
const ratioIndicator = RATIO_INDICATOR;

const countIndicator: ScorecardIndicatorDefinition = {
  ...ratioIndicator,
  ref: 'C1',
  title: 'Children on a plan',
  unit: 'count',
  aim: 'trend_only',
  basis: 'snapshot',
  comparison: 'previous_year_end',
  isRatio: false,
  numeratorLabel: '',
  denominatorLabel: '',
  complementLabel: '',
  valueLabel: 'On a plan',
  totalLabel: 'On a plan',
  showsRatePer10k: true,
};

const figure = (period: string, parts: Partial<StoredFigure>): StoredFigure => ({
  period,
  breakdown: '',
  value: null,
  numerator: null,
  denominator: null,
  status: 'validated',
  revision: 1,
  ...parts,
});
const ratio = (period: string, numerator: number, denominator: number, breakdown = '') =>
  figure(period, { numerator, denominator, value: (numerator / denominator) * 100, breakdown });

const texts = (section: ReturnType<typeof buildScorecardSection>, label: string) =>
  section.lines.find((l) => l.label === label)!.cells.map((c) => c.text);

describe('the scorecard section for a ratio indicator', () => {
  const sixMonths = ['2016-11', '2016-12', '2017-01', '2017-02', '2017-03', '2017-04'].map((p, i) =>
    ratio(p, 80 + i, 100),
  );
  const build = (figures: StoredFigure[], targets = {}) =>
    buildScorecardSection(month('2017-05'), {
      indicator: ratioIndicator,
      figures,
      targets,
      populations: [],
      series: [],
      commentary: null,
    });

  it('computes the previous six months average as a ratio of the summed parts, across the year end', () => {
    const section = build([...sixMonths, ratio('2017-05', 90, 100)]);
    expect(section.columns.map((c) => c.label)).toEqual(['Prev. 6 months average', 'May-17', 'EAST', 'WEST']);
    // (80+81+…+85)/6 = 82.5 of 100 → 82.5% → shown as 83% (half up); the parts are averages.
    expect(texts(section, '% in time')[0]).toBe('83%');
    expect(texts(section, 'In time')[0]).toBe('83');
    expect(texts(section, 'Total')[0]).toBe('100');
    expect(section.notes).toEqual([]);
  });

  it('derives the complement line from denominator minus numerator', () => {
    const section = build([ratio('2017-05', 90, 120)]);
    expect(texts(section, 'Late')[1]).toBe('30');
  });

  it('names the missing months rather than averaging over a gap', () => {
    const section = build([...sixMonths.slice(1), ratio('2017-05', 90, 100)]);
    expect(texts(section, '% in time')[0]).toBe('');
    expect(section.notes.join(' ')).toContain('Nov-16');
  });

  it('falls back to a figure stored for the whole range, and says so', () => {
    const section = build([ratio('2016-11..2017-04', 70, 100), ratio('2017-05', 90, 100)]);
    expect(texts(section, '% in time')[0]).toBe('70%');
    expect(section.notes.join(' ')).toContain('as reported for the whole range');
  });

  it('rates the exact current figure against the target for the financial year', () => {
    const target = { kind: 'value', value: 90, tolerance: 5 } as const;
    expect(build([ratio('2017-05', 89, 100)], { '2017-18': target }).rating.status).toBe('within_tolerance');
    expect(build([ratio('2017-05', 90, 100)], { '2017-18': target }).rating.status).toBe('at_target');
    expect(build([ratio('2017-05', 90, 100)], { '2016-17': target }).rating.status).toBe('no_target');
  });

  it('gives the trend against the comparison, the previous month and the same month last year', () => {
    const section = build([...sixMonths, ratio('2017-05', 90, 100), ratio('2016-05', 95, 100)]);
    expect(section.trends.map((t) => t.direction.direction)).toEqual(['improving', 'improving', 'worsening']);
  });

  it('notes a locality split that does not add up to the total', () => {
    const section = build([
      ratio('2017-05', 90, 100),
      ratio('2017-05', 40, 50, 'locality=EAST'),
      ratio('2017-05', 45, 50, 'locality=WEST'),
    ]);
    expect(section.notes.join(' ')).toContain('In time: the locality figures add up to 85, not 90');
  });

  it('marks provisional and revised figures', () => {
    const section = build([{ ...ratio('2017-05', 90, 100), status: 'provisional', revision: 2 }]);
    const cell = section.lines.find((l) => l.label === '% in time')!.cells[1]!;
    expect(cell).toMatchObject({ isProvisional: true, isRevised: true });
    expect(section.notes.join(' ')).toContain('provisional');
  });

  it('marks only corrections after publication as revised when the publication cycle says which, with the published figure', () => {
    const draftedTwice = build([{ ...ratio('2017-05', 90, 100), revision: 3, isRevised: false }]);
    expect(draftedTwice.lines.find((l) => l.label === '% in time')!.cells[1]).toMatchObject({
      isRevised: false,
    });
    const corrected = build([
      { ...ratio('2017-05', 95, 100), revision: 4, isRevised: true, publishedValue: 90 },
    ]);
    const cell = corrected.lines.find((l) => l.label === '% in time')!.cells[1]!;
    expect(cell).toMatchObject({ text: '95%', isRevised: true, publishedText: '90%' });
  });
});

describe('the scorecard section for a snapshot count', () => {
  const populations = [
    { breakdown: '', year: 2015, population: 200_000 },
    { breakdown: 'locality=EAST', year: 2015, population: 100_000 },
  ];
  const section = buildScorecardSection(month('2017-05'), {
    indicator: countIndicator,
    figures: [
      figure('2017-03', { value: 700 }),
      figure('2017-05', { value: 650 }),
      figure('2017-05', { value: 300, breakdown: 'locality=EAST' }),
      figure('2017-05', { value: 350, breakdown: 'locality=WEST' }),
    ],
    targets: {},
    populations,
    series: [],
    commentary: 'Steady.',
  });

  it('compares with the last year end', () => {
    expect(section.columns[0]!.label).toBe('Mar-17');
    expect(texts(section, 'On a plan')).toEqual(['700', '650', '300', '350']);
  });

  it('derives the rate per 10,000 from the population of each column, blank where none is known', () => {
    expect(texts(section, 'Rate per 10,000 children')).toEqual(['35', '33', '30', '']);
  });

  it('has no target for a trend-only indicator', () => {
    expect(section.rating.status).toBe('no_target');
  });
});

describe('choosing the period an indicator reports in a month', () => {
  it('uses the month itself for a monthly indicator', () => {
    expect(reportingPeriodFor('monthly', month('2017-05')).code).toBe('2017-05');
  });
  it('uses the last completed quarter for a quarterly indicator', () => {
    expect(reportingPeriodFor('quarterly', month('2017-05')).code).toBe('2016-17-Q4');
    expect(reportingPeriodFor('quarterly', month('2017-06')).code).toBe('2017-18-Q1');
  });
  it('uses the last completed financial year for an annual indicator', () => {
    expect(reportingPeriodFor('financial_year', month('2018-02')).code).toBe('FY2016-17');
    expect(reportingPeriodFor('financial_year', month('2018-03')).code).toBe('FY2017-18');
  });
  it('lists every period a monthly scorecard reads', () => {
    expect(periodsNeeded('monthly', month('2017-05')).sort()).toEqual(
      [
        '2017-05',
        '2017-04',
        '2016-05',
        '2016-11..2017-04',
        '2016-11',
        '2016-12',
        '2017-01',
        '2017-02',
        '2017-03',
      ].sort(),
    );
  });
});

describe('population for a rate', () => {
  const populations = [
    { breakdown: '', year: 2015, population: 100 },
    { breakdown: '', year: 2017, population: 120 },
  ];
  it('takes the latest estimate no later than the period', () => {
    expect(populationFor(populations, '', '2016-12-31')).toBe(100);
    expect(populationFor(populations, '', '2017-05-31')).toBe(120);
  });
  it('has none before the first estimate', () => {
    expect(populationFor(populations, '', '2014-05-31')).toBeNull();
  });
});
