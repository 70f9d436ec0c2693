import type { BoardReport, Plan } from '../../db/repositories/improvement.ts';
import { longDay } from '../../domain/improvement/dates.ts';
import { FLAG_LABELS, type ItemPosition, type ProgressUpdate } from '../../domain/improvement/plan.ts';
import {
  definitionOf,
  labelOf,
  NOT_RATED,
  NOT_RATED_COLOUR,
  type RagDefinition,
} from '../../domain/improvement/rag.ts';
import { BAND_LABELS, bandOf, scoreOf, type Score } from '../../domain/improvement/risks.ts';
import { NOT_RATED_KEY, type PlanRollUp, type StatusCounts } from '../../domain/improvement/roll-up.ts';
import type { RiskRecord } from '../../db/repositories/improvement.ts';
import { renderStatusBarChart, statusBars } from '../charts/status-bar-chart.ts';

/** What the improvement pages show, shaped for their templates (src/web/views/pages/improvement/). */

export interface StatusTag {
  label: string;
  meaning: string;
  colour: string;
  /** Black on light colours, white on dark. */
  textColour: string;
}

export function statusTag(code: string | null, definitions: readonly RagDefinition[]): StatusTag {
  const definition = definitionOf(code, definitions);
  const colour = definition?.colour ?? NOT_RATED_COLOUR;
  return {
    label: labelOf(code, definitions),
    meaning: definition?.meaning ?? (code === null ? 'No status reported yet' : ''),
    colour,
    textColour: isLight(colour) ? '#0b0c0c' : '#ffffff',
  };
}

/** Whether black text reads better than white on the colour (WCAG contrast ratios compared). */
function isLight(hex: string): boolean {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) return false;
  const [r, g, b] = [match[1], match[2], match[3]].map((h) => {
    const c = parseInt(h!, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  const onBlack = (luminance + 0.05) / 0.05;
  const onWhite = 1.05 / (luminance + 0.05);
  return onBlack > onWhite;
}

export const dayText = (iso: string | null): string => (iso ? longDay(iso) : '');

export function itemHref(planRef: string, itemRef: string): string {
  return `/improvement/${encodeURIComponent(planRef)}/items/${encodeURIComponent(itemRef)}`;
}

export function updateView(update: ProgressUpdate, definitions: readonly RagDefinition[]) {
  return {
    on: dayText(update.reportedOn),
    status: update.status === null ? null : statusTag(update.status, definitions),
    narrative: update.narrative,
    nextSteps: update.nextSteps,
    author: update.author,
    source: update.source,
  };
}

export function positionView(position: ItemPosition, plan: Plan) {
  const { item } = position;
  return {
    ref: item.ref,
    level: item.level,
    href: itemHref(plan.ref, item.ref),
    title: item.title,
    lead: item.lead,
    hasLeadAccount: item.leadUserId !== null,
    targetDate: dayText(item.targetDate),
    status: statusTag(position.status, plan.definitions),
    statusSince: dayText(position.statusSince),
    flags: position.flags.map((f) => ({ code: f, label: FLAG_LABELS[f] })),
    nextUpdateDue: dayText(position.nextUpdateDue),
    latest: position.latest ? updateView(position.latest, plan.definitions) : null,
  };
}

/** The status rows of a roll-up table, in the plan's order, then not rated, then the total. */
export function countsView(counts: StatusCounts, definitions: readonly RagDefinition[]) {
  return {
    total: counts.total,
    rows: [
      ...definitions.map((d) => ({ ...statusTag(d.code, definitions), count: counts.byStatus[d.code] ?? 0 })),
      ...((counts.byStatus[NOT_RATED_KEY] ?? 0) > 0
        ? [{ ...statusTag(null, definitions), count: counts.byStatus[NOT_RATED_KEY] ?? 0 }]
        : []),
    ],
  };
}

const chartStatuses = (definitions: readonly RagDefinition[]) => [
  ...definitions.map((d) => ({ key: d.code, label: d.label, colour: d.colour })),
  { key: NOT_RATED_KEY, label: NOT_RATED, colour: NOT_RATED_COLOUR },
];

/** The stacked bar charts per workstream: projects, and actions when the plan has any. */
export function rollUpCharts(rollUp: PlanRollUp, definitions: readonly RagDefinition[], when: string) {
  const chart = (level: 'project' | 'action', title: string) =>
    renderStatusBarChart(
      statusBars(
        rollUp.workstreams.map((w) => ({ label: w.workstream.ref, byStatus: w[level].byStatus })),
        chartStatuses(definitions),
      ),
      { title },
    );
  return {
    projects: rollUp.project.total ? chart('project', `Projects by status and workstream, ${when}`) : null,
    actions: rollUp.action.total ? chart('action', `Actions by status and workstream, ${when}`) : null,
  };
}

/** The position a board was told, by level, as recorded. */
export function reportedView(report: BoardReport, definitions: readonly RagDefinition[]) {
  const levels = (['project', 'action'] as const).map((level) => {
    const rows = report.counts.filter((c) => c.level === level);
    const total = rows.find((r) => r.label === 'Total');
    return {
      level,
      heading: level === 'project' ? 'Projects' : 'Actions',
      total: total?.count ?? rows.reduce((sum, r) => sum + r.count, 0),
      rows: rows
        .filter((r) => r.label !== 'Total')
        .map((r) => ({
          label: r.label,
          count: r.count,
          definition: r.definition,
          note: r.note,
          tag: r.status ? statusTag(r.status, definitions) : null,
        })),
    };
  });
  return {
    title: report.title,
    on: dayText(report.boardOn),
    source: report.source,
    levels: levels.filter((l) => l.rows.length),
  };
}

function scoreView(score: Score | null) {
  const value = scoreOf(score);
  if (!score || value === null) return null;
  const band = bandOf(value);
  return { likelihood: score.likelihood, impact: score.impact, value, band, bandLabel: BAND_LABELS[band] };
}

export function riskView(risk: RiskRecord, asAt: string) {
  return {
    ref: risk.ref,
    planRef: risk.planRef,
    href: `/risks/${encodeURIComponent(risk.planRef)}/${encodeURIComponent(risk.ref)}`,
    title: risk.title,
    owner: risk.owner,
    cause: risk.cause,
    consequence: risk.consequence,
    inherent: scoreView(risk.inherent),
    residual: scoreView(risk.residual),
    target: scoreView(risk.target),
    mitigations: risk.mitigations,
    reviewOn: dayText(risk.reviewOn),
    isReviewOverdue: !risk.isClosed && risk.reviewOn !== null && risk.reviewOn < asAt,
    isClosed: risk.isClosed,
    items: risk.itemRefs.map((ref) => ({ ref, href: itemHref(risk.planRef, ref) })),
    source: risk.source,
  };
}
