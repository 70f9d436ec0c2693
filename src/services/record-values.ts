import type { Kysely } from 'kysely';
import { valueFromParts } from '../domain/aggregates.ts';
import { breakdownKey, parseBreakdownKey } from '../domain/breakdown.ts';
import { decimalPlacesOf, roundHalfUp } from '../domain/format.ts';
import { periodKindForFrequency, parsePeriod } from '../domain/periods.ts';
import type { Issue } from '../errors.ts';
import { bumpDataVersion, findIndicators, type Db, type Indicator } from '../db/repositories/catalogue.ts';
import {
  findCurrentValues,
  insertRevisions,
  saveCommentary,
  type CurrentValue,
  type NewValue,
} from '../db/repositories/values.ts';
import { writeAudit } from '../db/repositories/audit.ts';
import type { Database } from '../db/schema.ts';
import { isAllowed, requirePermission } from './authorise.ts';
import type { RequestContext } from './context.ts';
import { refusal, validateAll, ValueInput, type ValueFields } from './inputs.ts';
import { lockedFigureProblems, reopenChangedItems } from './publication/locks.ts';

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

    return db.transaction().execute(async (trx) => {
      const {
        values: checked,
        issues,
        refusedIndicators: refused,
        indicators,
      } = await checkValueRows(trx, inputs, context, {
        ...(options.file ? { file: options.file } : {}),
        rowNumber,
      });
      for (const ref of refused) refusedIndicators.add(ref);
      if (issues.length) throw refusal(issues);

      const current = new Map(
        (
          await findCurrentValues(
            trx,
            [...new Set(checked.map((c) => c.indicatorId))],
            [...new Set(checked.map((c) => c.period))],
          )
        ).map((v) => [figureKey(v), v]),
      );
      const { changes, unchanged } = planRevisions(checked, current);
      await insertRevisions(trx, changes);

      let commentary = 0;
      const commented: CheckedValue[] = [];
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
          commented.push(value);
        }
      }
      // An owner's change to a submitted or checked item sends it back to draft, to be submitted again.
      await reopenChangedItems(trx, context, [...changes, ...commented]);
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

/** A figure that passed every check, ready to compare with the current one. */
export interface CheckedValue extends NewValue {
  /** Whether the row gave a status: without one, the same numbers again keep the status they had. */
  isStatusGiven: boolean;
  commentary?: string;
}

export interface CheckValueRowsOptions {
  /** Named in every message, when the figures came from a file. */
  file?: string;
  /** The row in the file (or position, from 1) each input came from. */
  rowNumber: (index: number) => number;
  /**
   * Figures given earlier in the same batch (indicator, period, breakdown →
   * row number). Pass the same map to each call when a file is checked in
   * chunks, so a figure given twice is caught across chunks too.
   */
  seen?: Map<string, number>;
  /**
   * Indicators already looked up, by reference as written (null: no such
   * indicator). Pass the same map to each call of a file checked in chunks,
   * so the catalogue is read once, not once per chunk.
   */
  indicatorCache?: Map<string, Indicator | null>;
}

export interface ValueRowsCheck {
  /** The rows that passed every check, in input order. */
  values: CheckedValue[];
  /** The row number of each of those values. */
  rowNumbers: number[];
  issues: Issue[];
  /** References the actor may not write (or see): the caller audits the refusal. */
  refusedIndicators: Set<string>;
  /** The indicators the rows named, by lower-case reference. */
  indicators: Map<string, Indicator>;
}

/** The key of one figure: an indicator, a period and a breakdown item. */
export const figureKey = (v: { indicatorId: number; period: string; breakdown: string }) =>
  `${v.indicatorId}|${v.period}|${v.breakdown}`;

/**
 * Every rule a figure must meet, in one place: the web forms, the API, the
 * data-entry grid and file imports all come through here (a file import in
 * chunks). Checks the shape of each input, that the indicator exists and the
 * actor may see and write it, that the period is one of its frequency (or a
 * range of months), that the breakdown is one of its items, that the numbers
 * make sense together, that no figure is given twice, and that no published
 * period is changed without the right to correct it. Nothing is written;
 * problems come back as issues naming the row and field.
 */
export async function checkValueRows(
  db: Db,
  inputs: unknown[],
  context: RequestContext,
  options: CheckValueRowsOptions,
): Promise<ValueRowsCheck> {
  const check = await checkFigureRows(inputs, context, {
    ...options,
    findIndicators: (refs) => findIndicators(db, { refs }),
  });
  return withPublicationLocks(db, context, check, options.file);
}

/**
 * The rules of checkValueRows that need no database but the catalogue,
 * which `findIndicators` gives: a file import runs these in a worker
 * thread, as it reads, and the rest (withPublicationLocks) where the
 * database is.
 */
export async function checkFigureRows(
  inputs: unknown[],
  context: RequestContext,
  options: CheckValueRowsOptions & { findIndicators: (refs: string[]) => Promise<Indicator[]> },
): Promise<ValueRowsCheck> {
  const { rowNumber } = options;
  const file = options.file ? { file: options.file } : {};
  const { rows, issues } = validateAll(ValueInput, inputs, { ...file, rowNumber });
  const refs = [...new Set(rows.flatMap((r) => (r ? [r.ref] : [])))];
  const cache = options.indicatorCache ?? new Map<string, Indicator | null>();
  const unknown = refs.filter((ref) => !cache.has(ref));
  if (unknown.length) {
    const found = new Map((await options.findIndicators(unknown)).map((i) => [i.ref, i]));
    for (const ref of unknown) cache.set(ref, found.get(ref) ?? null);
  }
  const indicators = new Map(
    refs.flatMap((ref) => {
      const indicator = cache.get(ref);
      return indicator ? [[indicator.ref.toLowerCase(), indicator] as const] : [];
    }),
  );
  const refusedIndicators = new Set<string>();
  const values: CheckedValue[] = [];
  const rowNumbers: number[] = [];
  const seen = options.seen ?? new Map<string, number>();
  const source = options.file || '';

  // Each reference as written, once per batch: its indicator and whether the actor may write it (or why not).
  const byRef = new Map<string, Indicator | string>();
  const indicatorFor = (ref: string, note: (indicator: Indicator) => void): Indicator | string => {
    let found = byRef.get(ref);
    if (found === undefined) {
      const indicator = indicators.get(ref.toLowerCase());
      const resource = {
        organisationId: indicator?.organisationId ?? null,
        ownerUserId: indicator?.ownerUserId ?? null,
      };
      found = !indicator
        ? `no indicator has the reference "${ref}"`
        : !isAllowed(context, 'figures:read', resource)
          ? `no indicator has the reference "${ref}"`
          : !isAllowed(context, 'figures:write', resource)
            ? `you may not record figures for ${indicator.ref}: it is not one of yours`
            : indicator;
      byRef.set(ref, found);
    }
    if (typeof found === 'string') {
      const indicator = indicators.get(ref.toLowerCase());
      if (indicator) note(indicator);
    }
    return found;
  };
  const refuse = (indicator: Indicator) => refusedIndicators.add(indicator.ref);

  // One closure for the batch, not one per row: a file may bring hundreds of thousands of rows.
  let current = 0;
  // Periods and breakdowns repeat from row to row: each text is read once per batch (pure functions).
  const memo: RowMemo = { periods: new Map(), breakdowns: new Map() };
  const problem = (field: string, message: string) =>
    issues.push({ ...file, row: rowNumber(current), field, message });
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index];
    if (!row) continue;
    current = index;
    const indicator = indicatorFor(row.ref, refuse);
    if (typeof indicator === 'string') {
      problem('ref', indicator);
      continue;
    }
    const result = checkRow(indicator, row, problem, memo);
    if (!result) continue;
    const key = `${indicator.id}|${result.period}|${result.breakdown}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problem(
        'period',
        `row ${earlier} already gives a figure for ${indicator.ref}, ${result.period}${result.breakdown ? `, ${result.breakdown}` : ''}`,
      );
      continue;
    }
    const at = rowNumber(index);
    seen.set(key, at);
    const value: CheckedValue = {
      indicatorId: indicator.id,
      period: result.period,
      breakdown: result.breakdown,
      value: result.value,
      numerator: result.numerator,
      denominator: result.denominator,
      status: row.status ?? 'provisional',
      isStatusGiven: row.status !== undefined,
      source: row.source || source,
      enteredBy: context.actorName,
      reason: row.reason,
    };
    if (row.commentary) value.commentary = row.commentary;
    values.push(value);
    rowNumbers.push(at);
  }
  return { values, rowNumbers, issues, refusedIndicators, indicators };
}

/**
 * The last rule, which needs the database: a published period is locked,
 * so a change to it is a correction, with a reason, by the performance
 * team. Figures that break it are taken out of the check's values, with
 * an issue each (after the check's own).
 */
export async function withPublicationLocks<
  C extends Pick<ValueRowsCheck, 'values' | 'rowNumbers' | 'issues'>,
>(db: Db, context: RequestContext, check: C, fileName?: string): Promise<C> {
  const { values, rowNumbers, issues } = check;
  const locked = await lockedFigureProblems(db, context, values, isUnchanged);
  if (locked.size === 0) return check;
  for (const [index, message] of locked)
    issues.push({
      ...(fileName ? { file: fileName } : {}),
      row: rowNumbers[index]!,
      field: 'period',
      message,
    });
  return {
    ...check,
    values: values.filter((_, index) => !locked.has(index)),
    rowNumbers: rowNumbers.filter((_, index) => !locked.has(index)),
  };
}

/**
 * Whether a checked figure is the same as the current one: the same numbers,
 * and the same status (or no status given). Such a figure is left alone, so
 * recording the same figures twice changes nothing.
 */
export function isUnchanged(existing: CurrentValue | undefined, value: CheckedValue): boolean {
  return (
    existing !== undefined &&
    existing.value === value.value &&
    existing.numerator === value.numerator &&
    existing.denominator === value.denominator &&
    (existing.status === value.status || !value.isStatusGiven)
  );
}

/** The revisions to write for checked figures, given the current ones (by figureKey). */
export function planRevisions(
  values: CheckedValue[],
  current: Map<string, CurrentValue>,
): { changes: (CheckedValue & { revision: number; replaces: number | null })[]; unchanged: number } {
  const changes: (CheckedValue & { revision: number; replaces: number | null })[] = [];
  let unchanged = 0;
  for (const value of values) {
    const existing = current.get(figureKey(value));
    if (isUnchanged(existing, value)) {
      unchanged++;
      continue;
    }
    changes.push({ ...value, revision: (existing?.revision ?? 0) + 1, replaces: existing?.id ?? null });
  }
  return { changes, unchanged };
}

type Checked = Pick<NewValue, 'period' | 'breakdown' | 'value' | 'numerator' | 'denominator'>;

interface RowMemo {
  periods: Map<string, ReturnType<typeof parsePeriod>>;
  /** By indicator id, then the breakdown as written: the item codes and their key, or what is wrong. */
  breakdowns: Map<number, Map<string, { key: string } | string>>;
}

function checkRow(
  indicator: Indicator,
  row: ValueFields,
  problem: (field: string, message: string) => void,
  memo: RowMemo,
): Checked | null {
  let period = memo.periods.get(row.period);
  if (period === undefined) memo.periods.set(row.period, (period = parsePeriod(row.period)));
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
  let byIndicator = memo.breakdowns.get(indicator.id);
  if (!byIndicator) memo.breakdowns.set(indicator.id, (byIndicator = new Map()));
  let breakdown = byIndicator.get(row.breakdown);
  if (breakdown === undefined) {
    const dims = { row: indicator.rowDimension, column: indicator.columnDimension };
    const parsed = parseBreakdownKey(dims, row.breakdown);
    breakdown = typeof parsed === 'string' ? parsed : { key: breakdownKey(dims, parsed) };
    byIndicator.set(row.breakdown, breakdown);
  }
  if (typeof breakdown === 'string') {
    problem('breakdown', breakdown);
    return null;
  }
  const value = row.value ?? null;
  const numerator = row.numerator ?? null;
  const denominator = row.denominator ?? null;

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
    return { period: period.code, breakdown: breakdown.key, value, numerator: null, denominator: null };
  }

  if (numerator === null && denominator === null) {
    if (value === null) {
      problem('value', 'give a value, or a numerator and a denominator');
      return null;
    }
    return { period: period.code, breakdown: breakdown.key, value, numerator: null, denominator: null };
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
  return { period: period.code, breakdown: breakdown.key, value: computed, numerator, denominator };
}
