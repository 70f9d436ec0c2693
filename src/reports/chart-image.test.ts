import { describe, expect, it } from 'vitest';
import { decodePng, PNG_SIGNATURE, type DecodedPng } from '../../test/support/png.ts';
import { trendChart } from '../../test/support/sample-report.ts';
import { chartPng, chartPngAsync } from './chart-image.ts';

/** How many pixels in a rectangle are darker than light grey (text, lines). */
function darkPixels(image: DecodedPng, x0: number, y0: number, x1: number, y1: number): number {
  let count = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const i = (y * image.width + x) * 4;
      if (image.pixels[i]! < 120 && image.pixels[i + 1]! < 120 && image.pixels[i + 2]! < 120) count++;
    }
  return count;
}

describe('chartPng', () => {
  const chart = trendChart();

  it('draws the chart as a PNG twice its size by default, on white', () => {
    const png = chartPng(chart);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const image = decodePng(png);
    expect([image.width, image.height]).toEqual([chart.width * 2, chart.height * 2]);
    // The corner is background: opaque white, never transparent.
    expect([...image.pixels.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
  });

  it('draws at the scale asked for', () => {
    const image = decodePng(chartPng(chart, 1));
    expect([image.width, image.height]).toEqual([chart.width, chart.height]);
  });

  it('is not blank: the line is drawn in its blue, and the axis labels in text', () => {
    const image = decodePng(chartPng(chart, 1));
    let blue = 0;
    for (let i = 0; i < image.pixels.length; i += 4) {
      const [r, g, b] = [image.pixels[i]!, image.pixels[i + 1]!, image.pixels[i + 2]!];
      if (Math.abs(r - 0x1d) < 30 && Math.abs(g - 0x70) < 30 && Math.abs(b - 0xb8) < 30) blue++;
    }
    expect(blue).toBeGreaterThan(500);
    // The value axis labels sit left of the plot (x < 56), where nothing but text is drawn:
    // dark pixels there mean a font was found and used.
    expect(darkPixels(image, 0, 20, 54, chart.height - 40)).toBeGreaterThan(100);
    // And the month labels below it.
    expect(darkPixels(image, 60, chart.height - 36, chart.width - 24, chart.height)).toBeGreaterThan(300);
  });

  it('draws the same image on the worker threads', async () => {
    const image = decodePng(await chartPngAsync(chart, 1));
    expect([image.width, image.height]).toEqual([chart.width, chart.height]);
    expect(darkPixels(image, 0, 20, 54, chart.height - 40)).toBeGreaterThan(100);
  });

  it('refuses a scale that is not a positive size', () => {
    expect(() => chartPng(chart, 0)).toThrow(RangeError);
    expect(() => chartPng(chart, Number.NaN)).toThrow(RangeError);
  });
});
