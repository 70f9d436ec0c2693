import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, LegendComponent, AriaComponent, SVGRenderer]);

/**
 * The data a stacked status chart draws: one bar per row (a workstream),
 * one segment per status, in the plan's order of statuses. Built by
 * statusBars(), drawn by renderStatusBarChart(); pure apart from drawing.
 */
export interface StatusBars {
  /** Bar labels, top to bottom: 'A', 'B', 'E1'. */
  rows: string[];
  series: { name: string; colour: string; counts: number[] }[];
}

export interface StatusRow {
  label: string;
  byStatus: Record<string, number>;
}

/** Leaves out statuses no row has, so the legend names only what is drawn. */
export function statusBars(
  rows: readonly StatusRow[],
  statuses: readonly { key: string; label: string; colour: string }[],
): StatusBars {
  return {
    rows: rows.map((r) => r.label),
    series: statuses
      .map((s) => ({ name: s.label, colour: s.colour, counts: rows.map((r) => r.byStatus[s.key] ?? 0) }))
      .filter((s) => s.counts.some((c) => c > 0)),
  };
}

/** A horizontal stacked bar chart as an SVG string, drawn on the server. */
export function renderStatusBarChart(bars: StatusBars, options: { title: string }): string {
  const height = Math.max(140, 60 + bars.rows.length * 34);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 720, height });
  chart.setOption({
    animation: false,
    grid: { left: 56, right: 24, top: 36, bottom: 28 },
    legend: { top: 0, textStyle: { color: '#0b0c0c', fontSize: 14 } },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#0b0c0c' } },
    // Top to bottom as the plan lists them.
    yAxis: {
      type: 'category',
      data: [...bars.rows].reverse(),
      axisLabel: { color: '#0b0c0c', fontSize: 14 },
    },
    series: bars.series.map((s) => ({
      name: s.name,
      type: 'bar',
      stack: 'status',
      barWidth: 22,
      itemStyle: { color: s.colour },
      label: {
        show: true,
        color: '#ffffff',
        fontSize: 12,
        formatter: (p: { value: number }) => (p.value ? String(p.value) : ''),
      },
      data: [...s.counts].reverse(),
    })),
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  const description = `${options.title}. ${bars.rows
    .map((row, i) => `${row}: ${bars.series.map((s) => `${s.counts[i]} ${s.name}`).join(', ')}`)
    .join('; ')}.`;
  return svg.replace(/^<svg /, `<svg role="img" aria-label="${escapeAttribute(description)}" `);
}

function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
