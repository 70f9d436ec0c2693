import { describe, expect, it } from 'vitest';
import { parsePeriod, type Period } from '../../src/domain/periods.ts';
import type { MeasureDefinition, MeasureRow } from '../../src/measures/measure.ts';
import {
  choiceKindOf,
  formatFigure,
  latestCompleteMonth,
  lineView,
  periodChoices,
  periodOfKind,
  rowsBehindTable,
  tableCells,
  trendMonths,
} from '../../src/web/view-models/measures.ts';

const period = (code: string): Period => parsePeriod(code)!;

const definition = (kind: MeasureDefinition['kind']): MeasureDefinition => ({
  id: 'm',
  title: 'A measure',
  summary: '',
  kind,
  polarity: 'neither',
  numeratorLabel: '',
  denominatorLabel: '',
  source: '',
  rows: () => [],
});

const line = { item: 'North', label: 'North', numerator: 3, denominator: 4, value: 75, leftOut: 0 };
const query = { la: '330', period: '2024-03', breakdown: 'team' as const };

describe('the measures pages’ figures', () => {
  it('shows a percentage and a rate to one decimal place, days and counts whole', () => {
    expect(formatFigure('percent', 66.666)).toBe('66.7%');
    expect(formatFigure('rate_per_10k', 412.25)).toBe('412.3');
    expect(formatFigure('average_days', 273.5)).toBe('274');
    expect(formatFigure('count', 1304)).toBe('1,304');
  });

  it('shows no figure, never 0, when the denominator is 0', () => {
    expect(formatFigure('percent', null)).toBe('No figure');
  });

  it('links each count to its records only for those who may see children, and only when there are some', () => {
    const seen = lineView(definition('percent'), { ...line, leftOut: 0 }, query, true);
    expect(seen.numeratorHref).toBe(
      '/measures/m/children?la=330&period=2024-03&breakdown=team&item=North&part=numerator',
    );
    expect(seen.leftOutHref).toBeNull();
    const hidden = lineView(definition('percent'), line, query, false);
    expect([hidden.numeratorHref, hidden.denominatorHref]).toEqual([null, null]);
  });

  it('does not link the days of an average or the population of a rate, which are not records', () => {
    const average = lineView(definition('average_days'), line, query, true);
    expect(average.numerator).toBe('3 days');
    expect(average.numeratorHref).toBeNull();
    const rate = lineView(definition('rate_per_10k'), { ...line, denominator: 0, value: null }, query, true);
    expect(rate.denominator).toBe('Not known');
    expect(rate.denominatorHref).toBeNull();
  });
});

describe('the choice of period', () => {
  it('takes the month the records reach when they reach its last day, else the month before', () => {
    expect(latestCompleteMonth('2024-03-31').code).toBe('2024-03');
    expect(latestCompleteMonth('2024-03-30').code).toBe('2024-02');
    expect(latestCompleteMonth('2024-01-15').code).toBe('2023-12');
    expect(latestCompleteMonth('2024-02-29').code).toBe('2024-02');
  });

  it('finds the quarter, financial year and 12 months of a month, across the year end', () => {
    expect(periodOfKind('quarter', period('2024-01')).code).toBe('2023-24-Q4');
    expect(periodOfKind('quarter', period('2024-04')).code).toBe('2024-25-Q1');
    expect(periodOfKind('quarter', period('2023-12')).code).toBe('2023-24-Q3');
    expect(periodOfKind('financial_year', period('2024-03')).code).toBe('FY2023-24');
    expect(periodOfKind('rolling_12', period('2024-01')).code).toBe('2023-02..2024-01');
  });

  it('knows the four kinds the pages offer and no other', () => {
    expect(choiceKindOf(period('2023-02..2024-01'))).toBe('rolling_12');
    expect(choiceKindOf(period('2023-08..2024-01'))).toBeNull();
    expect(choiceKindOf(period('CY2024'))).toBeNull();
  });

  it('offers the periods of a kind latest first, the chosen one among them even when later', () => {
    const choices = periodChoices('quarter', period('2024-03'), period('2024-25-Q2'));
    expect(choices.slice(0, 3).map((c) => c.value)).toEqual(['2024-25-Q2', '2024-25-Q1', '2023-24-Q4']);
    expect(choices.filter((c) => c.selected).map((c) => c.value)).toEqual(['2024-25-Q2']);
    expect(choices).toHaveLength(12);
  });

  it('draws the trend over the 13 months ending with the period’s last month', () => {
    const months = trendMonths(period('2023-24-Q4'));
    expect(months).toHaveLength(13);
    expect([months[0]!.code, months[12]!.code]).toEqual(['2023-03', '2024-03']);
  });
});

describe('the records behind a figure', () => {
  const row = (
    childId: string,
    dates: Record<string, string | null>,
    leftOutBecause: string | null = null,
  ): MeasureRow => ({
    childId,
    kind: 'referrals',
    recordKey: childId,
    dates,
    ageAt: '2024-03-10',
    inDenominator: true,
    inNumerator: false,
    value: null,
    leftOutBecause,
  });
  const records = {
    child: (id: string) =>
      id === 'A'
        ? {
            la: '330',
            childId: 'A',
            key: 'A',
            problems: [],
            birthDate: '2023-06-01',
            sex: 'F' as const,
            ethnicity: null,
            upn: null,
            hasDisability: null,
            uascCeasedDate: null,
            wasUasc: false,
            team: 'North',
          }
        : undefined,
  };

  it('has a column for every date any row carries, in the order they first appear, and says why a row was left out', () => {
    const table = rowsBehindTable(
      definition('percent'),
      [
        row('A', { Referral: '2024-03-10' }),
        row('B', { Referral: null, 'Previous referral': '2023-05-02' }, 'referralDate'),
      ],
      records,
      'A measure',
    );
    expect(table.columns.map((c) => c.heading)).toEqual([
      'Child',
      'Team',
      'Age band',
      'Referral',
      'Previous referral',
      'Left out because',
    ]);
    expect(tableCells(table)).toEqual([
      ['A', 'North', 'Under 1', '10 March 2024', '', ''],
      [
        'B',
        'Not recorded',
        'Unborn/not known',
        '',
        '2 May 2023',
        'The referral date failed a validation rule',
      ],
    ]);
  });
});
