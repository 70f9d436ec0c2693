import { describe, expect, it } from 'vitest';
import { ageBandOf, breakdownItemOf, breakdownItems, ethnicGroupOf } from './breakdowns.ts';
import { child } from './test-records.ts';

describe('age bands', () => {
  it('puts a child in the band of their age on the day given', () => {
    expect(ageBandOf('2023-06-01', '2024-05-31')).toBe('under_1');
    expect(ageBandOf('2023-06-01', '2024-06-01')).toBe('1_to_4');
    expect(ageBandOf('2019-06-01', '2024-06-01')).toBe('5_to_9');
    expect(ageBandOf('2014-06-01', '2024-06-01')).toBe('10_to_15');
    expect(ageBandOf('2008-06-01', '2024-05-31')).toBe('10_to_15');
    expect(ageBandOf('2008-06-01', '2024-06-01')).toBe('16_and_over');
  });

  it('moves a child born on 29 February into the next band on 1 March of a common year', () => {
    expect(ageBandOf('2008-02-29', '2024-02-28')).toBe('10_to_15');
    expect(ageBandOf('2008-02-29', '2024-02-29')).toBe('16_and_over');
    expect(ageBandOf('2020-02-29', '2025-02-28')).toBe('1_to_4');
    expect(ageBandOf('2020-02-29', '2025-03-01')).toBe('5_to_9');
  });

  it('counts an unborn child, or one without a birth date, as unborn/not known', () => {
    expect(ageBandOf('2024-07-01', '2024-06-30')).toBe('unborn_or_not_known');
    expect(ageBandOf(null, '2024-06-30')).toBe('unborn_or_not_known');
  });
});

describe('ethnic groups', () => {
  it('groups the main DfE codes as DfE publishes them', () => {
    expect(['WBRI', 'WIRI', 'WIRT', 'WOTH', 'WROM'].map(ethnicGroupOf)).toEqual(Array(5).fill('white'));
    expect(['MWBC', 'MWBA', 'MWAS', 'MOTH'].map(ethnicGroupOf)).toEqual(Array(4).fill('mixed'));
    expect(['AIND', 'APKN', 'ABAN', 'AOTH'].map(ethnicGroupOf)).toEqual(Array(4).fill('asian'));
    expect(['BCRB', 'BAFR', 'BOTH'].map(ethnicGroupOf)).toEqual(Array(3).fill('black'));
    expect(['CHNE', 'OOTH'].map(ethnicGroupOf)).toEqual(['other', 'other']);
  });

  it('groups extended school-census codes with their main code', () => {
    expect(ethnicGroupOf('WSCO')).toBe('white');
    expect(ethnicGroupOf('BSOM')).toBe('black');
    expect(ethnicGroupOf('AMPK')).toBe('asian');
  });

  it('reads codes whatever their case and spacing', () => {
    expect(ethnicGroupOf(' apkn ')).toBe('asian');
  });

  it('treats refused, not obtained, missing and unknown codes as not known/refused', () => {
    expect([
      ethnicGroupOf('REFU'),
      ethnicGroupOf('NOBT'),
      ethnicGroupOf(null),
      ethnicGroupOf('XXXX'),
    ]).toEqual(Array(4).fill('not_known'));
  });
});

describe('the item of a row', () => {
  it('reads the team, sex and ethnic group from the child', () => {
    const c = child('C1', { team: 'SOUTH', sex: 'M', ethnicity: 'BAFR' });
    expect(breakdownItemOf('team', c, '2024-01-01')).toBe('SOUTH');
    expect(breakdownItemOf('sex', c, '2024-01-01')).toBe('male');
    expect(breakdownItemOf('ethnicity', c, '2024-01-01')).toBe('black');
  });

  it('puts a child without a team, or an unknown child, in the not-recorded and not-known items', () => {
    expect(breakdownItemOf('team', child('C1', { team: null }), '2024-01-01')).toBe('Not recorded');
    expect(breakdownItemOf('team', child('C1', { team: '  ' }), '2024-01-01')).toBe('Not recorded');
    expect(breakdownItemOf('sex', undefined, '2024-01-01')).toBe('not_known');
    expect(breakdownItemOf('sex', child('C1', { sex: null }), '2024-01-01')).toBe('not_known');
    expect(breakdownItemOf('age_band', undefined, '2024-01-01')).toBe('unborn_or_not_known');
    expect(breakdownItemOf('ethnicity', undefined, '2024-01-01')).toBe('not_known');
  });
});

describe('the items of a breakdown', () => {
  it('lists every age band, sex and ethnic group in DfE order', () => {
    expect(breakdownItems('age_band').map((i) => i.label)).toEqual([
      'Under 1',
      '1 to 4',
      '5 to 9',
      '10 to 15',
      '16 and over',
      'Unborn/not known',
    ]);
    expect(breakdownItems('sex').map((i) => i.label)).toEqual(['Male', 'Female', 'Not known']);
    expect(breakdownItems('ethnicity').map((i) => i.label)).toEqual([
      'White',
      'Mixed',
      'Asian or Asian British',
      'Black or Black British',
      'Other ethnic group',
      'Not known/refused',
    ]);
  });

  it('lists the teams seen alphabetically with not recorded last', () => {
    expect(
      breakdownItems('team', ['SOUTH', 'Not recorded', 'east', 'DCSC', 'SOUTH']).map((i) => i.item),
    ).toEqual(['DCSC', 'east', 'SOUTH', 'Not recorded']);
  });

  it('has no items without a breakdown', () => {
    expect(breakdownItems('none')).toEqual([]);
  });
});
