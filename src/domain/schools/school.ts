/**
 * Schools as the Ofsted position counts them: which schools are in it, under
 * which governance and in which phase. Pure: the register's own words (from
 * Get Information about Schools, GIAS) in, a classification out.
 *
 * The position counts state-funded schools only: local-authority-maintained
 * schools, academies and free schools. Independent schools, colleges,
 * universities, non-maintained special schools, Welsh establishments and
 * other types are out of it (each with its reason, so a drill-down can say
 * why a school is missing).
 */

export const PHASES = ['nursery', 'primary', 'secondary', 'all_through', 'special', 'pru_ap'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_LABELS: Record<Phase, string> = {
  nursery: 'Nursery',
  primary: 'Primary',
  secondary: 'Secondary',
  all_through: 'All-through',
  special: 'Special',
  pru_ap: 'PRU / alternative provision',
};

/** LA maintained, or an academy or free school (counted together, as the council reports them). */
export const GOVERNANCES = ['la_maintained', 'academy'] as const;
export type Governance = (typeof GOVERNANCES)[number];

export const GOVERNANCE_LABELS: Record<Governance, string> = {
  la_maintained: 'LA maintained',
  academy: 'Academies and free schools',
};

/** One establishment of the register, in the register's own words. Dates are ISO (YYYY-MM-DD). */
export interface School {
  urn: number;
  /** Local authority code and establishment number, 7 digits (3302126); '' when the register gives none. */
  laestab: string;
  name: string;
  laCode: string;
  laName: string;
  typeCode: string;
  typeName: string;
  typeGroupCode: string;
  typeGroupName: string;
  phaseCode: string;
  phaseName: string;
  statusCode: string;
  statusName: string;
  openDate: string | null;
  closeDate: string | null;
  /** Made-up records (the demo's): every page that shows one says so. */
  isIllustrative: boolean;
}

export type Classification =
  | { isInScope: true; governance: Governance; phase: Phase; isFreeSchool: boolean }
  | { isInScope: false; reason: string };

const squash = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * GIAS establishment type groups (EstablishmentTypeGroup). The code is
 * stable; the name has changed ("LA maintained schools" in 2018,
 * "Local authority maintained schools" by 2021), so either is recognised.
 */
const TYPE_GROUPS: { code: string; names: string[]; governance: Governance; isFree: boolean }[] = [
  {
    code: '4',
    names: ['local authority maintained schools', 'la maintained schools'],
    governance: 'la_maintained',
    isFree: false,
  },
  { code: '10', names: ['academies'], governance: 'academy', isFree: false },
  { code: '11', names: ['free schools'], governance: 'academy', isFree: true },
];

/**
 * GIAS phases of education (PhaseOfEducation), by code and by name. 16 plus
 * (16–19 academies and free schools) is counted with secondary, as Ofsted
 * counts it; middle schools go with the phase they are deemed. "Not
 * applicable" (code 0) leaves the phase to the establishment type.
 */
const PHASES_OF_EDUCATION: { code: string; names: string[]; phase: Phase | null }[] = [
  { code: '0', names: ['not applicable'], phase: null },
  { code: '1', names: ['nursery'], phase: 'nursery' },
  { code: '2', names: ['primary'], phase: 'primary' },
  { code: '3', names: ['middle deemed primary'], phase: 'primary' },
  { code: '4', names: ['secondary'], phase: 'secondary' },
  { code: '5', names: ['middle deemed secondary'], phase: 'secondary' },
  { code: '6', names: ['16 plus'], phase: 'secondary' },
  { code: '7', names: ['all-through', 'all through'], phase: 'all_through' },
];

/**
 * Which governance and phase a school is counted under, or why it is not
 * counted at all. The establishment type decides first: any special school
 * type (community, foundation, academy or free school special) is Special,
 * whatever its phase; pupil referral units and alternative-provision
 * academies and free schools are PRU / alternative provision; a local
 * authority nursery school is Nursery. Every other school takes its phase
 * of education. Open or closed does not matter here (see isOpenOn).
 */
export function classifySchool(
  school: Pick<School, 'typeName' | 'typeGroupCode' | 'typeGroupName' | 'phaseCode' | 'phaseName'>,
): Classification {
  const groupName = squash(school.typeGroupName);
  const group = TYPE_GROUPS.find(
    (g) => g.code === school.typeGroupCode.trim() || g.names.includes(groupName),
  );
  if (!group) {
    const what = school.typeGroupName.trim() || school.typeName.trim() || 'This kind of establishment';
    return {
      isInScope: false,
      reason: `${what} are not in the position, which counts state-funded schools: LA maintained schools, academies and free schools.`,
    };
  }
  const type = squash(school.typeName);
  const base = { isInScope: true as const, governance: group.governance, isFreeSchool: group.isFree };
  if (type.includes('special')) return { ...base, phase: 'special' };
  if (type.includes('pupil referral') || type.includes('alternative provision'))
    return { ...base, phase: 'pru_ap' };
  if (type.includes('nursery school')) return { ...base, phase: 'nursery' };

  const phaseName = squash(school.phaseName);
  const phase =
    PHASES_OF_EDUCATION.find((p) => p.code === school.phaseCode.trim()) ??
    PHASES_OF_EDUCATION.find((p) => p.names.includes(phaseName));
  if (!phase)
    return {
      isInScope: false,
      reason: `Its phase of education, "${school.phaseName || school.phaseCode}", is not one the position knows.`,
    };
  if (!phase.phase)
    return {
      isInScope: false,
      reason: `Its phase of education is "Not applicable" and its type, ${school.typeName || 'not given'}, does not say whether it is special, a PRU or alternative provision, or a nursery school.`,
    };
  return { ...base, phase: phase.phase };
}

/** GIAS establishment status "Proposed to open" (code 4): not open yet, whatever its open date says. */
const PROPOSED_TO_OPEN = { code: '4', name: 'proposed to open' };
/** GIAS establishment status "Closed" (code 2). */
const CLOSED = { code: '2', name: 'closed' };

/**
 * Whether a school was open on a day (ISO date): it had opened by then (or
 * gives no open date, as long-established schools do) and had not yet
 * closed (it closes at the end of its close date's day before; GIAS's close
 * date is the last day the school existed, so it is still open on it). A
 * school the register calls closed but gives no close date for is taken as
 * closed on every day: there is no way to tell when it was open. A school
 * proposed to open is not open.
 */
export function isOpenOn(
  school: Pick<School, 'statusCode' | 'statusName' | 'openDate' | 'closeDate'>,
  day: string,
): boolean {
  const status = squash(school.statusName);
  const code = school.statusCode.trim();
  if (code === PROPOSED_TO_OPEN.code || status === PROPOSED_TO_OPEN.name) return false;
  if (school.openDate !== null && school.openDate > day) return false;
  if (school.closeDate !== null) return school.closeDate >= day;
  return !(code === CLOSED.code || status === CLOSED.name);
}
