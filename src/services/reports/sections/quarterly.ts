import { describeTarget, evaluateAgainstTarget } from '../../../domain/evaluate-target.ts';
import {
  comparePeriods,
  periodKindForFrequency,
  reportingYearOf,
  type Period,
  type PeriodKind,
} from '../../../domain/periods.ts';
import {
  periodsEndingIn,
  periodsNeededFor,
  quartersOf,
  reportingYearSpan,
  spanFigure,
} from '../../../domain/year-figures.ts';
import type { Block, TableCell, TableRow } from '../../../reports/document.ts';
import type { SectionBuilder } from '../section-input.ts';
import { column, figureCell, textCell } from './cells.ts';
import { readIndicatorFigures, type IndicatorFigures } from './indicator-figures.ts';

/**
 * The quarterly table, as the council's 2022/23 Directorate KPIs: for each
 * chosen indicator the reporting year's target, its figure for each
 * financial quarter Q1–Q4 of the year (src/domain/year-figures.ts: a
 * quarterly indicator's own figures; a monthly one's quarter-end figure, or
 * for an in-period measure the quarter's months combined; a term or year in
 * the quarter it ends), each rated against the target where there is a
 * figure and a target, and the latest commentary in the year. A quarter
 * with no figure is left blank. Figures as they stood at input.asAt.
 */
export const buildQuarterlySection: SectionBuilder<'quarterly'> = async (db, input) => {
  const { definition } = input;
  const quarters = quartersOf(definition.year);
  const data = await readIndicatorFigures(db, {
    refs: definition.refs,
    periodsFor: (i) => [
      ...periodsNeededFor(i, quarters),
      ...commentaryPeriods(i.frequency, definition.year).map((p) => p.code),
    ],
    targetYearsFor: (i) => [targetYear(i.reportingYear, definition.year)],
    asAt: input.asAt,
    visibility: input.visibility,
  });
  const notes: string[] = [];
  const rows: TableRow[] = data.map((d) => {
    const row = quarterlyRow(d, definition.year, quarters);
    notes.push(...row.notes);
    return { cells: row.cells };
  });
  const blocks: Block[] = [
    {
      type: 'table',
      table: {
        caption: `Quarterly performance ${definition.year}`,
        columns: [
          column('Ref'),
          column('Indicator'),
          column(`Target ${definition.year}`),
          ...quarters.map((q) => column(q.shortLabel, true)),
          column('Commentary'),
        ],
        rows,
      },
    },
    ...notes.map((text): Block => ({ type: 'paragraph', text, isNote: true })),
  ];
  return {
    id: input.id,
    kind: 'quarterly',
    heading: definition.heading || `Quarterly performance ${definition.year}`,
    blocks,
  };
};

/** The label of the target year for an indicator: '2022-23', or the calendar year ending in it ('2022'). */
function targetYear(reportingYear: 'financial' | 'academic' | 'calendar', year: string): string {
  return reportingYearOf(reportingYearSpan(year, reportingYear), reportingYear);
}

/** The periods whose commentary may be the latest in the financial year: the indicator's own, its quarters, the year. */
function commentaryPeriods(frequency: IndicatorFigures['indicator']['frequency'], year: string): Period[] {
  const span = reportingYearSpan(year, 'financial');
  const kind = periodKindForFrequency(frequency) as Exclude<PeriodKind, 'range'>;
  return [...periodsEndingIn(kind, span), ...quartersOf(year), span];
}

/** The latest commentary among the periods (by end date, then the longer period). */
export function latestCommentary(commentary: Map<string, string>, periods: Period[]): string {
  const written = periods.filter((p) => commentary.has(p.code)).sort((a, b) => comparePeriods(b, a));
  return written.length ? commentary.get(written[0]!.code)! : '';
}

function quarterlyRow(
  d: IndicatorFigures,
  year: string,
  quarters: Period[],
): { cells: TableCell[]; notes: string[] } {
  const { indicator } = d;
  const display = { unit: indicator.unit, decimals: indicator.decimals };
  const target = d.targets.get(targetYear(indicator.reportingYear, year)) ?? null;
  const notes: string[] = [];
  const quarterCells = quarters.map((quarter) => {
    const result = spanFigure(indicator, quarter, d.figures);
    if (result.note !== null && result.value !== null)
      notes.push(`${indicator.ref}, ${quarter.shortLabel}: ${result.note}`);
    const evaluation = evaluateAgainstTarget({ aim: indicator.aim, value: result.value, target, display });
    const isRated = evaluation.isAchieved !== null;
    return figureCell(result.value, display, {
      ...(result.figure ? { source: { ref: indicator.ref, figure: result.figure } } : {}),
      isProvisional: result.figures.some((f) => f.status === 'provisional'),
      ...(isRated ? { rating: evaluation.colour } : {}),
    });
  });
  const periods = commentaryPeriods(indicator.frequency, year);
  return {
    cells: [
      textCell(indicator.ref),
      textCell(indicator.title),
      textCell(target ? describeTarget(target, display) || 'No target set' : 'No target set'),
      ...quarterCells,
      textCell(latestCommentary(d.commentary, periods)),
    ],
    notes,
  };
}
