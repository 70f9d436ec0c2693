import { readdirSync, readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { readXml, type XmlFault, type XmlNode } from './cin-xml-reader.ts';

const SAMPLES = '/work/shared/samples';
const CIN_SAMPLES = [
  ...readdirSync(`${SAMPLES}/cin_census_fake`).map((name) => `cin_census_fake/${name}`),
  'liia_samples/BAR_cin_2022.xml',
  'liia_samples/cin-2022.xml',
  'liia_samples/social_work_workforce_2022.xml',
];
const REPEATING = new Set(['Child', 'CINdetails', 'Assessments', 'Reviews', 'CPPreviewDate', 'Item']);
const utf8 = (text: string) => new TextEncoder().encode(text);

interface Taken {
  opened: [string, number][];
  taken: [string, XmlNode | string][];
  fault: XmlFault | null;
}

/** Reads `bytes`, asking for the elements `wanted` names whole wherever they open. */
function read(bytes: Uint8Array | string, wanted: (name: string, depth: number) => boolean, window?: number) {
  const result: Taken = { opened: [], taken: [], fault: null };
  result.fault = readXml(
    typeof bytes === 'string' ? utf8(bytes) : bytes,
    {
      repeating: REPEATING,
      open(name, depth) {
        result.opened.push([name, depth]);
        return wanted(name, depth);
      },
      take(name, value) {
        result.taken.push([name, value]);
      },
    },
    window,
  );
  return result;
}

const wholeRoot = (bytes: Uint8Array | string, window?: number) => {
  const { taken, fault } = read(bytes, (_, depth) => depth === 0, window);
  if (fault !== null) throw new Error(`${fault.message} (line ${fault.line}, column ${fault.column})`);
  return taken[0]![1];
};

const faultOf = (xml: string) => read(xml, (_, depth) => depth === 1).fault;

/** fast-xml-parser's tree, as the importer read it before, less the text it kept beside child elements. */
function fastXmlTree(xml: string): unknown {
  const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    isArray: (name) => REPEATING.has(name),
  });
  const withoutMixedText = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(withoutMixedText);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([name]) => name !== '#text')
        .map(([name, item]) => [name, withoutMixedText(item)]),
    );
  };
  const document = withoutMixedText(parser.parse(xml)) as Record<string, unknown>;
  return Object.values(document)[0];
}

describe('an element asked for is given whole, as fast-xml-parser would give it', () => {
  it.each(CIN_SAMPLES)('%s reads to the same tree', (path) => {
    const bytes = readFileSync(`${SAMPLES}/${path}`);
    expect(wholeRoot(new Uint8Array(bytes))).toEqual(fastXmlTree(bytes.toString('utf8')));
  });

  it('gives a leaf its trimmed text, an empty element the empty string, and ignores attributes', () => {
    expect(wholeRoot('<R a="1"><A>  x y \n</A><B/><C></C><D b=\'2\' c = "3" /></R>')).toEqual({
      A: 'x y',
      B: '',
      C: '',
      D: '',
    });
  });

  it('puts a repeating element in an array even when there is one, and any name met twice in one', () => {
    expect(wholeRoot('<R><Item>1</Item><Other>a</Other><Other>b</Other><Other>c</Other></R>')).toEqual({
      Item: ['1'],
      Other: ['a', 'b', 'c'],
    });
  });

  it('expands the five entities and character references, and reads CDATA as text', () => {
    expect(
      wholeRoot('<R><A>&amp;&lt;&gt;&quot;&apos;</A><B>&#65;&#x42;&#x1F600;</B><C><![CDATA[<&>]]></C></R>'),
    ).toEqual({ A: '&<>"\'', B: 'AB😀', C: '<&>' });
  });

  it('joins text around a comment or processing instruction, and ignores text beside child elements', () => {
    expect(wholeRoot('<R><A>one<!-- a comment -->two<?pi x?>three</A><B>loose<C>c</C>text</B></R>')).toEqual({
      A: 'onetwothree',
      B: { C: 'c' },
    });
  });

  it('makes names such as __proto__ and constructor plain properties', () => {
    const node = wholeRoot('<R><__proto__>p</__proto__><constructor>c</constructor></R>') as XmlNode;
    expect(Object.getPrototypeOf(node)).toBe(Object.prototype);
    expect(Object.entries(node)).toEqual([
      ['__proto__', 'p'],
      ['constructor', 'c'],
    ]);
  });
});

describe('only the elements asked for are built', () => {
  it('tells of every element outside those read whole, with its depth, and gives each one read whole as it closes', () => {
    const xml = '<M><H><X>1</X></H><L><C><I>a</I></C><C><I>b</I></C></L></M>';
    const { opened, taken } = read(xml, (name) => name === 'H' || name === 'C');
    expect(opened).toEqual([
      ['M', 0],
      ['H', 1],
      ['L', 1],
      ['C', 2],
      ['C', 2],
    ]);
    expect(taken).toEqual([
      ['H', { X: '1' }],
      ['C', { I: 'a' }],
      ['C', { I: 'b' }],
    ]);
  });
});

describe('the file is decoded a window at a time, and reads the same whatever the window', () => {
  const awkward =
    '\uFEFF<?xml version="1.0"?>\n<!-- a > b -->\n<R a="x > y">\n  <A>é > ü &amp; 😀</A><Item>1</Item>' +
    "<B><![CDATA[ > ]]></B><C>text > more<!-- c > d --></C><?pi ? > ?><D x='>'/>\n</R>\n<!-- end > -->";

  it.each([1, 2, 3, 5, 8, 64])('a window of %i bytes', (window) => {
    expect(wholeRoot(awkward, window)).toEqual(wholeRoot(awkward));
    expect(wholeRoot(awkward)).toEqual({ A: 'é > ü & 😀', Item: ['1'], B: '>', C: 'text > more', D: '' });
    for (const path of CIN_SAMPLES) {
      const bytes = new Uint8Array(readFileSync(`${SAMPLES}/${path}`));
      expect(wholeRoot(bytes, window * 97)).toEqual(wholeRoot(bytes));
    }
  });

  it('finds a fault at the same place whatever the window', () => {
    const xml = `<R>\n${'<A>é</A>\n'.repeat(50)}<A>&bad;</A></R>`;
    const expected = { message: "unknown entity '&bad;'", line: 52, column: 4 };
    for (const window of [1, 7, 64, 4096]) expect(read(xml, () => false, window).fault).toEqual(expected);
  });
});

describe('a document that is not well-formed is a fault, with its line and column', () => {
  it.each([
    ['a mismatched closing tag', '<R>\n  <A>1</B>\n</R>', "closing tag 'B' where 'A' is open", 2, 7],
    ['an element not closed', '<R>\n<A>\n<B>1</B>\n</R>', "closing tag 'R' where 'A' is open", 4, 1],
    ['the root not closed', '<R>\n<A>1</A>\n', '<R> is not closed', 1, 1],
    ['text before the root', 'x<R/>', 'text before the root element', 1, 1],
    ['text after the root', '<R/>\n junk', 'text after the root element', 2, 2],
    ['a second root', '<R/><S/>', 'a second root element <S>', 1, 5],
    ['no root at all', '  \n ', 'there is no root element', 2, 2],
    ['an unknown entity', '<R>\n <A>a &nbsp; b</A></R>', "unknown entity '&nbsp;'", 2, 7],
    ['an ampersand on its own', '<R>a & b</R>', "'&' that does not start a reference ending in ';'", 1, 6],
    ['a reference to a character XML forbids', '<R>&#0;</R>', "'&#0;' is not a character XML allows", 1, 4],
    ['an unquoted attribute', '<R a=1/>', 'an attribute of <R> whose value is not quoted', 1, 6],
    ['a "<" in an attribute', '<R a="<"/>', "'<' in an attribute value of <R>", 1, 7],
    ['a tag without a name', '<R>< A/></R>', 'a tag without a valid name', 1, 5],
    ['a closing tag with nothing open', '</R>', "closing tag 'R' with no element open", 1, 1],
    ['a comment not closed', '<R><!-- x </R>', 'a comment that is not closed', 1, 4],
    ['a DOCTYPE', '<!DOCTYPE R [<!ENTITY x "y">]><R/>', 'a DOCTYPE, which a CIN census does not have', 1, 1],
    [
      'a declaration not at the start',
      '<R/>\n<?xml version="1.0"?>',
      'an XML declaration that is not at the start',
      2,
      1,
    ],
  ])('%s', (_, xml, message, line, column) => {
    expect(faultOf(xml)).toEqual({ message, line, column });
  });

  it('counts columns in characters after a byte-order mark and multi-byte characters', () => {
    expect(faultOf('\uFEFF<R><A>é😀</B></R>')).toMatchObject({ line: 1, column: 10 });
  });

  it('checks the parts it does not build as closely as those it does', () => {
    expect(read('<R><A>&bad;</A></R>', () => false).fault).toMatchObject({
      message: "unknown entity '&bad;'",
    });
    expect(read('<R><A>&bad;</A></R>', (_, depth) => depth === 0).fault).toMatchObject({
      message: "unknown entity '&bad;'",
    });
  });
});
