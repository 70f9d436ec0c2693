import { Resvg, renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportChart } from './document.ts';

/**
 * A report's chart as a PNG, for the outputs that cannot hold SVG on its own
 * (a DOCX must carry a PNG beside any SVG, and older Word shows only the
 * PNG). resvg (Rust, prebuilt for each platform on npm; no browser, no
 * native build) draws the chart's SVG at `scale` times its size, 2 by
 * default so it stays sharp when printed, on white, so it reads on a dark
 * viewer and prints as it shows.
 *
 * Text is drawn in a system font: Liberation Sans (metrically the same as
 * Arial, which the charts are laid out for) where it is installed, DejaVu
 * Sans next, else whatever the system has. The font files are found once
 * and given to resvg by name, which is several times quicker per chart than
 * letting it scan every system font.
 *
 * The SVG is the report's own (self-contained, built on the server): resvg
 * fetches nothing from the network and runs no script.
 */

const PREFERRED_FONTS = [
  { family: 'Liberation Sans', files: /^LiberationSans-(Regular|Bold|Italic|BoldItalic)\.ttf$/ },
  { family: 'DejaVu Sans', files: /^DejaVuSans(-Bold|-Oblique|-BoldOblique)?\.ttf$/ },
];

const FONT_DIRECTORIES = ['/usr/share/fonts', '/usr/local/share/fonts', '/usr/X11R6/lib/X11/fonts'];

interface FontChoice {
  family: string | null;
  files: string[];
}

let fontChoice: FontChoice | undefined;

function filesUnder(directory: string, depth = 0): string[] {
  if (depth > 4) return [];
  try {
    return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return filesUnder(path, depth + 1);
      return entry.isFile() ? [path] : [];
    });
  } catch {
    return [];
  }
}

/** The font the charts are drawn in, found once per process. */
function chooseFont(): FontChoice {
  if (fontChoice) return fontChoice;
  const all = FONT_DIRECTORIES.flatMap((d) => filesUnder(d));
  for (const preferred of PREFERRED_FONTS) {
    const files = all.filter((path) => preferred.files.test(path.slice(path.lastIndexOf('/') + 1)));
    if (files.length > 0) return (fontChoice = { family: preferred.family, files });
  }
  return (fontChoice = { family: null, files: [] });
}

function renderOptions(chart: ReportChart, scale: number): ResvgRenderOptions {
  const { family, files } = chooseFont();
  const font: ResvgRenderOptions['font'] =
    family === null
      ? { loadSystemFonts: true }
      : {
          loadSystemFonts: false,
          fontFiles: files,
          defaultFontFamily: family,
          sansSerifFamily: family,
          serifFamily: family,
          monospaceFamily: family,
        };
  return {
    font,
    background: 'white',
    fitTo: { mode: 'width', value: Math.max(1, Math.round(chart.width * scale)) },
  };
}

function checkScale(scale: number): void {
  if (!(scale > 0 && scale <= 8))
    throw new RangeError(`chart scale must be above 0 and at most 8, not ${scale}`);
}

/** The chart as a PNG, `scale` × its width wide (its height follows the SVG's shape). */
export function chartPng(chart: ReportChart, scale = 2): Buffer {
  checkScale(scale);
  return new Resvg(chart.svg, renderOptions(chart, scale)).render().asPng();
}

/**
 * The same as chartPng, drawn on libuv's worker threads: a report with many
 * charts draws them side by side rather than one after another.
 */
export async function chartPngAsync(chart: ReportChart, scale = 2): Promise<Buffer> {
  checkScale(scale);
  const image = await renderAsync(chart.svg, renderOptions(chart, scale));
  return image.asPng();
}
