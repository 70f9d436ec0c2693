import { describe, expect, it } from 'vitest';
import { seededRandom, weighted } from './random.ts';

describe('seededRandom', () => {
  it('gives mulberry32’s published sequence for seed 1, so output cannot drift between Node versions', () => {
    const random = seededRandom(1);
    expect([random.next(), random.next(), random.next()]).toEqual([
      0.6270739405881613, 0.002735721180215478, 0.5274470399599522,
    ]);
  });

  it('keeps whole numbers within both bounds', () => {
    const random = seededRandom(9);
    const seen = new Set(Array.from({ length: 2000 }, () => random.int(3, 5)));
    expect([...seen].sort()).toEqual([3, 4, 5]);
  });

  it('picks each value about as often as its weight says, and never one of weight zero', () => {
    const random = seededRandom(3);
    const choices = weighted([
      ['a', 1],
      ['b', 3],
      ['never', 0],
    ] as const);
    const counts = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 20_000; i++) counts[random.pick(choices)]++;
    expect(counts.never).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.7);
    expect(counts.b / counts.a).toBeLessThan(3.3);
  });
});
