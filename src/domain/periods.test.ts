import { describe, expect, it } from 'vitest';
import { FREQUENCIES } from './indicator.ts';
import {
  comparePeriods,
  currentPeriod,
  financialYearToDate,
  isIsoDate,
  monthRange,
  monthsIn,
  nextPeriod,
  parsePeriod,
  type Period,
  periodKindForFrequency,
  periodsBetween,
  previousMonths,
  previousPeriod,
  previousYearEnd,
  reportingYearOf,
  rolling12Months,
  samePeriodLastYear,
  threeYearsEnding,
} from './periods.ts';

/** Parses a code the test knows to be valid. */
function p(code: string): Period {
  const period = parsePeriod(code);
  if (!period) throw new Error(`test fixture ${code} did not parse`);
  return period;
}

const codes = (periods: Period[]): string[] => periods.map((x) => x.code);

describe('parsePeriod', () => {
  describe('months', () => {
    it('reads a month code as the whole calendar month', () => {
      expect(parsePeriod('2017-05')).toEqual({
        code: '2017-05',
        kind: 'month',
        start: '2017-05-01',
        end: '2017-05-31',
        label: 'May 2017',
        shortLabel: 'May-17',
      });
    });

    it('ends February on the 29th in a leap year and the 28th otherwise', () => {
      expect(p('2024-02').end).toBe('2024-02-29');
      expect(p('2023-02').end).toBe('2023-02-28');
      expect(p('2000-02').end).toBe('2000-02-29');
      expect(p('1900-02').end).toBe('1900-02-28');
    });

    it('ends 30-day months on the 30th', () => {
      expect(['04', '06', '09', '11'].map((m) => p(`2017-${m}`).end.slice(8))).toEqual([
        '30',
        '30',
        '30',
        '30',
      ]);
    });

    it('labels every month with its three-letter name', () => {
      const months = Array.from({ length: 12 }, (_, i) => p(`2016-${String(i + 1).padStart(2, '0')}`));
      expect(months.map((m) => m.shortLabel)).toEqual([
        'Jan-16',
        'Feb-16',
        'Mar-16',
        'Apr-16',
        'May-16',
        'Jun-16',
        'Jul-16',
        'Aug-16',
        'Sep-16',
        'Oct-16',
        'Nov-16',
        'Dec-16',
      ]);
      expect(months[8]!.label).toBe('Sep 2016');
    });

    it('writes the short year with a leading zero', () => {
      expect(p('2009-01').shortLabel).toBe('Jan-09');
    });
  });

  describe('financial quarters', () => {
    it('reads Q1 as April to June of the first year', () => {
      expect(parsePeriod('2022-23-Q1')).toEqual({
        code: '2022-23-Q1',
        kind: 'quarter',
        start: '2022-04-01',
        end: '2022-06-30',
        label: 'Q1 2022-23 (Apr–Jun 2022)',
        shortLabel: 'Q1 22-23',
      });
    });

    it('reads Q2 as July to September and Q3 as October to December', () => {
      expect(p('2022-23-Q2')).toMatchObject({
        start: '2022-07-01',
        end: '2022-09-30',
        label: 'Q2 2022-23 (Jul–Sep 2022)',
      });
      expect(p('2022-23-Q3')).toMatchObject({
        start: '2022-10-01',
        end: '2022-12-31',
        label: 'Q3 2022-23 (Oct–Dec 2022)',
      });
    });

    it('reads Q4 as January to March of the second year, across the year end', () => {
      expect(p('2022-23-Q4')).toMatchObject({
        start: '2023-01-01',
        end: '2023-03-31',
        label: 'Q4 2022-23 (Jan–Mar 2023)',
        shortLabel: 'Q4 22-23',
      });
    });
  });

  describe('school terms', () => {
    it('reads autumn as 1 September to 31 December', () => {
      expect(parsePeriod('2022-23-autumn')).toEqual({
        code: '2022-23-autumn',
        kind: 'term',
        start: '2022-09-01',
        end: '2022-12-31',
        label: 'Autumn term 2022-23',
        shortLabel: 'Aut 22-23',
      });
    });

    it('reads spring as 1 January to 31 March of the second year', () => {
      expect(p('2022-23-spring')).toMatchObject({
        start: '2023-01-01',
        end: '2023-03-31',
        label: 'Spring term 2022-23',
        shortLabel: 'Spr 22-23',
      });
    });

    it('reads summer as 1 April to 31 August of the second year', () => {
      expect(p('2022-23-summer')).toMatchObject({
        start: '2023-04-01',
        end: '2023-08-31',
        label: 'Summer term 2022-23',
        shortLabel: 'Sum 22-23',
      });
    });
  });

  describe('years', () => {
    it('reads a financial year as 1 April to 31 March', () => {
      expect(parsePeriod('FY2017-18')).toEqual({
        code: 'FY2017-18',
        kind: 'financial_year',
        start: '2017-04-01',
        end: '2018-03-31',
        label: '2017-18 (financial year)',
        shortLabel: '2017-18',
      });
    });

    it('reads an academic year as 1 September to 31 August', () => {
      expect(parsePeriod('AY2017-18')).toEqual({
        code: 'AY2017-18',
        kind: 'academic_year',
        start: '2017-09-01',
        end: '2018-08-31',
        label: '2017-18 (academic year)',
        shortLabel: '2017-18',
      });
    });

    it('reads a calendar year as 1 January to 31 December', () => {
      expect(parsePeriod('CY2017')).toEqual({
        code: 'CY2017',
        kind: 'calendar_year',
        start: '2017-01-01',
        end: '2017-12-31',
        label: '2017 (calendar year)',
        shortLabel: '2017',
      });
    });

    it('accepts a two-year code across a century, 1999-00', () => {
      expect(p('FY1999-00')).toMatchObject({ start: '1999-04-01', end: '2000-03-31' });
      expect(p('2099-00-Q4').end).toBe('2100-03-31');
    });
  });

  describe('ranges', () => {
    it('reads a range of months across a year end', () => {
      expect(parsePeriod('2016-11..2017-04')).toEqual({
        code: '2016-11..2017-04',
        kind: 'range',
        start: '2016-11-01',
        end: '2017-04-30',
        label: 'Nov 2016 – Apr 2017',
        shortLabel: 'Nov-16 – Apr-17',
      });
    });

    it('accepts a one-month range and labels it like the month', () => {
      expect(p('2017-04..2017-04')).toMatchObject({
        kind: 'range',
        start: '2017-04-01',
        end: '2017-04-30',
        label: 'Apr 2017',
        shortLabel: 'Apr-17',
      });
    });

    it('accepts a range of exactly 120 months and rejects 121', () => {
      expect(parsePeriod('2010-01..2019-12')?.end).toBe('2019-12-31');
      expect(parsePeriod('2010-01..2020-01')).toBeNull();
    });

    it('ends a range in February of a leap year on the 29th', () => {
      expect(p('2023-12..2024-02').end).toBe('2024-02-29');
    });
  });

  describe('rejects malformed or impossible codes', () => {
    it.each([
      ['', 'empty'],
      ['2017-13', 'month 13'],
      ['2017-00', 'month 0'],
      ['2017-5', 'one-digit month'],
      ['17-05', 'two-digit year'],
      [' 2017-05', 'leading space'],
      ['2017-05 ', 'trailing space'],
      ['0999-12', 'year before 1000'],
      ['2017-19-Q1', 'second year not the next'],
      ['2017-17-Q1', 'second year the same'],
      ['2017-18-Q5', 'quarter 5'],
      ['2017-18-Q0', 'quarter 0'],
      ['2017-18-q1', 'lower-case quarter'],
      ['2017-18-Autumn', 'capitalised term'],
      ['2017-18-winter', 'unknown term'],
      ['2017-19-spring', 'term with the wrong second year'],
      ['FY2017-19', 'financial year with the wrong second year'],
      ['FY2017-2018', 'four-digit second year'],
      ['fy2017-18', 'lower-case prefix'],
      ['AY2017-16', 'academic year running backwards'],
      ['FY9999-00', 'financial year ending after 9999'],
      ['CY17', 'two-digit calendar year'],
      ['2017', 'bare year'],
      ['2017-04..2017-03', 'range running backwards'],
      ['2017-04..2017-13', 'range to month 13'],
      ['2017-04...2017-06', 'three dots'],
      ['2017-04..', 'open range'],
      ['2017-05-01', 'a date'],
    ])('rejects %j (%s)', (code) => {
      expect(parsePeriod(code)).toBeNull();
    });
  });

  it('round-trips every code it produces', () => {
    for (const code of [
      '2017-05',
      '2022-23-Q4',
      '2022-23-spring',
      'FY2017-18',
      'AY2017-18',
      'CY2017',
      '2016-11..2017-04',
    ]) {
      expect(p(code).code).toBe(code);
    }
  });
});

describe('isIsoDate', () => {
  it('accepts real dates, including 29 February in a leap year', () => {
    expect(isIsoDate('2017-05-31')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
  });

  it('rejects impossible or malformed dates', () => {
    for (const d of [
      '2023-02-29',
      '2017-04-31',
      '2017-13-01',
      '2017-05-00',
      '2017-5-1',
      '2017-05',
      '31/05/2017',
      '',
    ]) {
      expect(isIsoDate(d)).toBe(false);
    }
  });
});

describe('periodKindForFrequency', () => {
  it('maps each frequency to the period an indicator reports for', () => {
    expect(Object.fromEntries(FREQUENCIES.map((f) => [f, periodKindForFrequency(f)]))).toEqual({
      monthly: 'month',
      quarterly: 'quarter',
      termly: 'term',
      academic_year: 'academic_year',
      financial_year: 'financial_year',
      calendar_year: 'calendar_year',
    });
  });
});

describe('previousPeriod', () => {
  it.each([
    ['2017-05', '2017-04'],
    ['2017-01', '2016-12'],
    ['2024-03', '2024-02'],
    ['2022-23-Q2', '2022-23-Q1'],
    ['2022-23-Q1', '2021-22-Q4'],
    ['2022-23-Q4', '2022-23-Q3'],
    ['2022-23-spring', '2022-23-autumn'],
    ['2022-23-summer', '2022-23-spring'],
    ['2022-23-autumn', '2021-22-summer'],
    ['FY2017-18', 'FY2016-17'],
    ['AY2017-18', 'AY2016-17'],
    ['CY2017', 'CY2016'],
    ['2000-01-Q1', '1999-00-Q4'],
  ])('goes from %s to %s', (from, to) => {
    expect(previousPeriod(p(from)).code).toBe(to);
  });

  it('gives a range the same number of months ending the month before it starts', () => {
    expect(previousPeriod(p('2016-11..2017-04'))).toMatchObject({
      code: '2016-05..2016-10',
      label: 'May 2016 – Oct 2016',
    });
    expect(previousPeriod(p('2017-04..2017-04')).code).toBe('2017-03..2017-03');
  });
});

describe('nextPeriod', () => {
  it.each([
    ['2016-12', '2017-01'],
    ['2021-22-Q4', '2022-23-Q1'],
    ['2022-23-Q3', '2022-23-Q4'],
    ['2022-23-autumn', '2022-23-spring'],
    ['2022-23-summer', '2023-24-autumn'],
    ['FY2017-18', 'FY2018-19'],
    ['AY2017-18', 'AY2018-19'],
    ['CY2017', 'CY2018'],
    ['2016-05..2016-10', '2016-11..2017-04'],
  ])('goes from %s to %s', (from, to) => {
    expect(nextPeriod(p(from)).code).toBe(to);
  });
});

describe('samePeriodLastYear', () => {
  it.each([
    ['2017-05', '2016-05'],
    ['2024-02', '2023-02'],
    ['2022-23-Q4', '2021-22-Q4'],
    ['2022-23-Q1', '2021-22-Q1'],
    ['2022-23-spring', '2021-22-spring'],
    ['2022-23-autumn', '2021-22-autumn'],
    ['FY2017-18', 'FY2016-17'],
    ['AY2017-18', 'AY2016-17'],
    ['CY2017', 'CY2016'],
    ['2016-11..2017-04', '2015-11..2016-04'],
  ])('goes from %s to %s', (from, to) => {
    expect(samePeriodLastYear(p(from)).code).toBe(to);
  });

  it('ends February 2024 a year earlier on the 28th', () => {
    expect(samePeriodLastYear(p('2024-02')).end).toBe('2023-02-28');
  });
});

describe('monthsIn', () => {
  it('lists a single month for a month', () => {
    expect(monthsIn(p('2017-05'))).toEqual(['2017-05']);
  });

  it('lists the three months of Q4 across the calendar year end', () => {
    expect(monthsIn(p('2022-23-Q4'))).toEqual(['2023-01', '2023-02', '2023-03']);
  });

  it('lists the months of each term', () => {
    expect(monthsIn(p('2022-23-autumn'))).toEqual(['2022-09', '2022-10', '2022-11', '2022-12']);
    expect(monthsIn(p('2022-23-spring'))).toEqual(['2023-01', '2023-02', '2023-03']);
    expect(monthsIn(p('2022-23-summer'))).toEqual(['2023-04', '2023-05', '2023-06', '2023-07', '2023-08']);
  });

  it('lists a financial year from April to March', () => {
    const months = monthsIn(p('FY2017-18'));
    expect(months).toHaveLength(12);
    expect([months[0], months[8], months[9], months[11]]).toEqual([
      '2017-04',
      '2017-12',
      '2018-01',
      '2018-03',
    ]);
  });

  it('lists a range over December in order', () => {
    expect(monthsIn(p('2016-11..2017-04'))).toEqual([
      '2016-11',
      '2016-12',
      '2017-01',
      '2017-02',
      '2017-03',
      '2017-04',
    ]);
  });
});

describe('monthRange', () => {
  it('makes a range period from two month codes', () => {
    expect(monthRange('2016-11', '2017-04')).toEqual(p('2016-11..2017-04'));
  });

  it('throws when the range runs backwards or a code is not a month', () => {
    expect(() => monthRange('2017-04', '2016-11')).toThrow(Error);
    expect(() => monthRange('2017-04', '2017-13')).toThrow(/2017-13/);
    expect(() => monthRange('FY2017-18', '2018-03')).toThrow(Error);
  });
});

describe('previousMonths', () => {
  it('gives the 6 months ending the month before May-17: Nov-16 to Apr-17', () => {
    expect(previousMonths(p('2017-05'), 6)).toMatchObject({
      code: '2016-11..2017-04',
      kind: 'range',
      shortLabel: 'Nov-16 – Apr-17',
    });
  });

  it('gives the single previous month for n = 1', () => {
    expect(previousMonths(p('2017-01'), 1).code).toBe('2016-12..2016-12');
  });

  it('counts back from the first month of a longer period', () => {
    expect(previousMonths(p('2022-23-Q1'), 3).code).toBe('2022-01..2022-03');
  });

  it('throws for a count that is not a whole number from 1 to 120', () => {
    for (const n of [0, -1, 1.5, 121, Number.NaN]) {
      expect(() => previousMonths(p('2017-05'), n)).toThrow(RangeError);
    }
    expect(previousMonths(p('2017-05'), 120).code).toBe('2007-05..2017-04');
  });
});

describe('previousYearEnd', () => {
  it.each([
    ['2017-05', '2017-03'],
    ['2017-04', '2017-03'],
    ['2017-03', '2016-03'],
    ['2017-02', '2016-03'],
    ['2017-01', '2016-03'],
    ['2016-12', '2016-03'],
  ])('gives %s the year end %s', (month, yearEnd) => {
    expect(previousYearEnd(p(month))).toMatchObject({ code: yearEnd, kind: 'month' });
  });

  it('judges a longer period by its end date', () => {
    expect(previousYearEnd(p('2022-23-Q4')).code).toBe('2022-03');
    expect(previousYearEnd(p('2023-24-Q1')).code).toBe('2023-03');
  });
});

describe('rolling12Months', () => {
  it('gives the 12 months ending with the month, across the year end', () => {
    expect(rolling12Months(p('2017-05'))).toMatchObject({
      code: '2016-06..2017-05',
      start: '2016-06-01',
      end: '2017-05-31',
    });
  });

  it('covers exactly the financial year when the month is March', () => {
    expect(monthsIn(rolling12Months(p('2018-03')))).toEqual(monthsIn(p('FY2017-18')));
  });

  it('ends with the last month of a quarter', () => {
    expect(rolling12Months(p('2022-23-Q2')).code).toBe('2021-10..2022-09');
  });
});

describe('financialYearToDate', () => {
  it('runs from April to the month', () => {
    expect(financialYearToDate(p('2017-05')).code).toBe('2017-04..2017-05');
  });

  it('is the single month of April in April', () => {
    expect(financialYearToDate(p('2017-04'))).toMatchObject({ code: '2017-04..2017-04', kind: 'range' });
  });

  it('runs from the previous April in January to March', () => {
    expect(financialYearToDate(p('2018-01')).code).toBe('2017-04..2018-01');
    expect(financialYearToDate(p('2018-03')).code).toBe('2017-04..2018-03');
  });

  it('runs to the last month of a quarter', () => {
    expect(financialYearToDate(p('2022-23-Q3')).code).toBe('2022-04..2022-12');
  });
});

describe('threeYearsEnding', () => {
  it('gives the 36 months ending with the month', () => {
    const range = threeYearsEnding(p('2017-05'));
    expect(range.code).toBe('2014-06..2017-05');
    expect(monthsIn(range)).toHaveLength(36);
  });
});

describe('reportingYearOf', () => {
  it('puts May 2017 in financial and academic year 2016-17 and calendar year 2017', () => {
    const may = p('2017-05');
    expect(reportingYearOf(may, 'financial')).toBe('2017-18');
    expect(reportingYearOf(may, 'academic')).toBe('2016-17');
    expect(reportingYearOf(may, 'calendar')).toBe('2017');
  });

  it('starts the financial year in April and the academic year in September', () => {
    expect(reportingYearOf(p('2017-03'), 'financial')).toBe('2016-17');
    expect(reportingYearOf(p('2017-04'), 'financial')).toBe('2017-18');
    expect(reportingYearOf(p('2017-08'), 'academic')).toBe('2016-17');
    expect(reportingYearOf(p('2017-09'), 'academic')).toBe('2017-18');
  });

  it('judges a period crossing a year boundary by its end date', () => {
    expect(reportingYearOf(p('2016-11..2017-04'), 'financial')).toBe('2017-18');
    expect(reportingYearOf(p('2016-11..2017-04'), 'calendar')).toBe('2017');
    expect(reportingYearOf(p('2022-23-Q4'), 'financial')).toBe('2022-23');
    expect(reportingYearOf(p('2022-23-Q4'), 'calendar')).toBe('2023');
    expect(reportingYearOf(p('AY2017-18'), 'financial')).toBe('2018-19');
  });

  it('puts a year in itself', () => {
    expect(reportingYearOf(p('FY2017-18'), 'financial')).toBe('2017-18');
    expect(reportingYearOf(p('AY2017-18'), 'academic')).toBe('2017-18');
    expect(reportingYearOf(p('CY2017'), 'calendar')).toBe('2017');
  });

  it('writes the second year with two digits across a century', () => {
    expect(reportingYearOf(p('2000-02'), 'financial')).toBe('1999-00');
  });
});

describe('periodsBetween', () => {
  it('lists months across a year end, both ends included', () => {
    expect(codes(periodsBetween(p('2016-11'), p('2017-02')))).toEqual([
      '2016-11',
      '2016-12',
      '2017-01',
      '2017-02',
    ]);
  });

  it('lists quarters across financial years', () => {
    expect(codes(periodsBetween(p('2021-22-Q3'), p('2022-23-Q2')))).toEqual([
      '2021-22-Q3',
      '2021-22-Q4',
      '2022-23-Q1',
      '2022-23-Q2',
    ]);
  });

  it('lists terms across academic years', () => {
    expect(codes(periodsBetween(p('2021-22-summer'), p('2022-23-spring')))).toEqual([
      '2021-22-summer',
      '2022-23-autumn',
      '2022-23-spring',
    ]);
  });

  it('lists years of each kind', () => {
    expect(codes(periodsBetween(p('FY2015-16'), p('FY2017-18')))).toEqual([
      'FY2015-16',
      'FY2016-17',
      'FY2017-18',
    ]);
    expect(codes(periodsBetween(p('AY2016-17'), p('AY2017-18')))).toEqual(['AY2016-17', 'AY2017-18']);
    expect(codes(periodsBetween(p('CY2016'), p('CY2017')))).toEqual(['CY2016', 'CY2017']);
  });

  it('gives the one period when first and last are the same', () => {
    expect(codes(periodsBetween(p('2017-05'), p('2017-05')))).toEqual(['2017-05']);
  });

  it('gives nothing when last ends before first', () => {
    expect(periodsBetween(p('2017-05'), p('2017-04'))).toEqual([]);
  });

  it('steps ranges by their own length', () => {
    expect(codes(periodsBetween(p('2016-05..2016-10'), p('2016-11..2017-04')))).toEqual([
      '2016-05..2016-10',
      '2016-11..2017-04',
    ]);
    expect(codes(periodsBetween(p('2016-01..2016-02'), p('2016-04..2016-05')))).toEqual([
      '2016-01..2016-02',
      '2016-03..2016-04',
    ]);
  });

  it('throws when the kinds differ', () => {
    expect(() => periodsBetween(p('2017-04'), p('2017-18-Q1'))).toThrow(/month to a quarter/);
  });
});

describe('comparePeriods', () => {
  it('orders by end date', () => {
    expect(comparePeriods(p('2017-04'), p('2017-05'))).toBeLessThan(0);
    expect(comparePeriods(p('2017-05'), p('2017-04'))).toBeGreaterThan(0);
  });

  it('puts the longer period second when two end on the same day', () => {
    expect(comparePeriods(p('2018-03'), p('2017-18-Q4'))).toBeGreaterThan(0);
    expect(comparePeriods(p('FY2017-18'), p('2017-18-Q4'))).toBeLessThan(0);
  });

  it('treats two periods covering the same days as equal', () => {
    expect(comparePeriods(p('FY2017-18'), p('2017-04..2018-03'))).toBe(0);
    expect(comparePeriods(p('2017-05'), p('2017-05'))).toBe(0);
  });

  it('sorts a mixed list by end then start', () => {
    const list = ['FY2017-18', '2018-03', '2017-05', '2017-18-Q4', '2016-11..2017-04'].map(p);
    expect(codes([...list].sort(comparePeriods))).toEqual([
      '2016-11..2017-04',
      '2017-05',
      'FY2017-18',
      '2017-18-Q4',
      '2018-03',
    ]);
  });
});

describe('currentPeriod', () => {
  it.each([
    ['month', '2017-05-17', '2017-05'],
    ['quarter', '2022-05-17', '2022-23-Q1'],
    ['quarter', '2023-02-28', '2022-23-Q4'],
    ['quarter', '2022-12-31', '2022-23-Q3'],
    ['quarter', '2023-04-01', '2023-24-Q1'],
    ['term', '2022-09-01', '2022-23-autumn'],
    ['term', '2022-12-31', '2022-23-autumn'],
    ['term', '2023-01-01', '2022-23-spring'],
    ['term', '2023-03-31', '2022-23-spring'],
    ['term', '2023-04-01', '2022-23-summer'],
    ['term', '2023-08-31', '2022-23-summer'],
    ['financial_year', '2018-03-31', 'FY2017-18'],
    ['financial_year', '2018-04-01', 'FY2018-19'],
    ['academic_year', '2018-08-31', 'AY2017-18'],
    ['academic_year', '2018-09-01', 'AY2018-19'],
    ['calendar_year', '2017-12-31', 'CY2017'],
    ['month', '2024-02-29', '2024-02'],
  ] as const)('puts a %s containing %s at %s', (kind, today, code) => {
    expect(currentPeriod(kind, today).code).toBe(code);
  });

  it('throws for a range, which no single date defines', () => {
    expect(() => currentPeriod('range', '2017-05-17')).toThrow(/range/);
  });

  it('throws for a date that does not exist', () => {
    expect(() => currentPeriod('month', '2023-02-29')).toThrow(/2023-02-29/);
  });
});
