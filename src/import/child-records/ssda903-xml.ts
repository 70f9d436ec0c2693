/**
 * Reads an SSDA903 return given as one XML file into the same tables as the
 * CSV layout, the way the DfE's layout nests them: the root holds a CHILD
 * per child; its HEADER carries the child's details (CHILDID, SEX, DOB,
 * ETHNIC, UPN), the UASC flag and DUC, the OC3 and AD1 items, and repeats
 * AREVIEW, AMISSING, AD_PLACED, with OC2 and PERMANENCE; EPISODEs follow the
 * HEADER, their placement named PL. Pure; refuses only a file that is not
 * well-formed XML or not a 903 return.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeText } from '../schools/csv-table.ts';
import { unreadableFile, type ReturnFile } from './ssda903-csv.ts';
import { emptyTables, SSDA903_TABLES, type Ssda903TableName, type TablesRead } from './ssda903-tables.ts';

type XmlNode = Record<string, unknown>;

const REPEATED = new Set(['CHILD', 'EPISODE', 'AREVIEW', 'AMISSING', 'AD_PLACED']);

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  // Values are trimmed as they are read (text below); trimming twice cost a sixth of the parse.
  trimValues: false,
  isArray: (tagName) => REPEATED.has(tagName),
});

const text = (value: unknown): string =>
  typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';

const nodes = (value: unknown): XmlNode[] =>
  Array.isArray(value) ? value.filter((v): v is XmlNode => typeof v === 'object' && v !== null) : [];

const node = (value: unknown): XmlNode | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as XmlNode) : null;

/** The XML's own names where they differ from the CSV columns. */
const XML_NAMES: Readonly<Record<string, string>> = { CHILD: 'CHILDID', PLACE: 'PL' };

function valuesOf(table: Ssda903TableName, ...sources: XmlNode[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const column of SSDA903_TABLES[table]) {
    const name = XML_NAMES[column] ?? column;
    let value = '';
    for (const source of sources) if (value === '') value = text(source[name]);
    values[column] = value;
  }
  return values;
}

const hasAny = (source: XmlNode, names: readonly string[]) => names.some((n) => text(source[n]) !== '');

export function readSsda903Xml(file: ReturnFile): TablesRead {
  const problem = unreadableFile(file);
  if (problem) return { ok: false, file: file.name, message: problem };
  const xml = decodeText(file.bytes).text;
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    return {
      ok: false,
      file: file.name,
      message: `${file.name} is not well-formed XML (line ${valid.err.line}, column ${valid.err.col}): ${valid.err.msg}`,
    };
  const document = parser.parse(xml) as XmlNode;
  const rootName = Object.keys(document)[0];
  const children = nodes(node(rootName ? document[rootName] : null)?.CHILD);
  if (!rootName || !children.some((child) => node(child.HEADER)))
    return {
      ok: false,
      file: file.name,
      message: `${file.name} is not an SSDA903 return: its root element ${rootName ? `<${rootName}>` : ''} holds no CHILD with a HEADER (expected <EXPSSDA903><CHILD><HEADER><CHILDID>…).`,
    };

  const tables = emptyTables();
  children.forEach((child, c) => {
    const at = `CHILD[${c + 1}]`;
    const header = node(child.HEADER) ?? {};
    const id = { CHILDID: text(header.CHILDID), DOB: text(header.DOB), SEX: text(header.SEX) };
    const add = (table: Ssda903TableName, location: string, ...sources: XmlNode[]) =>
      tables[table].push({ file: file.name, location, values: valuesOf(table, ...sources, id) });

    add('header', `${at}/HEADER`, header);
    if (text(header.UASC) === '1' || text(header.DUC) !== '') add('uasc', `${at}/HEADER/UASC`, header);
    if (hasAny(header, ['IN_TOUCH', 'ACTIV', 'ACCOM'])) add('oc3', `${at}/HEADER`, header);
    if (hasAny(header, SSDA903_TABLES.ad1.slice(2))) add('ad1', `${at}/HEADER`, header);
    const oc2 = node(header.OC2);
    if (oc2) add('oc2', `${at}/HEADER/OC2`, oc2);
    const permanence = node(header.PERMANENCE);
    if (permanence) add('previousPermanence', `${at}/HEADER/PERMANENCE`, permanence);
    nodes(header.AREVIEW).forEach((r, i) => add('reviews', `${at}/HEADER/AREVIEW[${i + 1}]`, r));
    nodes(header.AMISSING).forEach((m, i) => add('missing', `${at}/HEADER/AMISSING[${i + 1}]`, m));
    nodes(header.AD_PLACED).forEach((p, i) => add('placedAdoption', `${at}/HEADER/AD_PLACED[${i + 1}]`, p));
    nodes(child.EPISODE).forEach((e, i) => add('episodes', `${at}/EPISODE[${i + 1}]`, e));
  });
  return { ok: true, tables };
}
