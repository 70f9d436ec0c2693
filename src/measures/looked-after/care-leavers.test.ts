import { describe, expect, it } from 'vitest';
import {
  birthdayAt,
  careLeaversInEducationEmploymentTraining as eet,
  careLeaversInTouch as inTouch,
  careLeaversSuitableAccommodation as suitable,
} from './care-leavers.ts';
import { denominator, leftOut, numerator, rowsOf } from './test-support.ts';
import { careLeaver, child } from '../test-records.ts';

const YEAR = '2025-03-31';

describe('care leavers: whose information counts', () => {
  it('takes care leavers whose 17th to 21st birthday falls in the period, first and last days included', () => {
    const rows = rowsOf(
      eet,
      {
        children: [
          child('FIRST-DAY-19', { birthDate: '2005-04-01' }),
          child('LAST-DAY-21', { birthDate: '2004-03-31' }),
          child('AGED-17', { birthDate: '2007-09-15' }),
          child('AGED-16', { birthDate: '2008-09-15' }),
          child('AGED-22', { birthDate: '2002-09-15' }),
        ],
        careLeavers: [
          careLeaver('FIRST-DAY-19', YEAR, { ageAtBirthday: 19 }),
          careLeaver('LAST-DAY-21', YEAR, { ageAtBirthday: 21 }),
          careLeaver('AGED-17', YEAR, { ageAtBirthday: 17 }),
          careLeaver('AGED-16', YEAR, { ageAtBirthday: 16 }),
          careLeaver('AGED-22', YEAR, { ageAtBirthday: 22 }),
        ],
      },
      'FY2024-25',
    );
    expect(denominator(rows)).toEqual(['FIRST-DAY-19', 'LAST-DAY-21', 'AGED-17']);
    expect(rows[0]).toMatchObject({ ageAt: '2024-04-01', dates: { Birthday: '2024-04-01' } });
  });

  it('finds the birthday from the collection year when the return gives no age', () => {
    const records = {
      children: [child('A', { birthDate: '2005-10-20' })],
      careLeavers: [careLeaver('A', YEAR)],
    };
    expect(rowsOf(eet, records, '2024-10')[0]!.dates['Birthday']).toBe('2024-10-20');
    expect(rowsOf(eet, records, '2025-10')).toEqual([]);
  });

  it('places the birthday of someone born on 29 February on 1 March in a common year', () => {
    expect(birthdayAt('2004-02-29', 21)).toBe('2025-03-01');
    expect(birthdayAt('2004-02-29', 20)).toBe('2024-02-29');
    const records = {
      children: [child('A', { birthDate: '2004-02-29' })],
      careLeavers: [careLeaver('A', YEAR, { ageAtBirthday: 21 })],
    };
    expect(rowsOf(eet, records, '2025-02')).toEqual([]);
    expect(denominator(rowsOf(eet, records, '2025-03'))).toEqual(['A']);
  });

  it('leaves out young people who have died or returned home, as DfE does', () => {
    const rows = rowsOf(
      inTouch,
      {
        children: [child('DIED', { birthDate: '2005-06-01' }), child('RHOM', { birthDate: '2005-06-01' })],
        careLeavers: [
          careLeaver('DIED', YEAR, { inTouch: 'DIED' }),
          careLeaver('RHOM', YEAR, { inTouch: 'RHOM' }),
        ],
      },
      'FY2024-25',
    );
    expect(rows).toEqual([]);
  });

  it('lists a care leaver with no date of birth as left out in the period holding the end of the collection year', () => {
    const records = { children: [child('A', { birthDate: null })], careLeavers: [careLeaver('A', YEAR)] };
    expect(leftOut(rowsOf(eet, records, '2025-03'))).toEqual([['A', 'birthDate']]);
    expect(rowsOf(eet, records, '2025-02')).toEqual([]);
  });

  it('has no rows when no care leaver had a birthday in the period', () => {
    expect(rowsOf(eet, {}, 'FY2024-25')).toEqual([]);
  });
});

const leavers = (...cases: readonly [string, Parameters<typeof careLeaver>[2]][]) => ({
  children: cases.map(([id]) => child(id, { birthDate: '2005-06-01' })),
  careLeavers: cases.map(([id, fields]) => careLeaver(id, YEAR, fields)),
});

describe('care-leavers-in-education-employment-training', () => {
  it('counts education, apprenticeships, training and employment, full or part time, and nothing else', () => {
    const rows = rowsOf(
      eet,
      leavers(
        ['F1', { activity: 'F1' }],
        ['P2', { activity: 'P2' }],
        ['F4', { activity: 'F4' }],
        ['P5', { activity: 'P5' }],
        ['G5', { activity: 'G5' }],
        ['NOT-IN-TOUCH', { inTouch: 'NO', activity: null }],
      ),
      'FY2024-25',
    );
    expect(denominator(rows)).toEqual(['F1', 'P2', 'F4', 'P5', 'G5', 'NOT-IN-TOUCH']);
    expect(numerator(rows)).toEqual(['F1', 'P2', 'F4', 'P5']);
  });

  it('leaves out a care leaver whose activity failed validation', () => {
    const rows = rowsOf(eet, leavers(['A', { activity: 'Q9', problems: ['activity'] }]), 'FY2024-25');
    expect(leftOut(rows)).toEqual([['A', 'activity']]);
  });
});

describe('care-leavers-suitable-accommodation', () => {
  it('counts accommodation judged suitable, leaving out those gone abroad, deported or whose residence is not known', () => {
    const rows = rowsOf(
      suitable,
      leavers(
        ['U1', { accommodation: 'U1' }],
        ['Z1', { accommodation: 'Z1' }],
        ['B2', { accommodation: 'B2' }],
        ['X1', { accommodation: 'X1' }],
        ['Y1', { accommodation: 'Y1' }],
        ['R2', { accommodation: 'R2' }],
        ['REFUSED', { inTouch: 'REFU', accommodation: null }],
      ),
      'FY2024-25',
    );
    expect(denominator(rows)).toEqual(['U1', 'Z1', 'B2', 'REFUSED']);
    expect(numerator(rows)).toEqual(['U1', 'Z1']);
  });

  it('leaves out a care leaver whose accommodation failed validation, even one coded as gone abroad', () => {
    const rows = rowsOf(
      suitable,
      leavers(['A', { accommodation: 'X1', problems: ['accommodation'] }]),
      'FY2024-25',
    );
    expect(leftOut(rows)).toEqual([['A', 'accommodation']]);
  });
});

describe('care-leavers-in-touch', () => {
  it('counts IN_TOUCH YES, not those not in touch, refusing contact or no longer needing services', () => {
    const rows = rowsOf(
      inTouch,
      leavers(
        ['YES', { inTouch: 'YES' }],
        ['NO', { inTouch: 'NO' }],
        ['REFU', { inTouch: 'REFU' }],
        ['NREQ', { inTouch: 'NREQ' }],
      ),
      'FY2024-25',
    );
    expect(denominator(rows)).toEqual(['YES', 'NO', 'REFU', 'NREQ']);
    expect(numerator(rows)).toEqual(['YES']);
  });

  it('leaves out a care leaver whose contact field failed validation', () => {
    const rows = rowsOf(inTouch, leavers(['A', { inTouch: 'MAYBE', problems: ['inTouch'] }]), 'FY2024-25');
    expect(leftOut(rows)).toEqual([['A', 'inTouch']]);
  });
});
