import type { Inspection } from '../../src/domain/schools/inspection.ts';
import type { SchoolLink } from '../../src/domain/schools/predecessors.ts';
import type { School } from '../../src/domain/schools/school.ts';

/**
 * Hand-made registers for the schools tests: a school or an inspection with
 * only what the test is about spelled out. Types and phases are GIAS's
 * codes and words.
 */
const TYPES = {
  community: {
    typeCode: '01',
    typeName: 'Community school',
    typeGroupCode: '4',
    typeGroupName: 'Local authority maintained schools',
  },
  communitySpecial: {
    typeCode: '07',
    typeName: 'Community special school',
    typeGroupCode: '4',
    typeGroupName: 'Local authority maintained schools',
  },
  nurserySchool: {
    typeCode: '15',
    typeName: 'Local authority nursery school',
    typeGroupCode: '4',
    typeGroupName: 'Local authority maintained schools',
  },
  pru: {
    typeCode: '14',
    typeName: 'Pupil referral unit',
    typeGroupCode: '4',
    typeGroupName: 'Local authority maintained schools',
  },
  converter: {
    typeCode: '34',
    typeName: 'Academy converter',
    typeGroupCode: '10',
    typeGroupName: 'Academies',
  },
  sponsorLed: {
    typeCode: '28',
    typeName: 'Academy sponsor led',
    typeGroupCode: '10',
    typeGroupName: 'Academies',
  },
  academySpecial: {
    typeCode: '33',
    typeName: 'Academy special sponsor led',
    typeGroupCode: '10',
    typeGroupName: 'Academies',
  },
  academyAp: {
    typeCode: '42',
    typeName: 'Academy alternative provision converter',
    typeGroupCode: '10',
    typeGroupName: 'Academies',
  },
  freeSchool: {
    typeCode: '35',
    typeName: 'Free schools',
    typeGroupCode: '11',
    typeGroupName: 'Free Schools',
  },
  independent: {
    typeCode: '11',
    typeName: 'Other independent school',
    typeGroupCode: '3',
    typeGroupName: 'Independent schools',
  },
} as const;

const PHASE_OF_EDUCATION = {
  notApplicable: { phaseCode: '0', phaseName: 'Not applicable' },
  nursery: { phaseCode: '1', phaseName: 'Nursery' },
  primary: { phaseCode: '2', phaseName: 'Primary' },
  secondary: { phaseCode: '4', phaseName: 'Secondary' },
  sixteenPlus: { phaseCode: '6', phaseName: '16 plus' },
  allThrough: { phaseCode: '7', phaseName: 'All-through' },
} as const;

export function school(
  urn: number,
  options: {
    type?: keyof typeof TYPES;
    phase?: keyof typeof PHASE_OF_EDUCATION;
    laCode?: string;
    opened?: string | null;
    closed?: string | null;
    name?: string;
  } = {},
): School {
  const closed = options.closed ?? null;
  return {
    urn,
    laestab: `${options.laCode ?? '330'}${String(urn).slice(-4)}`,
    name: options.name ?? `School ${urn}`,
    laCode: options.laCode ?? '330',
    laName: options.laCode && options.laCode !== '330' ? `Authority ${options.laCode}` : 'Birmingham',
    ...TYPES[options.type ?? 'community'],
    ...PHASE_OF_EDUCATION[options.phase ?? 'primary'],
    statusCode: closed ? '2' : '1',
    statusName: closed ? 'Closed' : 'Open',
    openDate: options.opened ?? null,
    closeDate: closed,
    isIllustrative: true,
  };
}

let serial = 0;

export function inspection(
  urn: number,
  published: string,
  options: Partial<Omit<Inspection, 'urn'>> & { grade?: Inspection['overallEffectiveness'] } = {},
): Inspection {
  const { grade, ...rest } = options;
  return {
    inspectionNumber: `T${++serial}`,
    urn,
    reportedUrn: urn,
    kind: 'graded',
    startDate: published,
    publicationDate: published,
    overallEffectiveness: grade === undefined ? 2 : grade,
    categoryOfConcern: null,
    ungradedOutcome: null,
    reportCard: null,
    ...rest,
  };
}

export const predecessorLink = (urn: number, predecessor: number, linkType = 'Predecessor'): SchoolLink => ({
  urn,
  linkUrn: predecessor,
  linkType,
  linkDate: null,
});
