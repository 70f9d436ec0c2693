import { describe, expect, it } from 'vitest';
import { contacts, contactsDecidedWithin48Hours } from './contacts.ts';
import { rowsOf, tally } from './test-support.ts';
import { contact } from '../test-records.ts';

describe('contacts', () => {
  it('counts the contacts received in the period, both end days included', () => {
    const rows = rowsOf(
      contacts,
      {
        contacts: [
          contact('A', '2022-12-31'),
          contact('B', '2023-01-01'),
          contact('C', '2023-01-31'),
          contact('D', '2023-02-01'),
        ],
      },
      '2023-01',
    );
    expect(rows.map((r) => r.childId)).toEqual(['B', 'C']);
    expect(tally(rows)).toEqual({ numerator: 2, denominator: 2, leftOut: 0 });
  });

  it('counts two contacts about the same child on the same day twice', () => {
    const rows = rowsOf(
      contacts,
      {
        contacts: [
          contact('A', '2023-01-05', { receivedAt: '2023-01-05T09:00' }),
          contact('A', '2023-01-05', { receivedAt: '2023-01-05T15:00' }),
        ],
      },
      '2023-01',
    );
    expect(tally(rows).numerator).toBe(2);
  });

  it('leaves out a contact whose date failed validation, counting it as left out', () => {
    const rows = rowsOf(
      contacts,
      { contacts: [contact('A', '2023-01-05', { problems: ['contactDate'] })] },
      '2023-01',
    );
    expect(tally(rows)).toEqual({ numerator: 0, denominator: 0, leftOut: 1 });
    expect(rows[0]!.leftOutBecause).toBe('contactDate');
  });

  it('has no rows in a period without contacts', () => {
    expect(rowsOf(contacts, { contacts: [contact('A', '2023-01-05')] }, '2023-02')).toEqual([]);
  });
});

describe('contacts decided within 48 hours', () => {
  const received = (decidedAt: string | null) =>
    contact('A', '2023-01-30', { receivedAt: '2023-01-30T16:45', decidedAt });

  it('counts a contact decided exactly 48 hours after it was received', () => {
    expect(
      tally(rowsOf(contactsDecidedWithin48Hours, { contacts: [received('2023-02-01T16:45')] }, '2023-01')),
    ).toEqual({ numerator: 1, denominator: 1, leftOut: 0 });
  });

  it('does not count a contact decided a minute after 48 hours', () => {
    expect(
      tally(rowsOf(contactsDecidedWithin48Hours, { contacts: [received('2023-02-01T16:46')] }, '2023-01')),
    ).toEqual({ numerator: 0, denominator: 1, leftOut: 0 });
  });

  it('counts a contact decided on the day it was received', () => {
    const rows = rowsOf(
      contactsDecidedWithin48Hours,
      { contacts: [received('2023-01-30T17:00')] },
      '2023-01',
    );
    expect(tally(rows).numerator).toBe(1);
  });

  it('keeps a contact awaiting a decision in the denominator only', () => {
    expect(tally(rowsOf(contactsDecidedWithin48Hours, { contacts: [received(null)] }, '2023-01'))).toEqual({
      numerator: 0,
      denominator: 1,
      leftOut: 0,
    });
  });

  it('starts the clock at 00:00 of the contact date when the time of receipt is not known', () => {
    const rows = rowsOf(
      contactsDecidedWithin48Hours,
      {
        contacts: [
          contact('A', '2024-02-28', { decidedAt: '2024-03-01T00:00' }),
          contact('B', '2024-02-28', { decidedAt: '2024-03-01T00:01' }),
        ],
      },
      '2024-02',
    );
    expect(rows.map((r) => r.inNumerator)).toEqual([true, false]);
  });

  it('reads the standard from the settings', () => {
    const rows = rowsOf(
      contactsDecidedWithin48Hours,
      { contacts: [received('2023-01-31T16:45')] },
      '2023-01',
      {
        contactDecisionHours: 24,
      },
    );
    expect(tally(rows).numerator).toBe(1);
    const late = rowsOf(
      contactsDecidedWithin48Hours,
      { contacts: [received('2023-01-31T16:46')] },
      '2023-01',
      {
        contactDecisionHours: 24,
      },
    );
    expect(tally(late).numerator).toBe(0);
  });

  it('counts a contact received on the last day of the period and decided after it', () => {
    const rows = rowsOf(
      contactsDecidedWithin48Hours,
      {
        contacts: [
          contact('A', '2023-03-31', { receivedAt: '2023-03-31T23:00', decidedAt: '2023-04-01T10:00' }),
        ],
      },
      'FY2022-23',
    );
    expect(tally(rows)).toEqual({ numerator: 1, denominator: 1, leftOut: 0 });
  });

  it('leaves out a contact decided before it was received', () => {
    const rows = rowsOf(
      contactsDecidedWithin48Hours,
      {
        contacts: [
          contact('A', '2023-01-05', { receivedAt: '2023-01-05T10:00', decidedAt: '2023-01-05T09:59' }),
        ],
      },
      '2023-01',
    );
    expect(rows[0]!.leftOutBecause).toBe('decidedAt');
  });

  it('leaves out a contact whose decision time failed validation', () => {
    const rows = rowsOf(
      contactsDecidedWithin48Hours,
      { contacts: [contact('A', '2023-01-05', { decidedAt: '2023-01-05T10:00', problems: ['decidedAt'] })] },
      '2023-01',
    );
    expect(tally(rows)).toEqual({ numerator: 0, denominator: 0, leftOut: 1 });
    expect(rows[0]!.leftOutBecause).toBe('decidedAt');
  });
});
