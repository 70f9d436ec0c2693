import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, LegendComponent, SVGRenderer]);

/** Grouped bars as drawn: one group per category, one bar per series; null is a figure not available. */
export interface ComparisonBars {
  title: string;
  categories: string[];
  series: { name: string; colour: string; values: (number | null)[]; texts: string[] }[];
}

export const CHART_WIDTH = 720;
export const CHART_HEIGHT = 340;

/**
 * What the chart shows, in words, every value included: its text
 * alternative in the page, the PDF and the XLSX. 'Not available' for a bar
 * with no figure.
 */
export function describeBars(bars: ComparisonBars): string {
  const groups = bars.categories.map(
    (category, i) =>
      `${category}: ${bars.series.map((s) => `${s.name} ${s.texts[i] || 'not available'}`).join(', ')}`,
  );
  return `${bars.title}. ${groups.join('; ')}.`;
}

/**
 * Grouped vertical bars as a self-contained SVG string, drawn on the server:
 * each bar labelled with its figure, the series named in the legend, text
 * in near-black on white.
 */
export function renderComparisonBars(bars: ComparisonBars, description = describeBars(bars)): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
  });
  chart.setOption({
    animation: false,
    grid: { left: 48, right: 16, top: 48, bottom: 56 },
    legend: { top: 0, textStyle: { color: '#0b0c0c', fontSize: 14 } },
    xAxis: {
      type: 'category',
      data: bars.categories,
      axisLabel: { color: '#0b0c0c', fontSize: 13, interval: 0, width: 150, overflow: 'break' },
    },
    yAxis: { type: 'value', min: 0, axisLabel: { color: '#0b0c0c' } },
    series: bars.series.map((s) => ({
      name: s.name,
      type: 'bar',
      itemStyle: { color: s.colour },
      label: {
        show: true,
        position: 'top',
        color: '#0b0c0c',
        fontSize: 12,
        formatter: (p: { dataIndex: number }) => s.texts[p.dataIndex] ?? '',
      },
      data: s.values,
    })),
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  // ECharts applies its aria option only in a browser: name the image ourselves.
  return svg.replace(/^<svg /, `<svg role="img" aria-label="${escapeAttribute(description)}" `);
}

function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
