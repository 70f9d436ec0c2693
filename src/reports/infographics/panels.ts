import type { FigurePlace, HeadlineSpec, InfographicPanel } from './panel.ts';

/**
 * The infographic panels, rebuilt from the catalogue: Birmingham's
 * children's social care and education summaries of May 2017 (appendices A
 * and C of the council report of July 2017). The indicators, breakdowns and
 * comparators they read are loaded by src/services/demo/load-infographics.ts.
 */

const MONTH = '2017-05';

/** Bar colours: each has at least 4.5:1 contrast on white (GOV.UK palette). */
const COLOURS = { birmingham: '#1d70b8', england: '#505a5f', supported: '#912b88' } as const;

const at = (ref: string, breakdown = '', period = MONTH): FigurePlace => ({ ref, period, breakdown });
const box = (label: string, place: FigurePlace, more: Partial<HeadlineSpec> = {}): HeadlineSpec => ({
  label,
  figures: [place],
  ...more,
});

const ETHNIC_GROUPS = [
  ['white', 'White'],
  ['mixed', 'Mixed/multiple ethnic group'],
  ['asian', 'Asian/Asian British'],
  ['black', 'Black/African/Caribbean/Black British'],
] as const;

export const CSC_2017_05: InfographicPanel = {
  id: 'csc-2017-05',
  title: "Children's social care in Birmingham, May 2017",
  month: MONTH,
  items: [
    {
      type: 'figures',
      figures: [
        box('Net budget, 2017/18', at('INF-CSC-BUDGET', '', 'FY2017-18'), { millions: { decimals: 1 } }),
        box('Open cases', at('INF-CSC-OPEN-CASES'), { isCount: true }),
        box('Children in care', at('CSC-07'), { isCount: true }),
        box('Children with a child protection plan', at('CSC-05'), { isCount: true }),
        box('Families supported by Family Support/Think Family', at('INF-CSC-FAMILY-SUPPORT'), {
          isCount: true,
        }),
        box('Children matched for adoption in 2016/17', at('INF-CSC-ADOPTION-MATCHES', '', 'FY2016-17'), {
          isCount: true,
        }),
        box('Children supported to live with their own family', at('INF-CSC-OWN-FAMILY')),
        box('Unaccompanied asylum seekers', at('INF-CSC-UASC'), { isCount: true }),
        box('Children in families with no recourse to public funds', at('INF-CSC-NRPF'), { isCount: true }),
        box('BCC foster carers', at('INF-CSC-FOSTER-CARERS')),
        box('Youth offending service reoffending rate', at('INF-CSC-YOS-REOFFENDING'), {
          comparison: { label: 'England and Wales', benchmark: 'national_average' },
        }),
        box('Homes for disabled children', at('INF-CSC-DISABLED-HOMES')),
        box('Disabled children', at('INF-CSC-DISABLED-CHILDREN'), { isCount: true }),
      ],
    },
    {
      type: 'bars',
      bars: {
        title: 'Ethnicity: percentage of children aged 0 to 17 in each group',
        categories: ETHNIC_GROUPS.map(([, label]) => label),
        series: [
          {
            name: 'England',
            colour: COLOURS.england,
            places: ETHNIC_GROUPS.map(([code]) => ({
              ...at('INF-CSC-ETH-POP', `ethnic_group=${code}`),
              benchmark: 'national_average' as const,
            })),
          },
          {
            name: 'Birmingham',
            colour: COLOURS.birmingham,
            places: ETHNIC_GROUPS.map(([code]) => at('INF-CSC-ETH-POP', `ethnic_group=${code}`)),
          },
          {
            name: 'Children supported by BCC',
            colour: COLOURS.supported,
            places: ETHNIC_GROUPS.map(([code]) => at('INF-CSC-ETH-SUPPORTED', `ethnic_group=${code}`)),
          },
        ],
      },
    },
    {
      type: 'bars',
      bars: {
        title: 'Youth offending service reoffending rate: Birmingham and England and Wales',
        categories: ['Reoffending rate'],
        series: [
          { name: 'Birmingham', colour: COLOURS.birmingham, places: [at('INF-CSC-YOS-REOFFENDING')] },
          {
            name: 'England and Wales',
            colour: COLOURS.england,
            places: [{ ...at('INF-CSC-YOS-REOFFENDING'), benchmark: 'national_average' }],
          },
        ],
      },
    },
    {
      type: 'note',
      text: "The infographic counts {0} open cases; the scorecard's total of open cases for May 2017 is {1}. The two are counted differently.",
      figures: [at('INF-CSC-OPEN-CASES'), { ...at('CSC-01'), part: 'denominator' }],
    },
  ],
};

const SCHOOL_PHASES = [
  ['nursery', 'Nursery'],
  ['primary', 'Primary'],
  ['secondary', 'Secondary'],
  ['special', 'Special'],
  ['all_through', 'All through'],
  ['pru', 'Pupil referral unit'],
  ['alternative', 'Alternative'],
] as const;

const POPULATION = [
  ['BME', 'Black and minority ethnic (BME)'],
  ['EAL', 'English as an additional language (EAL)'],
  ['FSM', 'Free school meals (FSM)'],
  ['SEN', 'Special educational needs (SEN)'],
] as const;

export const EDUCATION_2017_05: InfographicPanel = {
  id: 'education-2017-05',
  title: 'Education in Birmingham, May 2017',
  month: MONTH,
  items: [
    {
      type: 'figures',
      figures: [
        box('Pupils', at('INF-EDU-PUPILS'), { isCount: true }),
        box('State-funded primary', at('INF-EDU-PUPILS', 'pupil_sector=state_primary'), { isCount: true }),
        box('State-funded secondary', at('INF-EDU-PUPILS', 'pupil_sector=state_secondary'), {
          isCount: true,
        }),
        box('Independent', at('INF-EDU-PUPILS', 'pupil_sector=independent'), { isCount: true }),
      ],
    },
    {
      type: 'sum-note',
      total: at('INF-EDU-PUPILS'),
      parts: ['state_primary', 'state_secondary', 'independent'].map((s) =>
        at('INF-EDU-PUPILS', `pupil_sector=${s}`),
      ),
      text: 'State-funded primary, state-funded secondary and independent pupils add up to {sum}, not {total}: {difference} pupils are not itemised.',
    },
    {
      type: 'figures',
      figures: [
        box('Controllable budget, 2017/18', at('INF-EDU-BUDGET', '', 'FY2017-18'), {
          millions: { decimals: 0 },
        }),
        box('Schools', at('INF-EDU-SCHOOLS')),
        box('Independent schools', at('INF-EDU-INDEPENDENT-SCHOOLS'), { prefix: 'Over ' }),
        box("Early years PVI's", at('INF-EDU-EY-PVI')),
      ],
    },
    {
      type: 'table',
      table: {
        caption: 'Schools by type',
        ref: 'INF-EDU-SCHOOLS',
        period: MONTH,
        corner: 'Phase',
        rowDimension: 'school_phase',
        columnDimension: 'school_type',
        rows: [...SCHOOL_PHASES.map(([item, label]) => ({ item, label })), { item: null, label: 'Total' }],
        columns: [
          { item: 'la', label: 'LA' },
          { item: 'academy', label: 'Academy' },
          { item: 'free', label: 'Free' },
          { item: null, label: 'Total' },
        ],
        // Schools, not children: disclosure control has nothing to protect here.
        isCount: false,
      },
    },
    {
      type: 'bars',
      bars: {
        title: 'School population overall: Birmingham and England (percentage of pupils)',
        categories: POPULATION.map(([, label]) => label),
        series: [
          {
            name: 'Birmingham',
            colour: COLOURS.birmingham,
            places: POPULATION.map(([code]) => at(`INF-EDU-${code}`)),
          },
          {
            name: 'England',
            colour: COLOURS.england,
            places: POPULATION.map(([code]) => ({
              ...at(`INF-EDU-${code}`),
              benchmark: 'national_average' as const,
            })),
          },
        ],
      },
    },
    { type: 'heading', text: 'Ofsted ratings (May 2017)' },
    {
      type: 'figures',
      figures: [
        box('Schools good or outstanding', at('INF-EDU-OFSTED-GOOD')),
        box('Primary schools good or outstanding', at('INF-EDU-OFSTED-GOOD', 'school_phase=primary')),
        box('Secondary schools good or outstanding', at('INF-EDU-OFSTED-GOOD', 'school_phase=secondary')),
        box('Schools in special measures', at('INF-EDU-SPECIAL-MEASURES')),
      ],
    },
    { type: 'heading', text: 'Services' },
    {
      type: 'figures',
      figures: [
        box(
          'Virtual School: {0} children in care aged 0 to 25 provided with education support',
          at('INF-EDU-VIRTUAL-SCHOOL'),
          { rounding: { to: 100, direction: 'nearest' }, isCount: true },
        ),
        box('School places: {0} additional primary places created since 2010', at('INF-EDU-PRIMARY-PLACES'), {
          rounding: { to: 1000, direction: 'down' },
          suffix: '+',
        }),
        {
          label: 'SENAR: {0} EHCPs and {1} statements maintained for young people aged 0 to 25',
          figures: [
            at('INF-EDU-SENAR-PLANS', 'send_plan=ehcp'),
            at('INF-EDU-SENAR-PLANS', 'send_plan=statement'),
          ],
          rounding: { to: 100, direction: 'nearest' },
          isCount: true,
        },
        {
          label:
            'Admissions: {0} primary and {1} secondary applications received from parents of home applicants on the National Offer Days in 2016',
          figures: [
            at('INF-EDU-ADMISSIONS', 'school_phase=primary', 'CY2016'),
            at('INF-EDU-ADMISSIONS', 'school_phase=secondary', 'CY2016'),
          ],
          rounding: { to: 1000, direction: 'nearest' },
          isCount: true,
        },
        box('Travel Assist: over {0} children supported to travel to school', at('INF-EDU-TRAVEL-ASSIST'), {
          isCount: true,
        }),
        box(
          'Exclusions: {0} permanently excluded pupils supported back into education by the Exclusions team in 2015/16',
          at('INF-EDU-EXCLUSIONS-RETURNED', '', 'AY2015-16'),
          { isCount: true },
        ),
        box(
          'Early education: {0} 3 and 4 year olds benefiting from some kind of free early education (as of 2016)',
          at('INF-EDU-EARLY-EDUCATION-PCT', '', 'CY2016'),
          { details: [at('INF-EDU-EARLY-EDUCATION', '', 'CY2016')] },
        ),
        box('Young people not in education, employment or training (NEET)', at('INF-EDU-NEET')),
      ],
    },
  ],
};

/** Every panel a report's infographic section may name, by id. */
export const INFOGRAPHIC_PANELS: ReadonlyMap<string, InfographicPanel> = new Map(
  [CSC_2017_05, EDUCATION_2017_05].map((panel) => [panel.id, panel]),
);

/** The panels' ids and titles, for a form's choices. */
export const PANEL_CHOICES = [...INFOGRAPHIC_PANELS.values()].map(({ id, title }) => ({ id, title }));
