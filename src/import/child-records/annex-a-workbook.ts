import { unzipSync } from 'fflate';
import { xmlText } from '../xlsx-rows.ts';
import type { CellValue, DateSystem } from './annex-a-values.ts';

/**
 * Reads every sheet of a small workbook (.xlsx) held in memory, whole.
 * The project's streaming reader (src/import/xlsx-rows.ts) reads from a
 * file on disk, which a parser may not touch; an Annex A workbook is
 * thousands of rows, not millions. Cells come back as Excel keeps them:
 * text, numbers (a date is its serial number: the lists say which columns
 * are dates, so styles are not needed), true/false; an error (#N/A) as its
 * text. Pure; a file that is not a workbook comes back as a problem.
 */

export interface SheetRow {
  /** As Excel numbers it (the first row is 1). */
  row: number;
  cells: CellValue[];
}

export interface Sheet {
  name: string;
  isHidden: boolean;
  rows: SheetRow[];
}

export type WorkbookRead =
  { ok: true; sheets: Sheet[]; dateSystem: DateSystem } | { ok: false; problem: string };

const attribute = (attributes: string, name: string): string | undefined => {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attributes);
  return match ? xmlText(match[1] ?? match[2]!) : undefined;
};

/** Every <t> of a string item, joined (rich text's runs), without phonetic guides. */
const itemText = (xml: string): string =>
  [...xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '').matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)]
    .map((m) => xmlText(m[1]!))
    .join('');

const columnIndex = (letters: string): number => {
  let n = 0;
  for (const letter of letters) n = n * 26 + letter.charCodeAt(0) - 64;
  return n - 1;
};

const ROW = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g;
const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
const VALUE = /<v(?:\s[^>]*)?>([^<]*)<\/v>/;

export function readWorkbook(bytes: Uint8Array): WorkbookRead {
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(bytes, { filter: (file) => file.name.endsWith('.xml') || file.name.endsWith('.rels') });
  } catch (error) {
    return { ok: false, problem: `its ZIP archive could not be read (${(error as Error).message})` };
  }
  const decoder = new TextDecoder('utf-8');
  // Part names are case-insensitive in a package; some writers capitalise them.
  const byName = new Map(Object.entries(parts).map(([name, data]) => [name.toLowerCase(), data]));
  const part = (name: string): string | null => {
    const data = byName.get(name.toLowerCase());
    return data ? decoder.decode(data) : null;
  };
  const workbook = part('xl/workbook.xml');
  if (workbook === null) return { ok: false, problem: 'it is a ZIP archive with no Excel workbook in it' };

  const targets = new Map<string, string>();
  for (const match of (part('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<Relationship\b([^>]*)>/g)) {
    const target = attribute(match[1]!, 'Target') ?? '';
    targets.set(attribute(match[1]!, 'Id') ?? '', target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const strings = [...(part('xl/sharedStrings.xml') ?? '').matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)].map(
    (m) => (m[1] === undefined ? '' : itemText(m[1])),
  );
  const cellValue = (attributes: string, inner: string | undefined): CellValue => {
    if (!inner) return null;
    const type = attribute(attributes, 't');
    if (type === 'inlineStr') return itemText(/<is>([\s\S]*?)<\/is>/.exec(inner)?.[1] ?? '');
    const value = VALUE.exec(inner)?.[1];
    if (value === undefined) return null;
    if (type === 's') return strings[Number(value)] ?? null;
    if (type === 'b') return value !== '0';
    if (type === 'str' || type === 'e' || type === 'd') return xmlText(value);
    return value === '' ? null : Number(value);
  };

  const sheets: Sheet[] = [];
  for (const match of workbook.matchAll(/<sheet\b([^>]*)>/g)) {
    const xml = part(targets.get(attribute(match[1]!, 'r:id') ?? '') ?? '');
    if (xml === null) continue;
    const state = attribute(match[1]!, 'state');
    const rows: SheetRow[] = [];
    let lastRow = 0;
    for (const row of xml.matchAll(ROW)) {
      const number = Number(attribute(row[1]!, 'r') ?? lastRow + 1);
      lastRow = number;
      const cells: CellValue[] = [];
      let column = -1;
      for (const cell of (row[2] ?? '').matchAll(CELL)) {
        const reference = attribute(cell[1]!, 'r');
        column = reference ? columnIndex(/^[A-Z]+/.exec(reference)?.[0] ?? '') : column + 1;
        cells[column] = cellValue(cell[1]!, cell[2]);
      }
      rows.push({ row: number, cells: Array.from(cells, (c) => c ?? null) });
    }
    sheets.push({
      name: attribute(match[1]!, 'name') ?? `Sheet${sheets.length + 1}`,
      isHidden: state !== undefined && state !== 'visible',
      rows,
    });
  }
  const date1904 = attribute(/<workbookPr\b([^>]*)>/.exec(workbook)?.[1] ?? '', 'date1904');
  return { ok: true, sheets, dateSystem: date1904 === '1' || date1904 === 'true' ? 1904 : 1900 };
}
