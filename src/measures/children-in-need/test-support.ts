/**
 * Small record factories for the children-in-need measure tests: each
 * takes the child and the dates that matter and fills the rest with
 * neutral values, so a test states only what its case is about.
 */
import { parsePeriod, type Period } from '../../domain/periods.ts';
import { workingDayCalendar } from '../calendar.ts';
import {
  DEFAULT_SETTINGS,
  type MeasureDefinition,
  type MeasureRow,
  type MeasureSettings,
} from '../measure.ts';
import {
  type Allocation,
  type Assessment,
  type Child,
  type ChildRecords,
  type Contact,
  emptyRecords,
  keys,
  type ProtectionPlan,
  type ProtectionVisit,
  type Referral,
  type Section47,
} from '../model.ts';
import { indexRecords } from '../records-index.ts';

const LA = '330';

export const calendar = workingDayCalendar(2010, 2030);

export function child(childId: string, fields: Partial<Child> = {}): Child {
  return {
    la: LA,
    childId,
    key: keys.child(LA, childId),
    problems: [],
    birthDate: '2015-06-01',
    sex: 'F',
    ethnicity: 'WBRI',
    upn: null,
    hasDisability: false,
    uascCeasedDate: null,
    wasUasc: false,
    team: 'EAST',
    ...fields,
  };
}

export function contact(childId: string, contactDate: string, fields: Partial<Contact> = {}): Contact {
  const receivedAt = fields.receivedAt ?? null;
  return {
    la: LA,
    childId,
    key: keys.contact(LA, childId, contactDate, receivedAt),
    problems: [],
    contactDate,
    receivedAt,
    decidedAt: null,
    source: null,
    ...fields,
  };
}

export function referral(childId: string, referralDate: string, fields: Partial<Referral> = {}): Referral {
  return {
    la: LA,
    childId,
    key: keys.referral(LA, childId, referralDate),
    problems: [],
    referralDate,
    source: null,
    primaryNeed: null,
    closureDate: null,
    closureReason: null,
    noFurtherAction: null,
    ...fields,
  };
}

export function assessment(
  childId: string,
  startDate: string,
  completedDate: string | null,
  fields: Partial<Assessment> = {},
): Assessment {
  return {
    la: LA,
    childId,
    key: keys.assessment(LA, childId, startDate),
    problems: [],
    referralDate: null,
    startDate,
    completedDate,
    childSeen: true,
    factors: [],
    ...fields,
  };
}

export function section47(childId: string, strategyDate: string, fields: Partial<Section47> = {}): Section47 {
  return {
    la: LA,
    childId,
    key: keys.section47(LA, childId, strategyDate),
    problems: [],
    referralDate: null,
    strategyDate,
    icpcTargetDate: null,
    icpcDate: null,
    icpcNotRequired: null,
    icpcResultedInPlan: null,
    ...fields,
  };
}

export function plan(
  childId: string,
  startDate: string,
  endDate: string | null,
  fields: Partial<ProtectionPlan> = {},
): ProtectionPlan {
  return {
    la: LA,
    childId,
    key: keys.protectionPlan(LA, childId, startDate),
    problems: [],
    referralDate: null,
    startDate,
    endDate,
    initialCategory: null,
    latestCategory: null,
    previousPlans: null,
    reviewDates: [],
    ...fields,
  };
}

export function visit(childId: string, planStartDate: string, visitDate: string): ProtectionVisit {
  return {
    la: LA,
    childId,
    key: keys.protectionVisit(LA, childId, visitDate),
    problems: [],
    planStartDate,
    visitDate,
    seenAlone: null,
  };
}

export function allocation(childId: string, asAt: string, fields: Partial<Allocation> = {}): Allocation {
  const referralDate = fields.referralDate ?? null;
  return {
    la: LA,
    childId,
    key: keys.allocation(LA, childId, referralDate, asAt),
    problems: [],
    referralDate,
    allocatedDate: null,
    team: null,
    worker: null,
    asAt,
    ...fields,
  };
}

/**
 * The rows of a measure over the given records for a period code
 * ('2023-24-Q1', 'FY2022-23', '2023-01'), with the default settings unless
 * some are given.
 */
export function rowsOf(
  measure: MeasureDefinition,
  records: Partial<ChildRecords>,
  periodCode: string,
  settings: Partial<MeasureSettings> = {},
): MeasureRow[] {
  return measure.rows({
    records: indexRecords({ ...emptyRecords(), ...records }),
    period: period(periodCode),
    settings: { ...DEFAULT_SETTINGS, ...settings },
    calendar,
  });
}

export function period(code: string): Period {
  const parsed = parsePeriod(code);
  if (!parsed) throw new Error(`Not a period code: ${code}`);
  return parsed;
}

/** The parts of the rows as the tests state them: how many in each, and which were left out. */
export function tally(rows: readonly MeasureRow[]): {
  numerator: number;
  denominator: number;
  leftOut: number;
} {
  const counted = rows.filter((r) => r.leftOutBecause === null);
  return {
    numerator: counted.filter((r) => r.inNumerator).length,
    denominator: counted.filter((r) => r.inDenominator).length,
    leftOut: rows.length - counted.length,
  };
}
