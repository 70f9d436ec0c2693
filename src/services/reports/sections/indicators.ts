import { HISTORY_PERIODS, indicatorBlocks } from '../../../reports/indicator-blocks.ts';
import { getIndicator } from '../../get-indicator.ts';
import type { SectionBuilder } from '../section-input.ts';

/** Chosen indicators, each with its chart, recent history and commentary up to the report's month. */
export const buildIndicatorsSection: SectionBuilder<'indicators'> = async (db, input) => {
  const blocks = [];
  for (const ref of input.definition.refs) {
    const detail = await getIndicator(db, ref, input.visibility);
    const rows = detail.rows.filter((r) => r.period.end <= input.month.end).slice(0, HISTORY_PERIODS);
    blocks.push(...indicatorBlocks(detail, rows));
  }
  return {
    id: input.id,
    kind: 'indicators',
    heading: input.definition.heading || 'Indicators in detail',
    blocks,
  };
};
