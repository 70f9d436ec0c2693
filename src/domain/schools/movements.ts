/**
 * Movements between two positions of the same authority (the last report's
 * and today's, say): which schools improved, declined, went into or came out
 * of special measures, and which joined or left the counts. Pure.
 *
 * Improved and declined compare overall grades (1 outstanding … 4
 * inadequate) of schools counted in both positions: a school re-inspected
 * with the same grade has not moved. A converted academy that takes its
 * predecessor's grade has not moved either, unless the grade differs.
 */
import type { Grade } from './inspection.ts';
import type { PlacedSchool, Position } from './position.ts';
import type { School } from './school.ts';

export const MOVEMENT_KINDS = [
  'improved',
  'declined',
  'newly_special_measures',
  'left_special_measures',
  'joined',
  'left',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export const MOVEMENT_LABELS: Record<MovementKind, string> = {
  improved: 'Improved',
  declined: 'Declined',
  newly_special_measures: 'Newly in special measures',
  left_special_measures: 'Out of special measures',
  joined: 'Newly counted',
  left: 'No longer counted',
};

export interface Movement {
  school: School;
  kinds: MovementKind[];
  before: PlacedSchool | null;
  after: PlacedSchool | null;
  gradeBefore: Grade | null;
  gradeAfter: Grade | null;
}

const gradeOf = (p: PlacedSchool | undefined): Grade | null =>
  p?.placement === 'counted' ? p.standing!.overall!.grade : null;
const isInSpecialMeasures = (p: PlacedSchool | undefined): boolean =>
  p?.placement === 'counted' && p.standing!.categoryOfConcern === 'special_measures';

/** Every school that moved between the two positions, in name order; schools that did not move are left out. */
export function movementsBetween(before: Position, after: Position): Movement[] {
  const earlier = new Map(before.schools.map((p) => [p.school.urn, p]));
  const later = new Map(after.schools.map((p) => [p.school.urn, p]));
  const movements: Movement[] = [];
  for (const urn of new Set([...earlier.keys(), ...later.keys()])) {
    const was = earlier.get(urn);
    const is = later.get(urn);
    const gradeBefore = gradeOf(was);
    const gradeAfter = gradeOf(is);
    const kinds: MovementKind[] = [];
    if (gradeBefore !== null && gradeAfter !== null) {
      if (gradeAfter < gradeBefore) kinds.push('improved');
      if (gradeAfter > gradeBefore) kinds.push('declined');
    }
    if (gradeBefore === null && gradeAfter !== null) kinds.push('joined');
    if (gradeBefore !== null && gradeAfter === null) kinds.push('left');
    if (!isInSpecialMeasures(was) && isInSpecialMeasures(is)) kinds.push('newly_special_measures');
    if (isInSpecialMeasures(was) && !isInSpecialMeasures(is) && gradeAfter !== null)
      kinds.push('left_special_measures');
    if (!kinds.length) continue;
    movements.push({
      school: (is ?? was)!.school,
      kinds,
      before: was ?? null,
      after: is ?? null,
      gradeBefore,
      gradeAfter,
    });
  }
  return movements.sort((a, b) => a.school.name.localeCompare(b.school.name) || a.school.urn - b.school.urn);
}

/** How many schools moved each way. */
export function countMovements(movements: readonly Movement[]): Record<MovementKind, number> {
  const counts = Object.fromEntries(MOVEMENT_KINDS.map((k) => [k, 0])) as Record<MovementKind, number>;
  for (const m of movements) for (const kind of m.kinds) counts[kind]++;
  return counts;
}
