/**
 * The eleven Annex A lists as data: each column we read, the headings it
 * goes by, and which columns make a table that list. Headings are
 * compared after `headingKey` (case, spacing, punctuation and quotes,
 * curly or straight, do not matter). A column is found by one of its
 * headings first; failing that, by a pattern (the liia-tools Annex A
 * configuration's, where it has one) over the headings no column took
 * exactly. docs/imports/annex-a.md shows the same table for people.
 */

export interface ColumnSpec {
  /** The template's heading first, then the variants seen in LA extracts and the 2026 layout. */
  headings: readonly string[];
  /** Matched against the heading key when no heading matched exactly. */
  patterns?: readonly RegExp[];
}

export type ListNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11;

export interface ListSpec<Field extends string = string> {
  list: ListNumber;
  title: string;
  columns: Readonly<Record<Field, ColumnSpec>>;
  /** A table is this list when, for every group, one of its columns is there. */
  identifying: readonly (readonly Field[])[];
}

/** A heading as compared: lower case, every run of anything but letters and digits one space. */
export const headingKey = (heading: string): string =>
  heading
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** The child's columns, at the start of lists 1 to 10. */
const CHILD = {
  childId: {
    headings: ['Child Unique ID', 'Child ID', 'LA Child ID'],
    patterns: [/child.*\bid\b/, /childid/],
  },
  sex: { headings: ['Gender', 'Sex'] },
  ethnicity: { headings: ['Ethnicity', 'Ethnic origin'] },
  birthDate: { headings: ['Date of Birth', 'DOB'], patterns: [/date.*birth/] },
  hasDisability: {
    headings: ['Does the Child have a Disability', 'Disability', 'Disabled'],
    patterns: [/have a disability/],
  },
  team: { headings: ['Allocated Team', 'Team'] },
  worker: { headings: ['Allocated Worker', 'Social Worker', 'Allocated Social Worker'] },
} as const satisfies Record<string, ColumnSpec>;

const uasc: ColumnSpec = {
  headings: [
    'Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)',
    'Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)',
    'UASC',
  ],
  patterns: [/unaccompanied asylum seeking child/],
};

export const LIST_1 = {
  list: 1,
  title: 'Contacts',
  columns: {
    ...CHILD,
    contactDate: { headings: ['Date of Contact', 'Contact Date'], patterns: [/^date of contact/] },
    source: { headings: ['Contact Source', 'Source of Contact'], patterns: [/contact source/] },
    // Local additions many case-management extracts carry: the 48-hour decision measure needs them.
    receivedAt: {
      headings: [
        'Date and time of contact',
        'Contact date and time',
        'Contact received',
        'Date contact received',
        'Date and time contact received',
        'Contact received date and time',
      ],
    },
    receivedTime: { headings: ['Time of contact', 'Contact time', 'Time contact received'] },
    decidedAt: {
      headings: [
        'Contact decision date',
        'Date of decision',
        'Date of contact decision',
        'Contact decision date and time',
        'Date and time of decision',
        'Date and time of contact decision',
        'Decision date',
        'Contact outcome date',
      ],
    },
    decidedTime: { headings: ['Contact decision time', 'Time of decision', 'Decision time'] },
  },
  identifying: [['childId'], ['contactDate', 'receivedAt'], ['source']],
} as const satisfies ListSpec;

export const LIST_2 = {
  list: 2,
  title: 'Early help assessments',
  columns: {
    ...CHILD,
    startDate: { headings: ['Assessment start date', 'Date assessment started'] },
    completedDate: { headings: ['Assessment completion date', 'Date assessment completed'] },
    organisation: { headings: ['Organisation completing assessment'] },
  },
  identifying: [['childId'], ['startDate'], ['completedDate', 'organisation']],
} as const satisfies ListSpec;

export const LIST_3 = {
  list: 3,
  title: 'Referrals',
  columns: {
    ...CHILD,
    referralDate: { headings: ['Date of Referral', 'Referral Date'], patterns: [/date of referral/] },
    source: { headings: ['Referral Source', 'Source of Referral'] },
    noFurtherAction: { headings: ['Referral NFA?', 'Referral NFA', 'Referral no further action'] },
    allocatedDate: {
      headings: ['Date allocated', 'Allocation date', 'Date of allocation', 'Allocated date'],
    },
  },
  identifying: [['childId'], ['referralDate'], ['source', 'noFurtherAction']],
} as const satisfies ListSpec;

export const LIST_4 = {
  list: 4,
  title: 'Assessments',
  columns: {
    ...CHILD,
    startDate: {
      headings: ['Continuous Assessment Start Date', 'Single Assessment Start Date'],
      patterns: [/^(continuous|single) assessment start/],
    },
    childSeen: {
      headings: ['Child Seen During Continuous Assessment', 'Child seen during assessment'],
      patterns: [/child seen during/],
    },
    completedDate: {
      headings: ['Continuous Assessment Date of Authorisation', 'Assessment authorisation date'],
      patterns: [/assessment date of authori[sz]ation/],
    },
  },
  identifying: [['childId'], ['startDate'], ['completedDate', 'childSeen']],
} as const satisfies ListSpec;

export const LIST_5 = {
  list: 5,
  title: 'Section 47 enquiries and initial child protection conferences',
  columns: {
    ...CHILD,
    strategyDate: {
      headings: [
        'Strategy discussion initiating Section 47 Enquiry Start Date',
        'Section 47 Enquiry Start Date',
      ],
      patterns: [/strategy discussion/, /section 47 enquiry start/],
    },
    icpcNotRequired: {
      headings: ['Was an Initial Child Protection Conference deemed unnecessary?'],
      patterns: [/conference deemed unnecessary/],
    },
    icpcDate: {
      headings: ['Date of Initial Child Protection Conference', 'ICPC date'],
      patterns: [/^date of (the )?initial child protection conference/],
    },
    icpcResultedInPlan: {
      headings: ['Did the Initial Child Protection Conference Result in a Child Protection Plan'],
      patterns: [/conference result in a child protection plan/],
    },
  },
  identifying: [['childId'], ['strategyDate'], ['icpcDate', 'icpcNotRequired']],
} as const satisfies ListSpec;

export const LIST_6 = {
  list: 6,
  title: 'Children in need',
  columns: {
    ...CHILD,
    referralDate: { headings: ['CIN Start Date', 'Child in need start date'] },
    primaryNeed: { headings: ['Primary Need Code', 'Primary need', 'Primary need category'] },
    closureDate: { headings: ['CIN Closure Date', 'Child in need closure date'] },
    closureReason: { headings: ['Reason for Closure', 'Closure reason', 'CIN closure reason'] },
  },
  identifying: [['childId'], ['referralDate'], ['primaryNeed', 'closureDate']],
} as const satisfies ListSpec;

export const LIST_7 = {
  list: 7,
  title: 'Child protection',
  columns: {
    ...CHILD,
    startDate: { headings: ['Child Protection Plan Start Date', 'CP Plan Start Date'] },
    initialCategory: { headings: ['Initial Category of Abuse'] },
    latestCategory: { headings: ['Latest Category of Abuse'] },
    visitDate: { headings: ['Date of the Last Statutory Visit', 'Date of Last Statutory Visit'] },
    seenAlone: { headings: ['Was the Child Seen Alone?', 'Child Seen Alone'] },
    reviewDate: { headings: ['Date of latest review conference', 'Date of latest review'] },
    endDate: { headings: ['Child Protection Plan End Date', 'CP Plan End Date'] },
    previousPlans: {
      headings: ['Number of Previous Child Protection Plans'],
      patterns: [/number of previous (child protection|cp) plans/],
    },
  },
  identifying: [['childId'], ['startDate'], ['initialCategory', 'latestCategory', 'endDate']],
} as const satisfies ListSpec;

export const LIST_8 = {
  list: 8,
  title: 'Children in care',
  columns: {
    ...CHILD,
    wasUasc: uasc,
    periodStartDate: { headings: ['Date Started to be Looked After', 'Date started to be looked after'] },
    categoryOfNeed: { headings: ["Child's Category of Need"], patterns: [/child s category of need/] },
    legalStatusStartDate: { headings: ['Start date of current legal status'] },
    legalStatus: { headings: ["Child's Legal Status"], patterns: [/child s legal status/] },
    reviewDate: { headings: ['Date of Latest Statutory Review'] },
    endDate: { headings: ['Date Ceased to be Looked After'] },
    reasonEnded: { headings: ['Reason Ceased to be Looked After'] },
    placementStartDate: { headings: ['Start Date of Most Recent Placement'] },
    placement: { headings: ['Placement Type'] },
    placementProvider: { headings: ['Placement Provider'] },
    placementPostcode: { headings: ['Placement postcode'] },
    urn: { headings: ['URN of Placement', 'Placement URN'] },
  },
  identifying: [['childId'], ['periodStartDate'], ['legalStatus', 'placement', 'placementStartDate']],
} as const satisfies ListSpec;

export const LIST_9 = {
  list: 9,
  title: 'Care leavers',
  columns: {
    ...CHILD,
    wasUasc: uasc,
    eligibility: { headings: ['Eligibility Category'] },
    inTouch: { headings: ['LA in Touch', 'In touch'] },
    accommodation: { headings: ['Type of Accommodation'] },
    suitability: { headings: ['Suitability of Accommodation'] },
    activity: { headings: ['Activity Status', 'Main activity'] },
  },
  identifying: [['childId'], ['eligibility', 'inTouch'], ['activity', 'accommodation']],
} as const satisfies ListSpec;

export const LIST_10 = {
  list: 10,
  title: 'Adoption',
  columns: {
    ...CHILD,
    decisionDate: { headings: ['Date of Decision that Child Should be Placed for Adoption'] },
    placementOrderDate: { headings: ['Date of Placement Order'] },
    matchDate: { headings: ['Date of Matching Child and Prospective Adopters'] },
    placedDate: { headings: ['Date Placed for Adoption'] },
    adoptionOrderDate: { headings: ['Date of Adoption Order'] },
    decisionReversedDate: {
      headings: ['Date of Decision that Child Should No Longer be Placed for Adoption'],
    },
    decisionReversedReason: { headings: ['Reason Why Child No Longer Placed for Adoption'] },
  },
  identifying: [['childId'], ['decisionDate'], ['placementOrderDate', 'matchDate', 'placedDate']],
} as const satisfies ListSpec;

export const LIST_11 = {
  list: 11,
  title: 'Adopters',
  columns: {
    adopterId: { headings: ['Individual adopter identifier'], patterns: [/adopter identifier/] },
    enquiryDate: { headings: ['Date enquiry received'] },
  },
  identifying: [['adopterId'], ['enquiryDate']],
} as const satisfies ListSpec;

export const ANNEX_A_LISTS: readonly ListSpec[] = [
  LIST_1,
  LIST_2,
  LIST_3,
  LIST_4,
  LIST_5,
  LIST_6,
  LIST_7,
  LIST_8,
  LIST_9,
  LIST_10,
  LIST_11,
];

/** Where each column of a list is in a table: its 0-based index, by field. */
export type ColumnIndex<Field extends string = string> = Partial<Record<Field, number>>;

/** Finds each of a list's columns among the headings: exact headings first, then patterns over what is left. */
export function locateColumns(spec: ListSpec, headings: readonly string[]): ColumnIndex {
  const keys = headings.map(headingKey);
  const taken = new Set<number>();
  const found: Record<string, number> = {};
  const entries = Object.entries(spec.columns) as [string, ColumnSpec][];
  for (const [field, column] of entries) {
    const wanted = new Set(column.headings.map(headingKey));
    const index = keys.findIndex((key, i) => !taken.has(i) && wanted.has(key));
    if (index >= 0) {
      found[field] = index;
      taken.add(index);
    }
  }
  for (const [field, column] of entries) {
    if (found[field] !== undefined || !column.patterns) continue;
    const index = keys.findIndex((key, i) => !taken.has(i) && column.patterns!.some((p) => p.test(key)));
    if (index >= 0) {
      found[field] = index;
      taken.add(index);
    }
  }
  return found;
}

export type Recognition =
  | { ok: true; spec: ListSpec; columns: ColumnIndex }
  | { ok: false; closest: ListSpec; missing: string[]; found: number };

/**
 * Which list a heading row is: of the lists whose identifying columns are
 * all there, the one with most columns found. Otherwise the closest list
 * (most identifying groups found) and the headings it lacks.
 */
export function recogniseList(headings: readonly string[]): Recognition {
  let best: { spec: ListSpec; columns: ColumnIndex; found: number } | null = null;
  let closest: { spec: ListSpec; missing: string[]; found: number } | null = null;
  for (const spec of ANNEX_A_LISTS) {
    const columns = locateColumns(spec, headings);
    const has = (field: string) => (columns as Record<string, number | undefined>)[field] !== undefined;
    const missingGroups = spec.identifying.filter((group) => !group.some(has));
    const found = Object.keys(columns).length;
    if (missingGroups.length === 0) {
      if (!best || found > best.found) best = { spec, columns, found };
      continue;
    }
    const groupsFound = spec.identifying.length - missingGroups.length;
    if (!closest || groupsFound > closest.found) {
      const missing = missingGroups.map((group) =>
        group
          .map((field) => `"${(spec.columns as Record<string, ColumnSpec>)[field]!.headings[0]}"`)
          .join(' or '),
      );
      closest = { spec, missing, found: groupsFound };
    }
  }
  if (best) return { ok: true, spec: best.spec, columns: best.columns };
  return { ok: false, closest: closest!.spec, missing: closest!.missing, found: closest!.found };
}
