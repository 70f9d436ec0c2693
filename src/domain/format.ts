/**
 * Rounding and display of indicator values. Display only: targets are
 * evaluated on exact values, never on what these functions print.
 */
import { type Unit } from './indicator.ts';

/** A finite number's shortest decimal form as digits × 10^exponent: 1.005 → { mantissa: '1.005', exponent: 0 }. */
function scientific(x: number): { mantissa: string; exponent: number } {
  const text = x.toExponential();
  const e = text.indexOf('e');
  return { mantissa: text.slice(0, e), exponent: Number(text.slice(e + 1)) };
}

/** The most decimal places a value may be rounded or shown to. */
export const MAX_DECIMALS = 20;

function assertDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > MAX_DECIMALS) {
    throw new RangeError(`Decimal places must be a whole number from 0 to ${MAX_DECIMALS}, not ${decimals}`);
  }
}

/**
 * Rounds to `decimals` places, halves away from zero, as people round by hand:
 * 12.5 → 13, 0.125 at 2 dp → 0.13, −2.5 → −3.
 *
 * The number is rounded as the shortest decimal that names it, not as its
 * binary approximation: 1.005 is stored as 1.00499999999999989…, yet rounds
 * to 1.01. Zero, and anything that rounds to zero, comes back as 0 (never −0).
 * NaN and ±Infinity come back unchanged. Throws a RangeError unless
 * `decimals` is a whole number from 0 to 20.
 */
export function roundHalfUp(x: number, decimals: number): number {
  assertDecimals(decimals);
  if (!Number.isFinite(x)) return x;
  const { mantissa, exponent } = scientific(Math.abs(x));
  const shifted = Number(`${mantissa}e${exponent + decimals}`);
  // Beyond 1e21 a double has no digits left at this precision: x is already rounded.
  if (shifted >= 1e21) return x;
  const rounded = Number(`${Math.round(shifted)}e-${decimals}`);
  return rounded === 0 ? 0 : Math.sign(x) * rounded;
}

/**
 * How many decimal places a number is written with in its shortest form:
 * 24 → 0, 99.5 → 1, 65.7 → 1, 0.01 → 2.
 */
export function decimalPlacesOf(x: number): number {
  if (!Number.isFinite(x)) return 0;
  const { mantissa, exponent } = scientific(x);
  const point = mantissa.indexOf('.');
  const fractionDigits = point < 0 ? 0 : mantissa.length - point - 1;
  return Math.max(0, fractionDigits - exponent);
}

function withThousandsSeparators(digits: string): string {
  const [whole = '', fraction] = digits.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/**
 * A value as a page shows it: rounded half up to `decimals` places, always
 * with exactly that many decimals, with thousands separators.
 *
 * percent '93%', '65.70%'; count '1,218'; rate_per_10k '26'; days '274';
 * score '-0.2'; money '£1,234' ('-£1,234' when negative).
 *
 * Null means no value and shows as '' (so does NaN or ±Infinity, which no
 * indicator can hold); zero shows as '0' with its unit ('0%', '£0').
 * A negative value that rounds to zero shows without a minus sign.
 */
export function formatValue(x: number | null, opts: { unit: Unit; decimals: number }): string {
  assertDecimals(opts.decimals);
  if (x === null || !Number.isFinite(x)) return '';
  const rounded = roundHalfUp(x, opts.decimals);
  const sign = rounded < 0 ? '-' : '';
  const body = withThousandsSeparators(Math.abs(rounded).toFixed(opts.decimals));
  switch (opts.unit) {
    case 'percent':
      return `${sign}${body}%`;
    case 'money':
      return `${sign}£${body}`;
    case 'count':
    case 'days':
    case 'rate_per_10k':
    case 'score':
      return `${sign}${body}`;
  }
}

/**
 * A count as a whole number with thousands separators: 1304 → '1,304'.
 * Counts can be averages (the previous 6 months' average total of 1,300.5
 * children) and round half up: 1300.5 → '1,301'. Null shows as ''.
 */
export function formatCount(x: number | null): string {
  return formatValue(x, { unit: 'count', decimals: 0 });
}
