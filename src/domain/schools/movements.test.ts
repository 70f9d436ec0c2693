import { describe, expect, it } from 'vitest';
import { inspection, school } from '../../../test/support/schools.ts';
import { countMovements, movementsBetween } from './movements.ts';
import { buildPosition } from './position.ts';

const schools = [
  school(1, { name: 'Alder' }),
  school(2, { name: 'Beech' }),
  school(3, { name: 'Cedar' }),
  school(4, { name: 'Damson' }),
  school(5, { name: 'Elm', closed: '2017-08-31' }),
  school(6, { name: 'Fir', type: 'freeSchool', opened: '2016-09-01' }),
];
const inspections = [
  inspection(1, '2015-01-01', { grade: 3 }),
  inspection(1, '2017-10-01', { grade: 2 }),
  inspection(2, '2015-01-01', { grade: 2 }),
  inspection(2, '2017-10-01', { grade: 4, categoryOfConcern: 'special_measures' }),
  inspection(3, '2015-01-01', { grade: 2 }),
  inspection(3, '2017-10-01', { grade: 2 }),
  inspection(4, '2015-01-01', { grade: 4, categoryOfConcern: 'special_measures' }),
  inspection(4, '2017-10-01', { grade: 4, categoryOfConcern: 'serious_weaknesses' }),
  inspection(5, '2015-01-01', { grade: 1 }),
  inspection(6, '2017-10-01', { grade: 1 }),
];
const at = (asAt: string) => buildPosition({ schools, inspections, links: [], asAt });
const movements = movementsBetween(at('2017-06-12'), at('2017-11-08'));
const kindsOf = (urn: number) => movements.find((m) => m.school.urn === urn)?.kinds ?? [];

describe('movements between two positions', () => {
  it('finds a school that improved, with its grades before and after', () => {
    expect(movements.find((m) => m.school.urn === 1)).toMatchObject({
      kinds: ['improved'],
      gradeBefore: 3,
      gradeAfter: 2,
    });
  });

  it('finds a school that declined and went into special measures', () => {
    expect(kindsOf(2)).toEqual(['declined', 'newly_special_measures']);
  });

  it('leaves out a school re-inspected with the same grade', () => {
    expect(kindsOf(3)).toEqual([]);
  });

  it('finds a school that left special measures for serious weaknesses, still inadequate', () => {
    expect(kindsOf(4)).toEqual(['left_special_measures']);
  });

  it('finds schools leaving the counts (closed) and joining them (first judgement)', () => {
    expect(kindsOf(5)).toEqual(['left']);
    expect(kindsOf(6)).toEqual(['joined']);
  });

  it('counts the movements of each kind, in name order', () => {
    expect(movements.map((m) => m.school.name)).toEqual(['Alder', 'Beech', 'Damson', 'Elm', 'Fir']);
    expect(countMovements(movements)).toEqual({
      improved: 1,
      declined: 1,
      newly_special_measures: 1,
      left_special_measures: 1,
      joined: 1,
      left: 1,
    });
  });
});
