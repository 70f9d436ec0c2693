/**
 * Every statutory measure, in the order the measures page lists them: the
 * front door to child protection, then children looked after. Each one's
 * definition is docs/measures/<id>.md.
 */
import { CHILDREN_IN_NEED_MEASURES } from './children-in-need/index.ts';
import { LOOKED_AFTER_MEASURES } from './looked-after/index.ts';
import type { MeasureDefinition } from './measure.ts';

export const MEASURES: readonly MeasureDefinition[] = [
  ...CHILDREN_IN_NEED_MEASURES,
  ...LOOKED_AFTER_MEASURES,
];

const byId = new Map(MEASURES.map((m) => [m.id, m]));

export const measureById = (id: string): MeasureDefinition | undefined => byId.get(id);
