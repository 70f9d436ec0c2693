import { disclosureNote } from './apply-disclosure.ts';
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
export function excelNumberFormat(
  format: NumberFormat | undefined,
  shownText?: string,
  value?: number | null,
): string {
  if (!format) return 'General';
  const places = decimalPart(format.decimals);
  switch (format.kind) {
    case 'percent':
      return `0${places}"%"`;
    case 'money':
      return moneyFormat(format, value, shownText);
    case 'count':
    case 'rate':
    case 'days':
    case 'score':
    case 'number':
      return `#,##0${places}`;
  }
}

const MONEY_SHOWN = /^[-−]?£([\d,]+(?:\.(\d+))?)\s?(k|m|bn)?$/i;

/**
 * Money as the report shows it. A report may show £162,500,000 as
 * '£162.5m': the cell keeps the exact number, and the format scales it as
 * the text does (each ',' after the digits divides by a thousand in Excel)
 * with the text's decimals. The scale is read from the number and its text,
 * so a model that holds millions (162.5, '£162.5m') is not scaled again.
 */
function moneyFormat(format: NumberFormat, value: number | null | undefined, shownText?: string): string {
  const shown = shownText ? MONEY_SHOWN.exec(shownText.trim()) : null;
  if (!shown) return `£#,##0${decimalPart(format.decimals)}`;
  const [, digits, fraction, unit] = shown;
  const places = decimalPart(fraction?.length ?? 0);
  const suffix = unit ? `"${unit}"` : '';
  const shownNumber = Number(digits!.replace(/,/g, ''));
  const ratio = value && shownNumber ? Math.abs(value) / shownNumber : 1;
  const thousands = Math.max(0, Math.min(3, Math.round(Math.log10(ratio) / 3)));
  return `£#,##0${places}${','.repeat(thousands)}${suffix}`;
}

/** The number an output may write for a cell: none when it is suppressed, not a number, or not finite. */
export function cellNumber(cell: TableCell): number | null {
  if (cell.isSuppressed) return null;
  const value = cell.value;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export { SUPPRESSED_TEXT } from './apply-disclosure.ts';

/** The moment the figures were read, as a reader in England says it: '3 June 2017 at 10:15'. */
export function asAtText(asAt: string | Date): string {
  const date = new Date(asAt);
  if (Number.isNaN(date.getTime())) return String(asAt);
  const london = { timeZone: 'Europe/London' } as const;
  const day = date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', ...london });
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', ...london });
  return `${day} at ${time}`;
}

export function statusText(status: ReportDocument['status']): string {
  return status === 'published' ? 'Published' : 'Draft: not published';
}

/** The sentence a public report carries about suppression, or null for a report that is not public. */
export function disclosureNoteOf(document: ReportDocument): string | null {
  return document.disclosure.isPublic ? disclosureNote(document.disclosure.threshold) : null;
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
