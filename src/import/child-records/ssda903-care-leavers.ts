/**
 * The OC3 table as care leavers' positions around their 17th to 21st
 * birthday. The birthday is the one in the collection year (1 April to
 * 31 March), so the age at it is the child's age on the 31 March ending the
 * year, from the Header's date of birth (OC3's own when the child is not in
 * the Header).
 */
import { keys, type CareLeaver, type Child, type IsoDate } from '../../measures/model.ts';
import type { Draft, MapContext } from './ssda903-findings.ts';
import { CODES, RULES } from './ssda903-rules.ts';
import type { SourceRow } from './ssda903-tables.ts';
import { ageOn, code, orNull, parseReturnDate } from './ssda903-values.ts';

export interface CareLeaverContext extends MapContext {
  child(childId: string): Child | undefined;
  yearEnding: IsoDate | null;
}

export function mapCareLeavers(rows: readonly SourceRow[], context: CareLeaverContext): CareLeaver[] {
  const { la, sink, yearEnding } = context;
  const seen = new Set<string>();
  const leavers: CareLeaver[] = [];
  for (const row of rows) {
    const childId = context.childOf(row, 'careLeavers');
    if (childId === null) continue;
    if (yearEnding === null) {
      sink.flag(RULES.careLeaverYearUnknown, row, childId, null);
      continue;
    }
    const key = keys.careLeaver(la, childId, yearEnding);
    if (seen.has(key)) {
      sink.flag(RULES.careLeaverRepeated, row, childId, null, { recordKey: key });
      continue;
    }
    seen.add(key);
    const v = row.values;
    const birthDate = context.child(childId)?.birthDate ?? parseReturnDate(v.DOB!);
    const leaver: Draft<CareLeaver> = {
      la,
      childId,
      key,
      problems: [],
      ageAtBirthday: birthDate === null ? null : ageOn(birthDate, yearEnding),
      inTouch: orNull(code(v.IN_TOUCH!)),
      activity: orNull(code(v.ACTIV!)),
      accommodation: orNull(code(v.ACCOM!)),
      yearEnding,
    };
    sink.checkCode(RULES.inTouchInvalid, CODES.IN_TOUCH, leaver.inTouch ?? '', row, leaver, true);
    sink.checkCode(RULES.activityInvalid, CODES.ACTIV, leaver.activity ?? '', row, leaver, true);
    sink.checkCode(RULES.accommodationInvalid, CODES.ACCOM, leaver.accommodation ?? '', row, leaver, true);
    if (leaver.ageAtBirthday !== null && (leaver.ageAtBirthday < 17 || leaver.ageAtBirthday > 21))
      sink.flag(RULES.careLeaverAgeOutside, row, childId, leaver, { value: birthDate ?? '' });
    if (!context.isKnownChild(childId)) sink.flag(RULES.careLeaverChildUnknown, row, childId, leaver);
    leavers.push(leaver);
  }
  return leavers;
}
