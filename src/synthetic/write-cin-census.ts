/**
 * The Children in Need census XML for one collection year, as an authority
 * returns it: every child with an episode of need open at any point in the
 * year, with that year's (and still open) assessments, section 47 enquiries
 * and protection plans, each as known on the reference date (31 March).
 * Consecutive years overlap, as real returns do. Streams one child at a time.
 */
import type { ChildRecords, IsoDate } from '../measures/model.ts';
import { addYears } from './days.ts';
import { groupByChild } from '../measures/records-index.ts';
import { element, knownAt, overlaps, yearStartOf } from './text-output.ts';

export interface CollectionYear {
  /** The reference date: the last day of the collection year (31 March). */
  yearEnding: IsoDate;
}

/** The census asks for Sex (M/F/U) from 2023-24; GenderCurrent (1/2/0) before. */
const SEX_ELEMENT_FROM = '2024-03-31';

/** Why a child has no UPN: UN1 under 6 and not yet at school, UN2 never at a maintained school in England. */
const upnUnknownReason = (birthDate: string | null, yearEnding: string) =>
  birthDate !== null && birthDate > addYears(yearEnding, -6) ? 'UN1' : 'UN2';

export function* writeCinCensus(records: ChildRecords, { yearEnding }: CollectionYear): Generator<string> {
  const from = yearStartOf(yearEnding);
  const asAt = (date: string | null) => knownAt(date, yearEnding);
  const inYear = (date: string | null) => date !== null && date >= from && date <= yearEnding;
  const referrals = groupByChild(
    records.referrals.filter((r) => overlaps(r.referralDate, r.closureDate, from, yearEnding)),
  );
  const assessments = groupByChild(records.assessments);
  const enquiries = groupByChild(records.section47s);
  const plans = groupByChild(records.protectionPlans);
  const la = records.children[0]?.la ?? records.referrals[0]?.la ?? '';
  yield `<?xml version="1.0" encoding="utf-8"?>\n<Message>\n<Header>\n<CollectionDetails>${element('Collection', 'CIN')}${element('Year', yearEnding.slice(0, 4))}${element('ReferenceDate', yearEnding)}</CollectionDetails>\n<Source>${element('SourceLevel', 'L')}${element('LEA', la)}${element('SoftwareCode', 'Scorecard synthetic')}${element('Release', '1')}${element('SerialNo', '001')}${element('DateTime', `${+yearEnding.slice(0, 4)}-05-01T09:00:00`)}</Source>\n</Header>\n<Children>\n`;
  for (const child of records.children) {
    const episodes = referrals.get(child.childId);
    if (!episodes) continue;
    const sex =
      yearEnding >= SEX_ELEMENT_FROM
        ? element('Sex', child.sex)
        : element('GenderCurrent', child.sex === 'M' ? 1 : child.sex === 'F' ? 2 : 0);
    let xml = `<Child>\n<ChildIdentifiers>${element('LAchildID', child.childId)}${child.upn ? element('UPN', child.upn) : element('UPNunknown', upnUnknownReason(child.birthDate, yearEnding))}${element('PersonBirthDate', child.birthDate)}${sex}</ChildIdentifiers>\n`;
    xml += `<ChildCharacteristics>${element('Ethnicity', child.ethnicity)}<Disabilities>${element('Disability', child.hasDisability ? 'MOB' : 'NONE')}</Disabilities></ChildCharacteristics>\n`;
    for (const referral of episodes) {
      const inEpisode = <T extends { referralDate: string | null }>(list: T[] | undefined) =>
        (list ?? []).filter((r) => r.referralDate === referral.referralDate);
      const episodeAssessments = inEpisode(assessments.get(child.childId)).filter((a) =>
        overlaps(a.startDate, asAt(a.completedDate), from, yearEnding),
      );
      const episodeEnquiries = inEpisode(enquiries.get(child.childId)).filter(
        (s) => inYear(s.strategyDate) || inYear(asAt(s.icpcDate)),
      );
      const episodePlans = inEpisode(plans.get(child.childId)).filter((p) =>
        overlaps(p.startDate, asAt(p.endDate), from, yearEnding),
      );
      const closure = asAt(referral.closureDate);
      const icpc = episodeEnquiries.map((s) => asAt(s.icpcDate)).find((d) => d !== null) ?? null;
      xml += `<CINdetails>${element('CINreferralDate', referral.referralDate)}${element('ReferralSource', referral.source)}${element('PrimaryNeedCode', referral.primaryNeed)}${element('CINclosureDate', closure)}${element('ReasonForClosure', closure ? referral.closureReason : null)}${element('DateOfInitialCPC', icpc)}\n`;
      for (const a of episodeAssessments)
        xml += `<Assessments>${element('AssessmentActualStartDate', a.startDate)}${element('AssessmentAuthorisationDate', asAt(a.completedDate))}<FactorsIdentifiedAtAssessment>${a.factors.map((f) => element('AssessmentFactors', f)).join('')}</FactorsIdentifiedAtAssessment></Assessments>\n`;
      for (const s of episodeEnquiries)
        xml += `<Section47>${element('S47ActualStartDate', s.strategyDate)}${element('InitialCPCtarget', s.icpcTargetDate)}${element('DateOfInitialCPC', asAt(s.icpcDate))}${element('ICPCnotRequired', String(s.icpcNotRequired ?? false))}</Section47>\n`;
      xml += `${element('ReferralNFA', String(referral.noFurtherAction ?? false))}\n`;
      for (const p of episodePlans) {
        const reviews = p.reviewDates.filter((d) => d >= from && d <= yearEnding);
        xml += `<ChildProtectionPlans>${element('CPPstartDate', p.startDate)}${element('CPPendDate', asAt(p.endDate))}${element('InitialCategoryOfAbuse', p.initialCategory)}${element('LatestCategoryOfAbuse', p.latestCategory)}${element('NumberOfPreviousCPP', p.previousPlans)}${reviews.length ? `<Reviews>${reviews.map((d) => element('CPPreviewDate', d)).join('')}</Reviews>` : ''}</ChildProtectionPlans>\n`;
      }
      xml += '</CINdetails>\n';
    }
    yield `${xml}</Child>\n`;
  }
  yield '</Children>\n</Message>\n';
}
