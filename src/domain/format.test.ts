import { describe, expect, it } from 'vitest';
import { decimalPlacesOf, formatCount, formatValue, roundHalfUp } from './format.ts';

describe('roundHalfUp', () => {
  it('rounds a half up to the next whole number: 12.5 → 13', () => {
    expect(roundHalfUp(12.5, 0)).toBe(13);
    expect(roundHalfUp(0.5, 0)).toBe(1);
  });

  it('rounds below a half down and above a half up', () => {
    expect(roundHalfUp(12.49, 0)).toBe(12);
    expect(roundHalfUp(12.51, 0)).toBe(13);
  });

  it('rounds a half at two places up: 0.125 → 0.13', () => {
    expect(roundHalfUp(0.125, 2)).toBe(0.13);
  });

  it('rounds a negative half away from zero: −2.5 → −3', () => {
    expect(roundHalfUp(-2.5, 0)).toBe(-3);
    expect(roundHalfUp(-0.125, 2)).toBe(-0.13);
    expect(roundHalfUp(-2.4, 0)).toBe(-2);
  });

  it('rounds the decimal the number was written as, not its binary approximation: 1.005 → 1.01', () => {
    expect(roundHalfUp(1.005, 2)).toBe(1.01);
    expect(roundHalfUp(2.675, 2)).toBe(2.68);
    expect(roundHalfUp(1.45, 1)).toBe(1.5);
    expect(roundHalfUp(8.345, 2)).toBe(8.35);
    expect(roundHalfUp(-1.005, 2)).toBe(-1.01);
  });

  it('rounds the May 2017 family assessments rate 1,218 / 1,304 to 93%', () => {
    expect(roundHalfUp((1218 * 100) / 1304, 0)).toBe(93);
    expect(roundHalfUp((1218 * 100) / 1304, 2)).toBe(93.4);
  });

  it('rounds the May 2017 re-referral rate 305 / 1,382 to 22% and 22.07%', () => {
    expect(roundHalfUp((305 * 100) / 1382, 0)).toBe(22);
    expect(roundHalfUp((305 * 100) / 1382, 2)).toBe(22.07);
  });

  it('leaves a number with no more places than asked for unchanged', () => {
    expect(roundHalfUp(65.7, 2)).toBe(65.7);
    expect(roundHalfUp(1218, 0)).toBe(1218);
    expect(roundHalfUp(1e20, 2)).toBe(1e20);
  });

  it('rounds very small and very large numbers', () => {
    expect(roundHalfUp(1e-7, 2)).toBe(0);
    expect(roundHalfUp(5e-7, 6)).toBe(0.000001);
    expect(roundHalfUp(123456789.125, 2)).toBe(123456789.13);
  });

  it('returns 0, never −0, for anything that rounds to zero', () => {
    expect(Object.is(roundHalfUp(-0.4, 0), 0)).toBe(true);
    expect(Object.is(roundHalfUp(-0, 2), 0)).toBe(true);
    expect(roundHalfUp(0, 0)).toBe(0);
  });

  it('returns NaN and infinities unchanged', () => {
    expect(roundHalfUp(Number.NaN, 0)).toBeNaN();
    expect(roundHalfUp(Number.POSITIVE_INFINITY, 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('throws for decimal places that are negative, fractional or above 20', () => {
    for (const d of [-1, 0.5, 21, Number.NaN]) expect(() => roundHalfUp(1, d)).toThrow(RangeError);
    expect(roundHalfUp(1, 20)).toBe(1);
  });
});

describe('decimalPlacesOf', () => {
  it('counts the places a number is written with', () => {
    expect(decimalPlacesOf(24)).toBe(0);
    expect(decimalPlacesOf(99.5)).toBe(1);
    expect(decimalPlacesOf(65.7)).toBe(1);
    expect(decimalPlacesOf(0.01)).toBe(2);
    expect(decimalPlacesOf(-0.2)).toBe(1);
    expect(decimalPlacesOf(1e-7)).toBe(7);
    expect(decimalPlacesOf(1200)).toBe(0);
    expect(decimalPlacesOf(0)).toBe(0);
  });

  it('counts no places for NaN', () => {
    expect(decimalPlacesOf(Number.NaN)).toBe(0);
  });
});

describe('formatValue', () => {
  it('shows null as an empty string', () => {
    for (const unit of ['percent', 'count', 'days', 'rate_per_10k', 'score', 'money'] as const) {
      expect(formatValue(null, { unit, decimals: 0 })).toBe('');
    }
  });

  it('shows NaN and infinities as an empty string', () => {
    expect(formatValue(Number.NaN, { unit: 'count', decimals: 0 })).toBe('');
    expect(formatValue(Number.NEGATIVE_INFINITY, { unit: 'percent', decimals: 0 })).toBe('');
  });

  it('shows a percentage rounded half up with a % sign: 93.40… → 93%', () => {
    expect(formatValue((1218 * 100) / 1304, { unit: 'percent', decimals: 0 })).toBe('93%');
    expect(formatValue(12.5, { unit: 'percent', decimals: 0 })).toBe('13%');
  });

  it('keeps trailing zeros to the decimals asked for: 65.7 at 2 dp → 65.70%', () => {
    expect(formatValue(65.7, { unit: 'percent', decimals: 2 })).toBe('65.70%');
    expect(formatValue(24, { unit: 'percent', decimals: 1 })).toBe('24.0%');
  });

  it('shows a count with thousands separators: 1,218', () => {
    expect(formatValue(1218, { unit: 'count', decimals: 0 })).toBe('1,218');
    expect(formatValue(283900, { unit: 'count', decimals: 0 })).toBe('283,900');
    expect(formatValue(1234567, { unit: 'count', decimals: 0 })).toBe('1,234,567');
    expect(formatValue(999, { unit: 'count', decimals: 0 })).toBe('999');
  });

  it('shows a rate per 10,000 and days as plain numbers', () => {
    expect(formatValue(25.9, { unit: 'rate_per_10k', decimals: 0 })).toBe('26');
    expect(formatValue(274, { unit: 'days', decimals: 0 })).toBe('274');
    expect(formatValue(1274.5, { unit: 'days', decimals: 0 })).toBe('1,275');
  });

  it('shows a negative score with a minus sign: −0.2', () => {
    expect(formatValue(-0.2, { unit: 'score', decimals: 1 })).toBe('-0.2');
    expect(formatValue(-0.25, { unit: 'score', decimals: 1 })).toBe('-0.3');
  });

  it('shows money with a pound sign and the decimals given', () => {
    expect(formatValue(1234, { unit: 'money', decimals: 0 })).toBe('£1,234');
    expect(formatValue(162.5, { unit: 'money', decimals: 1 })).toBe('£162.5');
    expect(formatValue(1234.5, { unit: 'money', decimals: 2 })).toBe('£1,234.50');
    expect(formatValue(-1234, { unit: 'money', decimals: 0 })).toBe('-£1,234');
  });

  it('puts thousands separators in the whole part only', () => {
    expect(formatValue(1234.5678, { unit: 'score', decimals: 3 })).toBe('1,234.568');
    expect(formatValue(-12345.5, { unit: 'score', decimals: 0 })).toBe('-12,346');
  });

  it('shows zero with its unit', () => {
    expect(formatValue(0, { unit: 'percent', decimals: 0 })).toBe('0%');
    expect(formatValue(0, { unit: 'money', decimals: 0 })).toBe('£0');
    expect(formatValue(0, { unit: 'score', decimals: 1 })).toBe('0.0');
  });

  it('drops the minus sign from a negative value that rounds to zero', () => {
    expect(formatValue(-0.04, { unit: 'score', decimals: 1 })).toBe('0.0');
    expect(formatValue(-0.4, { unit: 'money', decimals: 0 })).toBe('£0');
  });

  it('throws for decimal places that are not a whole number from 0 to 20', () => {
    expect(() => formatValue(1, { unit: 'count', decimals: -1 })).toThrow(RangeError);
    expect(() => formatValue(null, { unit: 'count', decimals: 1.5 })).toThrow(RangeError);
  });
});

describe('formatCount', () => {
  it('shows a whole count with thousands separators: 1,304', () => {
    expect(formatCount(1304)).toBe('1,304');
  });

  it('rounds an averaged count half up to a whole number: 1,300.5 → 1,301', () => {
    expect(formatCount(1300.5)).toBe('1,301');
    expect(formatCount(1300.49)).toBe('1,300');
  });

  it('shows null as an empty string and zero as 0', () => {
    expect(formatCount(null)).toBe('');
    expect(formatCount(0)).toBe('0');
  });
});
