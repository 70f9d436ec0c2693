/**
 * The SSDA903 (children looked after) return importer: one return, as its
 * CSV tables or as one XML file, mapped onto the child-level model with the
 * findings of the adopted 903 rules. docs/imports/ssda903.md describes the
 * mapping and the rules. Pure; refuses only files it cannot read as a 903
 * return, and never throws on bad data.
 */
import type { ParsedReturn } from '../../measures/model.ts';
import { readSsda903Csv, type ReturnFile } from './ssda903-csv.ts';
import { mapSsda903Tables, type Ssda903Options } from './ssda903-records.ts';
import type { TablesRead } from './ssda903-tables.ts';
import { readSsda903Xml } from './ssda903-xml.ts';

export type { ReturnFile } from './ssda903-csv.ts';
export type { Ssda903Options } from './ssda903-records.ts';

/** Whether a file's text starts as XML does (after any byte-order mark and white space). */
function looksLikeXml(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)
  )
    i++;
  return bytes[i] === 0x3c;
}

function readTables(files: readonly ReturnFile[]): TablesRead {
  if (files.length === 0)
    return {
      ok: false,
      file: '',
      message: 'No files were given: a return is its CSV tables or one XML file.',
    };
  const xml = files.filter((f) => looksLikeXml(f.bytes));
  if (xml.length === 0) return readSsda903Csv(files);
  if (files.length > 1)
    return {
      ok: false,
      file: xml[0]!.name,
      message: `${xml[0]!.name} is XML, which holds a whole return; give it alone, not with ${files
        .filter((f) => f !== xml[0])
        .map((f) => f.name)
        .join(', ')}.`,
    };
  return readSsda903Xml(xml[0]!);
}

export function parseSsda903(files: readonly ReturnFile[], options: Ssda903Options): ParsedReturn {
  const read = readTables(files);
  if (!read.ok) return read;
  const { records, findings, yearEnding } = mapSsda903Tables(read.tables, options);
  return { ok: true, source: 'ssda903', la: options.la, periodEnd: yearEnding, records, findings };
}
