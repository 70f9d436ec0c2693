import { describe, expect, it } from 'vitest';
import { predecessorLink as link } from '../../../test/support/schools.ts';
import { ancestorsOf, carriesJudgement, findLoops, predecessorsOf } from './predecessors.ts';

describe('which links carry a judgement', () => {
  it('carries plain predecessor and successor links, whatever their case and spacing', () => {
    expect(carriesJudgement('Predecessor')).toBe('predecessor');
    expect(carriesJudgement(' successor ')).toBe('successor');
  });

  it('leaves out merges, amalgamations, splits and other links, as Ofsted does', () => {
    for (const type of [
      'Predecessor - merged',
      'Successor - merged',
      'Predecessor - amalgamated',
      'Successor - amalgamated',
      'Predecessor - Split School',
      'Successor - Split School',
      'Sixth Form Centre Link',
      'Other',
    ])
      expect(carriesJudgement(type), type).toBeNull();
  });
});

describe("a school's predecessors", () => {
  it('reads a link from either side: A’s successor B is B’s predecessor A', () => {
    const predecessors = predecessorsOf([
      link(200, 100, 'Predecessor'),
      link(300, 400, 'Successor'),
      link(400, 300, 'Predecessor'),
    ]);
    expect(predecessors.get(200)).toEqual([100]);
    expect(predecessors.get(400)).toEqual([300]);
    expect(predecessors.get(100)).toBeUndefined();
  });

  it('adds the predecessors Ofsted names, without repeating one the links already give', () => {
    const predecessors = predecessorsOf(
      [link(200, 100)],
      [
        { urn: 200, predecessorUrn: 100 },
        { urn: 200, predecessorUrn: 150 },
      ],
    );
    expect(predecessors.get(200)).toEqual([100, 150]);
  });

  it('follows chains back, nearest first, and stops at a loop', () => {
    const predecessors = predecessorsOf([link(300, 200), link(200, 100), link(100, 300)]);
    expect(ancestorsOf([300], predecessors)).toEqual([200, 100]);
  });
});

describe('links that loop', () => {
  it('finds none in a register of straight chains', () => {
    expect(findLoops([link(300, 200), link(200, 100), link(201, 100)])).toEqual([]);
  });

  it('finds a loop once, from its smallest URN round to it again', () => {
    expect(findLoops([link(300, 200), link(200, 100), link(100, 300)])).toEqual([[100, 300, 200, 100]]);
  });

  it('finds a school that is its own predecessor', () => {
    expect(findLoops([link(100, 100)])).toEqual([[100, 100]]);
  });

  it('finds a loop made by a successor link on one side and a predecessor link on the other', () => {
    // 100's successor is 200, and 100's predecessor is 200 too: each is the other's predecessor.
    expect(findLoops([link(100, 200, 'Successor'), link(100, 200, 'Predecessor')])).toEqual([
      [100, 200, 100],
    ]);
  });

  it('ignores loops through merges, which carry no judgement', () => {
    expect(
      findLoops([link(100, 200, 'Predecessor - merged'), link(200, 100, 'Predecessor - merged')]),
    ).toEqual([]);
  });

  it('walks a chain of 20,000 schools without running out of stack', () => {
    const links = Array.from({ length: 20_000 }, (_, i) => link(i + 2, i + 1));
    expect(findLoops(links)).toEqual([]);
  });
});
