/**
 * A one-pass XML reader for the CIN census: it checks the whole document is
 * well-formed but builds only the elements its caller asks for (the header,
 * then one child at a time), so memory follows the records made, not the
 * file. Each element asked for comes as fast-xml-parser would give it with
 * attributes ignored and values as trimmed strings: text for a leaf ('' when
 * empty), an object of its children otherwise, with the names the caller
 * calls repeating always in an array and any other repeated name turned into
 * one. Attributes, comments and processing instructions are checked and
 * skipped, CDATA read as text; a DOCTYPE is refused, since a census has none
 * and its entity declarations are a way to blow up memory.
 */

/** An element as the caller reads it: text for a leaf, an object of its children otherwise. */
export type XmlNode = { readonly [name: string]: unknown };

export interface XmlFault {
  message: string;
  /** 1-based, counted in characters of the decoded text. */
  line: number;
  column: number;
}

export interface XmlReading {
  /** Names of elements that may repeat, read as arrays even when there is one. */
  repeating: ReadonlySet<string>;
  /**
   * Told of each element that opens outside one already being read whole
   * (depth 0 is the root); returning true has that element read whole and
   * given to `take` when it closes.
   */
  open(name: string, depth: number): boolean;
  take(name: string, value: XmlNode | string): void;
}

const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;

/** Characters of names in ASCII (letters, digits, _ : - .); every non-ASCII character is taken as a name character. */
const NAME_CHAR = new Uint8Array(128);
for (const range of ['az', 'AZ', '09', '__', '::', '--', '..'])
  for (let c = range.charCodeAt(0); c <= range.charCodeAt(1); c++) NAME_CHAR[c] = 1;
const NAME_START = NAME_CHAR.map((isName, c) => (isName && !/[0-9.-]/.test(String.fromCharCode(c)) ? 1 : 0));

/** A power of two, many times the number of names a census uses. */
const KNOWN_NAME_SLOTS = 1024;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
const isNameChar = (c: number) => c >= 128 || NAME_CHAR[c] === 1;

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/** A code point XML allows in a document (its Char production). */
const isXmlChar = (c: number) =>
  c === 0x9 ||
  c === 0xa ||
  c === 0xd ||
  (c >= 0x20 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  (c >= 0x10000 && c <= 0x10ffff);

class Malformed extends Error {
  constructor(
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

function positionOf(xml: string, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = xml.indexOf('\n'); i !== -1 && i < at; i = xml.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: at - lineStart + 1 };
}

/** The text of xml[from, to) with its entity and character references expanded; an unknown one makes the file malformed. */
function expandReferences(xml: string, from: number, to: number): string {
  let out = '';
  let done = from;
  for (let amp = xml.indexOf('&', from); amp !== -1 && amp < to; amp = xml.indexOf('&', done)) {
    const semi = xml.indexOf(';', amp);
    if (semi === -1 || semi >= to)
      throw new Malformed(amp, "'&' that does not start a reference ending in ';'");
    const name = xml.slice(amp + 1, semi);
    let expanded = NAMED_ENTITIES[name];
    if (expanded === undefined || !Object.hasOwn(NAMED_ENTITIES, name)) {
      const code = /^#[0-9]+$/.test(name)
        ? parseInt(name.slice(1), 10)
        : /^#x[0-9a-fA-F]+$/.test(name)
          ? parseInt(name.slice(2), 16)
          : null;
      if (code === null) throw new Malformed(amp, `unknown entity '&${name};'`);
      if (!isXmlChar(code)) throw new Malformed(amp, `'&${name};' is not a character XML allows`);
      expanded = String.fromCodePoint(code);
    }
    out += xml.slice(done, amp) + expanded;
    done = semi + 1;
  }
  return out + xml.slice(done, to);
}

/** Where xml[from, to) has something other than white space, or -1. */
function textAt(xml: string, from: number, to: number): number {
  for (let i = from; i < to; i++) if (!isSpace(xml.charCodeAt(i))) return i;
  return -1;
}

/** Bytes decoded at a time: enough that a window's overheads do not count, small beside any file worth streaming. */
const WINDOW_BYTES = 1 << 20;

/**
 * Reads the UTF-8 `bytes` (a byte-order mark allowed) from start to end,
 * handing the elements `reading` asks for to it as they close; returns the
 * first well-formedness fault, or null. `windowBytes` is how much is decoded
 * at a time (at least, since a window ends at a '>').
 */
export function readXml(
  bytes: Uint8Array,
  reading: XmlReading,
  windowBytes: number = WINDOW_BYTES,
): XmlFault | null {
  const reader = new Reader(bytes, reading, windowBytes);
  try {
    reader.read();
    return null;
  } catch (error) {
    if (!(error instanceof Malformed)) throw error;
    // Lines are counted only for a refusal, over the whole text decoded again.
    const xml = new TextDecoder('utf-8').decode(bytes);
    return { message: error.message, ...positionOf(xml, reader.start + error.at) };
  }
}

/**
 * V8 makes a slice of 13 characters or more a view of the string it was cut
 * from, so one LAchildID kept in a record would keep its whole window of the
 * file alive; a slice of a joined string is a view of a fresh copy instead.
 */
const detached = (value: string) => (value.length < 13 ? value : (' ' + value).slice(1));

const BOM = [0xef, 0xbb, 0xbf];

class Reader {
  /**
   * The decoded text being read: a window of the file, bytes[windowFrom,
   * windowTo), that ends just after a '>' (or at the end of the file), so
   * that tags are not cut in two and each window decodes on its own (a '>'
   * byte is never part of a longer UTF-8 sequence). A token the end cuts
   * all the same (text, a comment or an attribute with a '>' in it) looks
   * unfinished or malformed, and is read again in a longer window. `start`
   * is where the window starts in the whole text.
   */
  private xml = '';
  start = 0;
  private windowFrom: number;
  private windowTo: number;
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private atEnd = false;
  /** Where the token being read starts in the window, to read it again when it runs past the window's end. */
  private tokenFrom = 0;
  private pos = 0;
  /** The open elements, innermost last, and where each opened in the whole text. */
  private readonly names: string[] = [];
  private readonly openedAt: number[] = [];
  /** The depth of the element being read whole, or -1. */
  private wholeDepth = -1;
  /** For each open element inside the one read whole (by depth), its object of children once it has one. */
  private readonly nodes: (Record<string, unknown> | null)[] = [];
  /** The text met since the last tag, when it came in pieces; `pieceFrom` marks a piece not yet sliced. */
  private text = '';
  private pieceFrom = -1;
  private pieceTo = -1;
  /** Where the next '&' is (the window's length when there is none), found once and reused, so that no text is searched twice. */
  private nextAmp = -1;
  private hadRoot = false;
  private readonly knownNames: (string | undefined)[] = new Array<string | undefined>(KNOWN_NAME_SLOTS);

  constructor(
    private readonly bytes: Uint8Array,
    private readonly reading: XmlReading,
    private readonly windowBytes: number,
  ) {
    const hasBom = BOM.every((byte, i) => bytes[i] === byte);
    this.windowFrom = hasBom ? BOM.length : 0;
    this.windowTo = this.windowFrom;
  }

  read(): void {
    this.decodeWindow(this.cutAfter(this.windowFrom + this.windowBytes));
    let failedAt = -1;
    for (;;) {
      try {
        this.readTokens();
        break;
      } catch (error) {
        // A token cut by the window's end looks malformed; only at the end of the file is it sure to be.
        if (!(error instanceof Malformed) || this.atEnd) throw error;
        // One that fails twice is read again with all the rest, not a window more at a time.
        const failing = this.start + this.tokenFrom;
        this.pos = this.tokenFrom;
        this.decodeWindow(
          failing === failedAt ? this.bytes.length : this.cutAfter(this.windowTo + this.windowBytes),
        );
        failedAt = failing;
      }
    }
    const depth = this.names.length;
    if (depth > 0)
      throw new Malformed(this.openedAt[depth - 1]! - this.start, `<${this.names[depth - 1]}> is not closed`);
    if (!this.hadRoot) throw new Malformed(this.xml.length, 'there is no root element');
  }

  /**
   * Reads the tokens to the end of the file, moving the window on when it
   * is read through or the next token runs past it. One loop for the whole
   * file, not one call per window, which V8 compiled once and then threw
   * away again at every window's end.
   */
  private readTokens(): void {
    let xml = this.xml;
    for (;;) {
      this.tokenFrom = this.pos;
      const lt = xml.indexOf('<', this.pos);
      if (lt === -1 && !this.atEnd) {
        this.nextWindow();
        xml = this.xml;
        continue;
      }
      const textEnd = lt === -1 ? xml.length : lt;
      if (textEnd > this.pos) this.readText(this.pos, textEnd);
      if (lt === -1) return;
      this.pos = lt;
      this.tokenFrom = lt;
      const next = xml.charCodeAt(lt + 1);
      if (next === SLASH) this.readCloseTag();
      else if (next === BANG) this.readDeclaration();
      else if (next === QUESTION) this.readInstruction();
      else this.readOpenTag();
    }
  }

  /** The end of a window reaching at least to `byte`: just after the next '>', or the end of the file. */
  private cutAfter(byte: number): number {
    if (byte >= this.bytes.length) return this.bytes.length;
    const gt = this.bytes.indexOf(GT, byte);
    return gt === -1 ? this.bytes.length : gt + 1;
  }

  /** Decodes the window anew from its start to `to`, the text read so far keeping its place. */
  private decodeWindow(to: number): void {
    this.windowTo = to;
    this.atEnd = to === this.bytes.length;
    this.xml = this.decoder.decode(this.bytes.subarray(this.windowFrom, to));
    this.nextAmp = -1;
  }

  /** Moves on to the window after this one, which has been read to its end, or to the rest of a token cut by its end. */
  private nextWindow(): void {
    if (this.tokenFrom < this.xml.length) {
      this.decodeWindow(this.cutAfter(this.windowTo + this.windowBytes));
      return;
    }
    if (this.pieceFrom >= 0) {
      this.text = this.xml.slice(this.pieceFrom, this.pieceTo);
      this.pieceFrom = -1;
    }
    this.start += this.xml.length;
    this.pos = 0;
    this.tokenFrom = 0;
    this.windowFrom = this.windowTo;
    this.decodeWindow(this.cutAfter(this.windowTo + this.windowBytes));
  }

  private readText(from: number, to: number): void {
    const { xml } = this;
    if (this.nextAmp < from) {
      const amp = xml.indexOf('&', from);
      this.nextAmp = amp === -1 ? xml.length : amp;
    }
    const hasReference = this.nextAmp < to;
    if (this.names.length === 0) {
      const at = textAt(xml, from, to);
      if (at !== -1)
        throw new Malformed(
          at,
          this.hadRoot ? 'text after the root element' : 'text before the root element',
        );
    } else if (hasReference) {
      const expanded = expandReferences(xml, from, to);
      if (this.wholeDepth >= 0) this.addText(expanded);
    } else if (this.wholeDepth >= 0) {
      if (this.pieceFrom >= 0 || this.text !== '') this.addText(xml.slice(from, to));
      else {
        this.pieceFrom = from;
        this.pieceTo = to;
      }
    }
    this.pos = to;
  }

  private addText(piece: string): void {
    if (this.pieceFrom >= 0) {
      this.text = this.xml.slice(this.pieceFrom, this.pieceTo);
      this.pieceFrom = -1;
    }
    this.text += piece;
  }

  private takeText(): string {
    const value = this.pieceFrom >= 0 ? this.xml.slice(this.pieceFrom, this.pieceTo) : this.text;
    this.text = '';
    this.pieceFrom = -1;
    return detached(value.trim());
  }

  private readName(from: number): number {
    const { xml } = this;
    const first = xml.charCodeAt(from);
    if (!(first >= 128 || NAME_START[first] === 1)) throw new Malformed(from, 'a tag without a valid name');
    let i = from + 1;
    while (isNameChar(xml.charCodeAt(i))) i++;
    return i;
  }

  private skipSpace(from: number): number {
    let i = from;
    while (isSpace(this.xml.charCodeAt(i))) i++;
    return i;
  }

  private readOpenTag(): void {
    const { xml } = this;
    const at = this.pos;
    // Most tags are a name already met and '>': known by the '>' and one comparison.
    const gt = xml.indexOf('>', at + 1);
    let name = gt === -1 ? undefined : this.knownNameAt(at + 1, gt);
    let selfClosing = false;
    if (name !== undefined) this.pos = gt + 1;
    else {
      const nameEnd = this.readName(at + 1);
      name = this.nameAt(at + 1, nameEnd);
      let i = nameEnd;
      let c = xml.charCodeAt(i);
      while (c !== GT && c !== SLASH) {
        if (!isSpace(c))
          throw new Malformed(i, `<${name}> has '${xml.charAt(i)}' where an attribute or '>' should be`);
        i = this.skipSpace(i);
        c = xml.charCodeAt(i);
        if (c !== GT && c !== SLASH) {
          i = this.skipAttribute(i, name);
          c = xml.charCodeAt(i);
        }
      }
      selfClosing = c === SLASH;
      if (selfClosing && xml.charCodeAt(i + 1) !== GT)
        throw new Malformed(i, `<${name}> has '/' not followed by '>'`);
      this.pos = selfClosing ? i + 2 : i + 1;
    }

    const depth = this.names.length;
    if (depth === 0) {
      if (this.hadRoot) throw new Malformed(at, `a second root element <${name}>`);
      this.hadRoot = true;
    }
    if (this.wholeDepth >= 0) {
      const parent = depth - 1 - this.wholeDepth;
      if (this.nodes[parent] === null) this.nodes[parent] = {};
      this.text = '';
      this.pieceFrom = -1;
    } else if (this.reading.open(name, depth)) {
      this.wholeDepth = depth;
      this.text = '';
      this.pieceFrom = -1;
    }
    if (selfClosing) {
      if (this.wholeDepth >= 0) this.closeWithin(name, depth, null);
      return;
    }
    this.names.push(name);
    this.openedAt.push(this.start + at);
    if (this.wholeDepth >= 0) this.nodes[depth - this.wholeDepth] = null;
  }

  /**
   * The name at xml[from, to), as the same string each time it is met: a
   * census repeats a few dozen names millions of times, and objects are
   * keyed faster by one string than by equal strings made anew. (Comparing
   * a short slice measured faster than comparing in place, character by
   * character, here and for closing tags.)
   */
  private nameAt(from: number, to: number): string {
    const name = this.knownNameAt(from, to);
    if (name !== undefined) return name;
    const met = this.xml.slice(from, to);
    this.knownNames[this.slotOf(from, to)] = met;
    return met;
  }

  /** xml[from, to) when it is a name already met (so already checked). */
  private knownNameAt(from: number, to: number): string | undefined {
    const known = this.knownNames[this.slotOf(from, to)];
    return known !== undefined && known.length === to - from && this.xml.slice(from, to) === known
      ? known
      : undefined;
  }

  private slotOf(from: number, to: number): number {
    const { xml } = this;
    const length = to - from;
    return (
      (length * 97 +
        xml.charCodeAt(from) * 31 +
        xml.charCodeAt(from + (length >> 1)) * 7 +
        xml.charCodeAt(to - 1)) &
      (KNOWN_NAME_SLOTS - 1)
    );
  }

  /** Skips one attribute, checking its form; returns the offset after it. */
  private skipAttribute(from: number, element: string): number {
    const { xml } = this;
    const nameEnd = this.readName(from);
    const equals = this.skipSpace(nameEnd);
    if (xml.charCodeAt(equals) !== EQUALS)
      throw new Malformed(equals, `an attribute of <${element}> without '='`);
    const open = this.skipSpace(equals + 1);
    const quote = xml.charCodeAt(open);
    if (quote !== QUOTE && quote !== APOSTROPHE)
      throw new Malformed(open, `an attribute of <${element}> whose value is not quoted`);
    const close = xml.indexOf(String.fromCharCode(quote), open + 1);
    if (close === -1) throw new Malformed(open, `an attribute of <${element}> whose value is not closed`);
    const lt = xml.indexOf('<', open + 1);
    if (lt !== -1 && lt < close) throw new Malformed(lt, `'<' in an attribute value of <${element}>`);
    const amp = xml.indexOf('&', open + 1);
    if (amp !== -1 && amp < close) expandReferences(xml, open + 1, close);
    return close + 1;
  }

  private readCloseTag(): void {
    const { xml } = this;
    const at = this.pos;
    const depth = this.names.length - 1;
    if (depth < 0) {
      const nameEnd = this.readName(at + 2);
      throw new Malformed(at, `closing tag '${xml.slice(at + 2, nameEnd)}' with no element open`);
    }
    const name = this.names[depth]!;
    const nameEnd = at + 2 + name.length;
    if (xml.slice(at + 2, nameEnd) !== name || isNameChar(xml.charCodeAt(nameEnd))) {
      const found = xml.slice(at + 2, this.readName(at + 2));
      throw new Malformed(at, `closing tag '${found}' where '${name}' is open`);
    }
    const gt = this.skipSpace(nameEnd);
    if (xml.charCodeAt(gt) !== GT) throw new Malformed(gt, `closing tag '${name}' not ended by '>'`);
    this.pos = gt + 1;
    this.names.pop();
    this.openedAt.pop();
    if (this.wholeDepth >= 0) this.closeWithin(name, depth, this.nodes[depth - this.wholeDepth] ?? null);
  }

  /** An element inside (or being) the one read whole has closed: its value goes to its parent, or to the caller. */
  private closeWithin(name: string, depth: number, node: Record<string, unknown> | null): void {
    const value = node ?? this.takeText();
    this.text = '';
    this.pieceFrom = -1;
    if (depth === this.wholeDepth) {
      this.wholeDepth = -1;
      this.reading.take(name, value);
      return;
    }
    const parent = this.nodes[depth - 1 - this.wholeDepth]!;
    const before = parent[name];
    if (this.reading.repeating.has(name)) {
      if (Array.isArray(before)) before.push(value);
      else parent[name] = [value];
    } else if (before === undefined) parent[name] = value;
    else if (!Object.hasOwn(parent, name))
      // A name such as 'constructor' or '__proto__' is an own property like any other, never the prototype's.
      Object.defineProperty(parent, name, { value, enumerable: true, writable: true, configurable: true });
    else if (Array.isArray(before)) before.push(value);
    else parent[name] = [before, value];
  }

  /** A comment, a CDATA section or a DOCTYPE. */
  private readDeclaration(): void {
    const { xml } = this;
    const at = this.pos;
    if (xml.startsWith('<!--', at)) {
      const end = xml.indexOf('--', at + 4);
      if (end === -1) throw new Malformed(at, 'a comment that is not closed');
      if (xml.charCodeAt(end + 2) !== GT) throw new Malformed(end, "'--' inside a comment");
      this.pos = end + 3;
    } else if (xml.startsWith('<![CDATA[', at)) {
      if (this.names.length === 0) throw new Malformed(at, 'a CDATA section outside the root element');
      const end = xml.indexOf(']]>', at + 9);
      if (end === -1) throw new Malformed(at, 'a CDATA section that is not closed');
      if (this.wholeDepth >= 0) this.addText(xml.slice(at + 9, end));
      this.pos = end + 3;
    } else if (xml.startsWith('<!DOCTYPE', at)) {
      throw new Malformed(at, 'a DOCTYPE, which a CIN census does not have');
    } else throw new Malformed(at, "'<!' that starts no comment or CDATA section");
  }

  private readInstruction(): void {
    const { xml } = this;
    const at = this.pos;
    const nameEnd = this.readName(at + 2);
    const end = xml.indexOf('?>', nameEnd);
    if (end === -1) throw new Malformed(at, 'a processing instruction that is not closed');
    const isDeclaration = nameEnd - at - 2 === 3 && xml.slice(at + 2, nameEnd).toLowerCase() === 'xml';
    if (isDeclaration && (this.start > 0 || textAt(xml, 0, at) !== -1))
      throw new Malformed(at, 'an XML declaration that is not at the start');
    this.pos = end + 2;
  }
}
