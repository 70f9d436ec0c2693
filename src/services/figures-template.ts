import type { Kysely } from 'kysely';
import { breakdownKey, type Breakdown } from '../domain/breakdown.ts';
import { visibilityOf } from '../domain/permissions.ts';
import { parsePeriod, periodKindForFrequency, type Period } from '../domain/periods.ts';
import { reportingPeriodFor } from '../domain/scorecard.ts';
import { invalid, type Issue } from '../errors.ts';
import { findIndicators, type Indicator } from '../db/repositories/catalogue.ts';
import { findCommentary, findCurrentValues, type CurrentValue } from '../db/repositories/values.ts';
import type { Database } from '../db/schema.ts';
import { isAllowed, requirePermission } from './authorise.ts';
import type { RequestContext } from './context.ts';

/**
 * The rows of a figures template: for each chosen indicator the person may
 * record figures for, one row per breakdown item the scorecard shows (the
 * whole indicator, each row item, each column item and each row × column
 * pair), for the indicator's period in the chosen month (a quarterly
 * indicator in May 2017 reports Q4 2016-17, the latest quarter ended) or for
 * the chosen period itself. src/export/figures-template.ts writes them as
 * CSV or XLSX in the columns of src/import/template-columns.ts.
 */
export interface TemplateRequest {
  serviceArea?: string;
  owner?: string;
  /** Explicit indicator references (case as typed); with area and owner, all must match. */
  refs?: string[];
  /** A month (2017-05) or a period of any kind (2016-17-Q4, FY2016-17). */
  period: string;
  /** Fill in the figures and commentary already recorded. */
  includeCurrent: boolean;
}

export interface TemplateRow {
  indicator: Indicator;
  period: Period;
  /** The breakdown key, '' for the whole indicator. */
  breakdown: string;
  /** What the breakdown key means: 'Assessment team, East'; '' for the whole indicator. */
  breakdownLabel: string;
  /** The figure recorded now, when asked for and there is one. */
  current: CurrentValue | null;
  /** The period's commentary, on the whole-indicator row only. */
  commentary: string;
}

export interface FiguresTemplate {
  /** The period asked for. */
  period: Period;
  indicatorCount: number;
  rows: TemplateRow[];
}

/** The breakdown items of an indicator, the whole indicator first, in the scorecard's order. */
export function breakdownItemsOf(indicator: Indicator): { key: string; label: string }[] {
  const dims = { row: indicator.rowDimension, column: indicator.columnDimension };
  const rows = [null, ...(indicator.rowDimension?.items ?? [])];
  const columns = [null, ...(indicator.columnDimension?.items ?? [])];
  return rows.flatMap((row) =>
    columns.map((column) => {
      const breakdown: Breakdown = { row: row?.code ?? null, column: column?.code ?? null };
      return {
        key: breakdownKey(dims, breakdown),
        label: [row?.label, column?.label].filter(Boolean).join(', '),
      };
    }),
  );
}

export async function figuresTemplate(
  db: Kysely<Database>,
  request: TemplateRequest,
  context: RequestContext,
): Promise<FiguresTemplate> {
  requirePermission(context, 'figures:write');
  const period = parsePeriod(request.period.trim());
  const issues: Issue[] = [];
  if (!period || period.kind === 'range')
    issues.push({
      field: 'period',
      message: `"${request.period}" is not a period: give a month such as 2017-05, or a period such as 2016-17-Q4 or FY2016-17`,
    });
  const refs = [...new Set((request.refs ?? []).map((r) => r.trim()).filter(Boolean))];
  if (issues.length) throw invalid('No template for that choice.', issues);

  const visibility = visibilityOf(context.actor);
  const candidates = await findIndicators(db, {
    ...(request.serviceArea ? { serviceArea: request.serviceArea } : {}),
    ...(request.owner ? { owner: request.owner } : {}),
    organisationId: visibility.organisationId,
  });
  const wanted = new Set(refs.map((r) => r.toLowerCase()));
  const writable = candidates.filter(
    (i) =>
      (wanted.size === 0 || wanted.has(i.ref.toLowerCase())) &&
      isAllowed(context, 'figures:write', {
        organisationId: i.organisationId,
        ownerUserId: i.ownerUserId,
      }),
  );
  const found = new Set(writable.map((i) => i.ref.toLowerCase()));
  const missing = refs.filter((r) => !found.has(r.toLowerCase()));
  if (missing.length)
    throw invalid('No template for that choice.', [
      {
        field: 'refs',
        message: `${missing.map((r) => `"${r}"`).join(', ')} ${missing.length === 1 ? 'is not an indicator' : 'are not indicators'} you may record figures for${request.serviceArea || request.owner ? ' among those chosen' : ''}`,
      },
    ]);

  const chosen = period!;
  const periodOf = (indicator: Indicator): Period | null => {
    if (chosen.kind === 'month') return reportingPeriodFor(indicator.frequency, chosen);
    return periodKindForFrequency(indicator.frequency) === chosen.kind ? chosen : null;
  };
  const indicators = writable
    .map((indicator) => ({ indicator, period: periodOf(indicator) }))
    .filter((x): x is { indicator: Indicator; period: Period } => x.period !== null);
  if (indicators.length === 0)
    throw invalid('No template for that choice.', [
      {
        field: wanted.size ? 'refs' : 'area',
        message:
          writable.length === 0
            ? 'matches no indicator you may record figures for'
            : `matches no indicator reported by the ${chosen.kind.replace('_', ' ')} (choose a month to include indicators of every frequency)`,
      },
    ]);

  const current = new Map<string, CurrentValue>();
  const commentary = new Map<string, string>();
  if (request.includeCurrent) {
    const ids = indicators.map((x) => x.indicator.id);
    const periods = [...new Set(indicators.map((x) => x.period.code))];
    const [values, notes] = await Promise.all([
      findCurrentValues(db, ids, periods),
      findCommentary(db, ids, { periods, currentOnly: true }),
    ]);
    // Only people who record figures get here, and they see every figure of the indicators they record.
    for (const v of values) current.set(`${v.indicatorId}|${v.period}|${v.breakdown}`, v);
    for (const c of notes) commentary.set(`${c.indicatorId}|${c.period}`, c.body);
  }

  const rows = indicators.flatMap(({ indicator, period: p }) =>
    breakdownItemsOf(indicator).map((item): TemplateRow => ({
      indicator,
      period: p,
      breakdown: item.key,
      breakdownLabel: item.label,
      current: current.get(`${indicator.id}|${p.code}|${item.key}`) ?? null,
      commentary: item.key === '' ? (commentary.get(`${indicator.id}|${p.code}`) ?? '') : '',
    })),
  );
  return { period: chosen, indicatorCount: indicators.length, rows };
}
