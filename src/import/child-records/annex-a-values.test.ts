import { describe, expect, it } from 'vitest';
import { codeOf, readDate, readEthnicity, readSex, readTime, readYesNo } from './annex-a-values.ts';

describe('reading an Annex A date', () => {
  it('reads an Excel serial number, as a number or as the text a CSV holds', () => {
    // 44197 is 1 January 2021, so 44090 is 107 days earlier.
    expect(readDate(44197)).toEqual({ date: '2021-01-01', time: null });
    expect(readDate(44090)).toEqual({ date: '2020-09-16', time: null });
    expect(readDate('44090')).toEqual({ date: '2020-09-16', time: null });
  });

  it('reads a serial number’s fraction of a day as the time of day', () => {
    expect(readDate(44090.75)).toEqual({ date: '2020-09-16', time: '18:00' });
  });

  it('reads a serial number of a 1904 workbook from 1 January 1904', () => {
    expect(readDate(42628, 1904)).toEqual({ date: '2020-09-16', time: null });
  });

  it('reads British day-first dates and ISO dates, with or without a time', () => {
    expect(readDate('16/09/2020')).toEqual({ date: '2020-09-16', time: null });
    expect(readDate('6/9/2020 9:05')).toEqual({ date: '2020-09-06', time: '09:05' });
    expect(readDate('2020-09-16')).toEqual({ date: '2020-09-16', time: null });
    expect(readDate('2020-09-16T14:30:00')).toEqual({ date: '2020-09-16', time: '14:30' });
  });

  it('refuses what is not a day: an impossible date, an American date, words, a time past midnight', () => {
    expect(readDate('31/02/2021')).toBeNull();
    expect(readDate('09/16/2020')).toBeNull();
    expect(readDate('last Tuesday')).toBeNull();
    expect(readDate('16/09/2020 25:00')).toBeNull();
    expect(readDate(0)).toBeNull();
  });

  it('reads a time of day on its own, as text or as Excel’s fraction of a day', () => {
    expect(readTime('14:30')).toBe('14:30');
    expect(readTime(0.5)).toBe('12:00');
    expect(readTime('afternoon')).toBeNull();
  });
});

describe('reading Annex A categories', () => {
  it('takes the code from the template’s drop-down text', () => {
    expect(codeOf('q) 6: Police')).toBe('6');
    expect(codeOf('b) 1B: Individual')).toBe('1B');
    expect(codeOf('N1 - Abuse or Neglect')).toBe('N1');
    expect(codeOf('e) PR4 - Private provision')).toBe('PR4');
    expect(codeOf('Physical abuse')).toBe('Physical abuse');
    expect(codeOf('#N/A')).toBeNull();
  });

  it('reads sex and gender in the spellings the lists use', () => {
    expect(['b) Female', 'Female', 'F', '2'].map(readSex)).toEqual(['F', 'F', 'F', 'F']);
    expect(['a) Male', 'm', '1 - Male'].map(readSex)).toEqual(['M', 'M', 'M']);
    expect(['c) Not stated/recorded', 'd) Neither', 'Unknown', '9'].map(readSex)).toEqual([
      'U',
      'U',
      'U',
      'U',
    ]);
    expect(readSex('Martian')).toBe('unreadable');
  });

  it('keeps only the DfE’s ethnicity codes', () => {
    expect(readEthnicity('a) WBRI')).toBe('WBRI');
    expect(readEthnicity('APKN - Pakistani')).toBe('APKN');
    expect(readEthnicity('White British')).toBe('unreadable');
    expect(readEthnicity('')).toBeNull();
  });

  it('reads yes and no, and a not-known answer as null', () => {
    expect(['a) Yes', 'Y', 'yes', true].map(readYesNo)).toEqual([true, true, true, true]);
    expect(['b) No', 'N', false].map(readYesNo)).toEqual([false, false, false]);
    expect(readYesNo('c) Unknown')).toBeNull();
    expect(readYesNo('Maybe')).toBe('unreadable');
  });
});
