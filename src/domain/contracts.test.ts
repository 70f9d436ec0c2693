import { describe, expect, it } from 'vitest';
import type { Observation } from './aggregates.ts';
import {
  contractMonth,
  cumulativePeriod,
  evaluateContract,
  evaluateContractIndicator,
  monthsNeeded,
  summariseStatuses,
  type ContractIndicatorInput,
  type ContractStatus,
} from './contracts.ts';
import { parsePeriod } from './periods.ts';

const OCT_2018 = contractMonth('2018-10');

/** The 12 month codes Nov-17 … Oct-18. */
const TWELVE = [
  '2017-11',
  '2017-12',
  '2018-01',
  '2018-02',
  '2018-03',
  '2018-04',
  '2018-05',
  '2018-06',
  '2018-07',
  '2018-08',
  '2018-09',
  '2018-10',
];

const value = (period: string, v: number | null): Observation => ({
  period,
  value: v,
  numerator: null,
  denominator: null,
});
const parts = (period: string, numerator: number, denominator: number): Observation => ({
  period,
  value: denominator === 0 ? null : (numerator * 100) / denominator,
  numerator,
  denominator,
});

function percent(overrides: Partial<ContractIndicatorInput> = {}): ContractIndicatorInput {
  return {
    position: 1,
    ref: 'K1',
    title: 'Assessments on time',
    unit: 'percent',
    decimals: 1,
    aim: 'bigger_is_better',
    isRatio: true,
    target: 85,
    tolerance: 5,
    cumulativeBasis: 'rolling_12_months',
    observations: [],
    ...overrides,
  };
}

function count(overrides: Partial<ContractIndicatorInput> = {}): ContractIndicatorInput {
  return percent({ unit: 'count', decimals: 0, isRatio: false, aim: 'smaller_is_better', ...overrides });
}

/** Every month of the window at the same numerator and denominator. */
const steady = (numerator: number, denominator: number, months = TWELVE) =>
  months.map((m) => parts(m, numerator, denominator));

const statuses = (...list: [ContractStatus, number][]): ContractStatus[] =>
  list.flatMap(([status, n]) => Array<ContractStatus>(n).fill(status));

describe('summariseStatuses', () => {
  it('gives the council October 2018 wording for 10 better, 1 at target and 4 within tolerance', () => {
    const summary = summariseStatuses(
      statuses(['better_than_target', 10], ['at_target', 1], ['within_tolerance', 4]),
    );
    expect(summary.text).toBe(
      'all 15 within target or tolerance: 10 better than target, 1 at target, 4 missed but within tolerance',
    );
    expect(summary).toMatchObject({ judged: 15, withinTargetOrTolerance: 15 });
    expect(summary.counts.better_than_target).toBe(10);
  });

  it('lists the kinds in a fixed order whatever the order of the indicators', () => {
    expect(summariseStatuses(['within_tolerance', 'better_than_target', 'at_target']).text).toBe(
      'all 3 within target or tolerance: 1 better than target, 1 at target, 1 missed but within tolerance',
    );
  });

  it('counts only those within target or tolerance in the opening and puts misses after a semicolon', () => {
    expect(
      summariseStatuses(
        statuses(['better_than_target', 10], ['within_tolerance', 3], ['outside_tolerance', 2]),
      ).text,
    ).toBe(
      '13 of 15 within target or tolerance: 10 better than target, 3 missed but within tolerance; 2 outside tolerance',
    );
  });

  it('counts indicators with no data as judged but not within target', () => {
    const summary = summariseStatuses(
      statuses(['better_than_target', 12], ['outside_tolerance', 1], ['no_data', 2]),
    );
    expect(summary.text).toBe(
      '12 of 15 within target or tolerance: 12 better than target; 1 outside tolerance, 2 with no data',
    );
    expect(summary.withinTargetOrTolerance).toBe(12);
  });

  it('names indicators with no target among the rest', () => {
    expect(summariseStatuses(['at_target', 'no_target']).text).toBe(
      '1 of 2 within target or tolerance: 1 at target; 1 with no target',
    );
  });

  it('never gives a kind with a zero count', () => {
    const text = summariseStatuses(statuses(['better_than_target', 2])).text;
    expect(text).toBe('all 2 within target or tolerance: 2 better than target');
    expect(text).not.toMatch(/\b0 /);
  });

  it('says "none of" when no indicator is within target or tolerance', () => {
    expect(summariseStatuses(statuses(['outside_tolerance', 3], ['no_data', 1])).text).toBe(
      'none of 4 within target or tolerance: 3 outside tolerance, 1 with no data',
    );
  });

  it('does not say "all" of a single indicator', () => {
    expect(summariseStatuses(['at_target']).text).toBe('1 of 1 within target or tolerance: 1 at target');
    expect(summariseStatuses(['outside_tolerance']).text).toBe(
      '0 of 1 within target or tolerance: 1 outside tolerance',
    );
  });

  it('says there is no data when no indicator has any', () => {
    expect(summariseStatuses(statuses(['no_data', 15])).text).toBe('no data for any of the 15 indicators');
    expect(summariseStatuses(['no_data']).text).toBe('no data for the 1 indicator');
  });

  it('leaves indicators with no cumulative measure out of the count and names them', () => {
    const summary = summariseStatuses(
      statuses(['better_than_target', 6], ['within_tolerance', 8], ['not_applicable', 1]),
    );
    expect(summary.text).toBe(
      'all 14 within target or tolerance: 6 better than target, 8 missed but within tolerance (not counted: 1 indicator with no cumulative measure)',
    );
    expect(summary.judged).toBe(14);
    expect(summariseStatuses(statuses(['at_target', 2], ['not_applicable', 2])).text).toBe(
      'all 2 within target or tolerance: 2 at target (not counted: 2 indicators with no cumulative measure)',
    );
  });

  it('has nothing to judge for an empty contract or one with no cumulative measures', () => {
    expect(summariseStatuses([]).text).toBe('no indicators to judge');
    expect(summariseStatuses(['not_applicable']).text).toBe(
      'no indicators to judge (not counted: 1 indicator with no cumulative measure)',
    );
  });
});

describe('evaluateContractIndicator in month', () => {
  it('treats a value equal to the target as at target', () => {
    const result = evaluateContractIndicator(OCT_2018, percent({ observations: [parts('2018-10', 17, 20)] }));
    expect(result.inMonth).toMatchObject({
      status: 'at_target',
      label: 'At target',
      value: 85,
      colour: 'green',
    });
    expect(result.inMonth.numerator).toBe(17);
    expect(result.inMonth.denominator).toBe(20);
    expect(result.inMonth.period?.code).toBe('2018-10');
  });

  it('treats a value a hair below the target as a miss, whatever it rounds to', () => {
    // 84.99…% shows as 85.0% but is below 85%.
    const result = evaluateContractIndicator(
      OCT_2018,
      percent({ observations: [parts('2018-10', 8499, 10000.01)] }),
    );
    expect(result.inMonth.status).toBe('within_tolerance');
  });

  describe.each([
    { aim: 'bigger_is_better', better: 86, limit: 80, beyond: 79.9 },
    { aim: 'smaller_is_better', better: 84, limit: 90, beyond: 90.1 },
  ] as const)('when $aim', ({ aim, better, limit, beyond }) => {
    const judge = (v: number) =>
      evaluateContractIndicator(
        OCT_2018,
        percent({ aim, isRatio: false, observations: [value('2018-10', v)] }),
      ).inMonth.status;

    it('rates a value on the better side as better than target', () =>
      expect(judge(better)).toBe('better_than_target'));
    it('rates a value on the target as at target', () => expect(judge(85)).toBe('at_target'));
    it('rates a miss exactly on the tolerance limit as within tolerance', () =>
      expect(judge(limit)).toBe('within_tolerance'));
    it('rates a miss beyond the tolerance limit as outside tolerance', () =>
      expect(judge(beyond)).toBe('outside_tolerance'));
  });

  it('rates any miss as outside tolerance when the tolerance is 0', () => {
    const result = evaluateContractIndicator(
      OCT_2018,
      count({ target: 600, tolerance: 0, observations: [value('2018-10', 601)] }),
    );
    expect(result.inMonth.status).toBe('outside_tolerance');
  });

  it('gives no data, saying why, when the month has no figure', () => {
    const result = evaluateContractIndicator(OCT_2018, percent({ observations: steady(9, 10).slice(0, 11) }));
    expect(result.inMonth).toMatchObject({
      status: 'no_data',
      value: null,
      label: 'No data',
      colour: 'grey',
    });
    expect(result.inMonth.explanation).toBe('No figure has been recorded for Oct 2018.');
  });

  it('gives no data when the month had nothing to measure (a denominator of 0)', () => {
    const result = evaluateContractIndicator(OCT_2018, percent({ observations: [parts('2018-10', 0, 0)] }));
    expect(result.inMonth.status).toBe('no_data');
    expect(result.inMonth.explanation).toBe('Nothing to measure in Oct 2018: the denominator is 0.');
  });

  it('rates a ratio recorded without its parts on its value', () => {
    const result = evaluateContractIndicator(OCT_2018, percent({ observations: [value('2018-10', 90)] }));
    expect(result.inMonth).toMatchObject({ status: 'better_than_target', value: 90, numerator: null });
  });

  it('gives no target when the contract sets none', () => {
    const result = evaluateContractIndicator(
      OCT_2018,
      percent({ target: null, observations: steady(9, 10) }),
    );
    expect(result.inMonth.status).toBe('no_target');
    expect(result.cumulative.status).toBe('no_target');
  });

  it('explains the rating in words with the indicator’s unit', () => {
    const result = evaluateContractIndicator(OCT_2018, percent({ observations: [parts('2018-10', 41, 50)] }));
    expect(result.inMonth.explanation).toBe(
      'Value 82.0% is below the target of 85.0% but within tolerance (down to 80.0%); bigger is better.',
    );
  });
});

describe('evaluateContractIndicator cumulatively', () => {
  it('combines a ratio as Σ numerators ÷ Σ denominators, never the mean of monthly percentages', () => {
    // Eleven months of 10 of 10 (100%) and one of 50 of 100 (50%): the mean of percentages is 95.8%,
    // but 160 of 210 is 76.2%, outside a 5-point tolerance below 85%.
    const observations = [...steady(10, 10).slice(0, 11), parts('2018-10', 50, 100)];
    const result = evaluateContractIndicator(OCT_2018, percent({ observations }));
    expect(result.cumulative.numerator).toBe(160);
    expect(result.cumulative.denominator).toBe(210);
    expect(result.cumulative.value).toBeCloseTo((160 * 100) / 210, 10);
    expect(result.cumulative.status).toBe('outside_tolerance');
    expect(result.cumulative.period?.code).toBe('2017-11..2018-10');
  });

  it('treats a cumulative figure equal to the target as at target though no month is', () => {
    const observations = TWELVE.map((m, i) => parts(m, i % 2 === 0 ? 16 : 18, 20)); // 80% and 90% alternately
    const result = evaluateContractIndicator(OCT_2018, percent({ observations }));
    expect(result.cumulative.value).toBe(85);
    expect(result.cumulative.status).toBe('at_target');
    expect(result.inMonth.status).toBe('better_than_target');
  });

  it('averages the monthly values of an indicator that is not a ratio', () => {
    const observations = TWELVE.map((m, i) => value(m, i < 6 ? 630 : 650)); // mean 640
    const result = evaluateContractIndicator(OCT_2018, count({ target: 600, tolerance: 40, observations }));
    expect(result.cumulative).toMatchObject({ value: 640, status: 'within_tolerance', numerator: null });
    expect(result.inMonth).toMatchObject({ value: 650, status: 'outside_tolerance' });
  });

  it('gives no data, naming the gaps, when a month of the window has no figure', () => {
    const observations = steady(9, 10).filter((o) => o.period !== '2018-01' && o.period !== '2018-03');
    const result = evaluateContractIndicator(OCT_2018, percent({ observations }));
    expect(result.cumulative).toMatchObject({ status: 'no_data', value: null, numerator: null });
    expect(result.cumulative.explanation).toBe(
      'No numerator and denominator for Jan-18, Mar-18, so there is no cumulative figure for Nov 2017 – Oct 2018.',
    );
    expect(result.inMonth.status).toBe('better_than_target');
  });

  it('counts a ratio month recorded without its parts as a gap', () => {
    const observations = [...steady(9, 10).slice(1), value('2017-11', 90)];
    const result = evaluateContractIndicator(OCT_2018, percent({ observations }));
    expect(result.cumulative.status).toBe('no_data');
    expect(result.cumulative.explanation).toMatch(/^No numerator and denominator for Nov-17/);
  });

  it('names a missing month of an indicator that is not a ratio', () => {
    const observations = TWELVE.slice(1).map((m) => value(m, 600));
    const result = evaluateContractIndicator(OCT_2018, count({ target: 600, observations }));
    expect(result.cumulative.explanation).toBe(
      'No figure for Nov-17, so there is no cumulative figure for Nov 2017 – Oct 2018.',
    );
  });

  it('lets a month with nothing to measure (0 of 0) add nothing to a ratio', () => {
    const observations = [...steady(9, 10).slice(0, 11), parts('2018-10', 0, 0)];
    const result = evaluateContractIndicator(OCT_2018, percent({ observations }));
    expect(result.cumulative).toMatchObject({ value: 90, numerator: 99, denominator: 110 });
    expect(result.cumulative.status).toBe('better_than_target');
    expect(result.inMonth.status).toBe('no_data');
  });

  it('gives no data when the denominators of the whole window total 0', () => {
    const result = evaluateContractIndicator(OCT_2018, percent({ observations: steady(0, 0) }));
    expect(result.cumulative.status).toBe('no_data');
    expect(result.cumulative.explanation).toBe(
      'Nothing to measure in Nov 2017 – Oct 2018: the denominators total 0.',
    );
  });

  it('takes the 12 months across a year end and ignores figures outside them', () => {
    const feb = contractMonth('2018-02');
    const window = [
      '2017-03',
      '2017-04',
      '2017-05',
      '2017-06',
      '2017-07',
      '2017-08',
      '2017-09',
      '2017-10',
      '2017-11',
      '2017-12',
      '2018-01',
      '2018-02',
    ];
    const observations = [
      ...window.map((m) => parts(m, 9, 10)),
      parts('2017-02', 0, 1000), // 13 months back: not in the window
      parts('2018-03', 0, 1000), // after the month
    ];
    const result = evaluateContractIndicator(feb, percent({ observations }));
    expect(result.cumulative.period?.code).toBe('2017-03..2018-02');
    expect(result.cumulative.period?.label).toBe('Mar 2017 – Feb 2018');
    expect(result.cumulative).toMatchObject({ value: 90, numerator: 108, denominator: 120 });
    expect(cumulativePeriod(contractMonth('2019-01'), 'rolling_12_months')?.code).toBe('2018-02..2019-01');
  });

  it('takes 36 months for a 3-year average', () => {
    const months = monthsNeeded(OCT_2018, ['three_year_average']);
    expect(months).toHaveLength(36);
    expect(months[0]).toBe('2015-11');
    const days = (period: string, total: number, children: number): Observation => ({
      period,
      value: total / children,
      numerator: total,
      denominator: children,
    });
    const indicator = percent({
      unit: 'days',
      decimals: 0,
      aim: 'smaller_is_better',
      target: 121,
      tolerance: 30,
      cumulativeBasis: 'three_year_average',
      observations: [
        ...months.map((m) => days(m, m < '2018-01' ? 700 : 500, 5)), // 140 days, then 100 days per child
        days('2015-10', 10_000, 1), // 37 months back: ignored
      ],
    });
    const result = evaluateContractIndicator(OCT_2018, indicator);
    expect(result.cumulative.period?.code).toBe('2015-11..2018-10');
    expect(result.cumulative.denominator).toBe(180);
    expect(result.cumulative.value).toBeCloseTo((26 * 700 + 10 * 500) / 180, 10);
    expect(result.cumulative.status).toBe('within_tolerance');
    expect(result.inMonth).toMatchObject({ value: 100, status: 'better_than_target' });

    const gap = evaluateContractIndicator(OCT_2018, {
      ...indicator,
      observations: indicator.observations.filter((o) => o.period !== '2016-06'),
    });
    expect(gap.cumulative.status).toBe('no_data');
    expect(gap.cumulative.explanation).toMatch(/^No numerator and denominator for Jun-16/);
  });

  it('gives "no cumulative measure" when the contract sets none', () => {
    const result = evaluateContractIndicator(
      OCT_2018,
      percent({ cumulativeBasis: 'none', observations: [parts('2018-10', 9, 10)] }),
    );
    expect(result.cumulative).toMatchObject({
      status: 'not_applicable',
      label: 'No cumulative measure',
      colour: 'grey',
      value: null,
      period: null,
    });
    expect(result.inMonth.status).toBe('better_than_target');
  });

  it('refuses a period that is not a month', () => {
    expect(() => evaluateContractIndicator(parsePeriod('2018-19-Q1')!, percent())).toThrow(/month/);
    expect(() => contractMonth('2018-13')).toThrow(/month/);
    expect(() => contractMonth('FY2018-19')).toThrow(/month/);
  });

  it('refuses a negative tolerance', () => {
    expect(() =>
      evaluateContractIndicator(OCT_2018, percent({ tolerance: -1, observations: steady(9, 10) })),
    ).toThrow(/tolerance/);
  });
});

describe('monthsNeeded', () => {
  it('is the month alone when no indicator has a cumulative measure', () => {
    expect(monthsNeeded(OCT_2018, ['none'])).toEqual(['2018-10']);
    expect(monthsNeeded(OCT_2018, [])).toEqual(['2018-10']);
  });

  it('is the longest window any indicator needs', () => {
    expect(monthsNeeded(OCT_2018, ['none', 'rolling_12_months'])).toEqual(TWELVE);
    expect(monthsNeeded(OCT_2018, ['rolling_12_months', 'three_year_average'])).toHaveLength(36);
  });
});

describe('evaluateContract', () => {
  it('orders the indicators by their number and sums up both positions', () => {
    const position = evaluateContract({
      month: OCT_2018,
      indicators: [
        percent({
          position: 3,
          ref: 'K3',
          cumulativeBasis: 'none',
          observations: [parts('2018-10', 16, 20)],
        }),
        percent({ position: 1, ref: 'K1', observations: steady(9, 10) }),
        count({ position: 2, ref: 'K2', target: 600, tolerance: 60, observations: [] }),
      ],
    });
    expect(position.month.code).toBe('2018-10');
    expect(position.indicators.map((i) => i.ref)).toEqual(['K1', 'K2', 'K3']);
    expect(position.indicators[0]).not.toHaveProperty('observations');
    expect(position.inMonth.text).toBe(
      '2 of 3 within target or tolerance: 1 better than target, 1 missed but within tolerance; 1 with no data',
    );
    expect(position.cumulative.text).toBe(
      '1 of 2 within target or tolerance: 1 better than target; 1 with no data (not counted: 1 indicator with no cumulative measure)',
    );
  });
});
