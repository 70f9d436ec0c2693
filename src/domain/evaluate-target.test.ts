import { describe, expect, it } from 'vitest';
import { AIMS, type Aim, type Target } from './indicator.ts';
import {
  describeTarget,
  effectiveTargetValue,
  evaluateAgainstTarget,
  type TargetStatus,
  TARGET_STATUS_COLOURS,
  TARGET_STATUS_LABELS,
} from './evaluate-target.ts';

const value = (v: number, tolerance: number | null = null): Target => ({
  kind: 'value',
  value: v,
  tolerance,
});
const band = (low: number, high: number, tolerance: number | null = null): Target => ({
  kind: 'band',
  low,
  high,
  tolerance,
});
const national = (resolvedValue: number | null, tolerance: number | null = null): Target => ({
  kind: 'benchmark',
  benchmark: 'national_average',
  resolvedValue,
  tolerance,
});

function statusOf(aim: Aim, v: number | null, target: Target | null): TargetStatus {
  return evaluateAgainstTarget({ aim, value: v, target }).status;
}

const TOLERANCES = [
  { name: 'no tolerance (null)', tolerance: null },
  { name: 'a zero tolerance', tolerance: 0 },
] as const;

describe('evaluateAgainstTarget', () => {
  describe('the May 2017 Birmingham scorecard', () => {
    it('rates re-referrals 305 / 1,382 = 22.07% against 24% (smaller is better) as better than target', () => {
      const e = evaluateAgainstTarget({
        aim: 'smaller_is_better',
        value: (305 * 100) / 1382,
        target: value(24),
        display: { unit: 'percent', decimals: 0 },
      });
      expect(e).toEqual({
        status: 'better_than_target',
        isAchieved: true,
        colour: 'green',
        label: 'Better than target',
        explanation: 'Value 22% is below the target of 24%; smaller is better.',
      });
    });

    it('rates family assessments 1,218 / 1,304 = 93.4% against 85% (bigger is better) as better than target', () => {
      const e = evaluateAgainstTarget({
        aim: 'bigger_is_better',
        value: (1218 * 100) / 1304,
        target: value(85),
        display: { unit: 'percent', decimals: 0 },
      });
      expect(e.status).toBe('better_than_target');
      expect(e.explanation).toBe('Value 93% is above the target of 85%; bigger is better.');
    });

    it('treats a value equal to the target (24% against 24%) as at target', () => {
      const e = evaluateAgainstTarget({
        aim: 'smaller_is_better',
        value: 24,
        target: value(24),
        display: { unit: 'percent', decimals: 0 },
      });
      expect(e).toEqual({
        status: 'at_target',
        isAchieved: true,
        colour: 'green',
        label: 'At target',
        explanation: 'Value 24% equals the target of 24%.',
      });
    });
  });

  describe('bigger_is_better against a target of 24', () => {
    it('treats a value above the target as better than target', () => {
      expect(statusOf('bigger_is_better', 25, value(24))).toBe('better_than_target');
    });

    it('treats a value equal to the target as at target', () => {
      expect(statusOf('bigger_is_better', 24, value(24))).toBe('at_target');
    });

    describe.each(TOLERANCES)('with $name', ({ tolerance }) => {
      it('treats a value equal to the target as at target', () => {
        expect(statusOf('bigger_is_better', 24, value(24, tolerance))).toBe('at_target');
      });

      it('treats any value below the target, however close, as outside tolerance', () => {
        expect(statusOf('bigger_is_better', 23.99, value(24, tolerance))).toBe('outside_tolerance');
        expect(statusOf('bigger_is_better', 0, value(24, tolerance))).toBe('outside_tolerance');
      });

      it('treats a value above the target as better than target', () => {
        expect(statusOf('bigger_is_better', 24.01, value(24, tolerance))).toBe('better_than_target');
      });
    });

    describe('with a tolerance of 2', () => {
      it('treats a value above the target as better than target', () => {
        expect(statusOf('bigger_is_better', 30, value(24, 2))).toBe('better_than_target');
      });

      it('treats a value equal to the target as at target', () => {
        expect(statusOf('bigger_is_better', 24, value(24, 2))).toBe('at_target');
      });

      it('treats a value below the target by less than the tolerance as within tolerance', () => {
        expect(statusOf('bigger_is_better', 23, value(24, 2))).toBe('within_tolerance');
      });

      it('treats a value exactly on the tolerance limit (22) as within tolerance', () => {
        expect(statusOf('bigger_is_better', 22, value(24, 2))).toBe('within_tolerance');
      });

      it('treats a value just past the tolerance limit as outside tolerance', () => {
        expect(statusOf('bigger_is_better', 21.999, value(24, 2))).toBe('outside_tolerance');
      });

      it('never lets tolerance count on the better side', () => {
        expect(statusOf('bigger_is_better', 25, value(24, 2))).toBe('better_than_target');
      });
    });
  });

  describe('smaller_is_better against a target of 24', () => {
    it('treats a value below the target as better than target', () => {
      expect(statusOf('smaller_is_better', 23, value(24))).toBe('better_than_target');
    });

    describe.each(TOLERANCES)('with $name', ({ tolerance }) => {
      it('treats a value equal to the target as at target', () => {
        expect(statusOf('smaller_is_better', 24, value(24, tolerance))).toBe('at_target');
      });

      it('treats any value above the target, however close, as outside tolerance', () => {
        expect(statusOf('smaller_is_better', 24.01, value(24, tolerance))).toBe('outside_tolerance');
      });

      it('treats a value below the target as better than target', () => {
        expect(statusOf('smaller_is_better', 23.99, value(24, tolerance))).toBe('better_than_target');
      });
    });

    describe('with a tolerance of 2', () => {
      it('treats a value below the target as better than target', () => {
        expect(statusOf('smaller_is_better', 10, value(24, 2))).toBe('better_than_target');
      });

      it('treats a value equal to the target as at target', () => {
        expect(statusOf('smaller_is_better', 24, value(24, 2))).toBe('at_target');
      });

      it('treats a value above the target by less than the tolerance as within tolerance', () => {
        expect(statusOf('smaller_is_better', 25, value(24, 2))).toBe('within_tolerance');
      });

      it('treats a value exactly on the tolerance limit (26) as within tolerance', () => {
        expect(statusOf('smaller_is_better', 26, value(24, 2))).toBe('within_tolerance');
      });

      it('treats a value just past the tolerance limit as outside tolerance', () => {
        expect(statusOf('smaller_is_better', 26.001, value(24, 2))).toBe('outside_tolerance');
      });
    });

    it('rates a target of zero unallocated cases: 0 at target, 5 outside, 1 within a tolerance of 1', () => {
      expect(statusOf('smaller_is_better', 0, value(0))).toBe('at_target');
      expect(statusOf('smaller_is_better', 5, value(0))).toBe('outside_tolerance');
      expect(statusOf('smaller_is_better', 1, value(0, 1))).toBe('within_tolerance');
    });
  });

  describe('bigger_is_better and smaller_is_better against a band', () => {
    it('uses the low edge of the band as the target when bigger is better', () => {
      expect(statusOf('bigger_is_better', 80, band(80, 90))).toBe('at_target');
      expect(statusOf('bigger_is_better', 85, band(80, 90))).toBe('better_than_target');
      expect(statusOf('bigger_is_better', 79, band(80, 90, 2))).toBe('within_tolerance');
      expect(statusOf('bigger_is_better', 77, band(80, 90, 2))).toBe('outside_tolerance');
    });

    it('uses the high edge of the band as the target when smaller is better', () => {
      expect(statusOf('smaller_is_better', 90, band(80, 90))).toBe('at_target');
      expect(statusOf('smaller_is_better', 85, band(80, 90))).toBe('better_than_target');
      expect(statusOf('smaller_is_better', 91, band(80, 90, 2))).toBe('within_tolerance');
      expect(statusOf('smaller_is_better', 93, band(80, 90, 2))).toBe('outside_tolerance');
    });
  });

  describe('stabilise within a band of 80 to 90', () => {
    describe.each([...TOLERANCES, { name: 'a tolerance of 2', tolerance: 2 }])(
      'with $name',
      ({ tolerance }) => {
        it.each([80, 85, 90])('treats %s, inside the band or on its edge, as at target', (v) => {
          expect(statusOf('stabilise', v, band(80, 90, tolerance))).toBe('at_target');
        });

        it('never rates a value better than target, however far either side', () => {
          for (const v of [-1000, 0, 79, 91, 1000])
            expect(statusOf('stabilise', v, band(80, 90, tolerance))).not.toBe('better_than_target');
        });
      },
    );

    describe.each(TOLERANCES)('with $name', ({ tolerance }) => {
      it('treats a value just outside either edge as outside tolerance', () => {
        expect(statusOf('stabilise', 79.9, band(80, 90, tolerance))).toBe('outside_tolerance');
        expect(statusOf('stabilise', 90.1, band(80, 90, tolerance))).toBe('outside_tolerance');
      });
    });

    describe('with a tolerance of 2', () => {
      it('treats a value beyond the nearest edge by less than the tolerance as within tolerance', () => {
        expect(statusOf('stabilise', 79, band(80, 90, 2))).toBe('within_tolerance');
        expect(statusOf('stabilise', 91, band(80, 90, 2))).toBe('within_tolerance');
      });

      it('treats a value exactly on either tolerance limit (78 and 92) as within tolerance', () => {
        expect(statusOf('stabilise', 78, band(80, 90, 2))).toBe('within_tolerance');
        expect(statusOf('stabilise', 92, band(80, 90, 2))).toBe('within_tolerance');
      });

      it('treats a value beyond either tolerance limit as outside tolerance', () => {
        expect(statusOf('stabilise', 77.9, band(80, 90, 2))).toBe('outside_tolerance');
        expect(statusOf('stabilise', 92.1, band(80, 90, 2))).toBe('outside_tolerance');
      });
    });

    it('reads a single target value as a band of one point', () => {
      expect(statusOf('stabilise', 24, value(24))).toBe('at_target');
      expect(statusOf('stabilise', 24.5, value(24))).toBe('outside_tolerance');
      expect(statusOf('stabilise', 23, value(24, 1))).toBe('within_tolerance');
      expect(statusOf('stabilise', 25, value(24, 1))).toBe('within_tolerance');
      expect(statusOf('stabilise', 25.5, value(24, 1))).toBe('outside_tolerance');
    });

    it('reads a resolved benchmark as a band of one point', () => {
      expect(statusOf('stabilise', 62, national(62))).toBe('at_target');
      expect(statusOf('stabilise', 63, national(62, 1))).toBe('within_tolerance');
      expect(statusOf('stabilise', 60, national(62, 1))).toBe('outside_tolerance');
    });
  });

  describe('plan_is_best against a plan of 100', () => {
    it('treats a value exactly on plan as at target', () => {
      expect(statusOf('plan_is_best', 100, value(100))).toBe('at_target');
      expect(statusOf('plan_is_best', 100, value(100, 5))).toBe('at_target');
    });

    describe.each(TOLERANCES)('with $name', ({ tolerance }) => {
      it('treats any value off plan, above or below, as outside tolerance', () => {
        expect(statusOf('plan_is_best', 101, value(100, tolerance))).toBe('outside_tolerance');
        expect(statusOf('plan_is_best', 99, value(100, tolerance))).toBe('outside_tolerance');
      });
    });

    describe('with a tolerance of 5', () => {
      it('treats a value off plan by less than the tolerance, either side, as within tolerance', () => {
        expect(statusOf('plan_is_best', 103, value(100, 5))).toBe('within_tolerance');
        expect(statusOf('plan_is_best', 97, value(100, 5))).toBe('within_tolerance');
      });

      it('treats a value off plan by exactly the tolerance as within tolerance', () => {
        expect(statusOf('plan_is_best', 105, value(100, 5))).toBe('within_tolerance');
        expect(statusOf('plan_is_best', 95, value(100, 5))).toBe('within_tolerance');
      });

      it('treats a value off plan by more than the tolerance as outside tolerance', () => {
        expect(statusOf('plan_is_best', 105.01, value(100, 5))).toBe('outside_tolerance');
        expect(statusOf('plan_is_best', 94.99, value(100, 5))).toBe('outside_tolerance');
      });

      it('never rates a value better than target', () => {
        for (const v of [0, 50, 150, 1e6])
          expect(statusOf('plan_is_best', v, value(100, 5))).not.toBe('better_than_target');
      });
    });

    it('accepts a band: inside is at target, beyond an edge by up to the tolerance is within', () => {
      expect(statusOf('plan_is_best', 95, band(90, 110, 5))).toBe('at_target');
      expect(statusOf('plan_is_best', 110, band(90, 110, 5))).toBe('at_target');
      expect(statusOf('plan_is_best', 115, band(90, 110, 5))).toBe('within_tolerance');
      expect(statusOf('plan_is_best', 84, band(90, 110, 5))).toBe('outside_tolerance');
    });
  });

  describe('above_zero', () => {
    it('treats any value above zero as better than target', () => {
      expect(statusOf('above_zero', 0.1, value(0))).toBe('better_than_target');
      expect(statusOf('above_zero', 0.1, value(0, 0.5))).toBe('better_than_target');
    });

    describe.each(TOLERANCES)('with $name', ({ tolerance }) => {
      it('treats exactly zero as not achieved, outside tolerance', () => {
        expect(
          evaluateAgainstTarget({ aim: 'above_zero', value: 0, target: value(0, tolerance) }),
        ).toMatchObject({
          status: 'outside_tolerance',
          isAchieved: false,
        });
      });

      it('treats a value below zero as outside tolerance', () => {
        expect(statusOf('above_zero', -0.1, value(0, tolerance))).toBe('outside_tolerance');
      });
    });

    describe('with a tolerance of 0.5', () => {
      it('treats exactly zero as not achieved but within tolerance', () => {
        expect(evaluateAgainstTarget({ aim: 'above_zero', value: 0, target: value(0, 0.5) })).toMatchObject({
          status: 'within_tolerance',
          isAchieved: false,
          colour: 'amber',
        });
      });

      it('treats a value below zero by less than the tolerance as within tolerance', () => {
        expect(statusOf('above_zero', -0.2, value(0, 0.5))).toBe('within_tolerance');
      });

      it('treats a value exactly on the tolerance limit (−0.5) as within tolerance', () => {
        expect(statusOf('above_zero', -0.5, value(0, 0.5))).toBe('within_tolerance');
      });

      it('treats a value beyond the tolerance limit as outside tolerance', () => {
        expect(statusOf('above_zero', -0.51, value(0, 0.5))).toBe('outside_tolerance');
      });
    });

    it('never rates above_zero at target, since zero itself is a miss', () => {
      for (const v of [-1, -1e-12, 0, 1e-12])
        expect(statusOf('above_zero', v, value(0, 2))).not.toBe('at_target');
    });

    it('uses zero as the threshold whatever number the target sets', () => {
      expect(statusOf('above_zero', 1, value(5))).toBe('better_than_target');
      expect(statusOf('above_zero', -1, value(-5, 2))).toBe('within_tolerance');
      expect(statusOf('above_zero', 0.2, band(1, 2))).toBe('better_than_target');
      expect(statusOf('above_zero', 0.2, national(3))).toBe('better_than_target');
    });

    it('treats a value within 1e-9 of zero as zero, so not achieved', () => {
      expect(statusOf('above_zero', 1e-12, value(0))).toBe('outside_tolerance');
      expect(statusOf('above_zero', 1e-8, value(0))).toBe('better_than_target');
    });
  });

  describe('no target', () => {
    it.each(AIMS)('rates %s as no target when no target is set', (aim) => {
      expect(evaluateAgainstTarget({ aim, value: 5, target: null })).toEqual({
        status: 'no_target',
        isAchieved: null,
        colour: 'grey',
        label: 'No target',
        explanation:
          aim === 'trend_only'
            ? 'This indicator is monitored for its trend only; it has no target.'
            : 'No target has been set.',
      });
    });

    it.each(AIMS)('rates %s as no target when the target is trend only', (aim) => {
      expect(statusOf(aim, 5, { kind: 'trend_only' })).toBe('no_target');
    });

    it.each(AIMS)('rates %s as no target when the target is still to be confirmed (TBC)', (aim) => {
      expect(statusOf(aim, 5, { kind: 'tbc' })).toBe('no_target');
    });

    it.each(AIMS)('rates %s as no target when the benchmark is not yet known', (aim) => {
      expect(statusOf(aim, 5, national(null, 2))).toBe('no_target');
    });

    it('rates a trend_only aim as no target even when a target figure is set', () => {
      for (const target of [value(24, 2), band(80, 90), national(62)])
        expect(statusOf('trend_only', 24, target)).toBe('no_target');
    });

    it('explains why there is no target', () => {
      const why = (target: Target) =>
        evaluateAgainstTarget({ aim: 'bigger_is_better', value: 5, target }).explanation;
      expect(why({ kind: 'trend_only' })).toBe(
        'The target is to watch the trend only; there is no figure to meet.',
      );
      expect(why({ kind: 'tbc' })).toBe('The target is still to be confirmed.');
      expect(why(national(null))).toBe(
        'The national average is not yet known, so there is no target to compare with.',
      );
      expect(
        why({
          kind: 'benchmark',
          benchmark: 'statistical_neighbour_average',
          resolvedValue: null,
          tolerance: null,
        }),
      ).toBe('The statistical neighbour average is not yet known, so there is no target to compare with.');
    });
  });

  describe('no data', () => {
    const targets: (Target | null)[] = [
      null,
      value(24, 2),
      band(80, 90, 1),
      national(62),
      national(null),
      { kind: 'trend_only' },
      { kind: 'tbc' },
    ];

    it.each(AIMS)('rates a null value as no data for %s, whatever the target', (aim) => {
      for (const target of targets) {
        expect(evaluateAgainstTarget({ aim, value: null, target })).toEqual({
          status: 'no_data',
          isAchieved: null,
          colour: 'grey',
          label: 'No data',
          explanation: 'No value has been recorded.',
        });
      }
    });

    it('treats a zero value as data, not as no data', () => {
      expect(statusOf('smaller_is_better', 0, value(24))).toBe('better_than_target');
      expect(statusOf('bigger_is_better', 0, value(24))).toBe('outside_tolerance');
    });
  });

  describe('benchmark targets', () => {
    it('evaluates against the resolved benchmark like a value target', () => {
      expect(statusOf('bigger_is_better', 65, national(62))).toBe('better_than_target');
      expect(statusOf('bigger_is_better', 62, national(62))).toBe('at_target');
      expect(statusOf('bigger_is_better', 61, national(62, 2))).toBe('within_tolerance');
      expect(statusOf('bigger_is_better', 59, national(62, 2))).toBe('outside_tolerance');
      expect(statusOf('smaller_is_better', 61, national(62))).toBe('better_than_target');
      expect(statusOf('plan_is_best', 62, national(62))).toBe('at_target');
    });

    it('names the benchmark in the explanation', () => {
      const e = evaluateAgainstTarget({
        aim: 'bigger_is_better',
        value: 69.5,
        target: national(69.3),
        display: { unit: 'percent', decimals: 1 },
      });
      expect(e.explanation).toBe('Value 69.5% is above the national average of 69.3%; bigger is better.');
    });
  });

  describe('exact values, not the rounded display', () => {
    it('treats 23.6% against 24% (bigger is better) as below target although both show as 24%', () => {
      const e = evaluateAgainstTarget({
        aim: 'bigger_is_better',
        value: 23.6,
        target: value(24),
        display: { unit: 'percent', decimals: 0 },
      });
      expect(e.status).toBe('outside_tolerance');
      expect(e.explanation).toBe('Value 23.6% is below the target of 24.0%; bigger is better.');
    });

    it('treats 24.4% against 24% (smaller is better) as above target although both show as 24%', () => {
      expect(statusOf('smaller_is_better', 24.4, value(24, 1))).toBe('within_tolerance');
    });

    it('treats a difference larger than 1e-9 as a real difference', () => {
      expect(statusOf('bigger_is_better', 24 + 1e-8, value(24))).toBe('better_than_target');
      expect(statusOf('bigger_is_better', 24 - 1e-8, value(24))).toBe('outside_tolerance');
    });
  });

  describe('floating-point ties', () => {
    it('treats 1218/1304×100 as equal to a target computed the other way round', () => {
      const v = (1218 / 1304) * 100;
      const t = (1218 * 100) / 1304;
      for (const aim of ['bigger_is_better', 'smaller_is_better', 'stabilise', 'plan_is_best'] as const) {
        expect(statusOf(aim, v, value(t))).toBe('at_target');
      }
    });

    it('treats 0.1 + 0.2 as equal to a target of 0.3', () => {
      expect(0.1 + 0.2).not.toBe(0.3);
      expect(statusOf('bigger_is_better', 0.1 + 0.2, value(0.3))).toBe('at_target');
      expect(statusOf('smaller_is_better', 0.3, value(0.1 + 0.2))).toBe('at_target');
    });

    it('treats a value on the tolerance limit as within tolerance despite floating-point error (0.4 against 0.3 with 0.1)', () => {
      expect(0.4 - 0.3).toBeGreaterThan(0.1);
      expect(statusOf('smaller_is_better', 0.4, value(0.3, 0.1))).toBe('within_tolerance');
      expect(statusOf('stabilise', 0.4, value(0.3, 0.1))).toBe('within_tolerance');
      expect(statusOf('plan_is_best', 0.4, value(0.3, 0.1))).toBe('within_tolerance');
      expect(statusOf('bigger_is_better', 0.1 + 0.1, value(0.3, 0.1))).toBe('within_tolerance');
    });

    it('treats a value within 1e-9 of a band edge as inside the band', () => {
      expect(statusOf('stabilise', 90 + 1e-10, band(80, 90))).toBe('at_target');
      expect(statusOf('stabilise', 80 - 1e-10, band(80, 90))).toBe('at_target');
    });
  });

  describe('negative values', () => {
    it('rates progress scores below zero against a negative target (bigger is better)', () => {
      expect(statusOf('bigger_is_better', -0.1, value(-0.2))).toBe('better_than_target');
      expect(statusOf('bigger_is_better', -0.2, value(-0.2))).toBe('at_target');
      expect(statusOf('bigger_is_better', -0.3, value(-0.2, 0.1))).toBe('within_tolerance');
      expect(statusOf('bigger_is_better', -0.31, value(-0.2, 0.1))).toBe('outside_tolerance');
    });

    it('rates negative values against a negative target (smaller is better)', () => {
      expect(statusOf('smaller_is_better', -3, value(-2))).toBe('better_than_target');
      expect(statusOf('smaller_is_better', -1, value(-2, 1))).toBe('within_tolerance');
      expect(statusOf('smaller_is_better', 0, value(-2, 1))).toBe('outside_tolerance');
    });

    it('rates negative values against a band that spans zero (stabilise)', () => {
      expect(statusOf('stabilise', -0.5, band(-1, 1))).toBe('at_target');
      expect(statusOf('stabilise', -1.5, band(-1, 1, 0.5))).toBe('within_tolerance');
      expect(statusOf('stabilise', -2, band(-1, 1, 0.5))).toBe('outside_tolerance');
    });
  });

  describe('status, colour, label and achievement agree', () => {
    it.each([
      ['better_than_target', 'green', 'Better than target', true],
      ['at_target', 'green', 'At target', true],
      ['within_tolerance', 'amber', 'Missed, within tolerance', false],
      ['outside_tolerance', 'red', 'Missed, outside tolerance', false],
      ['no_target', 'grey', 'No target', null],
      ['no_data', 'grey', 'No data', null],
    ] as const)('gives %s the colour %s and the label %j', (status, colour, label, isAchieved) => {
      expect(TARGET_STATUS_COLOURS[status]).toBe(colour);
      expect(TARGET_STATUS_LABELS[status]).toBe(label);
      const examples: Record<TargetStatus, Parameters<typeof evaluateAgainstTarget>[0]> = {
        better_than_target: { aim: 'bigger_is_better', value: 25, target: value(24) },
        at_target: { aim: 'bigger_is_better', value: 24, target: value(24) },
        within_tolerance: { aim: 'bigger_is_better', value: 23, target: value(24, 2) },
        outside_tolerance: { aim: 'bigger_is_better', value: 20, target: value(24, 2) },
        no_target: { aim: 'bigger_is_better', value: 24, target: null },
        no_data: { aim: 'bigger_is_better', value: null, target: value(24) },
      };
      expect(evaluateAgainstTarget(examples[status])).toMatchObject({ status, colour, label, isAchieved });
    });
  });

  describe('explanations', () => {
    const pct = { unit: 'percent', decimals: 0 } as const;

    it('shows plain whole numbers when no display is given', () => {
      expect(
        evaluateAgainstTarget({ aim: 'smaller_is_better', value: (305 * 100) / 1382, target: value(24) })
          .explanation,
      ).toBe('Value 22 is below the target of 24; smaller is better.');
    });

    it('explains a miss within tolerance and the limit it stayed inside', () => {
      expect(
        evaluateAgainstTarget({ aim: 'bigger_is_better', value: 23, target: value(24, 2), display: pct })
          .explanation,
      ).toBe('Value 23% is below the target of 24% but within tolerance (down to 22%); bigger is better.');
      expect(
        evaluateAgainstTarget({ aim: 'smaller_is_better', value: 25, target: value(24, 2), display: pct })
          .explanation,
      ).toBe('Value 25% is above the target of 24% but within tolerance (up to 26%); smaller is better.');
    });

    it('explains a miss outside tolerance, with and without a tolerance', () => {
      expect(
        evaluateAgainstTarget({ aim: 'bigger_is_better', value: 21, target: value(24, 2), display: pct })
          .explanation,
      ).toBe('Value 21% is below the target of 24% and outside tolerance (down to 22%); bigger is better.');
      expect(
        evaluateAgainstTarget({ aim: 'bigger_is_better', value: 21, target: value(24, 0), display: pct })
          .explanation,
      ).toBe('Value 21% is below the target of 24%; bigger is better.');
    });

    it('names the band edge used when bigger or smaller is better', () => {
      expect(
        evaluateAgainstTarget({ aim: 'bigger_is_better', value: 85, target: band(80, 90), display: pct })
          .explanation,
      ).toBe('Value 85% is above the bottom of the target band of 80%–90%; bigger is better.');
      expect(
        evaluateAgainstTarget({ aim: 'smaller_is_better', value: 90, target: band(80, 90), display: pct })
          .explanation,
      ).toBe('Value 90% equals the top of the target band of 80%–90%.');
    });

    it('explains a band that is met, and one missed on the high side', () => {
      expect(
        evaluateAgainstTarget({ aim: 'stabilise', value: 85, target: band(80, 90, 2), display: pct })
          .explanation,
      ).toBe('Value 85% is inside the target band of 80%–90%.');
      expect(
        evaluateAgainstTarget({ aim: 'stabilise', value: 91, target: band(80, 90, 2), display: pct })
          .explanation,
      ).toBe(
        'Value 91% is above the target band of 80%–90% but within tolerance (up to 92%); neither higher nor lower is better.',
      );
      expect(
        evaluateAgainstTarget({ aim: 'stabilise', value: 75, target: band(80, 90, 2), display: pct })
          .explanation,
      ).toBe(
        'Value 75% is below the target band of 80%–90% and outside tolerance (down to 78%); neither higher nor lower is better.',
      );
    });

    it('speaks of the plan for plan_is_best', () => {
      const count = { unit: 'count', decimals: 0 } as const;
      expect(
        evaluateAgainstTarget({ aim: 'plan_is_best', value: 100, target: value(100), display: count })
          .explanation,
      ).toBe('Value 100 equals the plan of 100.');
      expect(
        evaluateAgainstTarget({ aim: 'plan_is_best', value: 1040, target: value(1000, 50), display: count })
          .explanation,
      ).toBe(
        'Value 1,040 is above the plan of 1,000 but within tolerance (up to 1,050); keeping to plan is best.',
      );
      expect(
        evaluateAgainstTarget({ aim: 'plan_is_best', value: 80, target: band(90, 110), display: count })
          .explanation,
      ).toBe('Value 80 is below the planned band of 90–110; keeping to plan is best.');
    });

    it('explains above zero', () => {
      const score = { unit: 'score', decimals: 1 } as const;
      expect(
        evaluateAgainstTarget({ aim: 'above_zero', value: 0.2, target: value(0), display: score })
          .explanation,
      ).toBe('Value 0.2 is above zero; the aim is above zero.');
      expect(
        evaluateAgainstTarget({ aim: 'above_zero', value: 0, target: value(0), display: score }).explanation,
      ).toBe('Value 0.0 is not above zero; the aim is above zero.');
      expect(
        evaluateAgainstTarget({ aim: 'above_zero', value: -0.2, target: value(0, 0.5), display: score })
          .explanation,
      ).toBe('Value -0.2 is not above zero but within tolerance (down to -0.5); the aim is above zero.');
      expect(
        evaluateAgainstTarget({ aim: 'above_zero', value: -0.7, target: value(0, 0.5), display: score })
          .explanation,
      ).toBe('Value -0.7 is not above zero and outside tolerance (down to -0.5); the aim is above zero.');
    });

    it('shows a small positive score with enough places not to read as zero', () => {
      expect(
        evaluateAgainstTarget({
          aim: 'above_zero',
          value: 0.04,
          target: value(0),
          display: { unit: 'score', decimals: 1 },
        }).explanation,
      ).toBe('Value 0.04 is above zero; the aim is above zero.');
    });

    it('shows a target set more precisely than the display with its own places', () => {
      expect(
        evaluateAgainstTarget({ aim: 'bigger_is_better', value: 100, target: value(99.5), display: pct })
          .explanation,
      ).toBe('Value 100.0% is above the target of 99.5%; bigger is better.');
    });

    it('never changes the status with the display', () => {
      for (const decimals of [0, 1, 2]) {
        expect(
          evaluateAgainstTarget({
            aim: 'bigger_is_better',
            value: 23.99,
            target: value(24),
            display: { unit: 'percent', decimals },
          }).status,
        ).toBe('outside_tolerance');
      }
    });
  });

  describe('invalid input', () => {
    it('throws for a negative tolerance', () => {
      expect(() => statusOf('bigger_is_better', 5, value(24, -1))).toThrow(/tolerance/);
    });

    it('throws for a band whose low edge is above its high edge', () => {
      expect(() => statusOf('stabilise', 5, band(90, 80))).toThrow(/backwards/);
    });

    it('throws for a value or target that is not a finite number', () => {
      expect(() => statusOf('bigger_is_better', Number.NaN, value(24))).toThrow(/finite/);
      expect(() => statusOf('bigger_is_better', 5, value(Number.POSITIVE_INFINITY))).toThrow(/finite/);
      expect(() => statusOf('bigger_is_better', 5, value(24, Number.NaN))).toThrow(/tolerance/);
    });
  });
});

describe('effectiveTargetValue', () => {
  it('gives the value of a value target, zero included', () => {
    expect(effectiveTargetValue(value(24, 2))).toBe(24);
    expect(effectiveTargetValue(value(0))).toBe(0);
  });

  it('gives the resolved value of a benchmark, or null while it is not known', () => {
    expect(effectiveTargetValue(national(62))).toBe(62);
    expect(effectiveTargetValue(national(null))).toBeNull();
  });

  it('gives null for a band, trend only, TBC and no target', () => {
    expect(effectiveTargetValue(band(80, 90))).toBeNull();
    expect(effectiveTargetValue({ kind: 'trend_only' })).toBeNull();
    expect(effectiveTargetValue({ kind: 'tbc' })).toBeNull();
    expect(effectiveTargetValue(null)).toBeNull();
  });
});

describe('describeTarget', () => {
  const pct = { unit: 'percent', decimals: 0 } as const;

  it('shows a value target in the indicator unit: 24%', () => {
    expect(describeTarget(value(24, 2), pct)).toBe('24%');
    expect(describeTarget(value(1670), { unit: 'count', decimals: 0 })).toBe('1,670');
    expect(describeTarget(value(271), { unit: 'days', decimals: 0 })).toBe('271');
  });

  it('shows a band as low–high: 80%–90%', () => {
    expect(describeTarget(band(80, 90), pct)).toBe('80%–90%');
  });

  it('shows a benchmark with its value, or says it is not yet known', () => {
    expect(describeTarget(national(62), pct)).toBe('National average (62%)');
    expect(describeTarget(national(null), pct)).toBe('National average (not yet known)');
    expect(
      describeTarget(
        {
          kind: 'benchmark',
          benchmark: 'statistical_neighbour_average',
          resolvedValue: 63.27,
          tolerance: null,
        },
        { unit: 'percent', decimals: 1 },
      ),
    ).toBe('Statistical neighbour average (63.27%)');
  });

  it('shows trend only and TBC in words', () => {
    expect(describeTarget({ kind: 'trend_only' }, pct)).toBe('Trend only');
    expect(describeTarget({ kind: 'tbc' }, pct)).toBe('TBC');
  });

  it('shows no target as an empty string', () => {
    expect(describeTarget(null, pct)).toBe('');
  });

  it('keeps the places a target was set with, up to two more than the display', () => {
    expect(describeTarget(value(99.5), pct)).toBe('99.5%');
    expect(describeTarget(value(0.01), { unit: 'percent', decimals: 0 })).toBe('0.01%');
    expect(describeTarget(value(62.3456), pct)).toBe('62.35%');
    expect(describeTarget(band(80, 92.5), pct)).toBe('80.0%–92.5%');
    expect(describeTarget(value(65.7), { unit: 'percent', decimals: 2 })).toBe('65.70%');
  });

  it('shows a zero target as 0 and a negative score target with its sign', () => {
    expect(describeTarget(value(0), { unit: 'count', decimals: 0 })).toBe('0');
    expect(describeTarget(value(-0.2), { unit: 'score', decimals: 1 })).toBe('-0.2');
  });
});
