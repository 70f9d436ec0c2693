import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, AriaComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { TrendSeries } from './trend-series.ts';

// Only the parts the trend chart draws with: the whole library costs the server about 76 MB.
echarts.use([LineChart, GridComponent, LegendComponent, AriaComponent, SVGRenderer]);

/**
 * Draws a trend series as an SVG string on the server (no browser, no
 * JavaScript on the page). Provisional points are hollow; the target is a
 * dashed step line; a series break splits the line.
 */
export function renderTrendChart(
  series: TrendSeries,
  options: { title: string; unitSuffix: string },
): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 720, height: 300 });
  const segments = splitAtBreaks(series.values, series.seriesBreaks);
  chart.setOption({
    animation: false,
    aria: { enabled: true, label: { description: options.title } },
    grid: { left: 56, right: 24, top: 32, bottom: 40 },
    legend: { top: 0, textStyle: { color: '#0b0c0c', fontSize: 14 } },
    xAxis: { type: 'category', data: series.labels, axisLabel: { color: '#0b0c0c' } },
    yAxis: {
      type: 'value',
      scale: true,
      axisLabel: { color: '#0b0c0c', formatter: `{value}${options.unitSuffix}` },
    },
    series: [
      ...segments.map((values, index) => ({
        name: index === 0 ? 'Figure' : `Figure (new definition ${index})`,
        type: 'line',
        data: values.map((value, i) => ({
          value,
          symbol: series.isProvisional[i] ? 'emptyCircle' : 'circle',
          symbolSize: series.isProvisional[i] ? 9 : 7,
        })),
        lineStyle: { color: '#1d70b8', width: 3 },
        itemStyle: { color: '#1d70b8' },
        connectNulls: false,
      })),
      {
        name: 'Target',
        type: 'line',
        step: 'middle',
        data: series.targets,
        symbol: 'none',
        lineStyle: { color: '#d4351c', type: 'dashed', width: 2 },
        itemStyle: { color: '#d4351c' },
      },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  // ECharts applies its aria option only to a browser container, not to SSR
  // output: name the image ourselves, or screen readers meet an unnamed graphic.
  return svg.replace(/^<svg /, `<svg role="img" aria-label="${escapeAttribute(options.title)}" `);
}

function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One array per series, each the full length with nulls outside its own span. */
function splitAtBreaks(values: (number | null)[], breaks: number[]): (number | null)[][] {
  const starts = [0, ...breaks];
  return starts.map((start, index) => {
    const end = starts[index + 1] ?? values.length;
    return values.map((v, i) => (i >= start && i < end ? v : null));
  });
}
