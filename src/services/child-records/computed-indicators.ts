import type { Kysely } from 'kysely';
import { writeAudit } from '../../db/repositories/audit.ts';
import { findIndicator, findIndicators, type Indicator } from '../../db/repositories/catalogue.ts';
import { findChildRecordImports } from '../../db/repositories/child-records.ts';
import type { Database } from '../../db/schema.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { BREAKDOWN_KINDS, type BreakdownKind } from '../../measures/breakdowns.ts';
import { measureById } from '../../measures/catalogue.ts';
import {
  indicatorFigures,
  measuredOver,
  refreshedPeriods,
  UNIT_OF_KIND,
} from '../../measures/indicator-figures.ts';
import type { IsoDate } from '../../measures/model.ts';
import { requirePermission } from '../authorise.ts';
import type { RequestContext } from '../context.ts';
import { recordValues } from '../record-values.ts';
import type { MeasureServices } from './measures.ts';

/**
 * Indicators computed from a statutory measure. Linking one says which
 * measure, for which authority and by which breakdown; every import of that
 * authority's records then works out the indicator's figures for the three
 * years up to the return's date and records them through the one path for
 * figures (record-values.ts), as provisional figures whose source names the
 * import. A figure that has not changed is left alone; a period that has
 * been published is not changed by an import (its correction is the
 * performance team's decision), and is named in the refresh's notes.
 */

export interface MeasureLink {
  ref: string;
  measureId: string;
  la: string;
  breakdown: BreakdownKind;
}

export interface RefreshResult {
  indicators: number;
  created: number;
  revised: number;
  unchanged: number;
  /** Sentences for the person: periods not refreshed and why, breakdown lines no item matched. */
  notes: string[];
}

/** Checks that a measure can feed an indicator; a sentence saying why not, or null. */
function mismatch(indicator: Indicator, link: Omit<MeasureLink, 'ref'>): string | null {
  const measure = measureById(link.measureId);
  if (!measure) return `There is no measure ${link.measureId}.`;
  const unit = UNIT_OF_KIND[measure.kind];
  if (indicator.unit !== unit)
    return `${measure.title} is a ${measure.kind.replace(/_/g, ' ')}, so the indicator's unit must be ${unit}, not ${indicator.unit}.`;
  if (link.breakdown !== 'none' && !indicator.columnDimension)
    return `${indicator.ref} has no column breakdown to hold the measure's ${link.breakdown.replace('_', ' ')} lines.`;
  if (!/^\d{3}$/.test(link.la)) return `The authority must be its three-digit DfE code, not "${link.la}".`;
  return null;
}

export function createComputedIndicators(db: Kysely<Database>, measures: MeasureServices) {
  async function refreshOne(
    indicator: Indicator,
    link: Omit<MeasureLink, 'ref'>,
    asAt: IsoDate,
    source: string,
    context: RequestContext,
    result: RefreshResult,
  ): Promise<void> {
    const measure = measureById(link.measureId)!;
    const target = {
      dimensionCode: link.breakdown === 'none' ? null : (indicator.columnDimension?.code ?? null),
      items: indicator.columnDimension?.items ?? [],
    };
    const unmatched = new Set<string>();
    for (const period of refreshedPeriods(indicator.frequency, asAt)) {
      const over = measuredOver(period, indicator.basis);
      if (typeof over === 'string') {
        result.notes.push(`${indicator.ref}: ${over}.`);
        return;
      }
      const { aggregate } = await measures.figure(
        { la: link.la, measureId: link.measureId, period: over, breakdown: link.breakdown },
        context,
      );
      const { figures, unmatched: lines } = indicatorFigures(
        measure.kind,
        aggregate,
        indicator.isRatio,
        target,
      );
      for (const l of lines) unmatched.add(l);
      if (!figures.length) continue;
      try {
        const recorded = await recordValues(
          db,
          figures.map((f) => ({ ref: indicator.ref, period: period.code, ...f, source })),
          context,
        );
        result.created += recorded.created;
        result.revised += recorded.revised;
        result.unchanged += recorded.unchanged;
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'validation') throw error;
        const why = error.issues[0]?.message ?? error.message;
        result.notes.push(`${indicator.ref} ${period.label} was not refreshed: ${why}`);
      }
    }
    if (unmatched.size)
      result.notes.push(
        `${indicator.ref}: no item of ${indicator.columnDimension?.name ?? 'its breakdown'} matches ${[...unmatched].join(', ')}; those lines are in the total only.`,
      );
  }

  async function linksOf(la: string): Promise<(Omit<MeasureLink, 'ref'> & { indicatorId: number })[]> {
    const rows = await db.selectFrom('indicator_measures').selectAll().where('la', '=', la).execute();
    return rows.map((r) => ({
      indicatorId: r.indicator_id,
      measureId: r.measure_id,
      la: r.la,
      breakdown: r.breakdown as BreakdownKind,
    }));
  }

  return {
    /** After an import of an authority's records: every indicator computed from them, refreshed. */
    async refresh(
      la: string,
      asAt: IsoDate,
      importId: number,
      context: RequestContext,
    ): Promise<RefreshResult> {
      const result: RefreshResult = { indicators: 0, created: 0, revised: 0, unchanged: 0, notes: [] };
      const links = await linksOf(la);
      if (!links.length) return result;
      const indicators = new Map((await findIndicators(db)).map((i) => [i.id, i]));
      for (const link of links) {
        const indicator = indicators.get(link.indicatorId);
        if (!indicator) continue;
        result.indicators++;
        const source = `Computed from ${measureById(link.measureId)?.title ?? link.measureId}, child-level import ${importId}`;
        await refreshOne(indicator, link, asAt, source, context, result);
      }
      return result;
    },

    /**
     * Makes an indicator computed from a measure (or changes its measure),
     * and works out its figures at once from the latest import of the
     * authority's records, if there is one.
     */
    async link(link: MeasureLink, context: RequestContext): Promise<RefreshResult> {
      requirePermission(context, 'catalogue:write');
      if (!BREAKDOWN_KINDS.includes(link.breakdown))
        throw invalid(`Unknown breakdown ${link.breakdown}.`, []);
      const indicator = await findIndicator(db, link.ref);
      if (!indicator) throw notFound(`There is no indicator ${link.ref}.`);
      const problem = mismatch(indicator, link);
      if (problem) throw invalid(problem, [{ field: 'measureId', message: problem }]);
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('indicator_measures')
          .values({
            indicator_id: indicator.id,
            measure_id: link.measureId,
            la: link.la,
            breakdown: link.breakdown,
            created_by: context.actorName,
          })
          .onConflict((oc) =>
            oc
              .column('indicator_id')
              .doUpdateSet({ measure_id: link.measureId, la: link.la, breakdown: link.breakdown }),
          )
          .execute();
        await writeAudit(trx, context, {
          action: 'indicator.compute_from_measure',
          entityType: 'indicator',
          entityId: indicator.ref,
          after: { measureId: link.measureId, la: link.la, breakdown: link.breakdown },
        });
      });
      const latest = (await findChildRecordImports(db, { la: link.la })).sort((a, b) =>
        a.asAt < b.asAt ? 1 : -1,
      )[0];
      const result: RefreshResult = { indicators: 1, created: 0, revised: 0, unchanged: 0, notes: [] };
      if (latest)
        await refreshOne(
          indicator,
          link,
          latest.asAt,
          `Computed from ${measureById(link.measureId)!.title}, child-level import ${latest.id}`,
          context,
          result,
        );
      return result;
    },

    /** The measure an indicator is computed from, or null. */
    async linkOf(ref: string): Promise<MeasureLink | null> {
      const row = await db
        .selectFrom('indicator_measures')
        .innerJoin('indicators', 'indicators.id', 'indicator_measures.indicator_id')
        .select(['indicators.ref', 'measure_id', 'la', 'breakdown'])
        .where('indicators.ref', '=', ref)
        .executeTakeFirst();
      return row
        ? { ref: row.ref, measureId: row.measure_id, la: row.la, breakdown: row.breakdown as BreakdownKind }
        : null;
    },
  };
}

export type ComputedIndicators = ReturnType<typeof createComputedIndicators>;
