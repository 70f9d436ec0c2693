import { exportFileName } from '../export/table-export.ts';
import type { ReportDocument } from './document.ts';
import { renderReportHtml, reportLocals, type HtmlOptions } from './render-html.ts';
import type { RenderView } from '../web/render.ts';

export const REPORT_FORMATS = ['html', 'pdf', 'docx', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_FORMAT_LABELS: Record<ReportFormat, string> = {
  html: 'Web page (HTML)',
  pdf: 'PDF',
  docx: 'Word (DOCX)',
  xlsx: 'Excel (XLSX)',
};

const CONTENT_TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface ReportFile {
  body: Buffer;
  contentType: string;
  fileName: string;
}

export interface OutputOptions extends HtmlOptions {
  render: RenderView;
  chromiumPath: string;
  onProgress?: (text: string) => void;
}

/**
 * One report document as a file of the format asked for. HTML and PDF are
 * the same markup (the PDF is Chromium printing it); DOCX and XLSX are
 * drawn from the same document, so every output shows the same figures.
 */
// The PDF, Word and Excel writers (Chromium's driver, docx, resvg, exceljs: about 85 MB once loaded) are
// loaded on the first download that needs them, not by every server at start.
export async function renderReportFile(
  document: ReportDocument,
  format: ReportFormat,
  options: OutputOptions,
): Promise<ReportFile> {
  const file = (body: Buffer): ReportFile => ({
    body,
    contentType: CONTENT_TYPES[format],
    fileName: exportFileName([document.title, document.period, document.status], format),
  });
  switch (format) {
    case 'html':
      return file(Buffer.from(renderReportHtml(options.render, document, options)));
    case 'pdf': {
      const html = renderReportHtml(options.render, document, options);
      const { renderPdf } = await import('./render-pdf.ts');
      return file(
        await renderPdf(html, document, reportLocals(document, options).asAtText, {
          chromiumPath: options.chromiumPath,
          onProgress: (stage) => options.onProgress?.(`Printing the PDF: ${stage}`),
        }),
      );
    }
    case 'docx':
      options.onProgress?.('Writing the Word document');
      return file(await (await import('./render-docx.ts')).renderDocx(document));
    case 'xlsx':
      options.onProgress?.('Writing the workbook');
      return file(await (await import('./render-xlsx.ts')).renderXlsx(document));
  }
}
