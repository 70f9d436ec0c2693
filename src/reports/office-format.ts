import type { RatingColour } from '../domain/evaluate-target.ts';
import type { NumberFormat, ReportDocument, TableCell } from './document.ts';

/**
 * What the DOCX and XLSX outputs of a report share: how a rating looks, how
 * a number is formatted in a spreadsheet, and the words of the title block.
 * Kept in one place so the two files a committee receives say the same.
 */

/**
 * A rating as a shaded cell: the light tint of GOV.UK's tag colours, with
 * near-black text on it (a contrast of at least 14:1, well above WCAG AA's
 * 4.5:1), so the cell prints legibly in black and white too. The word is
 * always written as well: colour is never the only sign of a rating.
 */
export interface RatingStyle {
  word: string;
  /** Cell fill, 'RRGGBB'. */
  fill: string;
  /** Text colour on the fill, 'RRGGBB'. */
  text: string;
}

export const RATING_STYLES: Record<RatingColour, RatingStyle> = {
  green: { word: 'Green', fill: 'CCE2D8', text: '0B0C0C' },
  amber: { word: 'Amber', fill: 'FFF7BF', text: '0B0C0C' },
  red: { word: 'Red', fill: 'F4CDC6', text: '0B0C0C' },
  grey: { word: 'Grey', fill: 'EEEFEF', text: '0B0C0C' },
};

/** A rated cell's text with its rating word in front, unless the text already starts with it ('Green: better than target'). */
export function ratedText(text: string, rating: RatingColour): string {
  const word = RATING_STYLES[rating].word;
  const trimmed = text.trim();
  if (trimmed === '') return word;
  return trimmed.toLowerCase().startsWith(word.toLowerCase()) ? trimmed : `${word}: ${trimmed}`;
}

/** Characters XML 1.0 cannot hold (DOCX and XLSX are XML): written as U+FFFD so the file always opens. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '\uFFFD');
}

function decimalPart(decimals: number): string {
  const places = Math.max(0, Math.min(10, Math.trunc(decimals)));
  return places > 0 ? `.${'0'.repeat(places)}` : '';
}

/**
 * The Excel number format that shows a cell's number as the report does.
 * A percentage is stored as the number the report shows (93.1 for 93.1%)
 * and formatted with a literal per-cent sign, so the number read back from
 * the workbook is the model's value exactly, never divided by 100.
 *
 * Money is often shown in thousands or millions ('£162.5m' for a value of
 * 162.5), and NumberFormat does not say which: when the text as shown ends
 * in k, m or bn, the format ends in it too, so the cell never reads as
 * £162.5.
 */
export function excelNumberFormat(format: NumberFormat | undefined, shownText?: string): string {
  if (!format) return 'General';
  const places = decimalPart(format.decimals);
  switch (format.kind) {
    case 'percent':
      return `0${places}"%"`;
    case 'money': {
      const unit = shownText ? MONEY_UNIT.exec(shownText.trim())?.[1] : undefined;
      return `£#,##0${places}${unit ? `"${unit}"` : ''}`;
    }
    case 'count':
    case 'rate':
    case 'days':
    case 'score':
    case 'number':
      return `#,##0${places}`;
  }
}

const MONEY_UNIT = /^[-−]?£[\d,.]+\s?(k|m|bn)$/i;

/** The number an output may write for a cell: none when it is suppressed, not a number, or not finite. */
export function cellNumber(cell: TableCell): number | null {
  if (cell.isSuppressed) return null;
  const value = cell.value;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** What a suppressed figure shows, in every output. */
export const SUPPRESSED_TEXT = 'c';

/** The day the figures were read, as a reader in England says it: '3 June 2017'. */
export function asAtText(asAt: string): string {
  const date = new Date(asAt);
  if (Number.isNaN(date.getTime())) return asAt;
  return date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });
}

export function statusText(status: ReportDocument['status']): string {
  return status === 'published' ? 'Published' : 'Draft';
}

/** The sentence a public report carries about suppression, or null for a report that is not public. */
export function disclosureNote(document: ReportDocument): string | null {
  if (!document.disclosure.isPublic) return null;
  const t = document.disclosure.threshold;
  return (
    `This report is published: to protect children and families from being identified, ` +
    `counts from 1 to ${t} are suppressed and shown as '${SUPPRESSED_TEXT}', ` +
    `as are any figures from which a suppressed count could be worked out.`
  );
}

/** The lines of the title block, in order: each a label, its text, and the two as a sentence. */
export function titleBlockLines(
  document: ReportDocument,
): { label: string; text: string; sentence: string }[] {
  const asAt = asAtText(document.asAt);
  const status = statusText(document.status);
  return [
    { label: 'For', text: document.audience, sentence: `For: ${document.audience}` },
    { label: 'Period', text: document.periodLabel, sentence: `Period: ${document.periodLabel}` },
    { label: 'Figures as at', text: asAt, sentence: `Figures as at ${asAt}` },
    { label: 'Status', text: status, sentence: `Status: ${status}` },
  ];
}
