import { describe, expect, it } from 'vitest';
import { inspection, predecessorLink, school } from '../../../test/support/schools.ts';
import type { Inspection } from './inspection.ts';
import { buildPosition, percentOf, schoolsBehind, type Position, type PositionInput } from './position.ts';
import type { SchoolLink } from './predecessors.ts';
import type { School } from './school.ts';

const DAY = '2017-06-12';

function positionOf(
  schools: School[],
  inspections: Inspection[],
  links: SchoolLink[] = [],
  asAt = DAY,
): Position {
  const input: PositionInput = { schools, inspections, links, asAt };
  return buildPosition(input);
}

const row = (position: Position, governance: 'la_maintained' | 'academy' | 'all', phase: string) =>
  position.tables.find((t) => t.governance === governance)!.rows.find((r) => r.phase === phase)!.cell;

const placementOf = (position: Position, urn: number) => position.schools.find((p) => p.school.urn === urn)!;

describe('percentages', () => {
  it('rounds half up, as the council prints them: 3 of 24 is 12.5%, printed 13%', () => {
    expect(percentOf(3, 24)).toBe(13);
    expect(percentOf(1, 8)).toBe(13);
    expect(percentOf(41, 52)).toBe(79);
    expect(percentOf(2, 3)).toBe(67);
    expect(percentOf(1, 3)).toBe(33);
  });

  it('gives 0 for none of some schools and nothing at all for a row with no schools', () => {
    expect(percentOf(0, 27)).toBe(0);
    expect(percentOf(0, 0)).toBeNull();
  });
});

describe('the predecessor rule', () => {
  const predecessor = school(100, { closed: '2016-08-31' });
  const academy = school(200, { type: 'converter', opened: '2016-09-01' });

  it('judges a converted academy with no inspection of its own by its predecessor’s judgement', () => {
    const position = positionOf(
      [predecessor, academy],
      [inspection(100, '2014-03-01', { grade: 3 })],
      [predecessorLink(200, 100)],
    );
    const placed = placementOf(position, 200);
    expect(placed.placement).toBe('counted');
    expect(placed.standing).toMatchObject({ judgedByUrn: 100, isPredecessors: true, overall: { grade: 3 } });
    expect(row(position, 'academy', 'primary').counts.requires_improvement).toBe(1);
    expect(position.summary.byPredecessor).toBe(1);
  });

  it('uses the academy’s own judgement as soon as its report is published, and not before', () => {
    const inspections = [
      inspection(100, '2014-03-01', { grade: 3 }),
      inspection(200, '2017-07-01', { grade: 1, startDate: '2017-05-20' }),
    ];
    const links = [predecessorLink(200, 100)];
    expect(
      placementOf(positionOf([predecessor, academy], inspections, links), 200).standing!.overall!.grade,
    ).toBe(3);
    const later = positionOf([predecessor, academy], inspections, links, '2017-07-01');
    expect(placementOf(later, 200).standing).toMatchObject({ isPredecessors: false, overall: { grade: 1 } });
  });

  it('follows a chain of predecessors to the nearest one with a judgement', () => {
    const first = school(100, { closed: '2012-08-31' });
    const second = school(150, { type: 'converter', opened: '2012-09-01', closed: '2016-08-31' });
    const position = positionOf(
      [first, second, academy],
      [inspection(100, '2011-01-01', { grade: 2 })],
      [predecessorLink(150, 100), predecessorLink(200, 150, 'Predecessor')],
    );
    expect(placementOf(position, 200).standing).toMatchObject({ judgedByUrn: 100, overall: { grade: 2 } });
  });

  it('takes the latest judgement when a school has two predecessors that carry one', () => {
    const position = positionOf(
      [academy],
      [inspection(100, '2012-01-01', { grade: 4 }), inspection(101, '2015-01-01', { grade: 2 })],
      [predecessorLink(200, 100), predecessorLink(200, 101)],
    );
    expect(placementOf(position, 200).standing!.judgedByUrn).toBe(101);
  });

  it('does not carry a judgement through a merger or an amalgamation', () => {
    const position = positionOf(
      [academy],
      [inspection(100, '2014-03-01', { grade: 1 })],
      [
        predecessorLink(200, 100, 'Predecessor - merged'),
        predecessorLink(200, 100, 'Predecessor - amalgamated'),
      ],
    );
    expect(placementOf(position, 200).placement).toBe('not_graded');
  });

  it('learns a predecessor from Ofsted’s file when the links do not give it', () => {
    const reportedForAcademy = inspection(100, '2014-03-01', { grade: 2, reportedUrn: 200 });
    const position = positionOf([academy], [reportedForAcademy]);
    expect(placementOf(position, 200).standing).toMatchObject({ judgedByUrn: 100, isPredecessors: true });
  });

  it('stops at a loop of links instead of following it for ever', () => {
    const position = positionOf([academy], [], [predecessorLink(200, 100), predecessorLink(100, 200)]);
    expect(placementOf(position, 200).placement).toBe('not_graded');
  });

  it('carries the predecessor’s special measures with its judgement', () => {
    const position = positionOf(
      [academy],
      [inspection(100, '2016-01-01', { grade: 4, categoryOfConcern: 'special_measures' })],
      [predecessorLink(200, 100)],
    );
    expect(row(position, 'academy', 'total').counts.special_measures).toBe(1);
  });
});

describe('free schools and other schools with no judgement', () => {
  it('leaves a new free school with no inspection out of the counts, and lists it as not yet graded', () => {
    const free = school(300, { type: 'freeSchool', opened: '2016-09-01' });
    const position = positionOf([free, school(1)], [inspection(1, '2015-01-01')]);
    expect(placementOf(position, 300).placement).toBe('not_graded');
    expect(row(position, 'academy', 'total').total).toBe(0);
    expect(row(position, 'all', 'total').total).toBe(1);
    expect(position.summary.notGraded).toBe(1);
    expect(
      schoolsBehind(position, { view: 'not_graded', governance: 'academy' }).map((p) => p.school.urn),
    ).toEqual([300]);
  });

  it('counts a free school once its first report is published', () => {
    const free = school(300, { type: 'freeSchool', opened: '2016-09-01' });
    const position = positionOf([free], [inspection(300, '2017-06-12', { grade: 2 })]);
    expect(row(position, 'academy', 'primary').counts.good).toBe(1);
  });

  it('does not count an ungraded inspection as a judgement', () => {
    const position = positionOf(
      [school(1)],
      [
        inspection(1, '2016-01-01', {
          kind: 'ungraded',
          grade: null,
          ungradedOutcome: 'School remains Good',
        }),
      ],
    );
    expect(placementOf(position, 1).placement).toBe('not_graded');
  });

  it('keeps the grade through a later ungraded inspection', () => {
    const position = positionOf(
      [school(1)],
      [
        inspection(1, '2012-01-01', { grade: 2 }),
        inspection(1, '2016-01-01', {
          kind: 'ungraded',
          grade: null,
          ungradedOutcome: 'School remains Good',
        }),
      ],
    );
    expect(placementOf(position, 1).standing).toMatchObject({
      overall: { grade: 2 },
      isGradeSuperseded: false,
    });
  });
});

describe('closed schools and schools not yet open', () => {
  it('leaves out a school closed by the day, and counts it on a day it was open', () => {
    const closed = school(1, { closed: '2017-03-31' });
    const inspections = [inspection(1, '2015-01-01', { grade: 4 })];
    expect(placementOf(positionOf([closed], inspections), 1).placement).toBe('not_open');
    expect(placementOf(positionOf([closed], inspections, [], '2017-03-31'), 1).placement).toBe('counted');
  });

  it('leaves out a school that opens after the day', () => {
    const position = positionOf([school(1, { opened: '2017-09-01' })], [inspection(1, '2015-01-01')]);
    expect(placementOf(position, 1).placement).toBe('not_open');
  });

  it('leaves out an independent school whatever its inspections', () => {
    const position = positionOf([school(1, { type: 'independent' })], [inspection(1, '2015-01-01')]);
    expect(placementOf(position, 1).placement).toBe('out_of_scope');
    expect(row(position, 'all', 'total').total).toBe(0);
  });
});

describe('the tables', () => {
  const schools = [
    school(1, { phase: 'primary' }),
    school(2, { phase: 'primary' }),
    school(3, { phase: 'primary' }),
    school(4, { phase: 'secondary' }),
    school(5, { type: 'sponsorLed', phase: 'secondary' }),
    school(6, { type: 'communitySpecial', phase: 'notApplicable' }),
  ];
  const inspections = [
    inspection(1, '2016-01-01', { grade: 1 }),
    inspection(2, '2016-01-01', { grade: 2 }),
    inspection(3, '2016-01-01', { grade: 4, categoryOfConcern: 'special_measures' }),
    inspection(4, '2016-01-01', { grade: 4, categoryOfConcern: 'serious_weaknesses' }),
    inspection(5, '2016-01-01', { grade: 3 }),
    inspection(6, '2016-01-01', { grade: 2 }),
  ];
  const position = positionOf(schools, inspections);

  it('counts each school once under its grade, and good or outstanding together', () => {
    expect(row(position, 'la_maintained', 'primary')).toEqual({
      total: 3,
      counts: {
        outstanding: 1,
        good: 1,
        requires_improvement: 0,
        inadequate: 1,
        good_or_outstanding: 2,
        special_measures: 1,
      },
      percents: {
        outstanding: 33,
        good: 33,
        requires_improvement: 0,
        inadequate: 33,
        good_or_outstanding: 67,
        special_measures: 33,
      },
    });
  });

  it('counts special measures only, not serious weaknesses, in the special measures column', () => {
    expect(row(position, 'la_maintained', 'secondary').counts).toMatchObject({
      inadequate: 1,
      special_measures: 0,
    });
  });

  it('totals each governance, and all schools together', () => {
    expect(row(position, 'la_maintained', 'total').total).toBe(5);
    expect(row(position, 'academy', 'total').total).toBe(1);
    expect(row(position, 'all', 'total').counts.good_or_outstanding).toBe(3);
    expect(row(position, 'all', 'secondary').total).toBe(2);
    expect(row(position, 'all', 'special').counts.good).toBe(1);
  });

  it('shows no percentage for a row with no schools', () => {
    expect(row(position, 'academy', 'nursery').percents.good).toBeNull();
  });

  it('lists exactly the schools behind every count', () => {
    for (const table of position.tables)
      for (const r of table.rows)
        for (const column of [
          'total',
          'outstanding',
          'good',
          'requires_improvement',
          'inadequate',
          'good_or_outstanding',
          'special_measures',
        ] as const) {
          const behind = schoolsBehind(position, {
            view: 'grades',
            governance: table.governance,
            phase: r.phase,
            column,
          });
          expect(behind.length).toBe(column === 'total' ? r.cell.total : r.cell.counts[column]);
        }
    expect(
      schoolsBehind(position, {
        view: 'grades',
        governance: 'all',
        phase: 'total',
        column: 'inadequate',
      }).map((p) => p.school.urn),
    ).toEqual([3, 4]);
  });
});

describe('report cards and the transition', () => {
  const card = (overrides: Partial<Inspection> = {}) =>
    inspection(1, '2025-12-01', {
      kind: 'report_card',
      grade: null,
      reportCard: {
        grades: {
          inclusion: 'strong_standard',
          curriculum_and_teaching: 'expected_standard',
          achievement: 'needs_attention',
          leadership_and_governance: 'expected_standard',
        },
        safeguarding: 'met',
      },
      ...overrides,
    });

  it('keeps a school’s last overall grade in the four-point table after a report card, marked superseded', () => {
    const position = positionOf(
      [school(1)],
      [inspection(1, '2019-01-01', { grade: 2 }), card()],
      [],
      '2026-01-05',
    );
    const placed = placementOf(position, 1);
    expect(placed.placement).toBe('counted');
    expect(placed.standing).toMatchObject({ overall: { grade: 2 }, isGradeSuperseded: true });
    expect(position.summary.gradeSuperseded).toBe(1);
  });

  it('counts the report card in the report-card tables, area by area, with safeguarding', () => {
    const position = positionOf([school(1)], [card()], [], '2026-01-05');
    const all = position.reportCards.find((t) => t.governance === 'all')!;
    expect(all.schools).toBe(1);
    expect(all.areas.find((a) => a.area === 'achievement')).toMatchObject({
      graded: 1,
      counts: { needs_attention: 1 },
    });
    expect(all.areas.find((a) => a.area === 'early_years')!.graded).toBe(0);
    expect(all.safeguarding).toEqual({ met: 1, notMet: 0 });
    expect(
      schoolsBehind(position, {
        view: 'report_cards',
        governance: 'la_maintained',
        area: 'achievement',
        grade: 'needs_attention',
      }),
    ).toHaveLength(1);
  });

  it('leaves a school with only a report card out of the four-point counts', () => {
    const position = positionOf([school(1)], [card()], [], '2026-01-05');
    expect(placementOf(position, 1).placement).toBe('not_graded');
    expect(row(position, 'all', 'total').total).toBe(0);
  });

  it('takes special measures from the latest inspection, even one with no overall grade', () => {
    const position = positionOf(
      [school(1)],
      [
        inspection(1, '2019-01-01', { grade: 3 }),
        inspection(1, '2025-01-10', { grade: null, categoryOfConcern: 'special_measures' }),
      ],
      [],
      '2025-02-01',
    );
    expect(row(position, 'all', 'total').counts).toMatchObject({
      requires_improvement: 1,
      special_measures: 1,
    });
  });

  it('ends special measures at the next graded inspection that places the school in no category', () => {
    const position = positionOf(
      [school(1)],
      [
        inspection(1, '2016-01-01', { grade: 4, categoryOfConcern: 'special_measures' }),
        inspection(1, '2017-01-10', { kind: 'ungraded', grade: null, ungradedOutcome: 'Monitoring' }),
        inspection(1, '2018-01-10', { grade: 3 }),
      ],
      [],
      '2017-06-01',
    );
    expect(row(position, 'all', 'total').counts.special_measures).toBe(1);
    const later = buildPosition({
      ...{ schools: position.schools.map((p) => p.school) },
      inspections: [
        inspection(1, '2016-01-01', { grade: 4, categoryOfConcern: 'special_measures' }),
        inspection(1, '2018-01-10', { grade: 3 }),
      ],
      links: [],
      asAt: '2018-02-01',
    });
    expect(row(later, 'all', 'total').counts.special_measures).toBe(0);
  });
});
