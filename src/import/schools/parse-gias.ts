import type { SchoolLink } from '../../domain/schools/predecessors.ts';
import type { School } from '../../domain/schools/school.ts';
import type { Issue } from '../../errors.ts';
import {
  columnLetter,
  decodeText,
  isNothing,
  normaliseHeader,
  parseDate,
  parseUrn,
  readCsvTable,
  type CsvTable,
} from './csv-table.ts';

/**
 * Get Information about Schools (GIAS) downloads: the establishment file
 * ("edubasealldata", about 130 columns, open and closed establishments) and
 * its links file. Only the columns the position needs are read; the rest are
 * ignored, so the files may carry more or fewer of them as GIAS changes.
 * Never throws on bad data: every problem comes back as an issue naming the
 * file, row and column. A URN given twice is a problem (which row is right
 * cannot be known), as is a date that is not a date.
 */

export interface ParsedFile<T> {
  rows: T[];
  /** The file row each parsed row came from (the first row is 1). */
  rowNumbers: number[];
  issues: Issue[];
  /** For the person: the encoding read, title rows skipped. */
  notes: string[];
  encoding: string;
}

interface ColumnSpec {
  /** Header names, compared normalised; the first found is used. */
  names: string[];
  isRequired: boolean;
}

const ESTABLISHMENT_COLUMNS = {
  urn: { names: ['URN'], isRequired: true },
  laCode: { names: ['LA (code)', 'LA code'], isRequired: true },
  laName: { names: ['LA (name)', 'LA name', 'Local authority'], isRequired: true },
  establishmentNumber: { names: ['EstablishmentNumber', 'Establishment number'], isRequired: false },
  name: { names: ['EstablishmentName', 'Establishment name', 'School name'], isRequired: true },
  typeCode: { names: ['TypeOfEstablishment (code)'], isRequired: false },
  typeName: { names: ['TypeOfEstablishment (name)', 'Type of establishment'], isRequired: true },
  typeGroupCode: { names: ['EstablishmentTypeGroup (code)'], isRequired: false },
  typeGroupName: { names: ['EstablishmentTypeGroup (name)', 'Establishment type group'], isRequired: true },
  statusCode: { names: ['EstablishmentStatus (code)'], isRequired: false },
  statusName: { names: ['EstablishmentStatus (name)', 'Establishment status'], isRequired: true },
  openDate: { names: ['OpenDate', 'Open date'], isRequired: true },
  closeDate: { names: ['CloseDate', 'Close date'], isRequired: true },
  phaseCode: { names: ['PhaseOfEducation (code)'], isRequired: false },
  phaseName: { names: ['PhaseOfEducation (name)', 'Phase of education'], isRequired: true },
} satisfies Record<string, ColumnSpec>;

const LINK_COLUMNS = {
  urn: { names: ['URN'], isRequired: true },
  linkUrn: { names: ['LinkURN', 'Link URN'], isRequired: true },
  linkName: { names: ['LinkName', 'Link name'], isRequired: false },
  linkType: { names: ['LinkType', 'Link type'], isRequired: true },
  linkDate: { names: ['LinkEstablishedDate', 'Link established date'], isRequired: false },
} satisfies Record<string, ColumnSpec>;

type Located<K extends string> = Record<K, number | undefined>;

/** Finds each column, or says which required ones are missing. */
function locate<K extends string>(
  fileName: string,
  table: CsvTable,
  specs: Record<K, ColumnSpec>,
  what: string,
): { located: Located<K>; issues: Issue[] } {
  const located = {} as Located<K>;
  const missing: string[] = [];
  for (const [key, spec] of Object.entries(specs) as [K, ColumnSpec][]) {
    const index = spec.names.map((n) => table.columns.get(normaliseHeader(n))).find((i) => i !== undefined);
    located[key] = index;
    if (index === undefined && spec.isRequired) missing.push(spec.names[0]!);
  }
  const issues = missing.length
    ? [
        {
          file: fileName,
          row: table.skippedTitleRows + 1,
          field: missing.join(', '),
          message: `this is not ${what}: it has no ${missing.map((m) => `"${m}"`).join(', ')} column${missing.length === 1 ? '' : 's'}`,
        },
      ]
    : [];
  return { located, issues };
}

/** One row read by column key, with a way to report a problem in one of its cells by file, row and column. */
function rowOf<K extends string>(
  fileName: string,
  table: CsvTable,
  located: Located<K>,
  issues: Issue[],
  { row, cells }: { row: number; cells: string[] },
) {
  return {
    cell(key: K): string {
      const index = located[key];
      return index === undefined ? '' : (cells[index] ?? '').trim();
    },
    problem(key: K, message: string): void {
      issues.push({
        file: fileName,
        row,
        column: columnLetter(located[key]!),
        field: table.headers[located[key]!]!,
        message,
      });
    },
  };
}

function begin(fileName: string, bytes: Uint8Array) {
  const decoded = decodeText(bytes);
  const { table, issues } = readCsvTable(fileName, decoded.text, 'URN');
  const notes = [`Read as ${decoded.encodingLabel}.`];
  if (table?.skippedTitleRows)
    notes.push(
      `The first ${table.skippedTitleRows} row${table.skippedTitleRows === 1 ? ' was a title' : 's were titles'} above the column headings, and ${table.skippedTitleRows === 1 ? 'was' : 'were'} skipped.`,
    );
  return { table, issues, notes, encoding: decoded.encodingLabel };
}

/** The school register from a GIAS establishment file. */
export function parseGiasEstablishments(fileName: string, bytes: Uint8Array): ParsedFile<School> {
  const { table, issues, notes, encoding } = begin(fileName, bytes);
  const result: ParsedFile<School> = { rows: [], rowNumbers: [], issues, notes, encoding };
  if (!table) return result;
  const { located, issues: missing } = locate(
    fileName,
    table,
    ESTABLISHMENT_COLUMNS,
    'a Get Information about Schools establishment file',
  );
  if (missing.length) {
    issues.push(...missing);
    return result;
  }
  const firstRowOf = new Map<number, number>();
  for (const tableRow of table.rows) {
    const { row } = tableRow;
    const { cell, problem } = rowOf(fileName, table, located, issues, tableRow);
    const urn = parseUrn(cell('urn'));
    if (urn === null) {
      problem('urn', `"${cell('urn')}" is not a URN (a whole number)`);
      continue;
    }
    const earlier = firstRowOf.get(urn);
    if (earlier !== undefined) {
      problem('urn', `URN ${urn} is also on row ${earlier}: each school must appear once`);
      continue;
    }
    firstRowOf.set(urn, row);
    const dates: Record<'openDate' | 'closeDate', string | null> = { openDate: null, closeDate: null };
    let isDateBad = false;
    for (const key of ['openDate', 'closeDate'] as const) {
      const text = cell(key);
      if (isNothing(text)) continue;
      dates[key] = parseDate(text);
      if (dates[key] === null) {
        problem(key, `"${text}" is not a date (GIAS writes them as 18-01-2018)`);
        isDateBad = true;
      }
    }
    if (isDateBad) continue;
    if (dates.openDate && dates.closeDate && dates.closeDate < dates.openDate) {
      problem('closeDate', `the school closes (${dates.closeDate}) before it opens (${dates.openDate})`);
      continue;
    }
    if (!cell('name')) {
      problem('name', 'the school has no name');
      continue;
    }
    if (!cell('laCode')) {
      problem('laCode', 'the school has no local authority code');
      continue;
    }
    const laCode = cell('laCode');
    const number = cell('establishmentNumber');
    result.rows.push({
      urn,
      laestab: /^\d+$/.test(laCode) && /^\d+$/.test(number) ? `${laCode}${number.padStart(4, '0')}` : '',
      name: cell('name'),
      laCode,
      laName: cell('laName'),
      typeCode: cell('typeCode'),
      typeName: cell('typeName'),
      typeGroupCode: cell('typeGroupCode'),
      typeGroupName: cell('typeGroupName'),
      phaseCode: cell('phaseCode'),
      phaseName: cell('phaseName'),
      statusCode: cell('statusCode'),
      statusName: cell('statusName'),
      openDate: dates.openDate,
      closeDate: dates.closeDate,
      isIllustrative: false,
    });
    result.rowNumbers.push(row);
  }
  if (!result.rows.length && !issues.length)
    issues.push({ file: fileName, field: '', message: 'the file has column headings but no schools' });
  return result;
}

/** Predecessor, successor and other links from a GIAS links file. A link given twice is kept once. */
export function parseGiasLinks(fileName: string, bytes: Uint8Array): ParsedFile<SchoolLink> {
  const { table, issues, notes, encoding } = begin(fileName, bytes);
  const result: ParsedFile<SchoolLink> = { rows: [], rowNumbers: [], issues, notes, encoding };
  if (!table) return result;
  const { located, issues: missing } = locate(
    fileName,
    table,
    LINK_COLUMNS,
    'a Get Information about Schools links file',
  );
  if (missing.length) {
    issues.push(...missing);
    return result;
  }
  const seen = new Set<string>();
  let repeated = 0;
  for (const tableRow of table.rows) {
    const { row } = tableRow;
    const { cell, problem } = rowOf(fileName, table, located, issues, tableRow);
    const urn = parseUrn(cell('urn'));
    const linkUrn = parseUrn(cell('linkUrn'));
    if (urn === null) problem('urn', `"${cell('urn')}" is not a URN (a whole number)`);
    if (linkUrn === null) problem('linkUrn', `"${cell('linkUrn')}" is not a URN (a whole number)`);
    if (!cell('linkType')) problem('linkType', 'the link has no type');
    const dateText = cell('linkDate');
    const linkDate = isNothing(dateText) ? null : parseDate(dateText);
    if (!isNothing(dateText) && linkDate === null)
      problem('linkDate', `"${dateText}" is not a date (GIAS writes them as 18-01-2018)`);
    if (urn === null || linkUrn === null || !cell('linkType') || (!isNothing(dateText) && linkDate === null))
      continue;
    const key = `${urn}|${linkUrn}|${cell('linkType').toLowerCase()}`;
    if (seen.has(key)) {
      repeated++;
      continue;
    }
    seen.add(key);
    result.rows.push({ urn, linkUrn, linkType: cell('linkType'), linkDate });
    result.rowNumbers.push(row);
  }
  if (repeated)
    notes.push(`${repeated} link${repeated === 1 ? ' was' : 's were'} given more than once and kept once.`);
  return result;
}
