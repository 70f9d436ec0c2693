import { describe, expect, it } from 'vitest';
import { calendar } from './children-in-need/test-support.ts';
import { allocation, assessment, child, contact, plan, referral, visit } from './test-records.ts';
import { DEFAULT_SETTINGS } from './measure.ts';
import { emptyRecords, type ChildRecords } from './model.ts';
import { indexRecords } from './records-index.ts';
import { workingListById, type WorkingListId } from './working-lists.ts';

function listed(id: WorkingListId, now: string, records: Partial<ChildRecords>, settings = DEFAULT_SETTINGS) {
  const list = workingListById(id)!;
  return list.rows({ records: indexRecords({ ...emptyRecords(), ...records }), now, settings, calendar });
}

describe('cases unallocated beyond the standard', () => {
  it('lists an open referral older than 7 days with no worker, with the team it sits in', () => {
    const rows = listed('unallocated-cases', '2024-03-11T09:00', {
      children: [child('A', { team: 'North' })],
      referrals: [referral('A', '2024-03-01')],
    });
    expect(rows).toEqual([
      expect.objectContaining({
        childId: 'A',
        team: 'North',
        dates: { Referral: '2024-03-01', 'Allocation due': '2024-03-08' },
        waiting: '3 days past the standard',
      }),
    ]);
  });

  it('leaves off a referral on the day its allocation falls due, one allocated, and one closed', () => {
    const rows = listed('unallocated-cases', '2024-03-08T09:00', {
      referrals: [
        referral('A', '2024-03-01'),
        referral('B', '2024-02-01'),
        referral('C', '2024-02-01', { closureDate: '2024-03-01' }),
      ],
      allocations: [allocation('B', '2024-02-20', { referralDate: '2024-02-01', worker: 'W1' })],
    });
    expect(rows).toEqual([]);
  });

  it('puts the longest waiting first', () => {
    const rows = listed('unallocated-cases', '2024-03-31T09:00', {
      referrals: [referral('A', '2024-03-10'), referral('B', '2024-02-10')],
    });
    expect(rows.map((r) => r.childId)).toEqual(['B', 'A']);
  });

  it('follows the allocation standard the council sets', () => {
    const now = '2024-03-06T09:00';
    const records = { referrals: [referral('A', '2024-03-01')] };
    expect(listed('unallocated-cases', now, records)).toEqual([]);
    expect(
      listed('unallocated-cases', now, records, { ...DEFAULT_SETTINGS, allocationDays: 3 }),
    ).toHaveLength(1);
  });

  it('leaves off a referral whose date failed validation', () => {
    expect(
      listed('unallocated-cases', '2024-03-31T09:00', {
        referrals: [referral('A', '2024-02-01', { problems: ['referralDate'] })],
      }),
    ).toEqual([]);
  });
});

describe('contacts awaiting a decision beyond the standard', () => {
  it('lists a contact undecided more than 48 hours after it was received, counting the hours past', () => {
    const rows = listed('contacts-awaiting-decision', '2024-03-04T12:00', {
      contacts: [contact('A', '2024-03-01', { receivedAt: '2024-03-01T09:30', decidedAt: null })],
    });
    expect(rows).toEqual([expect.objectContaining({ childId: 'A', waiting: '26 hours past the standard' })]);
  });

  it('leaves off a contact decided, and one received exactly 48 hours ago', () => {
    const rows = listed('contacts-awaiting-decision', '2024-03-03T09:30', {
      contacts: [
        contact('A', '2024-03-01', { receivedAt: '2024-03-01T09:30', decidedAt: null }),
        contact('B', '2024-02-01', { receivedAt: '2024-02-01T09:30', decidedAt: '2024-02-05T10:00' }),
      ],
    });
    expect(rows).toEqual([]);
  });

  it('starts the clock at the start of the day when the time of receipt is not recorded', () => {
    const rows = listed('contacts-awaiting-decision', '2024-03-03T00:01', {
      contacts: [contact('A', '2024-03-01', { receivedAt: null, decidedAt: null })],
    });
    expect(rows.map((r) => r.childId)).toEqual(['A']);
  });
});

describe('children on a plan not visited within the standard', () => {
  it('lists a child whose latest visit was more than 10 working days ago, with the day the visit was due', () => {
    const rows = listed('plans-not-visited', '2024-03-20T09:00', {
      protectionPlans: [plan('A', '2024-01-10', null)],
      protectionVisits: [visit('A', '2024-01-10', '2024-03-01')],
    });
    // 10 working days after Friday 1 March 2024 is Friday 15 March; 20 March is 3 working days later.
    expect(rows).toEqual([
      expect.objectContaining({
        childId: 'A',
        dates: { 'Plan started': '2024-01-10', 'Latest visit': '2024-03-01', 'Visit was due': '2024-03-15' },
        waiting: '3 working days past the standard',
      }),
    ]);
  });

  it('counts from the plan’s start when no visit is recorded, and leaves off a child visited in time', () => {
    const rows = listed('plans-not-visited', '2024-03-20T09:00', {
      protectionPlans: [plan('A', '2024-02-01', null), plan('B', '2024-02-01', null)],
      protectionVisits: [visit('B', '2024-02-01', '2024-03-18')],
    });
    expect(rows.map((r) => [r.childId, r.dates['Latest visit']])).toEqual([['A', null]]);
  });

  it('skips the Easter bank holidays when counting working days since the visit', () => {
    // Visit Thursday 21 March 2024; Good Friday 29 March and Easter Monday 1 April are not working days:
    // the 10th working day after is Monday 8 April, so on 8 April the child is within the standard.
    const records = {
      protectionPlans: [plan('A', '2024-01-10', null)],
      protectionVisits: [visit('A', '2024-01-10', '2024-03-21')],
    };
    expect(listed('plans-not-visited', '2024-04-08T09:00', records)).toEqual([]);
    expect(listed('plans-not-visited', '2024-04-09T09:00', records)).toHaveLength(1);
  });

  it('leaves off a child whose plan has ended', () => {
    const rows = listed('plans-not-visited', '2024-03-20T09:00', {
      protectionPlans: [plan('A', '2023-01-10', '2024-03-01')],
    });
    expect(rows).toEqual([]);
  });
});

describe('assessments due within 5 working days', () => {
  it('lists an assessment in progress whose 45 working days from the referral end within the next 5 working days', () => {
    // 45 working days after Monday 8 January 2024 is Monday 11 March.
    const rows = listed('assessments-due', '2024-03-06T09:00', {
      assessments: [assessment('A', '2024-01-10', null, { referralDate: '2024-01-08' })],
    });
    expect(rows).toEqual([
      expect.objectContaining({
        childId: 'A',
        dates: { Referral: '2024-01-08', Due: '2024-03-11' },
        waiting: 'due in 3 working days',
      }),
    ]);
  });

  it('leaves off one completed, one already overdue, and one due beyond the 5 working days', () => {
    const rows = listed('assessments-due', '2024-03-06T09:00', {
      assessments: [
        assessment('A', '2024-01-10', '2024-03-01', { referralDate: '2024-01-08' }),
        assessment('B', '2024-01-02', null, { referralDate: '2024-01-02' }),
        assessment('C', '2024-02-01', null, { referralDate: '2024-02-01' }),
      ],
    });
    expect(rows).toEqual([]);
  });

  it('times from the assessment’s start when the council so chooses', () => {
    const records = { assessments: [assessment('A', '2024-01-10', null, { referralDate: '2024-01-08' })] };
    const fromStart = { ...DEFAULT_SETTINGS, assessmentTimelinessFrom: 'assessment_start' as const };
    // 45 working days after Wednesday 10 January 2024 is Wednesday 13 March: due in 5 working days on 6 March.
    expect(listed('assessments-due', '2024-03-06T09:00', records, fromStart)).toEqual([
      expect.objectContaining({
        dates: { 'Assessment started': '2024-01-10', Due: '2024-03-13' },
        waiting: 'due in 5 working days',
      }),
    ]);
  });
});
