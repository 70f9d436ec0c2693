import type { Unit } from '../domain/indicator.ts';
import type { NumberFormat } from './document.ts';

const KIND_OF_UNIT: Record<Unit, NumberFormat['kind']> = {
  percent: 'percent',
  count: 'count',
  days: 'days',
  rate_per_10k: 'rate',
  score: 'score',
  money: 'money',
};

/** How a figure of an indicator's unit is formatted in a report (and its XLSX). */
export function numberFormatOf(unit: Unit, decimals: number): NumberFormat {
  return { kind: KIND_OF_UNIT[unit], decimals };
}

export const COUNT_FORMAT: NumberFormat = { kind: 'count', decimals: 0 };
