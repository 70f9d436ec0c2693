/**
 * A small seeded random source (mulberry32): integer arithmetic only, so the
 * same seed gives the same sequence on every Node version and platform,
 * which Math.random cannot promise.
 */
export interface Random {
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  /** One of the values, each as likely as its weight. */
  pick<T>(choices: WeightedChoices<T>): T;
  /** The waiting time of a process happening `rate` times per unit, in units. */
  exponential(rate: number): number;
}

export interface WeightedChoices<T> {
  values: readonly T[];
  /** Running totals of the weights, the last being their sum. */
  cumulative: readonly number[];
}

export function weighted<T>(pairs: readonly (readonly [T, number])[]): WeightedChoices<T> {
  let total = 0;
  return {
    values: pairs.map(([value]) => value),
    cumulative: pairs.map(([, weight]) => (total += weight)),
  };
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick<T>({ values, cumulative }: WeightedChoices<T>): T {
      const target = next() * cumulative[cumulative.length - 1]!;
      let i = 0;
      while (cumulative[i]! <= target) i++;
      return values[i]!;
    },
    exponential: (rate) => -Math.log(1 - next()) / rate,
  };
}
