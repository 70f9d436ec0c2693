import { describe, expect, it } from 'vitest';
import {
  assessmentsCompleted,
  assessmentsWithin45WorkingDays,
  childrenSeenDuringAssessment,
} from './assessments.ts';
import { notRecorded } from '../measure.ts';
import { rowsOf, tally } from './test-support.ts';
import { assessment } from '../test-records.ts';

describe('assessments completed', () => {
  it('counts assessments completed in the period, not those started in it or still in progress', () => {
    const rows = rowsOf(
      assessmentsCompleted,
      {
        assessments: [
          assessment('A', '2022-03-01', '2022-04-01'),
          assessment('B', '2023-03-01', '2023-04-01'),
          assessment('C', '2023-03-01', null),
          assessment('D', '2023-03-31', '2023-03-31'),
        ],
      },
      'FY2022-23',
    );
    expect(rows.map((r) => r.childId)).toEqual(['A', 'D']);
  });

  it('leaves out an assessment whose completion date failed validation', () => {
    const rows = rowsOf(
      assessmentsCompleted,
      { assessments: [assessment('A', '2022-05-01', '2022-06-01', { problems: ['completedDate'] })] },
      'FY2022-23',
    );
    expect(tally(rows)).toEqual({ numerator: 0, denominator: 0, leftOut: 1 });
  });
});

describe('assessments completed within 45 working days', () => {
  const timed = (referralDate: string | null, startDate: string, completedDate: string) =>
    rowsOf(
      assessmentsWithin45WorkingDays,
      { assessments: [assessment('A', startDate, completedDate, { referralDate })] },
      'FY2022-23',
    )[0]!;

  // Referral Mon 14 Nov 2022. Working days: 15–18 Nov (1–4), 21–25 Nov (5–9), 28 Nov–2 Dec (10–14),
  // 5–9 Dec (15–19), 12–16 Dec (20–24), 19–23 Dec (25–29); 26 and 27 Dec are bank holidays (Boxing Day,
  // Christmas Day's substitute); 28–30 Dec (30–32); 2 Jan 2023 is New Year's Day's substitute;
  // 3–6 Jan (33–36), 9–13 Jan (37–41), 16–19 Jan (42–45): due Thursday 19 January 2023.
  it('counts an assessment spanning Christmas completed on its 45th working day, Thursday 19 January 2023', () => {
    const row = timed('2022-11-14', '2022-11-15', '2023-01-19');
    expect(row.dates['Due']).toBe('2023-01-19');
    expect(row.inNumerator).toBe(true);
  });

  it('does not count an assessment spanning Christmas completed on Friday 20 January 2023, its 46th working day', () => {
    expect(timed('2022-11-14', '2022-11-15', '2023-01-20').inNumerator).toBe(false);
  });

  // Referral Mon 5 Sep 2022. Working days: 6–9 Sep (1–4), 12–16 Sep (5–9); 19 Sep is the state funeral
  // of Queen Elizabeth II; 20–23 Sep (10–13), 26–30 Sep (14–18), 3–7 Oct (19–23), 10–14 Oct (24–28),
  // 17–21 Oct (29–33), 24–28 Oct (34–38), 31 Oct–4 Nov (39–43), 7 Nov (44), 8 Nov (45):
  // due Tuesday 8 November 2022 (Monday 7 November without the funeral).
  it('gives an extra day for the state funeral: due Tuesday 8 November 2022 for a referral on 5 September', () => {
    const row = timed('2022-09-05', '2022-09-06', '2022-11-08');
    expect(row.dates['Due']).toBe('2022-11-08');
    expect(row.inNumerator).toBe(true);
    expect(timed('2022-09-05', '2022-09-06', '2022-11-09').inNumerator).toBe(false);
  });

  // Referral Mon 3 Apr 2023. Working days: 4–6 Apr (1–3); 7 and 10 Apr are Good Friday and Easter Monday;
  // 11–14 Apr (4–7), 17–21 Apr (8–12), 24–28 Apr (13–17); 1 May is the early May bank holiday;
  // 2–5 May (18–21); 8 May is the coronation of King Charles III; 9–12 May (22–25), 15–19 May (26–30),
  // 22–26 May (31–35); 29 May is the spring bank holiday; 30 May–2 Jun (36–39), 5–9 Jun (40–44),
  // 12 Jun (45): due Monday 12 June 2023.
  it('gives an extra day for the coronation: due Monday 12 June 2023 for a referral on 3 April', () => {
    const rows = rowsOf(
      assessmentsWithin45WorkingDays,
      {
        assessments: [
          assessment('A', '2023-04-04', '2023-06-12', { referralDate: '2023-04-03' }),
          assessment('B', '2023-04-04', '2023-06-13', { referralDate: '2023-04-03' }),
        ],
      },
      'FY2023-24',
    );
    expect(rows.map((r) => [r.dates['Due'], r.inNumerator])).toEqual([
      ['2023-06-12', true],
      ['2023-06-12', false],
    ]);
  });

  it('counts an assessment completed the day of the referral', () => {
    expect(timed('2022-06-01', '2022-06-01', '2022-06-01').inNumerator).toBe(true);
  });

  it('counts an assessment completed at the weekend after its 45th working day, no working day having passed', () => {
    // Referral Thu 30 Jun 2022: 1 Jul (1), 4 Jul–26 Aug (2–41), 29 August a bank holiday,
    // 30 Aug–2 Sep (42–45): the 45th working day is Friday 2 September; completed Saturday 3 September.
    const row = timed('2022-06-30', '2022-07-01', '2022-09-03');
    expect(row.dates['Due']).toBe('2022-09-02');
    expect(row.inNumerator).toBe(true);
  });

  it('times from the assessment’s start when the council chooses so', () => {
    const rows = rowsOf(
      assessmentsWithin45WorkingDays,
      { assessments: [assessment('A', '2022-11-21', '2023-01-20', { referralDate: '2022-11-14' })] },
      'FY2022-23',
      { assessmentTimelinessFrom: 'assessment_start' },
    );
    expect(rows[0]!.dates).toMatchObject({ 'Assessment started': '2022-11-21' });
    expect(rows[0]!.inNumerator).toBe(true);
  });

  it('times an assessment with no linked referral from its own start', () => {
    const row = timed(null, '2022-11-14', '2023-01-19');
    expect(row.dates).toMatchObject({ 'Assessment started': '2022-11-14', Due: '2023-01-19' });
    expect(row.inNumerator).toBe(true);
  });

  it('keeps an assessment completed late in the denominator only', () => {
    expect(
      tally(
        rowsOf(
          assessmentsWithin45WorkingDays,
          { assessments: [assessment('A', '2022-01-10', '2022-12-01', { referralDate: '2022-01-10' })] },
          'FY2022-23',
        ),
      ),
    ).toEqual({ numerator: 0, denominator: 1, leftOut: 0 });
  });

  it('leaves out an assessment whose referral date failed validation, and one dated outside the calendar', () => {
    const rows = rowsOf(
      assessmentsWithin45WorkingDays,
      {
        assessments: [
          assessment('A', '2022-05-01', '2022-06-01', {
            referralDate: '2022-04-28',
            problems: ['referralDate'],
          }),
          assessment('B', '2022-05-01', '2022-06-01', { referralDate: '1922-04-28' }),
        ],
      },
      'FY2022-23',
    );
    expect(rows.map((r) => r.leftOutBecause)).toEqual(['referralDate', 'referralDate']);
    expect(tally(rows)).toEqual({ numerator: 0, denominator: 0, leftOut: 2 });
  });

  it('leaves out an assessment completed before the day its clock started, an impossible duration', () => {
    const rows = rowsOf(
      assessmentsWithin45WorkingDays,
      { assessments: [assessment('A', '2022-05-01', '2022-06-01', { referralDate: '2022-06-10' })] },
      'FY2022-23',
    );
    expect(rows[0]!.leftOutBecause).toBe('completedDate');
    expect(tally(rows)).toEqual({ numerator: 0, denominator: 0, leftOut: 1 });
  });

  it('has no rows when no assessment was completed in the period', () => {
    expect(
      rowsOf(
        assessmentsWithin45WorkingDays,
        { assessments: [assessment('A', '2022-05-01', null)] },
        'FY2022-23',
      ),
    ).toEqual([]);
  });
});

describe('children seen during their assessment', () => {
  it('counts assessments in which the child was seen over those completed, leaving out those where no return says', () => {
    const rows = rowsOf(
      childrenSeenDuringAssessment,
      {
        assessments: [
          assessment('A', '2022-05-01', '2022-06-01', { childSeen: true }),
          assessment('B', '2022-05-01', '2022-06-01', { childSeen: false }),
          assessment('C', '2022-05-01', '2022-06-01', { childSeen: null }),
          assessment('D', '2022-05-01', '2022-06-01', { childSeen: true, problems: ['childSeen'] }),
        ],
      },
      'FY2022-23',
    );
    expect(tally(rows)).toEqual({ numerator: 1, denominator: 2, leftOut: 2 });
    expect(rows.find((r) => r.childId === 'C')!.leftOutBecause).toBe(notRecorded('childSeen'));
  });
});
