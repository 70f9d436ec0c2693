import { describe, expect, it } from 'vitest';
import { school } from '../../../test/support/schools.ts';
import { classifySchool, isOpenOn } from './school.ts';

const placed = (s: Parameters<typeof classifySchool>[0]) => {
  const c = classifySchool(s);
  return c.isInScope ? `${c.governance} ${c.phase}${c.isFreeSchool ? ' (free)' : ''}` : 'out';
};

describe('the governance and phase a school is counted under', () => {
  it('counts community, voluntary and foundation schools as LA maintained, by their phase of education', () => {
    expect(placed(school(1, { phase: 'primary' }))).toBe('la_maintained primary');
    expect(placed(school(2, { phase: 'secondary' }))).toBe('la_maintained secondary');
    expect(placed(school(3, { phase: 'allThrough' }))).toBe('la_maintained all_through');
    expect(placed(school(4, { phase: 'nursery' }))).toBe('la_maintained nursery');
  });

  it('counts academies and free schools together, remembering which are free schools', () => {
    expect(placed(school(1, { type: 'converter', phase: 'primary' }))).toBe('academy primary');
    expect(placed(school(2, { type: 'sponsorLed', phase: 'secondary' }))).toBe('academy secondary');
    expect(placed(school(3, { type: 'freeSchool', phase: 'secondary' }))).toBe('academy secondary (free)');
  });

  it('puts every special school type in Special, whatever its phase of education', () => {
    expect(placed(school(1, { type: 'communitySpecial', phase: 'notApplicable' }))).toBe(
      'la_maintained special',
    );
    expect(placed(school(2, { type: 'academySpecial', phase: 'secondary' }))).toBe('academy special');
  });

  it('puts pupil referral units and alternative-provision academies in PRU / alternative provision', () => {
    expect(placed(school(1, { type: 'pru', phase: 'notApplicable' }))).toBe('la_maintained pru_ap');
    expect(placed(school(2, { type: 'academyAp', phase: 'notApplicable' }))).toBe('academy pru_ap');
  });

  it('puts a local authority nursery school in Nursery even when its phase is not applicable', () => {
    expect(placed(school(1, { type: 'nurserySchool', phase: 'notApplicable' }))).toBe(
      'la_maintained nursery',
    );
  });

  it('counts 16 plus (16–19 academies) with secondary', () => {
    expect(placed(school(1, { type: 'converter', phase: 'sixteenPlus' }))).toBe('academy secondary');
  });

  it('recognises the type group by its code or by either of the names GIAS has used', () => {
    const base = school(1);
    expect(placed({ ...base, typeGroupCode: '', typeGroupName: 'LA maintained schools' })).toBe(
      'la_maintained primary',
    );
    expect(placed({ ...base, typeGroupCode: '4', typeGroupName: 'renamed again' })).toBe(
      'la_maintained primary',
    );
    expect(placed({ ...base, phaseCode: '', phaseName: 'Middle deemed secondary' })).toBe(
      'la_maintained secondary',
    );
  });

  it('leaves out independent schools and other establishments, saying why', () => {
    const c = classifySchool(school(1, { type: 'independent' }));
    expect(c).toEqual({
      isInScope: false,
      reason:
        'Independent schools are not in the position, which counts state-funded schools: LA maintained schools, academies and free schools.',
    });
  });

  it('leaves out a mainstream school whose phase is not applicable, rather than guess one', () => {
    const c = classifySchool(school(1, { phase: 'notApplicable' }));
    expect(c.isInScope).toBe(false);
    expect(!c.isInScope && c.reason).toMatch(/Not applicable/);
  });
});

describe('whether a school is open on a day', () => {
  it('counts a school open from its open date to its close date, both days included', () => {
    const s = school(1, { opened: '2012-06-01', closed: '2017-08-31' });
    expect(isOpenOn(s, '2012-05-31')).toBe(false);
    expect(isOpenOn(s, '2012-06-01')).toBe(true);
    expect(isOpenOn(s, '2017-08-31')).toBe(true);
    expect(isOpenOn(s, '2017-09-01')).toBe(false);
  });

  it('takes a school with no open date as open since before any day asked about', () => {
    expect(isOpenOn(school(1), '1990-01-01')).toBe(true);
  });

  it('takes a closed school with no close date as closed on every day', () => {
    expect(isOpenOn({ ...school(1), statusCode: '2', statusName: 'Closed' }, '2017-06-12')).toBe(false);
  });

  it('never counts a school proposed to open', () => {
    const s = { ...school(1, { opened: '2017-01-01' }), statusCode: '4', statusName: 'Proposed to open' };
    expect(isOpenOn(s, '2018-01-01')).toBe(false);
  });

  it('still counts a school proposed to close until it closes', () => {
    const s = { ...school(1), statusCode: '3', statusName: 'Open, but proposed to close' };
    expect(isOpenOn(s, '2018-01-01')).toBe(true);
  });
});
