import { beforeAll, describe, expect, it } from 'vitest';
import { RECORD_KINDS, type ChildRecords } from '../measures/model.ts';
import { authorityByCode } from './authorities.ts';
import { dayOf } from './days.ts';
import { generateAuthority, type AuthorityOptions } from './generate-authority.ts';

const SMALL: AuthorityOptions = {
  la: '999',
  name: 'Testshire',
  childPopulation: 6000,
  firstYearEnding: '2023-03-31',
  years: 2,
  seed: 42,
};

describe('generateAuthority', () => {
  it('gives identical records for the same options, and different ones for another seed', () => {
    const once = JSON.stringify(generateAuthority(SMALL));
    expect(JSON.stringify(generateAuthority(SMALL))).toBe(once);
    expect(JSON.stringify(generateAuthority({ ...SMALL, seed: 43 }))).not.toBe(once);
  });

  it('gives every record of every kind a key of its own, built from the natural key', () => {
    const records = generateAuthority(SMALL);
    for (const kind of RECORD_KINDS) {
      const list = records[kind] as { key: string; la: string; childId: string }[];
      expect(list.length, kind).toBeGreaterThan(0);
      expect(new Set(list.map((r) => r.key)).size, kind).toBe(list.length);
      for (const record of list) expect(record.key.startsWith(`999|${record.childId}`)).toBe(true);
    }
  });

  it('knows nothing after the last reported year ends', () => {
    const records = generateAuthority(SMALL);
    const dates = [
      ...records.referrals.flatMap((r) => [r.referralDate, r.closureDate]),
      ...records.assessments.flatMap((a) => [a.startDate, a.completedDate]),
      ...records.protectionPlans.flatMap((p) => [p.startDate, p.endDate, ...p.reviewDates]),
      ...records.episodes.flatMap((e) => [e.startDate, e.endDate]),
      ...records.contacts.map((c) => c.decidedAt?.slice(0, 10) ?? null),
    ];
    expect(dates.filter((d) => d !== null && d > '2024-03-31')).toEqual([]);
  });

  it('marks its deliberate defects as problems, and only those', () => {
    const records = generateAuthority({ ...SMALL, childPopulation: 40_000 });
    const defective = records.assessments.filter((a) => a.problems.length > 0);
    expect(defective.length).toBeGreaterThan(0);
    for (const a of defective) {
      expect(a.problems).toEqual(['completedDate']);
      expect(a.completedDate! < a.startDate).toBe(true);
    }
    expect(
      records.assessments.filter((a) => a.problems.length === 0 && a.completedDate! < a.startDate),
    ).toEqual([]);
    expect(records.referrals.every((r) => r.problems.length === 0)).toBe(true);
  });
});

/** The headline figures of one reported year, computed plainly from the records, to compare with England's. */
function headlines(records: ChildRecords, population: number, from: string, to: string) {
  const inYear = (d: string | null) => d !== null && d >= from && d <= to;
  const per10k = (n: number) => (n / population) * 10_000;
  const share = (n: number, d: number) => n / d;
  const referrals = records.referrals.filter((r) => inYear(r.referralDate));
  const earlier = new Map<string, number[]>();
  for (const r of records.referrals)
    (earlier.get(r.childId) ?? earlier.set(r.childId, []).get(r.childId)!).push(dayOf(r.referralDate));
  const isReReferral = (childId: string, day: number) =>
    earlier.get(childId)!.some((d) => d < day && day - d <= 365);
  const assessments = records.assessments.filter((a) => inYear(a.completedDate) && a.problems.length === 0);
  const enquiries = records.section47s.filter((s) => inYear(s.strategyDate));
  const conferences = records.section47s.filter((s) => inYear(s.icpcDate) && s.problems.length === 0);
  const plans = records.protectionPlans.filter((p) => inYear(p.startDate));
  const endedPlans = records.protectionPlans.filter((p) => inYear(p.endDate));
  const lookedAfter = new Set(
    records.episodes
      .filter((e) => e.startDate <= to && (e.endDate === null || e.endDate > to))
      .map((e) => e.childId),
  );
  const uasc = new Set(records.children.filter((c) => c.wasUasc).map((c) => c.childId));
  const placements = new Map<string, number>();
  for (const e of records.episodes)
    if (
      e.startDate <= to &&
      (e.endDate === null || e.endDate >= from) &&
      (e.reasonNewEpisode !== 'L' || e.startDate < from)
    )
      placements.set(e.childId, (placements.get(e.childId) ?? 0) + 1);
  const leavers = records.careLeavers.filter((c) => c.yearEnding === to && c.ageAtBirthday! >= 19);
  const contacts = records.contacts.filter((c) => inYear(c.contactDate) && c.decidedAt !== null);
  const hours = (c: (typeof contacts)[number]) =>
    (Date.parse(`${c.decidedAt}Z`) - Date.parse(`${c.receivedAt}Z`)) / 3_600_000;
  return {
    referralsPer10k: per10k(referrals.length),
    reReferral: share(
      referrals.filter((r) => isReReferral(r.childId, dayOf(r.referralDate))).length,
      referrals.length,
    ),
    assessedWithin45: share(
      assessments.filter((a) => workingDaysApprox(a.referralDate!, a.completedDate!) <= 45).length,
      assessments.length,
    ),
    childSeen: share(assessments.filter((a) => a.childSeen).length, assessments.length),
    section47PerReferral: share(enquiries.length, referrals.length),
    conferenceShare: share(enquiries.filter((s) => s.icpcDate !== null).length, enquiries.length),
    plansPer10k: per10k(plans.length),
    secondPlan: share(plans.filter((p) => p.previousPlans! > 0).length, plans.length),
    plansOver2Years: share(
      endedPlans.filter((p) => dayOf(p.endDate!) - dayOf(p.startDate) >= 730).length,
      endedPlans.length,
    ),
    conferencesOnTime: share(
      conferences.filter((s) => s.icpcDate! <= s.icpcTargetDate!).length,
      conferences.length,
    ),
    lookedAfterPer10k: per10k(lookedAfter.size),
    uascShare: share([...lookedAfter].filter((id) => uasc.has(id)).length, lookedAfter.size),
    threePlacements: share([...placements.values()].filter((n) => n >= 3).length, placements.size),
    leaversEet: share(leavers.filter((c) => /^[FP]/.test(c.activity ?? '')).length, leavers.length),
    leaversSuitable: share(leavers.filter((c) => c.accommodation?.endsWith('1')).length, leavers.length),
    leaversInTouch: share(leavers.filter((c) => c.inTouch === 'YES').length, leavers.length),
    contactsLate: share(contacts.filter((c) => hours(c) > 48).length, contacts.length),
  };
}

/** Weekdays between two dates, counting the second: bank holidays aside, the 45-day test's measure. */
function workingDaysApprox(from: string, to: string): number {
  let count = 0;
  for (let day = dayOf(from) + 1; day <= dayOf(to); day++) if ((day + 4) % 7 < 5) count++;
  return count;
}

describe('a Birmingham-sized authority', () => {
  const birmingham = authorityByCode('330')!;
  let figures: ReturnType<typeof headlines>;
  beforeAll(() => {
    const records = generateAuthority({ ...birmingham, firstYearEnding: '2023-03-31', years: 1, seed: 7 });
    figures = headlines(records, birmingham.childPopulation, '2022-04-01', '2023-03-31');
  });

  it.each([
    ['referralsPer10k', 490, 590],
    ['reReferral', 0.18, 0.26],
    ['assessedWithin45', 0.76, 0.9],
    ['childSeen', 0.92, 0.98],
    ['section47PerReferral', 0.2, 0.3],
    ['conferenceShare', 0.34, 0.48],
    ['conferencesOnTime', 0.72, 0.84],
    ['plansPer10k', 42, 58],
    ['secondPlan', 0.19, 0.29],
    ['plansOver2Years', 0.015, 0.07],
    ['lookedAfterPer10k', 60, 80],
    ['uascShare', 0.03, 0.09],
    ['threePlacements', 0.07, 0.14],
    ['leaversEet', 0.48, 0.62],
    ['leaversSuitable', 0.82, 0.93],
    ['leaversInTouch', 0.86, 0.96],
    ['contactsLate', 0.06, 0.1],
  ] as const)('lands %s between %d and %d', (name, low, high) => {
    expect(figures[name]).toBeGreaterThanOrEqual(low);
    expect(figures[name]).toBeLessThanOrEqual(high);
  });
});
