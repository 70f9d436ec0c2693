import { directionOfTravel } from '../../../domain/direction-of-travel.ts';
import { describeTarget, evaluateAgainstTarget, type Evaluation } from '../../../domain/evaluate-target.ts';
import {
  periodKindForFrequency,
  previousPeriod,
  reportingYearOf,
  type PeriodKind,
} from '../../../domain/periods.ts';
import { isSameSeries } from '../../../domain/series.ts';
import {
  periodsEndingIn,
  periodsNeededFor,
  reportingYearSpan,
  spanFigure,
  type SpanFigure,
} from '../../../domain/year-figures.ts';
import type { Block, TableCell, TableRow } from '../../../reports/document.ts';
import type { SectionBuilder } from '../section-input.ts';
import { column, figureCell, textCell } from './cells.ts';
import { readIndicatorFigures, type IndicatorFigures } from './indicator-figures.ts';

/**
 * The end-of-year table, as the council's "council plan measures" and
 * "Directorate KPIs" year-end tables: for each chosen indicator its result
 * for the reporting year and the year before (src/domain/year-figures.ts
 * decides which stored figures make a year's result), the year's target,
 * achieved or missed (evaluateAgainstTarget on the exact result, its colour
 * in the cell's rating), the direction of travel since the year before
 * (not comparable across a series break) and the commentary for the
 * year-end. Figures as they stood at input.asAt; indicators the reader may
 * not see are refused as unknown.
 */
export const buildEndOfYearSection: SectionBuilder<'end-of-year'> = async (db, input) => {
  const { definition } = input;
  const spansOf = (reportingYear: 'financial' | 'academic' | 'calendar') => {
    const span = reportingYearSpan(definition.year, reportingYear);
    return { span, previous: previousPeriod(span) };
  };
  const data = await readIndicatorFigures(db, {
    refs: definition.refs,
    periodsFor: (i) => {
      const { span, previous } = spansOf(i.reportingYear);
      return periodsNeededFor(i, [span, previous]);
    },
    targetYearsFor: (i) => [reportingYearOf(spansOf(i.reportingYear).span, i.reportingYear)],
    asAt: input.asAt,
    visibility: input.visibility,
  });

  const previousYear = previousPeriod(reportingYearSpan(definition.year, 'financial')).shortLabel;
  const notes: string[] = [];
  const rows: TableRow[] = data.map((d) => {
    const row = endOfYearRow(d, definition.year);
    notes.push(...row.notes);
    return { cells: row.cells };
  });
  const blocks: Block[] = [
    {
      type: 'table',
      table: {
        caption: `End of year ${definition.year}`,
        columns: [
          column('Ref'),
          column('Indicator'),
          column(`Result ${previousYear}`, true),
          column(`Result ${definition.year}`, true),
          column('Target'),
          column('Achieved or missed'),
          column(`Direction of travel since ${previousYear}`),
          column('Commentary'),
        ],
        rows,
      },
    },
    ...notes.map((text): Block => ({ type: 'paragraph', text, isNote: true })),
  ];
  return {
    id: input.id,
    kind: 'end-of-year',
    heading: definition.heading || `End of year ${definition.year}`,
    blocks,
  };
};

/** 'Achieved: better than target', 'Missed: within tolerance', 'No target', 'No data'. */
export function achievedText(evaluation: Evaluation): string {
  switch (evaluation.status) {
    case 'better_than_target':
      return 'Achieved: better than target';
    case 'at_target':
      return 'Achieved: at target';
    case 'within_tolerance':
      return 'Missed: within tolerance';
    case 'outside_tolerance':
      return 'Missed: outside tolerance';
    default:
      return evaluation.label;
  }
}

function resultCell(d: IndicatorFigures, result: SpanFigure): TableCell {
  const { indicator } = d;
  return figureCell(result.value, indicator, {
    ...(result.figure ? { source: { ref: indicator.ref, figure: result.figure } } : {}),
    isProvisional: result.figures.some((f) => f.status === 'provisional'),
  });
}

function endOfYearRow(d: IndicatorFigures, year: string): { cells: TableCell[]; notes: string[] } {
  const { indicator } = d;
  const span = reportingYearSpan(year, indicator.reportingYear);
  const previous = previousPeriod(span);
  const result = spanFigure(indicator, span, d.figures);
  const before = spanFigure(indicator, previous, d.figures);
  const target = d.targets.get(reportingYearOf(span, indicator.reportingYear)) ?? null;
  const display = { unit: indicator.unit, decimals: indicator.decimals };
  const evaluation = evaluateAgainstTarget({ aim: indicator.aim, value: result.value, target, display });
  const travel = directionOfTravel({
    aim: indicator.aim,
    current: result.value,
    previous: before.value,
    target,
    decimals: indicator.decimals,
    isComparable: isSameSeries(span, previous, d.series),
  });
  // The commentary written for the year itself, else for its last period (March, Q4, the summer term).
  const kind = periodKindForFrequency(indicator.frequency) as Exclude<PeriodKind, 'range'>;
  const yearEnd = periodsEndingIn(kind, span).at(-1);
  const commentary =
    d.commentary.get(span.code) ?? (yearEnd ? d.commentary.get(yearEnd.code) : undefined) ?? '';
  const notes = [result, before]
    .filter((r) => r.note !== null)
    .map((r) => `${indicator.ref}, ${r.span.label}: ${r.note}`);
  return {
    cells: [
      textCell(indicator.ref),
      textCell(indicator.title),
      resultCell(d, before),
      resultCell(d, result),
      textCell(target ? describeTarget(target, display) || 'No target set' : 'No target set'),
      textCell(achievedText(evaluation), evaluation.colour),
      textCell(travel.arrow ? `${travel.arrow} ${travel.label}` : travel.label),
      textCell(commentary),
    ],
    notes,
  };
}
