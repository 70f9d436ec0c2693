/**
 * Direction of travel: has the indicator got better, worse or stayed the same
 * since the figure it is compared with (last month, last year)?
 *
 * The two values are compared as a page shows them, rounded half up to the
 * indicator's display decimals, so a movement nobody can see (22.04% to
 * 21.96%, both shown as 22%) is 'no change'. This is the opposite of target
 * evaluation, which uses exact values.
 */
import { type Aim, type Target } from './indicator.ts';
import { roundHalfUp } from './format.ts';
import { EQUALITY_TOLERANCE } from './evaluate-target.ts';

export type Direction =
  'improving' | 'worsening' | 'no_change' | 'increased' | 'decreased' | 'not_comparable' | 'not_available';

export interface DirectionOfTravel {
  direction: Direction;
  label: string;
  /** The movement of the number, not the judgement: ↑ the value went up, ↓ down, → the same as displayed, '' when there is nothing to compare. */
  arrow: '↑' | '↓' | '→' | '';
}

export const DIRECTION_LABELS: Record<Direction, string> = {
  improving: 'Improving',
  worsening: 'Worsening',
  no_change: 'No change',
  increased: 'Increased',
  decreased: 'Decreased',
  not_comparable: 'Not comparable (definition changed)',
  not_available: 'Not available',
};

function travel(direction: Direction, arrow: DirectionOfTravel['arrow']): DirectionOfTravel {
  return { direction, label: DIRECTION_LABELS[direction], arrow };
}

/** The band a target asks a stabilise or plan_is_best indicator to stay in ([t, t] for one number), or null when there is no number to aim at. */
function targetBand(target: Target | null): { low: number; high: number } | null {
  switch (target?.kind) {
    case 'value':
      return { low: target.value, high: target.value };
    case 'band':
      return { low: target.low, high: target.high };
    case 'benchmark':
      return target.resolvedValue === null ? null : { low: target.resolvedValue, high: target.resolvedValue };
    default:
      return null;
  }
}

/** How far a value is from a band: 0 inside it or on its edge. */
function distanceFrom(band: { low: number; high: number }, x: number): number {
  return x < band.low ? band.low - x : x > band.high ? x - band.high : 0;
}

/**
 * The direction of travel from `previous` to `current`.
 *
 * - Either value null (zero is a value) → 'not_available', checked first.
 * - `isComparable` false (the definition changed between the two) → 'not_comparable'.
 * - Values equal once rounded to `decimals` → 'no_change'.
 * - bigger_is_better and above_zero: up is 'improving', down 'worsening'.
 * - smaller_is_better: down is 'improving', up 'worsening'.
 * - stabilise and plan_is_best: closer to the target (distance to the band,
 *   0 anywhere inside it) is 'improving', further 'worsening', the same
 *   distance 'no_change' (even if the number moved: 78 to 92 around a band of
 *   80–90). With no value, band or resolved benchmark to aim at, up is
 *   'increased' and down 'decreased'.
 * - trend_only: 'increased' or 'decreased'.
 *
 * Throws an Error for a value that is not a finite number, and a RangeError
 * for decimals that are not a whole number from 0 to 20.
 */
export function directionOfTravel(input: {
  aim: Aim;
  current: number | null;
  previous: number | null;
  target: Target | null;
  decimals: number;
  isComparable: boolean;
}): DirectionOfTravel {
  const { aim, current, previous, target, decimals, isComparable } = input;
  if (current === null || previous === null) return travel('not_available', '');
  if (!Number.isFinite(current) || !Number.isFinite(previous))
    throw new Error('Values must be finite numbers');
  if (!isComparable) return travel('not_comparable', '');

  const now = roundHalfUp(current, decimals);
  const before = roundHalfUp(previous, decimals);
  if (now === before) return travel('no_change', '→');
  const isUp = now > before;
  const arrow = isUp ? '↑' : '↓';
  const increasedOrDecreased = travel(isUp ? 'increased' : 'decreased', arrow);

  switch (aim) {
    case 'bigger_is_better':
    case 'above_zero':
      return travel(isUp ? 'improving' : 'worsening', arrow);
    case 'smaller_is_better':
      return travel(isUp ? 'worsening' : 'improving', arrow);
    case 'stabilise':
    case 'plan_is_best': {
      const band = targetBand(target);
      if (band === null) return increasedOrDecreased;
      const change = distanceFrom(band, now) - distanceFrom(band, before);
      if (Math.abs(change) <= EQUALITY_TOLERANCE) return travel('no_change', arrow);
      return travel(change < 0 ? 'improving' : 'worsening', arrow);
    }
    case 'trend_only':
      return increasedOrDecreased;
  }
}
