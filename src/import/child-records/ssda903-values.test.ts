import { describe, expect, it } from 'vitest';
import { ageOn, collectionYearEnd, parseReturnDate } from './ssda903-values.ts';

describe('parseReturnDate', () => {
  it('reads dd/mm/yyyy, with or without leading zeros, and yyyy-mm-dd', () => {
    expect(parseReturnDate('05/12/1993')).toBe('1993-12-05');
    expect(parseReturnDate('5/1/2020')).toBe('2020-01-05');
    expect(parseReturnDate('2020-01-05')).toBe('2020-01-05');
  });

  it('gives null for a day that does not exist, a two-digit year, other separators or nothing', () => {
    for (const text of [
      '29/02/2019',
      '31/04/2020',
      '00/01/2020',
      '01/13/2020',
      '01/01/20',
      '01.01.2020',
      '',
      'NULL',
    ])
      expect(parseReturnDate(text)).toBeNull();
    expect(parseReturnDate('29/02/2020')).toBe('2020-02-29');
  });
});

describe('ageOn', () => {
  it('counts a year on the birthday, not the day before', () => {
    expect(ageOn('2000-04-01', '2017-03-31')).toBe(16);
    expect(ageOn('2000-03-31', '2017-03-31')).toBe(17);
  });
});

describe('collectionYearEnd', () => {
  it('is the 31 March on or after the date', () => {
    expect(collectionYearEnd('2018-03-31')).toBe('2018-03-31');
    expect(collectionYearEnd('2018-04-01')).toBe('2019-03-31');
    expect(collectionYearEnd('2018-01-15')).toBe('2018-03-31');
  });
});
