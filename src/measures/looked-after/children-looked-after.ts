/**
 * Children looked after at the period end: the count (with and without
 * unaccompanied asylum-seeking children) and the rate per 10,000 children.
 */
import type { MeasureDefinition, MeasureInput, MeasureRow } from '../measure.ts';
import type { Child, IsoDate } from '../model.ts';
import { usable } from '../model.ts';
import { lookedAfterOn, type LookedAfterChild } from './looked-after-on.ts';

const LAIT =
  'LAIT: "Number of Children looked after" and "Children looked after rate per 10,000"; SSDA903 guide';

function rowOf(child: LookedAfterChild, periodEnd: IsoDate, problem: string | null): MeasureRow {
  const counted = problem === null;
  return {
    childId: child.childId,
    kind: 'episodes',
    recordKey: child.episode.key,
    dates: { 'Looked after since': child.period.start, 'Current episode started': child.episode.startDate },
    ageAt: periodEnd,
    inDenominator: counted,
    inNumerator: counted,
    value: null,
    leftOutBecause: problem,
  };
}

const allLookedAfter = ({ records, period }: MeasureInput): MeasureRow[] =>
  lookedAfterOn(records, period.end).map((child) => rowOf(child, period.end, child.problem));

/**
 * Whether a child was an unaccompanied asylum-seeking child at the end of a
 * day: recorded as one, and not ceased to be one on or before the day (the
 * 903's DUC is the day the status ended).
 */
export const isUascOn = (child: Child, date: IsoDate): boolean =>
  child.wasUasc && (child.uascCeasedDate === null || child.uascCeasedDate > date);

export const childrenLookedAfter: MeasureDefinition = {
  id: 'children-looked-after',
  title: 'Children looked after',
  summary: 'Children looked after at the end of the period, including unaccompanied asylum-seeking children.',
  kind: 'count',
  polarity: 'neither',
  numeratorLabel: 'Children looked after at the period end',
  denominatorLabel: 'Children looked after at the period end',
  source: LAIT,
  rows: allLookedAfter,
};

export const childrenLookedAfterExcludingUasc: MeasureDefinition = {
  id: 'children-looked-after-excluding-uasc',
  title: 'Children looked after, excluding unaccompanied asylum-seeking children',
  summary:
    'Children looked after at the end of the period who were not unaccompanied asylum-seeking children on that day.',
  kind: 'count',
  polarity: 'neither',
  numeratorLabel: 'Children looked after at the period end, not UASC',
  denominatorLabel: 'Children looked after at the period end, not UASC',
  source: `${LAIT}; UASC status from the 903 UASC table (DUC)`,
  rows({ records, period }) {
    const rows: MeasureRow[] = [];
    for (const looked of lookedAfterOn(records, period.end)) {
      const child = records.child(looked.childId);
      if (!child) {
        rows.push(rowOf(looked, period.end, 'wasUasc'));
        continue;
      }
      const uascProblem = ['wasUasc', 'uascCeasedDate'].find((f) => !usable(child, f)) ?? null;
      if (uascProblem === null && isUascOn(child, period.end)) continue;
      rows.push(rowOf(looked, period.end, looked.problem ?? uascProblem));
    }
    return rows;
  },
};

export const childrenLookedAfterRate: MeasureDefinition = {
  id: 'children-looked-after-rate',
  title: 'Children looked after per 10,000 children',
  summary: 'Children looked after at the end of the period per 10,000 children aged 0–17 in the area.',
  kind: 'rate_per_10k',
  polarity: 'neither',
  numeratorLabel: 'Children looked after at the period end',
  denominatorLabel: 'Children aged 0–17 (population estimate)',
  source: LAIT,
  rows: allLookedAfter,
};
