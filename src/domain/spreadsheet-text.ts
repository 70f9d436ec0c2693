/**
 * Text that a spreadsheet would run as a formula. A cell whose text begins
 * with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
 * spreadsheets skip before looking) is taken as a formula when a CSV is
 * opened, and a formula can fetch a web address or run a command: "CSV
 * injection". So every text cell an export writes, CSV or XLSX, and whatever
 * it came from (a title, a commentary, an audit detail typed by anyone), is
 * neutralised by one rule: such text gets an apostrophe in front, which
 * spreadsheets show as text and never evaluate. The full-width forms of
 * those characters (＝ ＋ － ＠), which some spreadsheets accept as formula
 * starters, count too.
 *
 * Numbers are never text: a negative number stays a number (-3, not '-3).
 *
 * The importers undo the rule with `restoreNeutralisedText`, so a template
 * downloaded with a commentary such as "- fewer re-referrals" reads back
 * exactly as it was written.
 */

/** The characters that make text a formula when they come first. */
export const FORMULA_STARTERS: readonly string[] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

const STARTS_FORMULA = /^[=+\-@\t\r＝＋－＠]/;
/** Text that neutralising changes: a formula starter, after any apostrophes already there. */
const NEEDS_APOSTROPHE = /^'*[=+\-@\t\r＝＋－＠]/;
const NEUTRALISED = /^'+[=+\-@\t\r＝＋－＠]/;

/** True when a spreadsheet would take this text as a formula. */
export function startsFormula(text: string): boolean {
  return STARTS_FORMULA.test(text);
}

/**
 * The text as an export writes it: with an apostrophe in front when it would
 * start a formula. Text that already starts with apostrophes before a formula
 * starter gets one more, so that restoring it gives back exactly what was
 * written ("'=x" is written "''=x" and read back as "'=x").
 */
export function neutraliseText(text: string): string {
  return NEEDS_APOSTROPHE.test(text) ? `'${text}` : text;
}

/** The text as it was before neutraliseText: the first of the apostrophes before a formula starter is dropped. */
export function restoreNeutralisedText(text: string): string {
  return NEUTRALISED.test(text) ? text.slice(1) : text;
}
