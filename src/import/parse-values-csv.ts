import Papa from 'papaparse';
import { restoreNeutralisedText } from '../domain/spreadsheet-text.ts';
import type { Issue } from '../errors.ts';
import { TEMPLATE_INFORMATIONAL_HEADINGS } from './template-columns.ts';

/**
 * Reads a long-format CSV of figures (one row per indicator, period and
 * breakdown item). Never throws on bad data: problems with the file as a
 * whole come back as errors naming the file and, where there is one, the row
 * and column; row-level checks are the service's.
 */
export interface ParsedValues {
  rows: Record<string, string>[];
  /** The file row each parsed row came from (the header is row 1). */
  rowNumbers: number[];
  errors: Issue[];
}

const COLUMNS = [
  'ref',
  'period',
  'breakdown',
  'value',
  'numerator',
  'denominator',
  'status',
  'source',
  'commentary',
  'reason',
];
const REQUIRED = ['ref', 'period'];
const ALIASES: Record<string, string> = {
  reference: 'ref',
  indicator: 'ref',
  month: 'period',
  'breakdown item': 'breakdown',
};

export function parseValuesCsv(fileName: string, text: string): ParsedValues {
  const content = text.replace(/^\uFEFF/, '');
  if (content.trim() === '')
    return {
      rows: [],
      rowNumbers: [],
      errors: [{ file: fileName, field: '', message: 'The file is empty.' }],
    };
  const parsed = Papa.parse<string[]>(content, { skipEmptyLines: false });
  const [header = [], ...records] = parsed.data;
  const columns = header.map((h) => {
    const name = h.trim().toLowerCase();
    return ALIASES[name] ?? name;
  });
  const errors: Issue[] = [];
  for (const required of REQUIRED) {
    if (!columns.includes(required)) {
      errors.push({
        file: fileName,
        row: 1,
        field: required,
        message: `The heading row has no "${required}" column (found: ${header.join(', ') || 'nothing'}).`,
      });
    }
  }
  columns.forEach((c, index) => {
    if (c && !COLUMNS.includes(c) && !TEMPLATE_INFORMATIONAL_HEADINGS.includes(c))
      errors.push({
        file: fileName,
        row: 1,
        field: header[index]!,
        message: `"${header[index]}" is not a column this file can have (expected: ${COLUMNS.join(', ')}).`,
      });
    if (columns.indexOf(c) !== index)
      errors.push({
        file: fileName,
        row: 1,
        field: header[index]!,
        message: `The column "${header[index]}" appears twice.`,
      });
  });
  // A one-column file cannot show its delimiter; the missing-column messages above already explain it.
  for (const e of parsed.errors.filter((e) => e.code !== 'UndetectableDelimiter')) {
    errors.push({
      file: fileName,
      ...(e.row !== undefined ? { row: e.row + 1 } : {}),
      field: '',
      message: e.message,
    });
  }
  if (errors.length) return { rows: [], rowNumbers: [], errors };

  const rows: Record<string, string>[] = [];
  const rowNumbers: number[] = [];
  records.forEach((record, index) => {
    if (record.every((cell) => cell.trim() === '')) return;
    // A template's informational columns (title, units) are for the person filling it in, not for the figures.
    rows.push(
      Object.fromEntries(
        columns.flatMap((c, i) =>
          TEMPLATE_INFORMATIONAL_HEADINGS.includes(c) ? [] : [[c, restoreNeutralisedText(record[i] ?? '')]],
        ),
      ),
    );
    rowNumbers.push(index + 2);
  });
  if (rows.length === 0)
    errors.push({ file: fileName, field: '', message: 'The file has a heading row but no figures.' });
  return { rows, rowNumbers, errors };
}
