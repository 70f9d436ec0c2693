import { describe, expect, it } from 'vitest';
import { aggregate, type Observation, ratePer10k, scaleForUnit, valueFromParts } from './aggregates.ts';
import { formatCount, formatValue } from './format.ts';
import { UNITS } from './indicator.ts';
import {
  financialYearToDate,
  monthsIn,
  parsePeriod,
  previousMonths,
  rolling12Months,
  threeYearsEnding,
} from './periods.ts';

const month = (code: string) => {
  const p = parsePeriod(code);
  if (!p) throw new Error(code);
  return p;
};

/** Observations with parts for consecutive periods; value computed as a percentage. */
function ratioObservations(periods: string[], numerators: number[], denominators: number[]): Observation[] {
  return periods.map((period, i) => {
    const numerator = numerators[i]!;
    const denominator = denominators[i]!;
    return { period, numerator, denominator, value: valueFromParts(numerator, denominator, 'percent') };
  });
}

function valueObservations(periods: string[], values: (number | null)[]): Observation[] {
  return periods.map((period, i) => ({
    period,
    value: values[i] ?? null,
    numerator: null,
    denominator: null,
  }));
}

// The six months before May 2017.
const SIX_MONTHS = monthsIn(previousMonths(month('2017-05'), 6));

describe('scaleForUnit', () => {
  it('multiplies percentages by 100, rates per 10,000 by 10,000 and everything else by 1', () => {
    expect(Object.fromEntries(UNITS.map((u) => [u, scaleForUnit(u)]))).toEqual({
      percent: 100,
      count: 1,
      days: 1,
      rate_per_10k: 10_000,
      score: 1,
      money: 1,
    });
  });
});

describe('valueFromParts', () => {
  it('gives 1,218 of 1,304 as 93.40…%', () => {
    expect(valueFromParts(1218, 1304, 'percent')).toBeCloseTo(93.4049, 4);
    expect(formatValue(valueFromParts(1218, 1304, 'percent'), { unit: 'percent', decimals: 0 })).toBe('93%');
  });

  it('gives re-referrals 305 of 1,382 as 22.07%', () => {
    expect(formatValue(valueFromParts(305, 1382, 'percent'), { unit: 'percent', decimals: 2 })).toBe(
      '22.07%',
    );
  });

  it('gives days with parts as total days per child: 16,440 days for 60 children → 274', () => {
    expect(valueFromParts(16_440, 60, 'days')).toBe(274);
  });

  it('gives a rate per 10,000 from a count and a population', () => {
    expect(valueFromParts(522, 106_296, 'rate_per_10k')).toBeCloseTo(49.11, 2);
  });

  it('multiplies before dividing, so a whole-number answer is exact: 7 of 100 → 7%, not 7.000000000000001', () => {
    expect(valueFromParts(7, 100, 'percent')).toBe(7);
    expect(valueFromParts(24, 100, 'percent')).toBe(24);
  });

  it('gives null for a zero denominator: nothing to measure', () => {
    expect(valueFromParts(0, 0, 'percent')).toBeNull();
    expect(valueFromParts(5, 0, 'days')).toBeNull();
  });

  it('gives 0 for a zero numerator over a positive denominator', () => {
    expect(valueFromParts(0, 1382, 'percent')).toBe(0);
  });

  it('throws for a negative denominator or a number that is not finite', () => {
    expect(() => valueFromParts(1, -5, 'percent')).toThrow(/negative/);
    expect(() => valueFromParts(Number.NaN, 5, 'percent')).toThrow(/finite/);
    expect(() => valueFromParts(1, Number.POSITIVE_INFINITY, 'percent')).toThrow(/finite/);
  });
});

describe('ratePer10k', () => {
  it('reproduces the May 2017 children in care rates by locality (EAST 49, SOUTH 85)', () => {
    expect(formatValue(ratePer10k(522, 106_296), { unit: 'rate_per_10k', decimals: 0 })).toBe('49');
    expect(formatValue(ratePer10k(584, 68_654), { unit: 'rate_per_10k', decimals: 0 })).toBe('85');
  });

  it('gives 0 for a count of 0', () => {
    expect(ratePer10k(0, 106_296)).toBe(0);
  });

  it('gives null when the population is unknown, zero or negative', () => {
    expect(ratePer10k(522, null)).toBeNull();
    expect(ratePer10k(522, 0)).toBeNull();
    expect(ratePer10k(522, -1)).toBeNull();
  });

  it('gives null when the count is unknown', () => {
    expect(ratePer10k(null, 106_296)).toBeNull();
  });
});

describe('aggregate', () => {
  describe('ratios over the previous 6 months (Nov-16 to Apr-17)', () => {
    it('lists the six months before May 2017', () => {
      expect(SIX_MONTHS).toEqual(['2016-11', '2016-12', '2017-01', '2017-02', '2017-03', '2017-04']);
    });

    it('gives a 6-month cumulative as the summed parts: re-referrals 1,862 / 7,508 = 25%', () => {
      const observations = ratioObservations(
        SIX_MONTHS,
        [300, 310, 290, 320, 312, 330],
        [1200, 1250, 1230, 1280, 1258, 1290],
      );
      const result = aggregate({
        observations,
        periods: SIX_MONTHS,
        method: 'sum',
        isRatio: true,
        unit: 'percent',
      });
      expect(result).toEqual({
        value: (1862 * 100) / 7508,
        numerator: 1862,
        denominator: 7508,
        periodsUsed: SIX_MONTHS,
        missing: [],
        reason: null,
      });
      expect(formatValue(result.value, { unit: 'percent', decimals: 0 })).toBe('25%');
    });

    it('gives a 6-month average as the mean parts, with the same ratio: 1,178 / 1,300.5 shown as 1,178 / 1,301', () => {
      const observations = ratioObservations(
        SIX_MONTHS,
        [1150, 1190, 1160, 1200, 1180, 1188],
        [1280, 1310, 1290, 1320, 1295, 1308],
      );
      const average = aggregate({
        observations,
        periods: SIX_MONTHS,
        method: 'average',
        isRatio: true,
        unit: 'percent',
      });
      const cumulative = aggregate({
        observations,
        periods: SIX_MONTHS,
        method: 'sum',
        isRatio: true,
        unit: 'percent',
      });
      expect(average.numerator).toBe(1178);
      expect(average.denominator).toBe(1300.5);
      expect(formatCount(average.denominator)).toBe('1,301');
      expect(average.value).toBe(cumulative.value);
      expect(average.value).toBe((7068 * 100) / 7803);
    });

    it('takes a ratio of sums, never an average of percentages', () => {
      const periods = ['2017-01', '2017-02'];
      const observations = ratioObservations(periods, [1, 0], [1, 99]); // 100% of 1, then 0% of 99
      for (const method of ['sum', 'average'] as const) {
        expect(aggregate({ observations, periods, method, isRatio: true, unit: 'percent' }).value).toBe(1);
      }
    });

    it('ignores the stored monthly values of a ratio and uses the parts', () => {
      const observations: Observation[] = [
        { period: '2017-01', value: 50, numerator: 1, denominator: 4 },
        { period: '2017-02', value: null, numerator: 3, denominator: 4 },
      ];
      expect(
        aggregate({
          observations,
          periods: ['2017-01', '2017-02'],
          method: 'sum',
          isRatio: true,
          unit: 'percent',
        }).value,
      ).toBe(50);
    });
  });

  describe('non-ratio values', () => {
    const values = [1700, 1710, 1725, 1720, 1730, 1735];

    it('gives a 6-month average as the mean of the values', () => {
      expect(
        aggregate({
          observations: valueObservations(SIX_MONTHS, values),
          periods: SIX_MONTHS,
          method: 'average',
          isRatio: false,
          unit: 'count',
        }),
      ).toEqual({
        value: 10_320 / 6,
        numerator: null,
        denominator: null,
        periodsUsed: SIX_MONTHS,
        missing: [],
        reason: null,
      });
    });

    it('gives a 6-month cumulative as the sum of the values', () => {
      expect(
        aggregate({
          observations: valueObservations(SIX_MONTHS, values),
          periods: SIX_MONTHS,
          method: 'sum',
          isRatio: false,
          unit: 'count',
        }).value,
      ).toBe(10_320);
    });

    it('gives latest as the value of the period that ends last, whatever the list order', () => {
      const periods = ['2017-04', '2016-11', '2017-01'];
      const observations = valueObservations(periods, [1735, 1700, 1725]);
      expect(aggregate({ observations, periods, method: 'latest', isRatio: false, unit: 'count' })).toEqual({
        value: 1735,
        numerator: null,
        denominator: null,
        periodsUsed: ['2017-04'],
        missing: [],
        reason: null,
      });
    });

    it('counts zero as a value, not a gap', () => {
      const periods = ['2017-01', '2017-02'];
      expect(
        aggregate({
          observations: valueObservations(periods, [0, 0]),
          periods,
          method: 'average',
          isRatio: false,
          unit: 'count',
        }),
      ).toMatchObject({
        value: 0,
        missing: [],
      });
    });

    it('averages negative scores', () => {
      const periods = ['CY2015', 'CY2016'];
      expect(
        aggregate({
          observations: valueObservations(periods, [-0.3, -0.1]),
          periods,
          method: 'average',
          isRatio: false,
          unit: 'score',
        }).value,
      ).toBeCloseTo(-0.2, 12);
    });
  });

  describe('rolling 12 months', () => {
    const periods = monthsIn(rolling12Months(month('2017-05')));

    it('covers Jun-16 to May-17 across the year end', () => {
      expect(periods[0]).toBe('2016-06');
      expect(periods[11]).toBe('2017-05');
    });

    it('sums the parts of all 12 months', () => {
      const observations = ratioObservations(
        periods,
        Array<number>(12).fill(25),
        Array<number>(12).fill(100),
      );
      expect(
        aggregate({ observations, periods, method: 'sum', isRatio: true, unit: 'percent' }),
      ).toMatchObject({
        value: 25,
        numerator: 300,
        denominator: 1200,
        periodsUsed: periods,
      });
    });

    it('ignores observations outside the window', () => {
      const observations = [
        ...ratioObservations(periods, Array<number>(12).fill(25), Array<number>(12).fill(100)),
        ...ratioObservations(['2016-05', '2017-06'], [100, 100], [100, 100]),
      ];
      expect(aggregate({ observations, periods, method: 'sum', isRatio: true, unit: 'percent' }).value).toBe(
        25,
      );
    });

    it('is null when one month in the window is missing', () => {
      const observations = ratioObservations(
        periods,
        Array<number>(12).fill(25),
        Array<number>(12).fill(100),
      ).filter((o) => o.period !== '2016-12');
      expect(aggregate({ observations, periods, method: 'sum', isRatio: true, unit: 'percent' })).toEqual({
        value: null,
        numerator: null,
        denominator: null,
        periodsUsed: [],
        missing: ['2016-12'],
        reason: 'Missing Dec-16',
      });
    });
  });

  describe('year to date', () => {
    it('in April is the one month of April', () => {
      const periods = monthsIn(financialYearToDate(month('2017-04')));
      expect(periods).toEqual(['2017-04']);
      const observations = ratioObservations(['2017-03', '2017-04'], [50, 305], [200, 1382]);
      expect(aggregate({ observations, periods, method: 'sum', isRatio: true, unit: 'percent' })).toEqual({
        value: (305 * 100) / 1382,
        numerator: 305,
        denominator: 1382,
        periodsUsed: ['2017-04'],
        missing: [],
        reason: null,
      });
    });

    it('in May is April and May together', () => {
      const periods = monthsIn(financialYearToDate(month('2017-05')));
      const observations = ratioObservations(periods, [300, 305], [1300, 1382]);
      expect(
        aggregate({ observations, periods, method: 'sum', isRatio: true, unit: 'percent' }),
      ).toMatchObject({ numerator: 605, denominator: 2682 });
    });
  });

  describe('3-year average', () => {
    const periods = monthsIn(threeYearsEnding(month('2017-05')));

    it('gives days from care to adoption as total days over all children adopted in the 36 months', () => {
      // Each month: some children adopted and their total days; the figure is Σdays / Σchildren.
      const children = periods.map((_, i) => (i % 3) + 1); // 1, 2, 3, 1, 2, 3, … = 72 children
      const days = children.map((c, i) => c * (600 + (i % 2 === 0 ? 30 : -30))); // 630 or 570 days each
      const observations = periods.map((period, i) => ({
        period,
        numerator: days[i]!,
        denominator: children[i]!,
        value: valueFromParts(days[i]!, children[i]!, 'days'),
      }));
      const result = aggregate({ observations, periods, method: 'average', isRatio: true, unit: 'days' });
      const totalDays = days.reduce((a, b) => a + b, 0);
      expect(periods).toHaveLength(36);
      expect(result.value).toBe(totalDays / 72);
      expect(result.numerator).toBe(totalDays / 36);
      expect(result.denominator).toBe(2);
      expect(result.periodsUsed).toEqual(periods);
    });

    it('can average annual figures over three financial years', () => {
      const years = ['FY2014-15', 'FY2015-16', 'FY2016-17'];
      expect(
        aggregate({
          observations: valueObservations(years, [620, 610, 615]),
          periods: years,
          method: 'average',
          isRatio: false,
          unit: 'days',
        }).value,
      ).toBe(615);
    });
  });

  describe('zero denominators', () => {
    it('keeps a month with 0 of 0 (no referrals that month) and its parts count as zeros', () => {
      const periods = ['2017-01', '2017-02'];
      const observations = ratioObservations(periods, [0, 30], [0, 120]);
      expect(observations[0]!.value).toBeNull();
      expect(
        aggregate({ observations, periods, method: 'sum', isRatio: true, unit: 'percent' }),
      ).toMatchObject({
        value: 25,
        numerator: 30,
        denominator: 120,
        missing: [],
        reason: null,
      });
    });

    it('gives null with a reason when the denominators total zero, still reporting the parts', () => {
      const periods = ['2017-01', '2017-02'];
      const observations = ratioObservations(periods, [0, 0], [0, 0]);
      for (const method of ['sum', 'average', 'latest'] as const) {
        expect(aggregate({ observations, periods, method, isRatio: true, unit: 'percent' })).toEqual({
          value: null,
          numerator: 0,
          denominator: 0,
          periodsUsed: method === 'latest' ? ['2017-02'] : periods,
          missing: [],
          reason: 'Nothing to measure: the denominator is 0.',
        });
      }
    });
  });

  describe('missing months', () => {
    const values = [1700, 1710, 1725, 1720, 1730, 1735];

    it('is null, listing every missing month in order, rather than averaging over the gap', () => {
      const observations = valueObservations(SIX_MONTHS, values).filter(
        (o) => !['2017-01', '2017-02'].includes(o.period),
      );
      expect(
        aggregate({ observations, periods: SIX_MONTHS, method: 'average', isRatio: false, unit: 'count' }),
      ).toEqual({
        value: null,
        numerator: null,
        denominator: null,
        periodsUsed: [],
        missing: ['2017-01', '2017-02'],
        reason: 'Missing Jan-17, Feb-17',
      });
    });

    it('treats an observation with a null value as missing', () => {
      const observations = valueObservations(SIX_MONTHS, [1700, null, 1725, 1720, 1730, 1735]);
      expect(
        aggregate({ observations, periods: SIX_MONTHS, method: 'sum', isRatio: false, unit: 'count' }),
      ).toMatchObject({
        value: null,
        missing: ['2016-12'],
        reason: 'Missing Dec-16',
      });
    });

    it('treats a ratio month with a value but no numerator or denominator as missing', () => {
      const periods = ['2017-01', '2017-02'];
      const observations: Observation[] = [
        { period: '2017-01', value: 25, numerator: 25, denominator: 100 },
        { period: '2017-02', value: 30, numerator: null, denominator: 100 },
      ];
      expect(
        aggregate({ observations, periods, method: 'sum', isRatio: true, unit: 'percent' }),
      ).toMatchObject({
        value: null,
        numerator: null,
        denominator: null,
        missing: ['2017-02'],
        reason: 'Missing Feb-17',
      });
    });

    it('requires every listed period even for latest', () => {
      const periods = ['2017-03', '2017-04'];
      expect(
        aggregate({
          observations: valueObservations(['2017-04'], [1735]),
          periods,
          method: 'latest',
          isRatio: false,
          unit: 'count',
        }),
      ).toMatchObject({
        value: null,
        missing: ['2017-03'],
      });
    });

    it('names missing periods of any kind by their short label', () => {
      const periods = ['2022-23-Q1', '2022-23-Q2', 'FY2021-22'];
      expect(
        aggregate({ observations: [], periods, method: 'sum', isRatio: false, unit: 'count' }).reason,
      ).toBe('Missing Q1 22-23, Q2 22-23, 2021-22');
    });

    it('is null with a reason when no periods are listed', () => {
      expect(
        aggregate({
          observations: valueObservations(['2017-01'], [5]),
          periods: [],
          method: 'sum',
          isRatio: false,
          unit: 'count',
        }),
      ).toEqual({
        value: null,
        numerator: null,
        denominator: null,
        periodsUsed: [],
        missing: [],
        reason: 'No periods to combine.',
      });
    });
  });

  describe('caller errors', () => {
    it('throws for two observations of the same period', () => {
      const observations = valueObservations(['2017-01', '2017-01'], [1, 2]);
      expect(() =>
        aggregate({ observations, periods: ['2017-01'], method: 'sum', isRatio: false, unit: 'count' }),
      ).toThrow(/2017-01/);
    });

    it('throws for a period listed twice', () => {
      expect(() =>
        aggregate({
          observations: [],
          periods: ['2017-01', '2017-01'],
          method: 'sum',
          isRatio: false,
          unit: 'count',
        }),
      ).toThrow(/more than once/);
    });

    it('throws for a period code that does not parse', () => {
      expect(() =>
        aggregate({ observations: [], periods: ['2017-13'], method: 'sum', isRatio: false, unit: 'count' }),
      ).toThrow(/2017-13/);
    });

    it('throws for a negative denominator or a number that is not finite in a listed period', () => {
      const negative: Observation[] = [{ period: '2017-01', value: null, numerator: 1, denominator: -1 }];
      expect(() =>
        aggregate({
          observations: negative,
          periods: ['2017-01'],
          method: 'sum',
          isRatio: true,
          unit: 'percent',
        }),
      ).toThrow(/negative/);
      const nan = valueObservations(['2017-01'], [Number.NaN]);
      expect(() =>
        aggregate({ observations: nan, periods: ['2017-01'], method: 'sum', isRatio: false, unit: 'count' }),
      ).toThrow(/finite/);
    });
  });
});
