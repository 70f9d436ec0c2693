/**
 * Windows-1252's characters for bytes 0x80–0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ).
 * Node 20's TextDecoder('windows-1252') decodes those bytes as ISO-8859-1
 * control characters (U+0080–U+009F) instead; later versions get it right.
 * Mapping them afterwards gives the right text on every version. The five
 * bytes Windows-1252 leaves undefined (81, 8D, 8F, 90, 9D) stay as they are.
 */
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Text decoded as Windows-1252 by any Node version, with the bytes 0x80–0x9F as Windows-1252 has them. */
export function fixWindows1252(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (ch) => WINDOWS_1252_HIGH[ch.charCodeAt(0) - 0x80]!);
}
