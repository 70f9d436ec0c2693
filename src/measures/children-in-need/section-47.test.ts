import { describe, expect, it } from 'vitest';
import { icpcWithin15WorkingDays, section47Enquiries } from './section-47.ts';
import { rowsOf, tally } from './test-support.ts';
import { section47 } from '../test-records.ts';

describe('section 47 enquiries', () => {
  it('counts enquiries whose strategy discussion was in the period', () => {
    const rows = rowsOf(
      section47Enquiries,
      {
        section47s: [
          section47('A', '2022-12-31'),
          section47('B', '2023-01-01'),
          section47('C', '2023-03-31'),
        ],
      },
      '2022-23-Q4',
    );
    expect(rows.map((r) => r.childId)).toEqual(['B', 'C']);
  });

  it('leaves out an enquiry whose strategy date failed validation', () => {
    const rows = rowsOf(
      section47Enquiries,
      { section47s: [section47('A', '2023-01-05', { problems: ['strategyDate'] })] },
      '2023-01',
    );
    expect(tally(rows)).toEqual({ numerator: 0, denominator: 0, leftOut: 1 });
  });
});

describe('initial conferences within 15 working days', () => {
  const held = (strategyDate: string, icpcDate: string | null, periodCode = 'FY2022-23') =>
    rowsOf(icpcWithin15WorkingDays, { section47s: [section47('A', strategyDate, { icpcDate })] }, periodCode);

  // Strategy discussion Thu 15 Dec 2022: 16 Dec (1), 19–23 Dec (2–6), 26–27 Dec bank holidays,
  // 28–30 Dec (7–9), 2 Jan holiday, 3–6 Jan (10–13), 9 Jan (14), 10 Jan (15): due Tuesday 10 January 2023.
  it('counts a conference on the 15th working day after the strategy discussion, across Christmas', () => {
    const [row] = held('2022-12-15', '2023-01-10', '2022-23-Q4');
    expect(row!.dates['Due']).toBe('2023-01-10');
    expect(row!.inNumerator).toBe(true);
  });

  it('does not count a conference on the 16th working day', () => {
    expect(held('2022-12-15', '2023-01-11')[0]!.inNumerator).toBe(false);
  });

  it('counts a conference held the same day as the strategy discussion', () => {
    expect(held('2022-06-01', '2022-06-01')[0]!.inNumerator).toBe(true);
  });

  it('takes conferences held in the period, whenever the enquiry started', () => {
    expect(held('2022-12-15', '2023-01-10', '2022-23-Q3')).toEqual([]);
    expect(held('2022-12-15', null, '2022-23-Q3')).toEqual([]);
  });

  it('leaves out a conference dated before its strategy discussion', () => {
    const rows = held('2022-06-10', '2022-06-01');
    expect(rows[0]!.leftOutBecause).toBe('icpcDate');
    expect(tally(rows).leftOut).toBe(1);
  });

  it('leaves out a conference whose date failed validation', () => {
    const rows = rowsOf(
      icpcWithin15WorkingDays,
      { section47s: [section47('A', '2022-06-01', { icpcDate: '2022-06-02', problems: ['icpcDate'] })] },
      'FY2022-23',
    );
    expect(tally(rows)).toEqual({ numerator: 0, denominator: 0, leftOut: 1 });
  });
});
