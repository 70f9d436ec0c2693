import { describe, expect, it } from 'vitest';
import { AIMS, type Aim, type Target } from './indicator.ts';
import { directionOfTravel, type DirectionOfTravel } from './direction-of-travel.ts';

const value = (v: number, tolerance: number | null = null): Target => ({
  kind: 'value',
  value: v,
  tolerance,
});
const band = (low: number, high: number): Target => ({ kind: 'band', low, high, tolerance: null });
const national = (resolvedValue: number | null): Target => ({
  kind: 'benchmark',
  benchmark: 'national_average',
  resolvedValue,
  tolerance: null,
});

function dot(input: {
  aim: Aim;
  previous: number | null;
  current: number | null;
  target?: Target | null;
  decimals?: number;
  isComparable?: boolean;
}): DirectionOfTravel {
  return directionOfTravel({
    aim: input.aim,
    previous: input.previous,
    current: input.current,
    target: input.target ?? null,
    decimals: input.decimals ?? 0,
    isComparable: input.isComparable ?? true,
  });
}

describe('directionOfTravel', () => {
  describe('the May 2017 Birmingham scorecard', () => {
    it('shows re-referrals falling from 25% (previous 6 months, 1,862 / 7,508) to 22% (305 / 1,382) as improving, arrow down', () => {
      expect(
        dot({
          aim: 'smaller_is_better',
          previous: (1862 * 100) / 7508,
          current: (305 * 100) / 1382,
          target: value(24),
        }),
      ).toEqual({
        direction: 'improving',
        label: 'Improving',
        arrow: '↓',
      });
    });

    it('shows family assessments rising from 91% (1,178 / 1,300) to 93% (1,218 / 1,304) as improving, arrow up', () => {
      expect(
        dot({
          aim: 'bigger_is_better',
          previous: (1178 * 100) / 1300,
          current: (1218 * 100) / 1304,
          target: value(85),
        }),
      ).toEqual({
        direction: 'improving',
        label: 'Improving',
        arrow: '↑',
      });
    });
  });

  describe('bigger_is_better and above_zero', () => {
    it.each(['bigger_is_better', 'above_zero'] as const)(
      '%s: shows a rise as improving with an up arrow',
      (aim) => {
        expect(dot({ aim, previous: 80, current: 85 })).toEqual({
          direction: 'improving',
          label: 'Improving',
          arrow: '↑',
        });
      },
    );

    it.each(['bigger_is_better', 'above_zero'] as const)(
      '%s: shows a fall as worsening with a down arrow',
      (aim) => {
        expect(dot({ aim, previous: 85, current: 80 })).toEqual({
          direction: 'worsening',
          label: 'Worsening',
          arrow: '↓',
        });
      },
    );

    it('shows a negative score moving towards zero as improving', () => {
      expect(dot({ aim: 'above_zero', previous: -0.3, current: -0.1, decimals: 1 }).direction).toBe(
        'improving',
      );
    });
  });

  describe('smaller_is_better', () => {
    it('shows a fall as improving with a down arrow', () => {
      expect(dot({ aim: 'smaller_is_better', previous: 1735, current: 1700 })).toEqual({
        direction: 'improving',
        label: 'Improving',
        arrow: '↓',
      });
    });

    it('shows a rise as worsening with an up arrow', () => {
      expect(dot({ aim: 'smaller_is_better', previous: 1700, current: 1735 })).toEqual({
        direction: 'worsening',
        label: 'Worsening',
        arrow: '↑',
      });
    });
  });

  describe('no change', () => {
    it.each(AIMS)('%s: shows equal values as no change with a level arrow', (aim) => {
      expect(dot({ aim, previous: 24, current: 24, target: value(24) })).toEqual({
        direction: 'no_change',
        label: 'No change',
        arrow: '→',
      });
    });

    it('treats a movement that disappears in rounding (22.04% to 21.96%, both 22%) as no change', () => {
      expect(dot({ aim: 'smaller_is_better', previous: 22.04, current: 21.96, decimals: 0 }).direction).toBe(
        'no_change',
      );
    });

    it('treats the same movement as real when the indicator shows two decimal places', () => {
      expect(dot({ aim: 'smaller_is_better', previous: 22.04, current: 21.96, decimals: 2 })).toMatchObject({
        direction: 'improving',
        arrow: '↓',
      });
    });

    it('rounds half up before comparing: 22.5 and 23.4 both show as 23', () => {
      expect(dot({ aim: 'bigger_is_better', previous: 22.5, current: 23.4 }).direction).toBe('no_change');
      expect(dot({ aim: 'bigger_is_better', previous: 22.49, current: 22.5 })).toMatchObject({
        direction: 'improving',
        arrow: '↑',
      });
    });

    it('treats zero as a value: 0 to 0 is no change, 0 to 1 a rise', () => {
      expect(dot({ aim: 'smaller_is_better', previous: 0, current: 0 }).direction).toBe('no_change');
      expect(dot({ aim: 'smaller_is_better', previous: 0, current: 1 }).direction).toBe('worsening');
    });
  });

  describe('stabilise and plan_is_best', () => {
    it.each(['stabilise', 'plan_is_best'] as const)(
      '%s: shows a move towards the band as improving, whichever way the number moved',
      (aim) => {
        expect(dot({ aim, previous: 70, current: 75, target: band(80, 90) })).toEqual({
          direction: 'improving',
          label: 'Improving',
          arrow: '↑',
        });
        expect(dot({ aim, previous: 99, current: 95, target: band(80, 90) })).toEqual({
          direction: 'improving',
          label: 'Improving',
          arrow: '↓',
        });
      },
    );

    it.each(['stabilise', 'plan_is_best'] as const)(
      '%s: shows a move away from the band as worsening',
      (aim) => {
        expect(dot({ aim, previous: 75, current: 70, target: band(80, 90) })).toMatchObject({
          direction: 'worsening',
          arrow: '↓',
        });
        expect(dot({ aim, previous: 91, current: 95, target: band(80, 90) })).toMatchObject({
          direction: 'worsening',
          arrow: '↑',
        });
      },
    );

    it.each(['stabilise', 'plan_is_best'] as const)(
      '%s: shows a move into the band as improving and out of it as worsening',
      (aim) => {
        expect(dot({ aim, previous: 95, current: 88, target: band(80, 90) }).direction).toBe('improving');
        expect(dot({ aim, previous: 88, current: 95, target: band(80, 90) }).direction).toBe('worsening');
      },
    );

    it.each(['stabilise', 'plan_is_best'] as const)(
      '%s: shows movement inside the band as no change, arrow still showing the movement',
      (aim) => {
        expect(dot({ aim, previous: 82, current: 88, target: band(80, 90) })).toEqual({
          direction: 'no_change',
          label: 'No change',
          arrow: '↑',
        });
      },
    );

    it('shows crossing the band to the same distance on the other side as no change (78 to 92 around 80–90)', () => {
      expect(dot({ aim: 'stabilise', previous: 78, current: 92, target: band(80, 90) })).toEqual({
        direction: 'no_change',
        label: 'No change',
        arrow: '↑',
      });
    });

    it('measures distance to a single target value: 95 to 103 around a plan of 100 is improving', () => {
      expect(dot({ aim: 'plan_is_best', previous: 95, current: 103, target: value(100) })).toMatchObject({
        direction: 'improving',
        arrow: '↑',
      });
      expect(dot({ aim: 'plan_is_best', previous: 103, current: 94, target: value(100) })).toMatchObject({
        direction: 'worsening',
        arrow: '↓',
      });
    });

    it('measures distance to a resolved benchmark', () => {
      expect(dot({ aim: 'stabilise', previous: 58, current: 60, target: national(62) }).direction).toBe(
        'improving',
      );
    });

    it('measures distance from the rounded values, so a move hidden by rounding is no change', () => {
      expect(dot({ aim: 'stabilise', previous: 94.6, current: 95.4, target: band(80, 90) }).direction).toBe(
        'no_change',
      );
    });

    it('treats distances equal within floating-point error as the same distance', () => {
      expect(
        dot({ aim: 'stabilise', previous: 0.1 + 0.2, current: 0.5, target: value(0.4), decimals: 1 })
          .direction,
      ).toBe('no_change');
    });

    it.each([
      ['no target', null],
      ['a trend-only target', { kind: 'trend_only' } as const],
      ['a TBC target', { kind: 'tbc' } as const],
      ['an unknown benchmark', national(null)],
    ] as const)('falls back to increased or decreased with %s', (_, target) => {
      expect(dot({ aim: 'stabilise', previous: 80, current: 85, target })).toEqual({
        direction: 'increased',
        label: 'Increased',
        arrow: '↑',
      });
      expect(dot({ aim: 'plan_is_best', previous: 85, current: 80, target })).toEqual({
        direction: 'decreased',
        label: 'Decreased',
        arrow: '↓',
      });
      expect(dot({ aim: 'plan_is_best', previous: 85, current: 85, target })).toMatchObject({
        direction: 'no_change',
        arrow: '→',
      });
    });
  });

  describe('trend_only', () => {
    it('shows a rise as increased and a fall as decreased, never improving or worsening', () => {
      expect(dot({ aim: 'trend_only', previous: 900, current: 950, target: value(800) })).toEqual({
        direction: 'increased',
        label: 'Increased',
        arrow: '↑',
      });
      expect(dot({ aim: 'trend_only', previous: 950, current: 900 })).toEqual({
        direction: 'decreased',
        label: 'Decreased',
        arrow: '↓',
      });
    });
  });

  describe('directional aims judge the number, not the target', () => {
    it('shows a rise as improving for bigger_is_better with no target at all', () => {
      expect(
        dot({ aim: 'bigger_is_better', previous: 60, current: 62, target: { kind: 'trend_only' } }).direction,
      ).toBe('improving');
    });
  });

  describe('not available', () => {
    it.each(AIMS)('%s: shows a missing current or previous value as not available, with no arrow', (aim) => {
      const expected = { direction: 'not_available', label: 'Not available', arrow: '' };
      expect(dot({ aim, previous: null, current: 5 })).toEqual(expected);
      expect(dot({ aim, previous: 5, current: null })).toEqual(expected);
      expect(dot({ aim, previous: null, current: null })).toEqual(expected);
    });

    it('says not available rather than not comparable when a value is missing', () => {
      expect(
        dot({ aim: 'bigger_is_better', previous: null, current: 5, isComparable: false }).direction,
      ).toBe('not_available');
    });
  });

  describe('not comparable', () => {
    it.each(AIMS)('%s: shows values from different definitions as not comparable, with no arrow', (aim) => {
      expect(dot({ aim, previous: 60, current: 70, target: value(65), isComparable: false })).toEqual({
        direction: 'not_comparable',
        label: 'Not comparable (definition changed)',
        arrow: '',
      });
    });
  });

  describe('invalid input', () => {
    it('throws for a value that is not a finite number', () => {
      expect(() => dot({ aim: 'bigger_is_better', previous: Number.NaN, current: 5 })).toThrow(/finite/);
    });

    it('throws for decimals that are not a whole number from 0 to 20', () => {
      expect(() => dot({ aim: 'bigger_is_better', previous: 1, current: 5, decimals: -1 })).toThrow(
        RangeError,
      );
    });
  });
});
