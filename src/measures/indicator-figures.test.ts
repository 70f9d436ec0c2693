import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../domain/periods.ts';
import type { Aggregate, AggregateLine } from './aggregate.ts';
import { indicatorFigures, measuredOver, refreshedPeriods } from './indicator-figures.ts';

const line = (
  item: string,
  label: string,
  numerator: number,
  denominator: number,
  value: number | null,
): AggregateLine => ({
  item,
  label,
  numerator,
  denominator,
  value,
  leftOut: 0,
});
const aggregate = (total: AggregateLine, items: AggregateLine[] = []): Aggregate => ({ total, items });
const NO_BREAKDOWN = { dimensionCode: null, items: [] };

describe('the periods an import refreshes', () => {
  it('are the complete months of the three years up to the return’s reference date', () => {
    const months = refreshedPeriods('monthly', '2024-03-31');
    expect(months).toHaveLength(36);
    expect([months[0]!.code, months.at(-1)!.code]).toEqual(['2021-04', '2024-03']);
  });

  it('leave out a period still running on the reference date', () => {
    expect(refreshedPeriods('monthly', '2024-03-15').at(-1)!.code).toBe('2024-02');
    expect(refreshedPeriods('quarterly', '2024-03-15').at(-1)!.code).toBe('2023-24-Q3');
    expect(refreshedPeriods('financial_year', '2024-03-31').map((p) => p.code)).toEqual([
      'FY2021-22',
      'FY2022-23',
      'FY2023-24',
    ]);
  });
});

describe('the stretch a period is measured over', () => {
  const may = parsePeriod('2017-05')!;
  it('is the period itself in the period or at its end', () => {
    expect(measuredOver(may, 'in_period')).toBe(may);
    expect(measuredOver(may, 'snapshot')).toBe(may);
  });
  it('is the 12 months, the financial year so far or the 36 months ending with it for the other bases', () => {
    expect((measuredOver(may, 'rolling_12_months') as { code: string }).code).toBe('2016-06..2017-05');
    expect((measuredOver(may, 'year_to_date') as { code: string }).code).toBe('2017-04..2017-05');
    expect((measuredOver(may, 'three_year_average') as { code: string }).code).toBe('2014-06..2017-05');
  });
});

describe('the figures an indicator records from a measure', () => {
  it('records a count as its value', () => {
    expect(
      indicatorFigures('count', aggregate(line('total', 'Total', 42, 42, 42)), false, NO_BREAKDOWN).figures,
    ).toEqual([{ breakdown: '', value: 42 }]);
  });

  it('records a percentage with its parts for a ratio indicator, and as a value for one that keeps none', () => {
    const figure = aggregate(line('total', 'Total', 41, 50, 82));
    expect(indicatorFigures('percent', figure, true, NO_BREAKDOWN).figures).toEqual([
      { breakdown: '', numerator: 41, denominator: 50 },
    ]);
    expect(indicatorFigures('percent', figure, false, NO_BREAKDOWN).figures).toEqual([
      { breakdown: '', value: 82 },
    ]);
  });

  it('records no figure where the measure has none (nothing to measure)', () => {
    expect(
      indicatorFigures('percent', aggregate(line('total', 'Total', 0, 0, null)), true, NO_BREAKDOWN).figures,
    ).toEqual([]);
  });

  it('gives each breakdown line to the dimension item of the same code or label, and names the lines that match none', () => {
    const figure = aggregate(line('total', 'Total', 10, 20, 50), [
      line('North', 'North', 4, 8, 50),
      line('south team', 'South team', 6, 10, 60),
      line('Not recorded', 'Not recorded', 0, 2, 0),
      line('Elsewhere', 'Elsewhere', 0, 0, null),
    ]);
    const result = indicatorFigures('percent', figure, true, {
      dimensionCode: 'locality',
      items: [
        { code: 'NORTH', label: 'North' },
        { code: 'SOUTH', label: 'South Team' },
      ],
    });
    expect(result.figures).toEqual([
      { breakdown: '', numerator: 10, denominator: 20 },
      { breakdown: 'locality=NORTH', numerator: 4, denominator: 8 },
      { breakdown: 'locality=SOUTH', numerator: 6, denominator: 10 },
    ]);
    expect(result.unmatched).toEqual(['Not recorded']);
  });
});
