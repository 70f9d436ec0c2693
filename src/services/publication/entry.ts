import type { Kysely } from 'kysely';
import { breakdownKey } from '../../domain/breakdown.ts';
import { UNIT_LABELS } from '../../domain/indicator.ts';
import type { ItemState } from '../../domain/publication.ts';
import type { Period } from '../../domain/periods.ts';
import { writeAudit } from '../../db/repositories/audit.ts';
import { bumpDataVersion, findIndicators, type Indicator } from '../../db/repositories/catalogue.ts';
import { findPublicationPeriods } from '../../db/repositories/publication.ts';
import { findCommentary, findCurrentValues, saveCommentary } from '../../db/repositories/values.ts';
import type { Database } from '../../db/schema.ts';
import { AppError, invalid, type Issue } from '../../errors.ts';
import { requirePermission } from '../authorise.ts';
import type { RequestContext } from '../context.ts';
import type { ValueInput } from '../inputs.ts';
import { recordValues } from '../record-values.ts';
import { actOnItems } from './act-on-items.ts';
import { getCycle, mayWrite, parseMonth, todayInEngland } from './cycle.ts';
import { reopenChangedItems } from './locks.ts';

export type EntryPart = 'value' | 'numerator' | 'denominator';

/** One cell of the grid: a breakdown item (or the total) of one indicator, with an input per part. */
export interface EntryCell {
  /** The breakdown key ('' for the total). */
  breakdown: string;
  /** 'Total', 'EAST', 'Assessment Teams, EAST'. */
  label: string;
  inputs: { part: EntryPart; name: string; id: string; label: string; current: string }[];
}

export interface EntryItem {
  itemId: number;
  indicator: Indicator;
  period: Period;
  unitLabel: string;
  state: ItemState;
  stateLabel: string;
  /** The performance team's note when the item was returned. */
  note: string;
  cells: EntryCell[];
  commentary: { name: string; id: string; current: string };
}

export interface Entry {
  month: Period;
  dueOn: string;
  isOverdue: boolean;
  items: EntryItem[];
}

/** The periods open for entry, earliest first. */
export async function openMonths(db: Kysely<Database>): Promise<string[]> {
  return (await findPublicationPeriods(db))
    .filter((p) => p.publishedAt === null)
    .map((p) => p.month)
    .reverse();
}

/**
 * The data-entry grid for a period open for entry: every item of it the
 * person may write (an owner's own indicators, a partner's organisation's),
 * each indicator's total and breakdown items with their current figures,
 * and its commentary. With no month, the earliest open; null when none is.
 */
export async function getEntry(
  db: Kysely<Database>,
  request: { month?: string | undefined; today?: string },
  context: RequestContext,
): Promise<Entry | null> {
  requirePermission(context, 'figures:write');
  const code = request.month ?? (await openMonths(db))[0];
  if (!code) return null;
  const today = request.today ?? todayInEngland();
  const cycle = await getCycle(db, { month: code, today }, context);
  if (cycle.isPublished)
    throw new AppError(
      'conflict',
      `${cycle.month.label} is published and locked: a correction needs a reason, and is made by the performance team.`,
    );
  const mine = cycle.items.filter((i) => i.canSubmit);
  const indicators = new Map(
    (await findIndicators(db, { refs: mine.map((i) => i.indicator.ref) })).map((i) => [i.id, i]),
  );
  const ids = [...indicators.keys()];
  const periods = [...new Set(mine.map((i) => i.period.code))];
  const [values, commentary] = await Promise.all([
    findCurrentValues(db, ids, periods),
    findCommentary(db, ids, { periods, currentOnly: true }),
  ]);
  const items = mine.map((item): EntryItem => {
    const indicator = indicators.get(item.indicator.id)!;
    const current = (breakdown: string, part: EntryPart) => {
      const v = values.find(
        (x) => x.indicatorId === indicator.id && x.period === item.period.code && x.breakdown === breakdown,
      );
      const n = v?.[part] ?? null;
      return n === null ? '' : String(n);
    };
    return {
      itemId: item.id,
      indicator,
      period: item.period,
      unitLabel: UNIT_LABELS[indicator.unit],
      state: item.state,
      stateLabel: item.stateLabel,
      note: item.state === 'returned' ? item.note : '',
      cells: cellsOf(indicator, item.id).map((cell) => ({
        ...cell,
        inputs: cell.inputs.map((input) => ({ ...input, current: current(cell.breakdown, input.part) })),
      })),
      commentary: {
        name: `c:${item.id}`,
        id: `commentary-${item.id}`,
        current:
          commentary.find((c) => c.indicatorId === indicator.id && c.period === item.period.code)?.body ?? '',
      },
    };
  });
  return { month: cycle.month, dueOn: cycle.period.dueOn, isOverdue: today > cycle.period.dueOn, items };
}

/** The grid's cells for an indicator: each row group (row item, then the total) by the total and each column item. */
type BlankCell = Omit<EntryCell, 'inputs'> & { inputs: Omit<EntryCell['inputs'][number], 'current'>[] };

function cellsOf(indicator: Indicator, itemId: number): BlankCell[] {
  const dims = { row: indicator.rowDimension, column: indicator.columnDimension };
  const rows = [...(dims.row?.items ?? []).map((i) => ({ code: i.code, label: i.label })), null];
  const columns = [null, ...(dims.column?.items ?? []).map((i) => ({ code: i.code, label: i.label }))];
  const parts: EntryPart[] = indicator.isRatio ? ['numerator', 'denominator'] : ['value'];
  const partLabel = (part: EntryPart) =>
    part === 'numerator'
      ? indicator.numeratorLabel || 'Numerator'
      : part === 'denominator'
        ? indicator.denominatorLabel || 'Denominator'
        : indicator.valueLabel || 'Value';
  let index = 0;
  return rows.flatMap((row) =>
    columns.map((column) => {
      const breakdown = breakdownKey(dims, { row: row?.code ?? null, column: column?.code ?? null });
      const label = [row?.label, column?.label].filter(Boolean).join(', ') || 'Total';
      const cellIndex = index++;
      return {
        breakdown,
        label,
        inputs: parts.map((part) => ({
          part,
          name: `v:${itemId}:${cellIndex}:${part}`,
          id: `cell-${itemId}-${cellIndex}-${part}`,
          label: `${indicator.ref} ${label}: ${partLabel(part)}`,
        })),
      };
    }),
  );
}

export interface EntryResult {
  figures: { created: number; revised: number; unchanged: number };
  commentary: number;
  /** References submitted, when asked to submit. */
  submitted: string[];
  /** References not submitted for want of figures or commentary. */
  notSubmitted: string[];
}

/**
 * Saves the grid as posted: every figure typed (people's own way of writing
 * numbers: 1,218 or 93% or 93.0; blank for not yet known) goes through the
 * one write path, all or nothing, and each problem names its cell. A figure
 * already recorded cannot be blanked out, only corrected. Commentary is
 * saved with the figures. With `submit`, every item that then has figures
 * or commentary is submitted; items with neither are named and left as they are.
 */
export async function saveEntry(
  db: Kysely<Database>,
  request: { month: string; form: Record<string, unknown>; submit: boolean },
  context: RequestContext,
): Promise<EntryResult> {
  requirePermission(context, 'figures:write');
  const month = parseMonth(request.month);
  const entry = await getEntry(db, { month: month.code }, context);
  if (!entry) throw invalid('No period is open for entry.', []);
  const text = (name: string) => {
    const v = request.form[name];
    return typeof v === 'string' ? v.trim() : '';
  };

  const rows: ValueInput[] = [];
  /** For each row sent, the grid cell it came from and the input first typed in. */
  const cellOfRow: { cell: EntryCell; typedId: string }[] = [];
  const issues: Issue[] = [];
  const commentaryOnly: EntryItem[] = [];
  for (const item of entry.items) {
    const commentary = text(item.commentary.name);
    const changesCommentary = commentary !== item.commentary.current;
    let first = true;
    for (const cell of item.cells) {
      const typed = Object.fromEntries(cell.inputs.map((i) => [i.part, text(i.name)]));
      const isBlank = cell.inputs.every((i) => typed[i.part] === '');
      if (isBlank) {
        const had = cell.inputs.find((i) => i.current !== '');
        if (had)
          issues.push({
            field: had.id,
            message: `${had.label}: a figure already recorded cannot be removed, only corrected (it was ${had.current})`,
          });
        continue;
      }
      rows.push({
        ref: item.indicator.ref,
        period: item.period.code,
        breakdown: cell.breakdown,
        ...typed,
        ...(first && changesCommentary && commentary ? { commentary } : {}),
      });
      cellOfRow.push({
        cell,
        typedId: (cell.inputs.find((i) => typed[i.part] !== '') ?? cell.inputs[0]!).id,
      });
      first = false;
    }
    if (first && changesCommentary && commentary) commentaryOnly.push(item);
    if (!commentary && item.commentary.current) {
      issues.push({
        field: item.commentary.id,
        message: `${item.indicator.ref} commentary: cannot be removed once written; write what should replace it`,
      });
    }
  }
  if (issues.length)
    throw invalid(
      `${issues.length} problem${issues.length === 1 ? '' : 's'} found; nothing was saved.`,
      issues,
    );

  let figures = { created: 0, revised: 0, unchanged: 0, commentary: 0 };
  if (rows.length) {
    try {
      figures = await recordValues(db, rows, context);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'validation') throw error;
      throw invalid(
        error.message,
        error.issues.map((issue) => {
          const source = issue.row !== undefined ? cellOfRow[issue.row - 1] : undefined;
          if (!source) return issue;
          const input =
            source.cell.inputs.find((i) => i.part === issue.field) ??
            source.cell.inputs.find((i) => i.id === source.typedId)!;
          const label = source.cell.inputs.some((i) => i.part === issue.field)
            ? input.label
            : input.label.replace(/: [^:]*$/, '');
          return { field: input.id, message: `${label}: ${issue.message}` };
        }),
      );
    }
  }
  let commentaryCount = figures.commentary;
  if (commentaryOnly.length) {
    commentaryCount += await saveCommentaryAlone(
      db,
      commentaryOnly.map((item) => ({ item, body: text(item.commentary.name) })),
      context,
    );
  }

  const result: EntryResult = {
    figures: { created: figures.created, revised: figures.revised, unchanged: figures.unchanged },
    commentary: commentaryCount,
    submitted: [],
    notSubmitted: [],
  };
  if (request.submit) {
    const after = await getEntry(db, { month: month.code }, context);
    const ready = after!.items.filter((i) => i.state === 'draft' || i.state === 'returned');
    result.notSubmitted = after!.items.filter((i) => i.state === 'no_data').map((i) => i.indicator.ref);
    if (ready.length) {
      await actOnItems(
        db,
        { month: month.code, action: 'submit', itemIds: ready.map((i) => i.itemId) },
        context,
      );
      result.submitted = ready.map((i) => i.indicator.ref);
    }
  }
  return result;
}

/** Commentary for items with no figures yet (the figures are not known, the commentary says why). */
async function saveCommentaryAlone(
  db: Kysely<Database>,
  entries: { item: EntryItem; body: string }[],
  context: RequestContext,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const changed: { indicatorId: number; period: string }[] = [];
    for (const { item, body } of entries) {
      if (!mayWrite(context, item.indicator)) continue;
      const isSaved = await saveCommentary(trx, {
        indicatorId: item.indicator.id,
        period: item.period.code,
        body,
        author: context.actorName,
      });
      if (isSaved) changed.push({ indicatorId: item.indicator.id, period: item.period.code });
    }
    if (!changed.length) return 0;
    await reopenChangedItems(trx, context, changed);
    await bumpDataVersion(trx);
    await writeAudit(trx, context, {
      action: 'values.commentary',
      entityType: 'commentary',
      entityId: entries
        .map((e) => e.item.indicator.ref)
        .join(', ')
        .slice(0, 500),
      after: entries.map((e) => ({ ref: e.item.indicator.ref, period: e.item.period.code, body: e.body })),
      detail: `${changed.length} commentary saved without figures`,
    });
    return changed.length;
  });
}
