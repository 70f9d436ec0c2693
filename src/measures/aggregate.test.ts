import { describe, expect, it } from 'vitest';
import { aggregate, TOTAL_ITEM } from './aggregate.ts';
import { child } from './test-records.ts';
import type { MeasureRow } from './measure.ts';
import type { Child } from './model.ts';

function row(childId: string, parts: Partial<MeasureRow> = {}): MeasureRow {
  return {
    childId,
    kind: 'referrals',
    recordKey: `330|${childId}`,
    dates: {},
    ageAt: '2024-03-31',
    inDenominator: true,
    inNumerator: false,
    value: null,
    leftOutBecause: null,
    ...parts,
  };
}

const children = new Map<string, Child>([
  ['E1', child('E1', { team: 'EAST', sex: 'F' })],
  ['E2', child('E2', { team: 'EAST', sex: 'M' })],
  ['S1', child('S1', { team: 'SOUTH', sex: 'M' })],
  ['N1', child('N1', { team: null, sex: 'M' })],
]);
const childOf = (id: string) => children.get(id);

describe('a percentage', () => {
  const rows = [
    row('E1', { inNumerator: true }),
    row('E2'),
    row('S1', { inNumerator: true }),
    row('N1', { leftOutBecause: 'referralDate' }),
  ];

  it('is the numerator rows over the denominator rows, unrounded, with left-out rows apart', () => {
    const { total } = aggregate({ kind: 'percent' }, rows, { breakdown: 'none', childOf });
    expect(total).toEqual({
      item: TOTAL_ITEM,
      label: 'Total',
      numerator: 2,
      denominator: 3,
      value: (2 / 3) * 100,
      leftOut: 1,
    });
  });

  it('is given for each team, with a line for children without one', () => {
    const { items } = aggregate({ kind: 'percent' }, rows, { breakdown: 'team', childOf });
    expect(items.map((l) => [l.item, l.numerator, l.denominator, l.value, l.leftOut])).toEqual([
      ['EAST', 1, 2, 50, 0],
      ['SOUTH', 1, 1, 100, 0],
      ['Not recorded', 0, 0, null, 1],
    ]);
  });

  it('has no figure when nothing is in the denominator', () => {
    const { total } = aggregate({ kind: 'percent' }, [], { breakdown: 'none', childOf });
    expect(total).toMatchObject({ numerator: 0, denominator: 0, value: null, leftOut: 0 });
  });

  it('keeps a line for every sex even when one has no rows', () => {
    const { items } = aggregate({ kind: 'percent' }, rows.slice(0, 1), { breakdown: 'sex', childOf });
    expect(items.map((l) => [l.label, l.denominator, l.value])).toEqual([
      ['Male', 0, null],
      ['Female', 1, 100],
      ['Not known', 0, null],
    ]);
  });
});

describe('a count', () => {
  it('is the numerator rows, and zero when there are none', () => {
    const rows = [row('E1', { inNumerator: true }), row('E2', { inNumerator: true })];
    expect(aggregate({ kind: 'count' }, rows, { breakdown: 'none', childOf }).total.value).toBe(2);
    expect(aggregate({ kind: 'count' }, [], { breakdown: 'none', childOf }).total.value).toBe(0);
  });

  it('breaks down by the age of the child on each row’s own date', () => {
    const born = new Map([['B', child('B', { birthDate: '2023-03-31' })]]);
    const rows = [
      row('B', { inNumerator: true, ageAt: '2024-03-30' }),
      row('B', { inNumerator: true, ageAt: '2024-03-31' }),
      row('B', { inNumerator: true, ageAt: '2023-03-30' }),
    ];
    const { items } = aggregate({ kind: 'count' }, rows, {
      breakdown: 'age_band',
      childOf: (id) => born.get(id),
    });
    expect(items.map((l) => l.value)).toEqual([1, 1, 0, 0, 0, 1]);
  });
});

describe('a rate per 10,000', () => {
  const rows = [
    row('E1', { inNumerator: true }),
    row('E2', { inNumerator: true }),
    row('S1', { inNumerator: true }),
  ];
  const population = (item: string) => ({ total: 60_000, EAST: 20_000 })[item] ?? null;

  it('divides the numerator by the population, reported as the denominator', () => {
    const { total, items } = aggregate({ kind: 'rate_per_10k' }, rows, {
      breakdown: 'team',
      childOf,
      population,
    });
    expect(total).toMatchObject({ numerator: 3, denominator: 60_000, value: 0.5 });
    expect(items[0]).toMatchObject({ item: 'EAST', numerator: 2, denominator: 20_000, value: 1 });
  });

  it('has no figure where the population is unknown or not given', () => {
    const { items } = aggregate({ kind: 'rate_per_10k' }, rows, { breakdown: 'team', childOf, population });
    expect(items[1]).toMatchObject({ item: 'SOUTH', numerator: 1, denominator: 0, value: null });
    expect(aggregate({ kind: 'rate_per_10k' }, rows, { breakdown: 'none', childOf }).total.value).toBeNull();
  });
});

describe('an average of days', () => {
  it('is the mean of the numerator rows’ values, their sum and number being the parts', () => {
    const rows = [
      row('E1', { inNumerator: true, value: 100 }),
      row('E2', { inNumerator: true, value: 51 }),
      row('S1', { inNumerator: false, value: 900 }),
      row('N1', { inNumerator: true, value: 700, leftOutBecause: 'startDate' }),
    ];
    const { total } = aggregate({ kind: 'average_days' }, rows, { breakdown: 'none', childOf });
    expect(total).toMatchObject({ numerator: 151, denominator: 2, value: 75.5, leftOut: 1 });
  });

  it('has no figure without a numerator row', () => {
    expect(
      aggregate({ kind: 'average_days' }, [row('E1')], { breakdown: 'none', childOf }).total.value,
    ).toBeNull();
  });
});
