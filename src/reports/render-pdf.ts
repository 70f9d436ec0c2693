import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { AppError } from '../errors.ts';
import type { ReportDocument } from './document.ts';

export interface PdfOptions {
  /** The Chromium executable (Debian's package: /usr/bin/chromium). */
  chromiumPath: string;
  /** Told as printing moves on, for a progress bar. */
  onProgress?: (stage: 'starting' | 'laying out' | 'printing') => void;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The running header: the title, the "as at" moment and whether it is published; the footer: page X of Y. */
function headerAndFooter(document: ReportDocument, asAtText: string) {
  const style =
    'font-family: Arial, sans-serif; font-size: 8pt; color: #0b0c0c; width: 100%; margin: 0 12mm;';
  const status = document.status === 'published' ? 'Published' : 'Draft: not published';
  return {
    headerTemplate: `<div style="${style} display: flex; justify-content: space-between;"><span>${escape(
      `${document.title}, ${document.periodLabel}`,
    )}</span><span>${escape(`Figures as at ${asAtText} · ${status}`)}</span></div>`,
    footerTemplate: `<div style="${style} text-align: right;">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`,
  };
}

/**
 * Prints the report's HTML (src/reports/render-html.ts) to PDF with headless
 * Chromium: the same HTML as the page, so the two never disagree. A4
 * landscape, for the scorecard's wide grids; tagged for screen readers, with
 * bookmarks from the headings; the document's title and language come from
 * the HTML. A fresh browser per print: nothing is shared between reports
 * and no browser is left running.
 */
export async function renderPdf(
  html: string,
  document: ReportDocument,
  asAtText: string,
  options: PdfOptions,
): Promise<Buffer> {
  if (!existsSync(options.chromiumPath)) {
    throw new AppError(
      'conflict',
      `This server cannot print PDFs: there is no Chromium at ${options.chromiumPath}. ` +
        'Install it (apt-get install chromium) or set CHROMIUM_PATH; the HTML, Word and Excel versions work without it.',
    );
  }
  options.onProgress?.('starting');
  const browser = await chromium.launch({
    executablePath: options.chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ javaScriptEnabled: false });
    // Nothing is fetched: the HTML carries its styles, and a report must not reach the network.
    await page.route('**/*', (route) => route.abort());
    options.onProgress?.('laying out');
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    options.onProgress?.('printing');
    return await page.pdf({
      format: 'A4',
      landscape: true,
      printBackground: true,
      displayHeaderFooter: true,
      ...headerAndFooter(document, asAtText),
      margin: { top: '18mm', bottom: '16mm', left: '12mm', right: '12mm' },
      tagged: true,
      outline: true,
    });
  } finally {
    await browser.close();
  }
}
