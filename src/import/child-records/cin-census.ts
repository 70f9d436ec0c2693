/**
 * The Children in Need census return (DfE's CIN XML, 2022/23 to 2026/27)
 * read onto the child-level model: each <Child> a Child, each <CINdetails>
 * a Referral, and its <Assessments>, <Section47> and <ChildProtectionPlans>
 * the records of those kinds. The layouts differ only in elements we either
 * read under both names (GenderCurrent to 2023/24, Sex after) or ignore
 * (CIN plan dates, pre-proceedings from 2026/27); docs/imports/cin-census.md
 * lists what is read, year by year, and the rules applied (cin-rules.ts).
 *
 * The XML is read in one pass (cin-xml-reader.ts), each child mapped as it
 * closes, so neither the document nor its tree is ever held whole.
 *
 * A file that is not well-formed XML or not a CIN census is refused; bad
 * values never are: each becomes a finding, and the field is named in the
 * record's `problems` so that measures leave it out. A record whose
 * identifying date is missing cannot be keyed and is left out, with a
 * finding that has no record key.
 */
import {
  emptyRecords,
  keys,
  type Assessment,
  type ChildRecords,
  type Finding,
  type IsoDate,
  type ParsedReturn,
  type ProtectionPlan,
  type RecordKind,
  type Referral,
  type Section47,
  type Sex,
} from '../../measures/model.ts';
import { CIN_CODES, CIN_RULES, type CinRule } from './cin-rules.ts';
import { readXml, type XmlNode, type XmlReading } from './cin-xml-reader.ts';

export interface CinCensusFile {
  name: string;
  bytes: Uint8Array;
}

export interface CinCensusOptions {
  /** The authority the records belong to; the header's LEA when not given. */
  la?: string;
}

/** Elements that may repeat: listed so that one of them reads the same as many. */
const REPEATING = new Set([
  'Child',
  'CINdetails',
  'Assessments',
  'Section47',
  'ChildProtectionPlans',
  'Disability',
  'AssessmentFactors',
  'Reviews',
  'CPPreviewDate',
]);

const isNode = (value: unknown): value is XmlNode => typeof value === 'object' && value !== null;

function text(node: XmlNode, name: string): string | null {
  const value = node[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

function element(node: XmlNode, name: string): XmlNode | null {
  const value = node[name];
  return isNode(value) && !Array.isArray(value) ? value : null;
}

/** The occurrences of a repeating element; an empty one (`<Assessments/>`) is an element with nothing in it. */
function elements(node: XmlNode | null, name: string): XmlNode[] {
  const value = node?.[name];
  if (!Array.isArray(value)) return [];
  return value.map((item: unknown) => (isNode(item) ? item : {}));
}

function texts(node: XmlNode | null, name: string): string[] {
  const value = node?.[name];
  if (!Array.isArray(value)) return [];
  return value.filter((item: unknown): item is string => typeof item === 'string' && item !== '');
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number the `count` digits at value[from] write, or -1 when they are not all digits. */
function digitsAt(value: string, from: number, count: number): number {
  let number = 0;
  for (let i = from; i < from + count; i++) {
    const digit = value.charCodeAt(i) - 0x30;
    if (!(digit >= 0 && digit <= 9)) return -1;
    number = number * 10 + digit;
  }
  return number;
}

/** What may follow an xs:date's ten characters: a time (T), or a zone (Z, or + or - and a digit). */
function startsTimeOrZone(value: string): boolean {
  const next = value.charAt(10);
  return next === 'T' || next === 'Z' || ((next === '+' || next === '-') && digitsAt(value, 11, 1) >= 0);
}

/**
 * An xs:date (a time or zone after it is tolerated) as an ISO date, or null
 * when it is not a real date. Read character by character rather than by
 * patterns and slices: a census holds hundreds of thousands of dates.
 */
function readIsoDate(value: string): IsoDate | null {
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  if (year < 0 || month < 0 || day < 0 || value.charAt(4) !== '-' || value.charAt(7) !== '-') return null;
  if (value.length > 10 && !startsTimeOrZone(value)) return null;
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return null;
  const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (month === 2 && day === 29 && !isLeap) return null;
  return value.length === 10 ? value : value.slice(0, 10);
}

/** true/false/1/0, as xs:boolean allows; null for anything else. */
function readFlag(value: string | null): boolean | null {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return null;
}

/** The census year ending on the reference date: the day after the same date a year before, to the reference date. */
function censusYearOf(referenceDate: IsoDate): { start: IsoDate; end: IsoDate } {
  const end = new Date(`${referenceDate}T00:00:00Z`);
  const start = new Date(Date.UTC(end.getUTCFullYear() - 1, end.getUTCMonth(), end.getUTCDate() + 1));
  return { start: start.toISOString().slice(0, 10), end: referenceDate };
}

interface Census {
  file: string;
  la: string;
  periodEnd: IsoDate | null;
  /** The census year, when the header's reference date can be read. */
  year: { start: IsoDate; end: IsoDate } | null;
  /** Whether the child's sex is checked against the 2024/25 rule when neither Sex nor GenderCurrent is given. */
  expectsSex: boolean;
  records: ChildRecords;
  findings: Finding[];
}

/** Findings for one record, and the fields they name, collected while it is built. */
interface RecordCheck {
  problems: string[];
  flag(rule: CinRule, value: string | null, field?: string): void;
}

function recordCheck(
  census: Census,
  kind: RecordKind,
  location: string,
  recordKey: string | null,
  childId: string | null,
): RecordCheck {
  const problems: string[] = [];
  return {
    problems,
    flag(rule, value, field = rule.field ?? '') {
      census.findings.push({
        rule: rule.code,
        severity: rule.severity,
        message: rule.message,
        file: census.file,
        location,
        kind,
        recordKey,
        childId,
        field,
        value,
      });
      if (!problems.includes(field)) problems.push(field);
    },
  };
}

/** A finding about a record that could not be built, so has no key. */
function unkeyed(
  census: Census,
  rule: CinRule,
  location: string,
  childId: string | null,
  value: string | null,
) {
  recordCheck(census, rule.kind ?? 'children', location, null, childId).flag(rule, value);
}

const outsideYear = (census: Census, date: IsoDate) =>
  census.year !== null && (date < census.year.start || date > census.year.end);
const afterCensus = (census: Census, date: IsoDate) => census.year !== null && date > census.year.end;

/** A date that need not be there: unreadable text is a finding on the field and reads as null. */
function optionalDate(check: RecordCheck, value: string | null, field: string): IsoDate | null {
  if (value === null) return null;
  const date = readIsoDate(value);
  if (date === null) check.flag(CIN_RULES.dateUnreadable, value, field);
  return date;
}

function readSex(census: Census, identifiers: XmlNode, check: RecordCheck): Sex | null {
  const sex = text(identifiers, 'Sex');
  const gender = text(identifiers, 'GenderCurrent');
  if (sex !== null || (gender === null && census.expectsSex)) {
    if (sex !== null && CIN_CODES.sex.has(sex)) return sex as Sex;
    check.flag(CIN_RULES.sexInvalid, sex);
    return null;
  }
  const code = gender === null ? undefined : CIN_CODES.gender[gender as keyof typeof CIN_CODES.gender];
  if (code !== undefined) return code;
  check.flag(CIN_RULES.genderInvalid, gender);
  return null;
}

function readDisability(characteristics: XmlNode | null, check: RecordCheck): boolean | null {
  const codes = texts(element(characteristics ?? {}, 'Disabilities'), 'Disability');
  if (codes.length === 0) return null;
  const hasNone = codes.some((code) => code.toUpperCase() === 'NONE');
  const hasOther = codes.some((code) => code.toUpperCase() !== 'NONE');
  if (hasNone && hasOther) check.flag(CIN_RULES.disabilityNoneAndOther, codes.join(' '));
  return hasOther;
}

function readChild(census: Census, node: XmlNode, location: string, childId: string, isRepeat: boolean) {
  const key = keys.child(census.la, childId);
  const check = recordCheck(census, 'children', location, key, childId);
  if (isRepeat) {
    check.flag(CIN_RULES.childIdRepeated, childId);
    return;
  }
  const identifiers = element(node, 'ChildIdentifiers') ?? {};
  const characteristics = element(node, 'ChildCharacteristics');
  const birthDate = optionalDate(check, text(identifiers, 'PersonBirthDate'), 'birthDate');
  if (birthDate !== null && afterCensus(census, birthDate)) check.flag(CIN_RULES.birthAfterCensus, birthDate);
  const sex = readSex(census, identifiers, check);
  const ethnicityText = characteristics === null ? null : text(characteristics, 'Ethnicity');
  const ethnicity = ethnicityText?.toUpperCase() ?? null;
  if (ethnicity === null || !CIN_CODES.ethnicity.has(ethnicity))
    check.flag(CIN_RULES.ethnicityInvalid, ethnicityText);
  const hasDisability = readDisability(characteristics, check);
  census.records.children.push({
    la: census.la,
    childId,
    key,
    problems: check.problems,
    birthDate,
    sex,
    ethnicity,
    upn: text(identifiers, 'UPN'),
    hasDisability,
    uascCeasedDate: null,
    wasUasc: false,
    team: null,
  });
}

function readReferral(census: Census, node: XmlNode, location: string, childId: string): Referral | null {
  const raw = text(node, 'CINreferralDate');
  const referralDate = raw === null ? null : readIsoDate(raw);
  if (referralDate === null) {
    unkeyed(census, CIN_RULES.referralDateMissingOrLate, location, childId, raw);
    return null;
  }
  const key = keys.referral(census.la, childId, referralDate);
  const check = recordCheck(census, 'referrals', location, key, childId);
  if (afterCensus(census, referralDate)) check.flag(CIN_RULES.referralDateMissingOrLate, referralDate);

  const source = text(node, 'ReferralSource');
  if (source === null || !CIN_CODES.referralSource.has(source))
    check.flag(CIN_RULES.referralSourceInvalid, source);

  const nfaText = text(node, 'ReferralNFA');
  const noFurtherAction = readFlag(nfaText);
  if (noFurtherAction === null) check.flag(CIN_RULES.noFurtherActionInvalid, nfaText);

  const primaryNeed = text(node, 'PrimaryNeedCode');
  if (primaryNeed === null) {
    if (noFurtherAction === false) check.flag(CIN_RULES.primaryNeedMissing, null);
  } else if (!CIN_CODES.primaryNeed.has(primaryNeed)) check.flag(CIN_RULES.primaryNeedInvalid, primaryNeed);

  const closureDate = optionalDate(check, text(node, 'CINclosureDate'), 'closureDate');
  if (closureDate !== null) {
    if (closureDate < referralDate) check.flag(CIN_RULES.closureBeforeReferral, closureDate);
    if (outsideYear(census, closureDate)) check.flag(CIN_RULES.closureOutsideCensus, closureDate);
  }
  const closureReason = text(node, 'ReasonForClosure');
  if (closureReason !== null && !CIN_CODES.closureReason.has(closureReason))
    check.flag(CIN_RULES.closureReasonInvalid, closureReason);

  return {
    la: census.la,
    childId,
    key,
    problems: check.problems,
    referralDate,
    source,
    primaryNeed,
    closureDate,
    closureReason,
    noFurtherAction,
  };
}

function readAssessment(
  census: Census,
  node: XmlNode,
  location: string,
  childId: string,
  referralDate: IsoDate | null,
): Assessment | null {
  const raw = text(node, 'AssessmentActualStartDate');
  const startDate = raw === null ? null : readIsoDate(raw);
  if (startDate === null) {
    unkeyed(census, CIN_RULES.assessmentStartMissing, location, childId, raw);
    return null;
  }
  const key = keys.assessment(census.la, childId, startDate);
  const check = recordCheck(census, 'assessments', location, key, childId);
  const completedDate = optionalDate(check, text(node, 'AssessmentAuthorisationDate'), 'completedDate');
  if (referralDate !== null && startDate < referralDate)
    check.flag(CIN_RULES.assessmentBeforeReferral, startDate);
  if (completedDate === null) {
    if (outsideYear(census, startDate)) check.flag(CIN_RULES.openAssessmentStartOutsideCensus, startDate);
  } else {
    if (completedDate < startDate) check.flag(CIN_RULES.assessmentEndBeforeStart, completedDate);
    if (outsideYear(census, completedDate)) check.flag(CIN_RULES.assessmentEndOutsideCensus, completedDate);
  }
  return {
    la: census.la,
    childId,
    key,
    problems: check.problems,
    referralDate,
    startDate,
    completedDate,
    childSeen: null,
    factors: texts(element(node, 'FactorsIdentifiedAtAssessment'), 'AssessmentFactors'),
  };
}

function readSection47(
  census: Census,
  node: XmlNode,
  location: string,
  childId: string,
  referralDate: IsoDate | null,
): Section47 | null {
  const raw = text(node, 'S47ActualStartDate');
  const strategyDate = raw === null ? null : readIsoDate(raw);
  if (strategyDate === null) {
    unkeyed(census, CIN_RULES.section47StartMissingOrAfterIcpc, location, childId, raw);
    return null;
  }
  const key = keys.section47(census.la, childId, strategyDate);
  const check = recordCheck(census, 'section47s', location, key, childId);
  const icpcTargetDate = optionalDate(check, text(node, 'InitialCPCtarget'), 'icpcTargetDate');
  const icpcDate = optionalDate(check, text(node, 'DateOfInitialCPC'), 'icpcDate');
  const notRequiredText = text(node, 'ICPCnotRequired');
  const icpcNotRequired = readFlag(notRequiredText);
  if (notRequiredText !== null && icpcNotRequired === null)
    check.flag(CIN_RULES.flagUnreadable, notRequiredText, 'icpcNotRequired');

  if (referralDate !== null && strategyDate < referralDate)
    check.flag(CIN_RULES.section47BeforeReferral, strategyDate);
  if (icpcDate === null) {
    if (outsideYear(census, strategyDate))
      check.flag(CIN_RULES.openSection47StartOutsideCensus, strategyDate);
  } else {
    if (strategyDate > icpcDate) check.flag(CIN_RULES.section47StartMissingOrAfterIcpc, strategyDate);
    if (referralDate !== null && icpcDate < referralDate) check.flag(CIN_RULES.icpcBeforeReferral, icpcDate);
    if (outsideYear(census, icpcDate)) check.flag(CIN_RULES.icpcOutsideCensus, icpcDate);
  }
  return {
    la: census.la,
    childId,
    key,
    problems: check.problems,
    referralDate,
    strategyDate,
    icpcTargetDate,
    icpcDate,
    icpcNotRequired,
    icpcResultedInPlan: null,
  };
}

function readPlan(
  census: Census,
  node: XmlNode,
  location: string,
  childId: string,
  referralDate: IsoDate | null,
): ProtectionPlan | null {
  const raw = text(node, 'CPPstartDate');
  const startDate = raw === null ? null : readIsoDate(raw);
  if (startDate === null) {
    unkeyed(census, CIN_RULES.planStartMissingOrLate, location, childId, raw);
    return null;
  }
  const key = keys.protectionPlan(census.la, childId, startDate);
  const check = recordCheck(census, 'protectionPlans', location, key, childId);
  if (afterCensus(census, startDate)) check.flag(CIN_RULES.planStartMissingOrLate, startDate);
  if (referralDate !== null && startDate < referralDate) check.flag(CIN_RULES.planBeforeReferral, startDate);

  const endDate = optionalDate(check, text(node, 'CPPendDate'), 'endDate');
  if (endDate !== null) {
    if (endDate < startDate) check.flag(CIN_RULES.planEndBeforeStart, endDate);
    if (outsideYear(census, endDate)) check.flag(CIN_RULES.planEndOutsideCensus, endDate);
  }
  const initialCategory = text(node, 'InitialCategoryOfAbuse');
  if (initialCategory === null || !CIN_CODES.categoryOfAbuse.has(initialCategory))
    check.flag(CIN_RULES.initialCategoryInvalid, initialCategory);
  const latestCategory = text(node, 'LatestCategoryOfAbuse');
  if (latestCategory === null || !CIN_CODES.categoryOfAbuse.has(latestCategory))
    check.flag(CIN_RULES.latestCategoryInvalid, latestCategory);

  const previousText = text(node, 'NumberOfPreviousCPP');
  const previousPlans = previousText !== null && /^\d+$/.test(previousText) ? +previousText : null;
  if (previousPlans === null) check.flag(CIN_RULES.previousPlansMissing, previousText);

  const reviewDates: IsoDate[] = [];
  for (const reviews of elements(node, 'Reviews'))
    for (const value of texts(reviews, 'CPPreviewDate')) {
      const reviewDate = optionalDate(check, value, 'reviewDates');
      if (reviewDate === null) continue;
      if (reviewDate <= startDate) check.flag(CIN_RULES.reviewNotAfterPlanStart, reviewDate);
      reviewDates.push(reviewDate);
    }

  return {
    la: census.la,
    childId,
    key,
    problems: check.problems,
    referralDate,
    startDate,
    endDate,
    initialCategory,
    latestCategory,
    previousPlans,
    reviewDates,
  };
}

function readEpisodes(census: Census, child: XmlNode, childLocation: string, childId: string) {
  const { records } = census;
  elements(child, 'CINdetails').forEach((details, d) => {
    const location = `${childLocation} / CINdetails ${d + 1}`;
    const referral = readReferral(census, details, location, childId);
    if (referral !== null) records.referrals.push(referral);
    const referralDate = referral?.referralDate ?? null;
    elements(details, 'Assessments').forEach((node, i) => {
      const assessment = readAssessment(
        census,
        node,
        `${location} / Assessments ${i + 1}`,
        childId,
        referralDate,
      );
      if (assessment !== null) records.assessments.push(assessment);
    });
    elements(details, 'Section47').forEach((node, i) => {
      const section47 = readSection47(
        census,
        node,
        `${location} / Section47 ${i + 1}`,
        childId,
        referralDate,
      );
      if (section47 !== null) records.section47s.push(section47);
    });
    elements(details, 'ChildProtectionPlans').forEach((node, i) => {
      const plan = readPlan(
        census,
        node,
        `${location} / ChildProtectionPlans ${i + 1}`,
        childId,
        referralDate,
      );
      if (plan !== null) records.protectionPlans.push(plan);
    });
  });
}

const refuse = (file: string, message: string): ParsedReturn => ({
  ok: false,
  file,
  message: `${file}: ${message}`,
});

/** The census a header describes, or why the file is refused. */
function readHeader(file: string, header: XmlNode, options: CinCensusOptions): Census | string {
  const collection = element(header, 'CollectionDetails');
  const collectionName = collection === null ? null : text(collection, 'Collection');
  if (collectionName !== 'CIN')
    return `not a CIN census: Header / CollectionDetails / Collection is ${collectionName ?? 'missing'}, not CIN`;
  const la = options.la ?? text(element(header, 'Source') ?? {}, 'LEA');
  if (la === null) return 'Header / Source / LEA is missing: say which authority the return is for';

  const referenceText = text(collection ?? {}, 'ReferenceDate');
  const referenceDate = referenceText === null ? null : readIsoDate(referenceText);
  const census: Census = {
    file,
    la,
    periodEnd: referenceDate,
    year: referenceDate === null ? null : censusYearOf(referenceDate),
    expectsSex: referenceDate !== null && referenceDate >= '2025-03-31',
    records: emptyRecords(),
    findings: [],
  };
  const year = text(collection ?? {}, 'Year');
  if (referenceDate === null || referenceDate !== `${year}-03-31`)
    recordCheck(census, 'children', 'Header / CollectionDetails / ReferenceDate', null, null).flag(
      CIN_RULES.referenceDate,
      referenceText,
    );
  return census;
}

/**
 * The census read as the XML streams past: the header first, then each
 * <Child> mapped as soon as it closes and dropped, so the document is never
 * held as a tree.
 */
class CensusReading implements XmlReading {
  readonly repeating = REPEATING;
  root: string | null = null;
  /** The child of <Message> now open. */
  private section: string | null = null;
  hasHeader = false;
  hasChildren = false;
  census: Census | null = null;
  refusal: string | null = null;
  private children = 0;
  private readonly seen = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly options: CinCensusOptions,
  ) {}

  open(name: string, depth: number): boolean {
    if (depth === 0) this.root = name;
    if (this.root !== 'Message' || this.refusal !== null || depth === 0) return false;
    if (depth === 1) {
      this.section = name;
      if (name === 'Header') return !this.hasHeader;
      if (name === 'Children') {
        this.hasChildren = true;
        if (!this.hasHeader)
          this.refusal = 'not a CIN census: <Message> has no <Header> before its <Children>';
      }
      return false;
    }
    return depth === 2 && this.section === 'Children' && name === 'Child';
  }

  take(name: string, value: XmlNode | string): void {
    if (name === 'Header') {
      this.hasHeader = true;
      const read = isNode(value)
        ? readHeader(this.file, value, this.options)
        : 'not a CIN census: <Message> has no <Header>';
      if (typeof read === 'string') this.refusal = read;
      else this.census = read;
    } else if (this.census !== null) this.readChild(this.census, isNode(value) ? value : {});
  }

  private readChild(census: Census, child: XmlNode) {
    const c = this.children++;
    const identifiers = element(child, 'ChildIdentifiers') ?? {};
    const childId = text(identifiers, 'LAchildID');
    if (childId === null) {
      unkeyed(census, CIN_RULES.childIdMissing, `Child ${c + 1}`, null, null);
      return;
    }
    const location = `Child ${c + 1} (LAchildID ${childId})`;
    readChild(census, child, location, childId, this.seen.has(childId));
    this.seen.add(childId);
    readEpisodes(census, child, location, childId);
  }
}

/** Reads one CIN census XML file; see the module comment for what it returns and refuses. */
export function parseCinCensus(file: CinCensusFile, options: CinCensusOptions): ParsedReturn {
  const reading = new CensusReading(file.name, options);
  const fault = readXml(file.bytes, reading);
  if (fault !== null)
    return refuse(
      file.name,
      `not well-formed XML (line ${fault.line}, column ${fault.column}): ${fault.message}`,
    );
  if (reading.root !== 'Message')
    return refuse(file.name, 'not a CIN census: there is no <Message> root element');
  if (reading.refusal !== null) return refuse(file.name, reading.refusal);
  if (reading.census === null) return refuse(file.name, 'not a CIN census: <Message> has no <Header>');
  if (!reading.hasChildren) return refuse(file.name, 'not a CIN census: <Message> has no <Children>');
  const { census } = reading;
  return {
    ok: true,
    source: 'cin_census',
    la: census.la,
    periodEnd: census.periodEnd,
    records: census.records,
    findings: census.findings,
  };
}
