import { findItems, findPlan, findUpdates, type Plan } from '../../../db/repositories/improvement.ts';
import { longDay } from '../../../domain/improvement/dates.ts';
import { FLAG_LABELS, planPosition, type ItemPosition } from '../../../domain/improvement/plan.ts';
import { labelOf, NOT_RATED, NOT_RATED_COLOUR } from '../../../domain/improvement/rag.ts';
import {
  countsSentence,
  NOT_RATED_KEY,
  rollUp,
  type StatusCounts,
  type WorkstreamRollUp,
} from '../../../domain/improvement/roll-up.ts';
import type { Block, ReportChart, ReportTable, TableRow, TotalRelation } from '../../../reports/document.ts';
import { renderStatusBarChart, statusBars } from '../../../web/charts/status-bar-chart.ts';
import { rulesOf } from '../../improvement/read-plan.ts';
import type { SectionBuilder } from '../section-input.ts';
import { column, tallyCell, textCell, unknownRefs } from './cells.ts';
import { planDay } from './plan-day.ts';

/**
 * An improvement plan's position for the report: the plan is named by its
 * reference, as on the /improvement pages ('2023'), and read on the last
 * day of the report's month (or the day the report is built, if earlier;
 * see planDay). For projects and for actions (when the plan has any): a
 * table of counts by workstream and status, with each workstream's total
 * and the plan's (the roll-up of src/domain/improvement/roll-up.ts), and
 * the stacked bar chart the plan page draws; then the exceptions (items
 * that are Red, past their target date, or overdue for an update, as the
 * domain flags them) as a table. Counts of projects and actions are not
 * counts of people, so they are never suppressed.
 */
export const buildImprovementSection: SectionBuilder<'improvement'> = async (db, input) => {
  const plan = await findPlan(db, input.definition.plan);
  if (!plan) throw unknownRefs('plan', 'improvement plan', [input.definition.plan]);
  const day = planDay(input.month, input.asAt);
  const [items, updates] = await Promise.all([findItems(db, plan.id), findUpdates(db, plan.id)]);
  const positions = planPosition(items, updates, day, rulesOf(plan));
  const summary = rollUp(positions, plan.definitions);
  const when = longDay(day);

  const blocks: Block[] = [{ type: 'paragraph', text: `The plan's position on ${when}.` }];
  for (const level of ['project', 'action'] as const) {
    const counts = summary[level];
    const name = level === 'project' ? 'Projects' : 'Actions';
    if (counts.total === 0) {
      if (level === 'project') blocks.push({ type: 'paragraph', text: 'The plan has no projects yet.' });
      continue;
    }
    blocks.push(
      { type: 'heading', text: `${name} by status` },
      {
        type: 'paragraph',
        text: `${name}: ${counts.total} in all: ${countsSentence(counts, plan.definitions)}.`,
      },
      {
        type: 'table',
        table: rollUpTable(
          plan,
          summary.workstreams,
          level,
          counts,
          `${name} by workstream and status, ${when}`,
        ),
      },
      {
        type: 'chart',
        chart: rollUpChart(plan, summary.workstreams, level, `${name} by status and workstream, ${when}`),
      },
    );
  }
  blocks.push({ type: 'heading', text: 'Exceptions' }, ...exceptionBlocks(plan, positions, when));
  return {
    id: input.id,
    kind: 'improvement',
    heading: input.definition.heading || plan.title,
    blocks,
  };
};

/** The statuses a roll-up shows, in the plan's order, then "not rated" when any item is. */
function statusColumns(plan: Plan, total: StatusCounts) {
  return [
    ...plan.definitions.map((d) => ({ key: d.code, label: d.label, colour: d.colour })),
    ...((total.byStatus[NOT_RATED_KEY] ?? 0) > 0
      ? [{ key: NOT_RATED_KEY, label: NOT_RATED, colour: NOT_RATED_COLOUR }]
      : []),
  ];
}

/**
 * Counts by workstream (rows) and status (columns), each row with its total
 * and a last row for the whole plan; every total is related to its parts.
 */
export function rollUpTable(
  plan: Plan,
  workstreams: readonly WorkstreamRollUp[],
  level: 'project' | 'action',
  total: StatusCounts,
  caption: string,
): ReportTable {
  const statuses = statusColumns(plan, total);
  const FIRST = 1; // the column of the first status
  const totalColumn = FIRST + statuses.length;
  const line = (label: string, counts: StatusCounts, isTotal: boolean): TableRow => ({
    cells: [
      textCell(label),
      ...statuses.map((s) => tallyCell(counts.byStatus[s.key] ?? 0)),
      tallyCell(counts.total),
    ],
    ...(isTotal ? { isTotal } : {}),
  });
  const rows = [
    ...workstreams.map((w) => line(`${w.workstream.ref} ${w.workstream.title}`, w[level], false)),
    line('All workstreams', total, true),
  ];
  const totalRow = rows.length - 1;
  const statusIndexes = statuses.map((_, i) => FIRST + i);
  const workstreamRows = workstreams.map((_, i) => i);
  const totals: TotalRelation[] = [
    ...rows.map((_, row) => ({
      total: { row, column: totalColumn },
      parts: statusIndexes.map((column) => ({ row, column })),
    })),
    ...[...statusIndexes, totalColumn].map((column) => ({
      total: { row: totalRow, column },
      parts: workstreamRows.map((row) => ({ row, column })),
    })),
  ];
  return {
    caption,
    columns: [column('Workstream'), ...statuses.map((s) => column(s.label, true)), column('Total', true)],
    rows,
    totals,
  };
}

/** The stacked bar chart of one level, as the plan page draws it, with its description in words. */
function rollUpChart(
  plan: Plan,
  workstreams: readonly WorkstreamRollUp[],
  level: 'project' | 'action',
  title: string,
): ReportChart {
  const statuses = [
    ...plan.definitions.map((d) => ({ key: d.code, label: d.label, colour: d.colour })),
    { key: NOT_RATED_KEY, label: NOT_RATED, colour: NOT_RATED_COLOUR },
  ];
  const bars = statusBars(
    workstreams.map((w) => ({ label: w.workstream.ref, byStatus: w[level].byStatus })),
    statuses,
  );
  const svg = renderStatusBarChart(bars, { title });
  return { title, svg, description: chartDescription(svg, title), ...chartSize(svg) };
}

/** The chart's own text alternative (its aria-label), decoded. */
export function chartDescription(svg: string, fallback: string): string {
  const label = /aria-label="([^"]*)"/.exec(svg)?.[1];
  return label === undefined
    ? fallback
    : label.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

/** The width and height the SVG is drawn at. */
export function chartSize(svg: string): { width: number; height: number } {
  const open = /^<svg[^>]*>/.exec(svg)?.[0] ?? '';
  const size = (name: string) => Number(new RegExp(`\\s${name}="(\\d+(?:\\.\\d+)?)"`).exec(open)?.[1] ?? 0);
  return { width: size('width'), height: size('height') };
}

function exceptionBlocks(plan: Plan, positions: readonly ItemPosition[], when: string): Block[] {
  const flagged = positions.filter((p) => p.flags.length > 0);
  if (flagged.length === 0)
    return [
      {
        type: 'paragraph',
        text: `No item is Red, past its target date or overdue for an update on ${when}.`,
      },
    ];
  const count = (flag: ItemPosition['flags'][number]) =>
    positions.filter((p) => p.flags.includes(flag)).length;
  const byFlag = (['red', 'slipping', 'update_overdue'] as const)
    .map((f) => `${FLAG_LABELS[f]}: ${count(f)}`)
    .join('; ');
  return [
    { type: 'paragraph', text: `${flagged.length} items flagged on ${when} (${byFlag}).` },
    {
      type: 'table',
      table: {
        caption: `Exceptions, ${when}`,
        columns: [
          column('Ref'),
          column('Item'),
          column('Level'),
          column('Lead'),
          column('Target date'),
          column('Status'),
          column('Exceptions'),
        ],
        rows: flagged.map((p) => ({
          cells: [
            textCell(p.item.ref),
            textCell(p.item.title),
            textCell(p.item.level === 'project' ? 'Project' : 'Action'),
            textCell(p.item.lead),
            textCell(p.item.targetDate ? longDay(p.item.targetDate) : ''),
            textCell(labelOf(p.status, plan.definitions), p.flags.includes('red') ? 'red' : undefined),
            textCell(p.flags.map((f) => FLAG_LABELS[f]).join('; ')),
          ],
        })),
      },
    },
  ];
}
