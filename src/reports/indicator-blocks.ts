import { formatValue } from '../domain/format.ts';
import type { IndicatorDetail, PeriodRow } from '../services/get-indicator.ts';
import { renderTrendChart } from '../web/charts/trend-chart.ts';
import { buildTrendSeries } from '../web/charts/trend-series.ts';
import type { Block, ReportTable } from './document.ts';
import { numberFormatOf } from './number-format.ts';

/** Periods of history a report shows for a chosen indicator: a year of months and the same month a year before. */
export const HISTORY_PERIODS = 13;

const CHART = { width: 720, height: 300 };

/**
 * A chosen indicator as report blocks: its definition, a trend chart of its
 * recent history, and the history table with target, rating, trend and
 * commentary per period. `rows` are the indicator's periods to show, newest
 * first (the caller cuts them at the report's month).
 */
export function indicatorBlocks(detail: IndicatorDetail, rows: PeriodRow[]): Block[] {
  const { indicator } = detail;
  const display = { unit: indicator.unit, decimals: indicator.decimals };
  const blocks: Block[] = [{ type: 'heading', text: `${indicator.ref}: ${indicator.title}` }];
  if (indicator.definition) blocks.push({ type: 'paragraph', text: indicator.definition });
  if (rows.length === 0) {
    blocks.push({ type: 'paragraph', text: 'No figures recorded up to this period.' });
    return blocks;
  }
  const series = buildTrendSeries(rows);
  if (series.values.some((v) => v !== null)) {
    const title = `${indicator.title}: trend`;
    blocks.push({
      type: 'chart',
      chart: {
        title,
        svg: renderTrendChart(series, { title, unitSuffix: indicator.unit === 'percent' ? '%' : '' }),
        description: `${title}, ${series.labels[0]} to ${series.labels.at(-1)}: ${series.labels
          .map((label, i) => `${label} ${formatValue(series.values[i] ?? null, display) || 'no figure'}`)
          .join('; ')}.`,
        ...CHART,
      },
    });
  }
  const table: ReportTable = {
    caption: `${indicator.ref} history`,
    columns: [
      { label: 'Period', isNumeric: false },
      { label: 'Figure', isNumeric: true },
      { label: 'Target', isNumeric: true },
      { label: 'Rating', isNumeric: false },
      { label: 'Against the period before', isNumeric: false },
      { label: 'Commentary', isNumeric: false },
    ],
    rows: rows.map((row) => ({
      cells: [
        { text: row.period.label },
        {
          text: row.total ? formatValue(row.total.value, display) : '',
          value: row.total?.value ?? null,
          format: numberFormatOf(indicator.unit, indicator.decimals),
          ...(row.total?.status === 'provisional' ? { isProvisional: true } : {}),
          ...(row.total && row.superseded.some((v) => v.breakdown === '') ? { isRevised: true } : {}),
          ...(indicator.unit === 'count' ? { isCount: true } : {}),
          ...(row.total
            ? {
                source: {
                  indicator: indicator.ref,
                  period: row.period.code,
                  breakdown: '',
                  revision: row.total.revision,
                },
              }
            : {}),
        },
        {
          text: formatValue(row.target, display),
          value: row.target,
          format: numberFormatOf(indicator.unit, indicator.decimals),
        },
        { text: row.evaluation.label, rating: row.evaluation.colour },
        { text: row.againstPrevious.label },
        { text: row.commentary.find((c) => c.isCurrent)?.body ?? '' },
      ],
    })),
  };
  blocks.push({ type: 'table', table });
  return blocks;
}
