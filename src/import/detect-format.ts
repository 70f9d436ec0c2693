/**
 * What kind of file an upload is, from its first bytes rather than its
 * name (people rename files, and save CSV as "figures.xlsx"). Pure.
 */
export type DetectedFormat = { format: 'csv' } | { format: 'xlsx' } | { format: null; problem: string };

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);

const SAVE_AS = 'Save it from Excel as an Excel Workbook (.xlsx) or as CSV, and upload that.';

/** `head` is the start of the file (a few kilobytes); `size` its whole length in bytes. */
export function detectFormat(head: Uint8Array, size: number): DetectedFormat {
  if (size === 0)
    return { format: null, problem: 'The file is empty (0 bytes): there is nothing to import.' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return { format: 'xlsx' };
  if (startsWith(head, [0x50, 0x4b, 0x05, 0x06]))
    return { format: null, problem: 'The file is an empty ZIP archive, not a spreadsheet.' };
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    return {
      format: null,
      problem: `The file is an Excel 97–2003 workbook (.xls) or another old Office file, which cannot be read here. ${SAVE_AS}`,
    };
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46]))
    return { format: null, problem: `The file is a PDF document, not a spreadsheet. ${SAVE_AS}` };
  if (
    startsWith(head, [0x89, 0x50, 0x4e, 0x47]) ||
    startsWith(head, [0xff, 0xd8, 0xff]) ||
    startsWith(head, [0x47, 0x49, 0x46, 0x38])
  )
    return { format: null, problem: `The file is a picture, not a spreadsheet. ${SAVE_AS}` };
  if (
    startsWith(head, [0x1f, 0x8b]) ||
    startsWith(head, [0x52, 0x61, 0x72, 0x21]) ||
    startsWith(head, [0x37, 0x7a, 0xbc, 0xaf])
  )
    return { format: null, problem: `The file is a compressed archive, not a spreadsheet. ${SAVE_AS}` };
  const isUtf16 = startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff]);
  if (!isUtf16 && hasControlBytes(head))
    return {
      format: null,
      problem: `The file is not a spreadsheet: it holds binary data, not text or an Excel workbook (it may be another kind of file renamed). ${SAVE_AS}`,
    };
  return { format: 'csv' };
}

/** Text files hold no NUL and almost no other control characters (tab, CR, LF and form feed aside). */
function hasControlBytes(head: Uint8Array): boolean {
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control++;
  }
  return control > head.length / 100;
}

/** The encoding a CSV is read in: a byte-order mark says; otherwise UTF-8 if every byte is valid UTF-8, else Windows-1252. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export function encodingFromBom(head: Uint8Array): TextEncoding | null {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return 'utf-8';
  if (startsWith(head, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(head, [0xfe, 0xff])) return 'utf-16be';
  return null;
}

export const ENCODING_LABELS: Record<TextEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16',
  'windows-1252': 'Windows-1252',
};
