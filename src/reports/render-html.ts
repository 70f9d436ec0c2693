import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RenderView } from '../web/render.ts';
import { GOVUK_FRONTEND_DIST } from '../web/render.ts';
import { asAtText, disclosureNoteOf, statusText } from './office-format.ts';
import type { ReportDocument } from './document.ts';
import type { RevisionNote } from './revision-notes.ts';

export interface HtmlOptions {
  /** For a publication reopened: its corrections since. */
  revisedSince?: RevisionNote[];
  /** For a publication: when it was published. */
  publishedAt?: Date;
}

/** What the report's templates (src/web/views/report/) are given: the document and its facts in words. */
export function reportLocals(document: ReportDocument, options: HtmlOptions = {}) {
  return {
    doc: document,
    asAtText: asAtText(document.asAt),
    statusText: `${statusText(document.status)}${options.publishedAt ? ` on ${asAtText(options.publishedAt)}` : ''}`,
    disclosureText: disclosureNoteOf(document) ?? '',
    revisedSince: options.revisedSince ?? [],
  };
}

/** The report as one self-contained HTML document (styles inlined, no scripts): saved as HTML, printed to PDF. */
export function renderReportHtml(
  render: RenderView,
  document: ReportDocument,
  options: HtmlOptions = {},
): string {
  return render('report/document.njk', { ...reportLocals(document, options), styles: reportStyles() });
}

let styles: string | null = null;

/** GOV.UK Frontend's styles and ours, read once. */
function reportStyles(): string {
  styles ??= [
    join(GOVUK_FRONTEND_DIST, 'govuk', 'govuk-frontend.min.css'),
    fileURLToPath(new URL('../web/assets/scorecard.css', import.meta.url)),
    fileURLToPath(new URL('../web/assets/report.css', import.meta.url)),
  ]
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n')
    // Nothing in the file may close its <style> element early.
    .replaceAll('</style', '<\\/style');
  return styles;
}
