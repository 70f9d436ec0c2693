import { describe, expect, it } from 'vitest';
import {
  FORMULA_STARTERS,
  neutraliseText,
  restoreNeutralisedText,
  startsFormula,
} from './spreadsheet-text.ts';

describe('neutralising text a spreadsheet would run as a formula', () => {
  it.each(FORMULA_STARTERS.map((c) => [JSON.stringify(c), c]))(
    'puts an apostrophe before text starting %s',
    (_, starter) => {
      const text = `${starter}HYPERLINK("http://evil.example","x")`;
      expect(startsFormula(text)).toBe(true);
      expect(neutraliseText(text)).toBe(`'${text}`);
    },
  );

  it('covers =, +, -, @, tab, carriage return and their full-width forms', () => {
    expect([...FORMULA_STARTERS].sort()).toEqual(
      ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'].sort(),
    );
  });

  it.each([
    'Referrals',
    '93.4%',
    'locality=EAST',
    ' =1+1 (a space first is not a formula)',
    '',
    'A&E attendances',
    '(-3) in brackets',
  ])('leaves %j as it is', (text) => {
    expect(startsFormula(text)).toBe(false);
    expect(neutraliseText(text)).toBe(text);
  });

  it('gives text already starting with an apostrophe and a formula starter one more apostrophe', () => {
    expect(neutraliseText("'=1+1")).toBe("''=1+1");
    expect(neutraliseText("'tis")).toBe("'tis");
  });

  it.each([
    '=SUM(A1:A9)',
    '- fewer re-referrals',
    '+44 20 7946 0000',
    '@mention',
    '\tindented',
    '－3',
    "'=typed with an apostrophe",
    "''+two",
    "'tis the season",
    'plain',
  ])('restores %j exactly after neutralising it', (text) => {
    expect(restoreNeutralisedText(neutraliseText(text))).toBe(text);
  });

  it('keeps an apostrophe that was not put there by neutralising', () => {
    expect(restoreNeutralisedText("'tis the season")).toBe("'tis the season");
    expect(restoreNeutralisedText("'")).toBe("'");
    expect(restoreNeutralisedText("''=1")).toBe("'=1");
  });
});
