import type { Kysely } from 'kysely';
import { valueFromParts } from '../domain/aggregates.ts';
import { breakdownKey, parseBreakdownKey } from '../domain/breakdown.ts';
import { decimalPlacesOf, roundHalfUp } from '../domain/format.ts';
import { periodKindForFrequency, parsePeriod } from '../domain/periods.ts';
import type { Issue } from '../errors.ts';
import { bumpDataVersion, findIndicators, type Indicator } from '../db/repositories/catalogue.ts';
import {
  findCurrentValues,
  insertRevisions,
  saveCommentary,
  type NewValue,
} from '../db/repositories/values.ts';
import { writeAudit } from '../db/repositories/audit.ts';
import type { Database } from '../db/schema.ts';
import { isAllowed, requirePermission } from './authorise.ts';
import type { RequestContext } from './context.ts';
import { refusal, validateAll, ValueInput, type ValueFields } from './inputs.ts';

/** The audit record lists this many of a batch's changed figures; the revisions themselves keep them all. */
const AUDITED_CHANGES = 100;

export interface RecordValuesOptions {
  /** Named in every message, when the figures came from a file. */
  file?: string;
  /** The row in that file each input came from (default: its position, from 1). */
  rowNumbers?: number[];
}

export interface RecordValuesResult {
  created: number;
  revised: number;
  unchanged: number;
  commentary: number;
}

/**
 * Records figures, all or nothing. Every input is checked first (the
 * indicator exists, the period is one of its frequency or a range of months,
 * the breakdown is one of its items, the numbers make sense together) and
 * any problem refuses the whole batch with every problem named. A figure
 * that differs from the current one becomes a new revision; an identical
 * one is left alone, so loading the same figures twice changes nothing.
 *
 * Figures are recorded only for indicators the actor may write: a partner
 * its own organisation's, an indicator owner the ones they own. An
 * indicator the actor may not even see is reported as unknown, so its
 * reference cannot be probed. Refusals for want of permission are audited.
 */
export async function recordValues(
  db: Kysely<Database>,
  inputs: unknown[],
  context: RequestContext,
  options: RecordValuesOptions = {},
): Promise<RecordValuesResult> {
  requirePermission(context, 'figures:write');
  const enteredBy = context.actorName;
  const refusedIndicators = new Set<string>();
  try {
    return await recordAll();
  } catch (error) {
    if (refusedIndicators.size) {
      await writeAudit(db, context, {
        action: 'values.record',
        outcome: 'denied',
        detail: `no permission to record figures for ${[...refusedIndicators].join(', ')}${options.file ? ` (file ${options.file})` : ''}`,
      });
    }
    throw error;
  }

  async function recordAll(): Promise<RecordValuesResult> {
    const rowNumber = (index: number) => options.rowNumbers?.[index] ?? index + 1;
    const { rows, issues: shapeIssues } = validateAll(ValueInput, inputs, {
      ...(options.file ? { file: options.file } : {}),
      rowNumber,
    });

    return db.transaction().execute(async (trx) => {
      const indicators = new Map(
        (await findIndicators(trx, { refs: [...new Set(rows.flatMap((r) => (r ? [r.ref] : [])))] })).map(
          (i) => [i.ref.toLowerCase(), i],
        ),
      );
      const issues: Issue[] = [...shapeIssues];
      const checked: (NewValue & { commentary?: string; isStatusGiven: boolean })[] = [];
      const seen = new Map<string, number>();

      rows.forEach((row, index) => {
        if (!row) return;
        const problem = (field: string, message: string) =>
          issues.push({
            ...(options.file ? { file: options.file } : {}),
            row: rowNumber(index),
            field,
            message,
          });
        const indicator = indicators.get(row.ref.toLowerCase());
        const resource = {
          organisationId: indicator?.organisationId ?? null,
          ownerUserId: indicator?.ownerUserId ?? null,
        };
        if (!indicator || !isAllowed(context, 'figures:read', resource)) {
          if (indicator) refusedIndicators.add(indicator.ref);
          return problem('ref', `no indicator has the reference "${row.ref}"`);
        }
        if (!isAllowed(context, 'figures:write', resource)) {
          refusedIndicators.add(indicator.ref);
          return problem('ref', `you may not record figures for ${indicator.ref}: it is not one of yours`);
        }
        const result = checkRow(indicator, row, problem);
        if (!result) return;
        const key = `${indicator.id}|${result.period}|${result.breakdown}`;
        const earlier = seen.get(key);
        if (earlier !== undefined) {
          return problem(
            'period',
            `row ${rowNumber(earlier)} already gives a figure for ${indicator.ref}, ${result.period}${result.breakdown ? `, ${result.breakdown}` : ''}`,
          );
        }
        seen.set(key, index);
        checked.push({
          ...result,
          indicatorId: indicator.id,
          status: row.status ?? 'provisional',
          isStatusGiven: row.status !== undefined,
          source: row.source || options.file || '',
          enteredBy,
          reason: row.reason,
          ...(row.commentary ? { commentary: row.commentary } : {}),
        });
      });
      if (issues.length) throw refusal(issues);

      const current = new Map(
        (
          await findCurrentValues(
            trx,
            [...new Set(checked.map((c) => c.indicatorId))],
            [...new Set(checked.map((c) => c.period))],
          )
        ).map((v) => [`${v.indicatorId}|${v.period}|${v.breakdown}`, v]),
      );
      const changes: Parameters<typeof insertRevisions>[1] = [];
      let unchanged = 0;
      for (const value of checked) {
        const existing = current.get(`${value.indicatorId}|${value.period}|${value.breakdown}`);
        if (
          existing &&
          existing.value === value.value &&
          existing.numerator === value.numerator &&
          existing.denominator === value.denominator &&
          (existing.status === value.status || !value.isStatusGiven)
        ) {
          unchanged++;
          continue;
        }
        changes.push({ ...value, revision: (existing?.revision ?? 0) + 1, replaces: existing?.id ?? null });
      }
      await insertRevisions(trx, changes);

      let commentary = 0;
      for (const value of checked) {
        if (
          value.commentary &&
          (await saveCommentary(trx, {
            indicatorId: value.indicatorId,
            period: value.period,
            body: value.commentary,
            author: enteredBy,
          }))
        ) {
          commentary++;
        }
      }
      if (changes.length || commentary) await bumpDataVersion(trx);
      const result = {
        created: changes.filter((c) => c.replaces === null).length,
        revised: changes.filter((c) => c.replaces !== null).length,
        unchanged,
        commentary,
      };
      if (changes.length || commentary) {
        const refOf = new Map([...indicators.values()].map((i) => [i.id, i.ref]));
        await writeAudit(trx, context, {
          action: 'values.record',
          entityType: 'indicator_values',
          entityId: [...new Set(changes.map((c) => refOf.get(c.indicatorId)))].join(', ').slice(0, 500),
          after: changes.slice(0, AUDITED_CHANGES).map((c) => ({
            ref: refOf.get(c.indicatorId),
            period: c.period,
            breakdown: c.breakdown,
            value: c.value,
            numerator: c.numerator,
            denominator: c.denominator,
            status: c.status,
            revision: c.revision,
          })),
          detail: `${result.created} new, ${result.revised} revised, ${result.unchanged} unchanged, ${result.commentary} commentary${options.file ? ` from ${options.file}` : ''}${changes.length > AUDITED_CHANGES ? `; the first ${AUDITED_CHANGES} changes are listed` : ''}`,
        });
      }
      return result;
    });
  }
}

type Checked = Pick<NewValue, 'period' | 'breakdown' | 'value' | 'numerator' | 'denominator'>;

function checkRow(
  indicator: Indicator,
  row: ValueFields,
  problem: (field: string, message: string) => void,
): Checked | null {
  const period = parsePeriod(row.period);
  const kind = periodKindForFrequency(indicator.frequency);
  if (!period) {
    problem(
      'period',
      `"${row.period}" is not a period (examples: 2017-05 for a month, 2022-23-Q1, 2022-23-autumn, FY2017-18, AY2017-18, 2016-11..2017-04 for a range of months)`,
    );
    return null;
  }
  if (period.kind !== kind && period.kind !== 'range') {
    problem(
      'period',
      `${indicator.ref} is ${indicator.frequency.replace('_', ' ')}, so its periods are of the kind "${kind.replace('_', ' ')}", not "${period.kind.replace('_', ' ')}"`,
    );
    return null;
  }
  const dims = { row: indicator.rowDimension, column: indicator.columnDimension };
  const breakdown = parseBreakdownKey(dims, row.breakdown);
  if (typeof breakdown === 'string') {
    problem('breakdown', breakdown);
    return null;
  }
  const value = row.value ?? null;
  const numerator = row.numerator ?? null;
  const denominator = row.denominator ?? null;
  const base = { period: period.code, breakdown: breakdownKey(dims, breakdown) };

  if (!indicator.isRatio) {
    if (numerator !== null || denominator !== null) {
      problem(
        numerator !== null ? 'numerator' : 'denominator',
        `${indicator.ref} is not a ratio: give its value only`,
      );
      return null;
    }
    if (value === null) {
      problem('value', 'is required');
      return null;
    }
    if (indicator.unit === 'count' && value < 0) {
      problem('value', 'a count cannot be negative');
      return null;
    }
    return { ...base, value, numerator: null, denominator: null };
  }

  if (numerator === null && denominator === null) {
    if (value === null) {
      problem('value', 'give a value, or a numerator and a denominator');
      return null;
    }
    return { ...base, value, numerator: null, denominator: null };
  }
  if (numerator === null || denominator === null) {
    problem(
      numerator === null ? 'numerator' : 'denominator',
      'is required when the other part of the ratio is given',
    );
    return null;
  }
  if (denominator === 0) {
    problem(
      'denominator',
      'must be more than 0: with nothing to measure there is no figure (leave the row out)',
    );
    return null;
  }
  if (numerator < 0 || denominator < 0) {
    problem(numerator < 0 ? 'numerator' : 'denominator', 'cannot be negative');
    return null;
  }
  if (indicator.unit === 'percent' && numerator > denominator) {
    problem(
      'numerator',
      `${numerator} is greater than the denominator ${denominator}, which a percentage cannot be`,
    );
    return null;
  }
  const computed = valueFromParts(numerator, denominator, indicator.unit)!;
  if (value !== null && roundHalfUp(computed, decimalPlacesOf(value)) !== value) {
    problem(
      'value',
      `${value} does not match ${numerator} / ${denominator}, which gives ${roundHalfUp(computed, Math.max(2, decimalPlacesOf(value)))}`,
    );
    return null;
  }
  return { ...base, value: computed, numerator, denominator };
}
