import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import { CellProblem, type Cell } from './figures-table.ts';

/**
 * Reads the rows of an Excel workbook (.xlsx) as a stream, for the figures
 * import: only what a figure can be (numbers, text, dates, percentages,
 * formulas' saved results, errors) and where cells are merged. A workbook
 * is a ZIP archive of XML parts: the archive's directory is read from the
 * end of the file, so the small parts (the list of sheets, shared strings,
 * number formats) are read first, whatever their order in it, and then a
 * sheet's XML is inflated and scanned chunk by chunk, row by row, never
 * whole. About five times faster than exceljs's streaming reader, which
 * builds a cell object, a style and a SAX event for every cell.
 *
 * What a cell becomes: a number (one formatted as a percentage read as
 * shown, 0.934 → 93.4); a Date where its number format is a date's; text
 * (shared, inline, or a formula's text result); true/false; a CellProblem
 * for an error (#N/A, #DIV/0!) or a formula with no saved result; a
 * formula otherwise by the result Excel saved with it.
 */

/** A workbook that cannot be read; the message says why, for a person. */
export class WorkbookError extends Error {}

export interface WorkbookSheet {
  name: string;
  isHidden: boolean;
  /** The sheet's part in the archive. */
  part: string;
}

export interface SheetRead {
  /** Rows in the sheet's XML (including rows with nothing in them). */
  rows: number;
  /** Merged ranges, such as A5:A7. */
  merges: string[];
}

interface Entry {
  method: number;
  compressedSize: number;
  headerOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Built-in number formats that are dates or times (ECMA-376 18.8.30); 9 and 10 are percentages. */
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36]);
for (const id of [45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]) BUILT_IN_DATES.add(id);
const BUILT_IN_PERCENT = new Set([9, 10]);

/** How a style shows a number. */
const enum Shown {
  Plain,
  Percent,
  Date,
}

const ENTITY = /&(?:(lt|gt|amp|apos|quot)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };
export const xmlText = (text: string): string =>
  text.indexOf('&') === -1
    ? text
    : text.replace(
        ENTITY,
        (whole, name: string | undefined, dec: string | undefined, hex: string | undefined) =>
          name
            ? NAMED[name]!
            : String.fromCodePoint(dec !== undefined ? Number(dec) : Number.parseInt(hex!, 16)),
      );

const attributePatterns = new Map<string, RegExp>();
const attribute = (attributes: string, name: string): string | undefined => {
  let pattern = attributePatterns.get(name);
  if (!pattern)
    attributePatterns.set(name, (pattern = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)));
  const match = pattern.exec(attributes);
  return match ? xmlText(match[1] ?? match[2]!) : undefined;
};

/** Column letters to a 0-based index: A → 0, AA → 26. */
const columnIndex = (letters: string): number => {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + letters.charCodeAt(i) - 64;
  return n - 1;
};

/** Every <t> of a string item (shared or inline), joined: rich text's runs, without phonetic guides. */
const itemText = (xml: string): string => {
  const plain = /^<t(?:\s[^>]*)?>([^<]*)<\/t>$/.exec(xml);
  if (plain) return xmlText(plain[1]!);
  let text = '';
  for (const match of xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '').matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g))
    text += match[1];
  return xmlText(text);
};

export class Workbook {
  private constructor(
    private readonly path: string,
    private readonly entries: Map<string, Entry>,
    readonly sheets: WorkbookSheet[],
    private readonly isDate1904: boolean,
    private readonly sharedStringsPart: string | null,
    private readonly stylesPart: string | null,
  ) {}

  /** Opens a workbook: its directory, sheets and settings. Throws WorkbookError if it is not a readable archive. */
  static async open(path: string): Promise<Workbook> {
    const entries = await readDirectory(path).catch((error: unknown) => {
      throw error instanceof WorkbookError
        ? error
        : new WorkbookError(`its ZIP directory could not be read: ${(error as Error).message}`);
    });
    const read = (part: string) => readPart(path, entries, part);
    const rels = (xml: string | null) =>
      [...(xml ?? '').matchAll(/<Relationship\b([^>]*)>/g)].map((m) => ({
        id: attribute(m[1]!, 'Id') ?? '',
        type: attribute(m[1]!, 'Type') ?? '',
        target: attribute(m[1]!, 'Target') ?? '',
      }));
    const resolve = (from: string, target: string) => {
      if (target.startsWith('/')) return target.slice(1);
      const parts = from.split('/').slice(0, -1);
      for (const step of target.split('/')) {
        if (step === '..') parts.pop();
        else if (step !== '.') parts.push(step);
      }
      return parts.join('/');
    };
    const office = rels(await read('_rels/.rels')).find((r) => r.type.endsWith('/officeDocument'));
    const workbookPart = office ? resolve('', office.target) : 'xl/workbook.xml';
    const workbookXml = await read(workbookPart);
    if (workbookXml === null) return new Workbook(path, entries, [], false, null, null);
    const relsPart = workbookPart.replace(/[^/]*$/, (name) => `_rels/${name}.rels`);
    const workbookRels = rels(await read(relsPart));
    const partOf = (type: string, fallback: string) => {
      const rel = workbookRels.find((r) => r.type.endsWith(type));
      const part = rel ? resolve(workbookPart, rel.target) : fallback;
      return entries.has(part.toLowerCase()) ? part : null;
    };
    const sheets: WorkbookSheet[] = [];
    for (const match of workbookXml.matchAll(/<sheet\b([^>]*)>/g)) {
      const rel = workbookRels.find((r) => r.id === attribute(match[1]!, 'r:id'));
      const part = rel ? resolve(workbookPart, rel.target) : '';
      if (!part || !entries.has(part.toLowerCase())) continue;
      const state = attribute(match[1]!, 'state');
      sheets.push({
        name: attribute(match[1]!, 'name') ?? `Sheet${sheets.length + 1}`,
        isHidden: state !== undefined && state !== 'visible',
        part,
      });
    }
    const workbookPr = /<workbookPr\b([^>]*)>/.exec(workbookXml);
    const date1904 = workbookPr ? attribute(workbookPr[1]!, 'date1904') : undefined;
    return new Workbook(
      path,
      entries,
      sheets,
      date1904 === '1' || date1904 === 'true',
      partOf('/sharedStrings', 'xl/sharedStrings.xml'),
      partOf('/styles', 'xl/styles.xml'),
    );
  }

  private sharedStrings: string[] | null = null;
  private shown: Shown[] | null = null;

  private async loadSharedStrings(): Promise<string[]> {
    if (this.sharedStrings) return this.sharedStrings;
    const xml = this.sharedStringsPart
      ? await readPart(this.path, this.entries, this.sharedStringsPart)
      : null;
    const strings: string[] = [];
    for (const match of (xml ?? '').matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g))
      strings.push(match[1] === undefined ? '' : itemText(match[1]));
    return (this.sharedStrings = strings);
  }

  /** How each style (a cell's s="…") shows a number. */
  private async loadStyles(): Promise<Shown[]> {
    if (this.shown) return this.shown;
    const xml = (this.stylesPart ? await readPart(this.path, this.entries, this.stylesPart) : null) ?? '';
    const formats = new Map<number, string>();
    for (const match of xml.matchAll(/<numFmt\b([^>]*)>/g))
      formats.set(Number(attribute(match[1]!, 'numFmtId')), attribute(match[1]!, 'formatCode') ?? '');
    const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? '';
    const shown: Shown[] = [];
    for (const match of cellXfs.matchAll(/<xf\b([^>]*)>/g)) {
      const id = Number(attribute(match[1]!, 'numFmtId') ?? 0);
      const code = formats.get(id);
      shown.push(
        code !== undefined
          ? isDateFormat(code)
            ? Shown.Date
            : code.includes('%')
              ? Shown.Percent
              : Shown.Plain
          : BUILT_IN_DATES.has(id)
            ? Shown.Date
            : BUILT_IN_PERCENT.has(id)
              ? Shown.Percent
              : Shown.Plain,
      );
    }
    return (this.shown = shown);
  }

  /**
   * Reads a sheet's rows in order, handing each row's cells (by column,
   * from 0) and its number to `onRow`, and waiting for it before reading on.
   */
  async readSheet(
    sheet: WorkbookSheet,
    onRow: (cells: Cell[], row: number) => Promise<void> | void,
    onProgress?: (bytesRead: number) => void,
  ): Promise<SheetRead> {
    const [strings, shown] = await Promise.all([this.loadSharedStrings(), this.loadStyles()]);
    const dateOf = (serial: number) =>
      new Date(Math.round((serial - 25569 + (this.isDate1904 ? 1462 : 0)) * 86_400_000));
    const numberAsShown = (text: string, style: number): Cell => {
      if (text === '') return null;
      const value = Number(text);
      const how = shown[style];
      if (how === Shown.Date) return dateOf(value);
      if (how === Shown.Percent) return Number((value * 100).toPrecision(15));
      return value;
    };
    /** Shared formulas are written once, on their first cell: its text, by the formula's si. */
    const sharedFormulas = new Map<string, string>();
    const read: SheetRead = { rows: 0, merges: [] };
    let lastRow = 0;

    const cellOf = (type: string | undefined, style: number, inner: string | undefined): Cell => {
      if (!inner) return null;
      // The usual cell, a number or text: <v>…</v> alone.
      if (inner.startsWith('<v>') && inner.endsWith('</v>') && inner.indexOf('<', 3) === inner.length - 4) {
        const text = inner.slice(3, -4);
        if (type === undefined || type === 'n') return numberAsShown(text, style);
        if (type === 's') return strings[Number(text)] ?? null;
        if (type === 'str') return xmlText(text);
      }
      const v = VALUE.exec(inner);
      const formula = FORMULA.exec(inner);
      if (formula) {
        const formulaAttributes = formula[1] ?? '';
        let text = xmlText(formula[2] ?? '');
        const si = attribute(formulaAttributes, 'si');
        if (si !== undefined) {
          if (text) sharedFormulas.set(si, text);
          else text = sharedFormulas.get(si) ?? '';
        }
        if (!v)
          return new CellProblem(
            `holds a formula (=${text}) with no saved result: open the file in Excel and save it again, or paste the figures as values.`,
          );
        const result = xmlText(v[1] ?? '');
        if (type === 'e')
          return new CellProblem(
            `shows ${result}, the result of its formula =${text}: correct the formula or type the figure in.`,
          );
        if (type === 'str') return result;
        if (type === 'b') return result !== '0';
        return numberAsShown(result, style);
      }
      switch (type) {
        case 's':
          return v ? (strings[Number(v[1])] ?? null) : null;
        case 'inlineStr': {
          const item = /<is>([\s\S]*?)<\/is>/.exec(inner);
          return item ? itemText(item[1]!) : null;
        }
        case 'str':
          return v ? xmlText(v[1] ?? '') : null;
        case 'e':
          return v
            ? new CellProblem(
                `shows the error ${xmlText(v[1] ?? '')}: type the figure in, or leave the cell blank.`,
              )
            : null;
        case 'b':
          return v ? v[1] !== '0' : null;
        case 'd': {
          const date = v ? new Date(xmlText(v[1] ?? '')) : null;
          return date && !Number.isNaN(date.getTime()) ? date : null;
        }
        default:
          return v ? numberAsShown(v[1] ?? '', style) : null;
      }
    };

    /** Rows and merged ranges in a stretch of the sheet's XML that ends where a row does. */
    const scan = async (xml: string) => {
      ROW.lastIndex = 0;
      for (let match = ROW.exec(xml); match; match = ROW.exec(xml)) {
        read.rows++;
        const rowNumber = Number(ROW_NUMBER.exec(match[1]!)?.[1] ?? lastRow + 1);
        lastRow = rowNumber;
        const inner = match[2];
        if (!inner) {
          await onRow([], rowNumber);
          continue;
        }
        const cells: Cell[] = [];
        let column = -1;
        CELL.lastIndex = 0;
        for (let cell = CELL.exec(inner); cell; cell = CELL.exec(inner)) {
          // Excel writes r, s and t in that order; another order, or other attributes between, are read too.
          let [, letters, style, type] = cell;
          const rest = cell[4]!;
          if (rest) {
            letters ??= CELL_REFERENCE.exec(rest)?.[1];
            style ??= STYLE.exec(rest)?.[1];
            type ??= TYPE.exec(rest)?.[1];
          }
          column = letters ? columnIndex(letters) : column + 1;
          const value = cellOf(type, style ? Number(style) : 0, cell[5]);
          if (value !== null) cells[column] = value;
        }
        await onRow(cells, rowNumber);
      }
      if (xml.includes('<mergeCell '))
        for (const merge of xml.matchAll(/<mergeCell ref="([A-Z]+\d+:[A-Z]+\d+)"/g))
          if (!read.merges.includes(merge[1]!)) read.merges.push(merge[1]!);
    };

    const decoder = new TextDecoder('utf-8');
    let carry = '';
    for await (const { text, bytesRead } of inflatePart(this.path, this.entries, sheet.part)) {
      onProgress?.(bytesRead);
      const xml = carry + decoder.decode(text, { stream: true });
      const end = xml.lastIndexOf('</row>');
      if (end === -1) {
        carry = xml;
        continue;
      }
      carry = xml.slice(end + 6);
      await scan(xml.slice(0, end + 6));
    }
    await scan(carry + decoder.decode());
    return read;
  }
}

const ROW = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g;
const ROW_NUMBER = /\sr\s*=\s*["'](\d+)["']/;
const CELL =
  /<c(?:\s+r="([A-Z]+)\d+")?(?:\s+s="(\d+)")?(?:\s+t="(\w+)")?((?:\s[^>]*?)?)(?:\/>|>([\s\S]*?)<\/c>)/g;
const CELL_REFERENCE = /\sr\s*=\s*["']([A-Z]+)\d+["']/;
const TYPE = /\st\s*=\s*["'](\w+)["']/;
const STYLE = /\ss\s*=\s*["'](\d+)["']/;
const VALUE = /<v(?:\s[^>]*)?>([^<]*)<\/v>/;
const FORMULA = /<f\b([^>]*?)(?:\/>|>([^<]*)<\/f>)/;

/** Whether a number format shows a date or time (as exceljs decides: y, m, d, h, s or b outside quotes and brackets). */
function isDateFormat(code: string): boolean {
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

async function readDirectory(path: string): Promise<Map<string, Entry>> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let at = -1;
    for (let i = tailLength - 22; i >= 0; i--)
      if (tail.readUInt32LE(i) === EOCD) {
        at = i;
        break;
      }
    if (at === -1) throw new WorkbookError('the end of its ZIP directory is missing; it may be cut short');
    let count = tail.readUInt16LE(at + 10);
    let directorySize = tail.readUInt32LE(at + 12);
    let directoryOffset = tail.readUInt32LE(at + 16);
    if (directoryOffset === 0xffffffff && at >= 20 && tail.readUInt32LE(at - 20) === ZIP64_LOCATOR) {
      const record = Buffer.alloc(56);
      await handle.read(record, 0, 56, Number(tail.readBigUInt64LE(at - 12)));
      if (record.readUInt32LE(0) !== ZIP64_EOCD) throw new WorkbookError('its ZIP64 directory is damaged');
      count = Number(record.readBigUInt64LE(32));
      directorySize = Number(record.readBigUInt64LE(40));
      directoryOffset = Number(record.readBigUInt64LE(48));
    }
    if (directoryOffset + directorySize > size) throw new WorkbookError('its ZIP directory is damaged');
    const directory = Buffer.alloc(directorySize);
    await handle.read(directory, 0, directorySize, directoryOffset);
    const entries = new Map<string, Entry>();
    let p = 0;
    for (let n = 0; n < count && p + 46 <= directory.length; n++) {
      if (directory.readUInt32LE(p) !== CENTRAL) throw new WorkbookError('its ZIP directory is damaged');
      const method = directory.readUInt16LE(p + 10);
      let compressedSize = directory.readUInt32LE(p + 20);
      const uncompressedSize = directory.readUInt32LE(p + 24);
      const nameLength = directory.readUInt16LE(p + 28);
      const extraLength = directory.readUInt16LE(p + 30);
      const commentLength = directory.readUInt16LE(p + 32);
      let headerOffset = directory.readUInt32LE(p + 42);
      const name = directory.toString('utf8', p + 46, p + 46 + nameLength);
      // ZIP64: sizes and offset too large for 32 bits are in an extra field, in this order.
      let extra = p + 46 + nameLength;
      const extraEnd = extra + extraLength;
      while (extra + 4 <= extraEnd) {
        const id = directory.readUInt16LE(extra);
        const length = directory.readUInt16LE(extra + 2);
        if (id === 1) {
          let q = extra + 4;
          if (uncompressedSize === 0xffffffff) q += 8;
          if (compressedSize === 0xffffffff) {
            compressedSize = Number(directory.readBigUInt64LE(q));
            q += 8;
          }
          if (headerOffset === 0xffffffff) headerOffset = Number(directory.readBigUInt64LE(q));
        }
        extra += 4 + length;
      }
      entries.set(name.replace(/^\//, '').toLowerCase(), { method, compressedSize, headerOffset });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/** An entry's data, inflated, chunk by chunk, with how far into the file its compressed data has been read. */
async function* inflatePart(
  path: string,
  entries: Map<string, Entry>,
  part: string,
): AsyncGenerator<{ text: Buffer; bytesRead: number }> {
  const entry = entries.get(part.toLowerCase());
  if (!entry) return;
  if (entry.method !== 0 && entry.method !== 8)
    throw new WorkbookError(
      `its part ${part} is compressed in a way that cannot be read (method ${entry.method})`,
    );
  const handle = await open(path, 'r');
  const header = Buffer.alloc(30);
  try {
    await handle.read(header, 0, 30, entry.headerOffset);
  } finally {
    await handle.close();
  }
  if (header.readUInt32LE(0) !== LOCAL) throw new WorkbookError(`its part ${part} is damaged`);
  const start = entry.headerOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (entry.compressedSize === 0) return;
  const raw = createReadStream(path, {
    start,
    end: start + entry.compressedSize - 1,
    highWaterMark: 1 << 20,
  });
  let bytesRead = start;
  raw.on('data', (chunk) => (bytesRead += chunk.length));
  const stream = entry.method === 8 ? raw.pipe(createInflateRaw({ chunkSize: 1 << 20 })) : raw;
  raw.once('error', (error) => stream.destroy(error));
  try {
    for await (const text of stream) yield { text: text as Buffer, bytesRead };
  } catch (error) {
    throw error instanceof WorkbookError
      ? error
      : new WorkbookError(`its part ${part} could not be decompressed (${(error as Error).message})`);
  }
}

/** A small part, whole, as text (null when the archive has no such part). */
async function readPart(path: string, entries: Map<string, Entry>, part: string): Promise<string | null> {
  if (!entries.has(part.toLowerCase())) return null;
  const chunks: Buffer[] = [];
  for await (const { text } of inflatePart(path, entries, part)) chunks.push(text);
  return Buffer.concat(chunks).toString('utf8');
}
