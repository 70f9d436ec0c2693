/**
 * Care leavers' activity, accommodation and contact around their 17th to
 * 21st birthdays (SSDA903 OC3): the percentage in education, employment or
 * training, in suitable accommodation, and in touch with the authority.
 */
import { addDays, addYears, ageOn } from '../dates.ts';
import type { MeasureDefinition, MeasureRow } from '../measure.ts';
import type { CareLeaver, Child, IsoDate } from '../model.ts';
import { usable } from '../model.ts';

const YOUNGEST = 17;
const OLDEST = 21;

/** DfE leaves out young people who have died and those who returned home for 6 months or more (IN_TOUCH DIED, RHOM). */
const NOT_CARE_LEAVERS: ReadonlySet<string> = new Set(['DIED', 'RHOM']);

/**
 * Activities that are education, employment or training in the 903 guide:
 * higher education (F1, P1), other education (F2, P2), apprenticeships (F4,
 * P4), other training or employment (F5, P5), and the training or employment
 * codes used before apprenticeships were split out (F3, P3). Full time F,
 * part time P; G4–G6 are not in EET.
 */
const EET: ReadonlySet<string> = new Set(['F1', 'P1', 'F2', 'P2', 'F3', 'P3', 'F4', 'P4', 'F5', 'P5']);

/** Accommodation types whose suitability cannot be judged, which DfE leaves out: residence not known (R), gone abroad (X), deported (Y). */
const SUITABILITY_UNKNOWN: ReadonlySet<string> = new Set(['R', 'X', 'Y']);

/**
 * The day a person born on `birthDate` turns `age`. Someone born on 29
 * February turns a year older on 1 March in a common year, as `ageOn` counts.
 */
export function birthdayAt(birthDate: IsoDate, age: number): IsoDate {
  const day = addYears(birthDate, age);
  return birthDate.slice(5) === '02-29' && day.slice(5) === '02-28' ? addDays(day, 1) : day;
}

/**
 * The birthday the information is about: the age the return gives, or else
 * the last birthday on or before the end of the year it was returned for.
 */
function birthdayOf(leaver: CareLeaver, child: Child | undefined): { date: IsoDate; age: number } | null {
  if (!child || child.birthDate === null || !usable(child, 'birthDate')) return null;
  const age = leaver.ageAtBirthday ?? ageOn(child.birthDate, leaver.yearEnding);
  return age === null ? null : { date: birthdayAt(child.birthDate, age), age };
}

interface Outcome {
  /** Left out of the measure altogether (not a row). */
  excluded: boolean;
  counted: boolean;
}

/** A care leaver measure: `field` is the OC3 field `outcome` reads. */
function careLeaverMeasure(
  definition: Omit<MeasureDefinition, 'rows' | 'kind'>,
  field: keyof CareLeaver,
  outcome: (leaver: CareLeaver) => Outcome,
): MeasureDefinition {
  return {
    ...definition,
    kind: 'percent',
    rows({ records, period }) {
      const rows: MeasureRow[] = [];
      const rowOf = (leaver: CareLeaver, date: IsoDate, counted: boolean, problem: string | null) =>
        rows.push({
          childId: leaver.childId,
          kind: 'careLeavers',
          recordKey: leaver.key,
          dates: { Birthday: problem === 'birthDate' ? null : date, 'Year ending': leaver.yearEnding },
          ageAt: date,
          inDenominator: problem === null,
          inNumerator: problem === null && counted,
          value: null,
          leftOutBecause: problem,
        });
      for (const leaver of records.careLeavers) {
        const birthday = usable(leaver, 'ageAtBirthday')
          ? birthdayOf(leaver, records.child(leaver.childId))
          : null;
        if (birthday === null) {
          // A birthday that cannot be placed is listed in the period holding the end of its collection year.
          if (leaver.yearEnding >= period.start && leaver.yearEnding <= period.end)
            rowOf(
              leaver,
              leaver.yearEnding,
              false,
              usable(leaver, 'ageAtBirthday') ? 'birthDate' : 'ageAtBirthday',
            );
          continue;
        }
        if (birthday.date < period.start || birthday.date > period.end) continue;
        if (birthday.age < YOUNGEST || birthday.age > OLDEST) continue;
        if (!usable(leaver, 'inTouch')) {
          rowOf(leaver, birthday.date, false, 'inTouch');
          continue;
        }
        if (leaver.inTouch !== null && NOT_CARE_LEAVERS.has(leaver.inTouch)) continue;
        if (!usable(leaver, field)) {
          rowOf(leaver, birthday.date, false, field);
          continue;
        }
        const result = outcome(leaver);
        if (!result.excluded) rowOf(leaver, birthday.date, result.counted, null);
      }
      return rows;
    },
  };
}

const DENOMINATOR = 'Care leavers with a 17th to 21st birthday in the period';

export const careLeaversInEducationEmploymentTraining = careLeaverMeasure(
  {
    id: 'care-leavers-in-education-employment-training',
    title: 'Care leavers in education, employment or training',
    summary:
      'Of care leavers whose 17th to 21st birthday fell in the period, the percentage in education, employment or training around it.',
    polarity: 'higher_is_better',
    numeratorLabel: 'In education, employment or training',
    denominatorLabel: DENOMINATOR,
    source:
      'LAIT: "Care Leavers - Education, Employment & Training (EET) (%)"; SSDA903 guide, OC3 activity codes',
  },
  'activity',
  (leaver) => ({ excluded: false, counted: leaver.activity !== null && EET.has(leaver.activity) }),
);

export const careLeaversSuitableAccommodation = careLeaverMeasure(
  {
    id: 'care-leavers-suitable-accommodation',
    title: 'Care leavers in suitable accommodation',
    summary:
      'Of care leavers whose 17th to 21st birthday fell in the period, the percentage whose accommodation was judged suitable.',
    polarity: 'higher_is_better',
    numeratorLabel: 'In suitable accommodation',
    denominatorLabel: DENOMINATOR,
    source: 'LAIT: "Care Leavers - Suitable accommodation (%)"; SSDA903 guide, OC3 accommodation codes',
  },
  'accommodation',
  (leaver) => {
    const code = leaver.accommodation;
    return {
      excluded: code !== null && SUITABILITY_UNKNOWN.has(code.charAt(0)),
      // The second character is the judgement: 1 suitable, 2 not suitable.
      counted: code !== null && code.length === 2 && code.charAt(1) === '1',
    };
  },
);

export const careLeaversInTouch = careLeaverMeasure(
  {
    id: 'care-leavers-in-touch',
    title: 'Care leavers in touch with the authority',
    summary:
      'Of care leavers whose 17th to 21st birthday fell in the period, the percentage the authority was in touch with around it.',
    polarity: 'higher_is_better',
    numeratorLabel: 'In touch (IN_TOUCH YES)',
    denominatorLabel: DENOMINATOR,
    source: 'LAIT: "Care Leavers - Local authority not in touch (%)"; SSDA903 guide, OC3 IN_TOUCH codes',
  },
  'inTouch',
  (leaver) => ({ excluded: false, counted: leaver.inTouch === 'YES' }),
);
