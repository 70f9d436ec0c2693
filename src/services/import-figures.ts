import { rm, stat } from 'node:fs/promises';
import { sql, type Kysely, type Selectable } from 'kysely';
import { AppError, notFound, type Issue } from '../errors.ts';
import { writeAudit } from '../db/repositories/audit.ts';
import { bumpDataVersion, findIndicators, readDataVersion, type Db } from '../db/repositories/catalogue.ts';
import { findCurrentFiguresAt, type CurrentValue } from '../db/repositories/values.ts';
import { pgArray } from '../db/pg-array.ts';
import type { Database, ImportsTable } from '../db/schema.ts';
import type { FileSummary } from '../import/read-figures-file.ts';
import { checkFiguresFile, type CheckedBatch } from './check-figures-file.ts';
import { isAllowed, requirePermission } from './authorise.ts';
import type { RequestContext } from './context.ts';
import { figureKey, isUnchanged, withPublicationLocks, type CheckedValue } from './record-values.ts';

/**
 * Importing figures from a file: read → check → preview → commit, and
 * rollback. One import is one row of `imports`, from the upload to its end:
 *
 * - reading: the file is read as a stream, a few thousand rows at a time;
 *   each batch is checked by the same rules as every other way of recording
 *   figures (checkValueRows in record-values.ts), compared with the current
 *   figures, and the figures that would change are staged in import_rows
 *   with the revision each would replace. Nothing else is written.
 * - ready (the preview): counts of new, changed, unchanged and refused rows.
 *   Any refused row refuses the whole file (status refused; staged rows are
 *   removed): nothing from it is stored. A file whose every figure is
 *   already recorded exactly so ends as "unchanged", with nothing to commit.
 * - committed: the staged rows, exactly as previewed, become revisions in
 *   one transaction, each carrying the import's id. If any figure changed
 *   after the preview (someone else recorded it), the commit is refused and
 *   the file must be previewed again.
 * - rolled_back: new revisions restore each figure's previous revision. A
 *   figure the import created is withdrawn: a revision with no value. The
 *   rollback is refused if a later change has superseded any of the
 *   import's figures or commentary, naming them. History is never erased.
 */

/** Issues kept with an import for the person to read; the count of all is kept too. */
const KEPT_PROBLEMS = 500;
/** Rows shown per table (new, changed) on an import's page. */
const SHOWN_ROWS = 100;
/** Staged rows moved into indicator_values per statement when committing. */
const COMMIT_CHUNK = 100_000;
/** A reading import not heard of for this long was interrupted (the server stopped). */
const STALE_READING_MS = 2 * 60_000;

export type ImportStatus =
  'reading' | 'ready' | 'refused' | 'unchanged' | 'committed' | 'rolled_back' | 'failed';

export interface ImportProgress {
  phase: 'reading' | 'committing' | 'rolling back';
  /** 0 to 1, as far as known. */
  fraction: number;
  text: string;
}

export interface ImportSummary {
  id: number;
  fileName: string;
  sha256: string;
  bytes: number;
  format: string;
  sheet: string;
  encoding: string;
  status: ImportStatus;
  createdBy: string;
  createdByUserId: number | null;
  createdAt: Date;
  rowsRead: number;
  newCount: number;
  changedCount: number;
  unchangedCount: number;
  refusedCount: number;
  commentaryCount: number;
  problemCount: number;
  committedAt: Date | null;
  committedBy: string | null;
  rolledBackAt: Date | null;
  rolledBackBy: string | null;
}

export interface StagedRow {
  /** The row in the file (known while previewed; a committed import's staged rows are gone). */
  row: number | null;
  ref: string;
  period: string;
  breakdown: string;
  outcome: 'new' | 'changed' | 'commentary';
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  status: string;
  oldValue: number | null;
  oldNumerator: number | null;
  oldDenominator: number | null;
  oldStatus: string | null;
  commentary: string | null;
}

export interface ImportDetail extends ImportSummary {
  problems: Issue[];
  notes: string[];
  /** The first staged rows of each kind (up to 100 each). */
  changedRows: StagedRow[];
  newRows: StagedRow[];
  progress: ImportProgress | null;
  /** Whether the person looking may commit it now, or roll it back. */
  canCommit: boolean;
  canRollBack: boolean;
}

export interface ImportOptions {
  /** Where each import's progress lines go (the CLI prints them; a server may log them). */
  log?: (line: string) => void;
  /** Files of this size and more are read and checked in a worker thread (default WORKER_FROM_BYTES; tests set 0). */
  workerFromBytes?: number;
}

export interface UploadedFile {
  /** Where the file is on disk. */
  path: string;
  /** Its name as the person knows it, used in every message. */
  fileName: string;
  /** Remove the file once read (an upload's temporary copy). */
  isTemporary?: boolean;
}

export interface PreviewOptions {
  /** The worksheet to read, for a workbook with several. */
  sheet?: string;
  onProgress?: (progress: ImportProgress) => void;
}

const isSeeingAll = (context: RequestContext) =>
  context.actor === null ||
  context.actor.role === 'administrator' ||
  context.actor.role === 'performance_officer';

export function createImportServices(db: Kysely<Database>, options: ImportOptions = {}) {
  const log =
    options.log ??
    (process.env.IMPORT_LOG === 'stderr' ? (line: string) => process.stderr.write(`${line}\n`) : () => {});
  const progress = new Map<number, ImportProgress>();
  const running = new Set<Promise<unknown>>();
  /** Embedded PGlite loads staged rows with COPY (ten times faster there); a server takes them by unnest. */
  let embedded: Promise<boolean> | null = null;
  const isEmbedded = () =>
    (embedded ??= sql<{ v: string }>`SELECT version() AS v`
      .execute(db)
      .then((r) => /emscripten|PGlite/i.test(r.rows[0]?.v ?? '')));

  function setProgress(id: number, value: ImportProgress | null, onProgress?: (p: ImportProgress) => void) {
    if (value) {
      progress.set(id, value);
      onProgress?.(value);
    } else progress.delete(id);
  }

  async function findVisible(id: number, context: RequestContext) {
    requirePermission(context, 'figures:write');
    const row = Number.isSafeInteger(id)
      ? await db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst()
      : undefined;
    if (!row || (!isSeeingAll(context) && row.created_by_user_id !== context.actor?.userId))
      throw notFound(`There is no import ${id}.`);
    return row;
  }

  async function create(file: UploadedFile, context: RequestContext): Promise<number> {
    requirePermission(context, 'figures:write');
    const { id } = await db
      .insertInto('imports')
      .values({
        file_name: file.fileName.slice(0, 255),
        file_sha256: '',
        file_bytes: 0,
        status: 'reading',
        created_by_user_id: context.actor?.userId ?? null,
        created_by: context.actorName,
        channel: context.channel,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  async function read(id: number, file: UploadedFile, context: RequestContext, preview: PreviewOptions) {
    try {
      return await readAndStage(db, id, file, context, {
        ...preview,
        isEmbedded: await isEmbedded(),
        ...(options.workerFromBytes !== undefined ? { workerFromBytes: options.workerFromBytes } : {}),
        onProgress: (p) => setProgress(id, p, preview.onProgress),
        log,
      });
    } catch (error) {
      log(`import ${id}: failed: ${String(error)}`);
      await db.deleteFrom('import_rows').where('import_id', '=', id).execute();
      await db
        .updateTable('imports')
        .set({
          status: 'failed',
          updated_at: new Date(),
          problems: JSON.stringify([
            {
              file: file.fileName,
              field: '',
              message:
                'Something went wrong while reading the file, so nothing was imported. Try again; if it happens again, tell the performance team.',
            },
          ]),
          problem_count: 1,
        })
        .where('id', '=', id)
        .execute();
      throw error;
    } finally {
      setProgress(id, null);
      if (file.isTemporary) await rm(file.path, { force: true });
    }
  }

  return {
    /**
     * Starts reading a file in the background and returns its import's id
     * at once; the import's page shows the progress until the preview is ready.
     */
    async begin(file: UploadedFile, context: RequestContext, preview: PreviewOptions = {}): Promise<number> {
      const id = await create(file, context);
      setProgress(id, { phase: 'reading', fraction: 0, text: 'Starting' });
      const job = read(id, file, context, preview).catch(() => undefined);
      running.add(job);
      void job.finally(() => running.delete(job));
      return id;
    },

    /** Reads and checks a file to its end, then returns the preview (the CLI, tests). */
    async preview(
      file: UploadedFile,
      context: RequestContext,
      preview: PreviewOptions = {},
    ): Promise<ImportDetail> {
      const id = await create(file, context);
      await read(id, file, context, preview);
      return this.detail(id, context);
    },

    /** Resolves when every import started with begin() has finished reading (tests, shutdown). */
    async whenIdle(): Promise<void> {
      while (running.size) await Promise.all([...running]);
    },

    async list(context: RequestContext, limit = 100): Promise<ImportSummary[]> {
      requirePermission(context, 'figures:write');
      let query = db.selectFrom('imports').selectAll().orderBy('id', 'desc').limit(limit);
      if (!isSeeingAll(context)) query = query.where('created_by_user_id', '=', context.actor?.userId ?? -1);
      return (await query.execute()).map((row) => summaryOf(row, progress.has(row.id)));
    },

    async detail(id: number, context: RequestContext): Promise<ImportDetail> {
      const row = await findVisible(id, context);
      const summary = summaryOf(row, progress.has(row.id));
      // The first rows of the (unindexed) staging table, then their references: joining first makes the
      // planner scan the staged rows once per indicator.
      const staged = (outcome: string[]) =>
        sql<Parameters<typeof stagedRowOf>[0]>`
          WITH r AS MATERIALIZED (
            SELECT * FROM import_rows
            WHERE import_id = ${id} AND outcome IN (${sql.join(outcome)})
            ORDER BY row_number
            LIMIT ${SHOWN_ROWS})
          SELECT r.row_number, i.ref, r.period, r.breakdown, r.outcome, r.value, r.numerator, r.denominator,
            r.status, r.old_value, r.old_numerator, r.old_denominator, r.old_status, r.commentary
          FROM r JOIN indicators i ON i.id = r.indicator_id
          ORDER BY r.row_number`
          .execute(db)
          .then((result) => result.rows);
      const written = (isNew: boolean) =>
        sql<Parameters<typeof stagedRowOf>[0]>`
          SELECT NULL AS row_number, i.ref, v.period, v.breakdown,
            CASE WHEN p.id IS NULL THEN 'new' ELSE 'changed' END AS outcome,
            v.value, v.numerator, v.denominator, v.status,
            p.value AS old_value, p.numerator AS old_numerator, p.denominator AS old_denominator, p.status AS old_status,
            NULL AS commentary
          FROM indicator_values v
          JOIN indicators i ON i.id = v.indicator_id
          LEFT JOIN indicator_values p
            ON p.indicator_id = v.indicator_id AND p.period = v.period AND p.breakdown = v.breakdown
           AND p.revision = v.revision - 1
          WHERE v.import_id = ${id} AND (p.id IS NULL) = ${isNew}
          ORDER BY v.id
          LIMIT ${SHOWN_ROWS}`
          .execute(db)
          .then((r) => r.rows);
      // Staged rows go once committed: a committed import's figures are read from the revisions it wrote.
      const isWritten = summary.status === 'committed' || summary.status === 'rolled_back';
      const [changed, created] = await Promise.all(
        isWritten ? [written(false), written(true)] : [staged(['changed', 'commentary']), staged(['new'])],
      );
      const mayWrite = context.actor === null || row.created_by_user_id === context.actor.userId;
      return {
        ...summary,
        problems: (row.problems as Issue[]) ?? [],
        notes: (row.notes as string[]) ?? [],
        changedRows: changed.map(stagedRowOf),
        newRows: created.map(stagedRowOf),
        progress: progress.get(id) ?? null,
        canCommit: summary.status === 'ready' && mayWrite && !progress.has(id),
        canRollBack: summary.status === 'committed' && !progress.has(id),
      };
    },

    /**
     * Applies a preview exactly as it was shown, in one transaction: all of
     * it or, if anything fails (or the process stops), none of it.
     */
    async commit(
      id: number,
      context: RequestContext,
      commitOptions: { onProgress?: (p: ImportProgress) => void } = {},
    ): Promise<ImportSummary> {
      const row = await findVisible(id, context);
      if (context.actor !== null && row.created_by_user_id !== context.actor.userId)
        throw new AppError('forbidden', 'Only the person who uploaded a file can commit it.');
      if (progress.has(id)) throw new AppError('conflict', `Import ${id} is busy: wait for it to finish.`);
      setProgress(id, { phase: 'committing', fraction: 0, text: 'Starting' }, commitOptions.onProgress);
      try {
        await commitImport(db, id, context, {
          onProgress: (p) => setProgress(id, p, commitOptions.onProgress),
          log,
          isEmbedded: await isEmbedded(),
        });
      } finally {
        setProgress(id, null);
      }
      return summaryOf(
        await db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
        false,
      );
    },

    /** Restores the figures an import changed to what they were before it, by new revisions. */
    async rollback(id: number, context: RequestContext): Promise<ImportSummary> {
      await findVisible(id, context);
      if (progress.has(id)) throw new AppError('conflict', `Import ${id} is busy: wait for it to finish.`);
      setProgress(id, { phase: 'rolling back', fraction: 0, text: 'Rolling back' });
      try {
        await rollbackImport(db, id, context);
      } finally {
        setProgress(id, null);
      }
      return summaryOf(
        await db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
        false,
      );
    },
  };
}

export type ImportServices = ReturnType<typeof createImportServices>;

type ImportRow = Selectable<ImportsTable>;

function summaryOf(row: ImportRow, isRunningHere: boolean): ImportSummary {
  const isInterrupted =
    row.status === 'reading' &&
    !isRunningHere &&
    Date.now() - new Date(row.updated_at).getTime() > STALE_READING_MS;
  return {
    id: row.id,
    fileName: row.file_name,
    sha256: row.file_sha256,
    bytes: row.file_bytes,
    format: row.format,
    sheet: row.sheet,
    encoding: row.encoding,
    status: isInterrupted ? 'failed' : (row.status as ImportStatus),
    createdBy: row.created_by,
    createdByUserId: row.created_by_user_id,
    createdAt: row.created_at,
    rowsRead: row.rows_read,
    newCount: row.new_count,
    changedCount: row.changed_count,
    unchangedCount: row.unchanged_count,
    refusedCount: row.refused_count,
    commentaryCount: row.commentary_count,
    problemCount: row.problem_count,
    committedAt: row.committed_at,
    committedBy: row.committed_by,
    rolledBackAt: row.rolled_back_at,
    rolledBackBy: row.rolled_back_by,
  };
}

function stagedRowOf(r: {
  row_number: number | null;
  ref: string;
  period: string;
  breakdown: string;
  outcome: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  status: string;
  old_value: number | null;
  old_numerator: number | null;
  old_denominator: number | null;
  old_status: string | null;
  commentary: string | null;
}): StagedRow {
  return {
    row: r.row_number,
    ref: r.ref,
    period: r.period,
    breakdown: r.breakdown,
    outcome: r.outcome as StagedRow['outcome'],
    value: r.value,
    numerator: r.numerator,
    denominator: r.denominator,
    status: r.status,
    oldValue: r.old_value,
    oldNumerator: r.old_numerator,
    oldDenominator: r.old_denominator,
    oldStatus: r.old_status,
    commentary: r.commentary,
  };
}

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/* ───────────────────────────── reading and staging ───────────────────────────── */

interface Staging {
  rows: number[];
  indicatorIds: number[];
  periods: string[];
  breakdowns: string[];
  values: (number | null)[];
  numerators: (number | null)[];
  denominators: (number | null)[];
  statuses: string[];
  sources: string[];
  reasons: string[];
  outcomes: string[];
  commentary: (string | null)[];
  replaces: (number | null)[];
  revisions: number[];
  oldValues: (number | null)[];
  oldNumerators: (number | null)[];
  oldDenominators: (number | null)[];
  oldStatuses: (string | null)[];
}

const emptyStaging = (): Staging => ({
  rows: [],
  indicatorIds: [],
  periods: [],
  breakdowns: [],
  values: [],
  numerators: [],
  denominators: [],
  statuses: [],
  sources: [],
  reasons: [],
  outcomes: [],
  commentary: [],
  replaces: [],
  revisions: [],
  oldValues: [],
  oldNumerators: [],
  oldDenominators: [],
  oldStatuses: [],
});

async function readAndStage(
  db: Kysely<Database>,
  id: number,
  file: UploadedFile,
  context: RequestContext,
  options: PreviewOptions & { log: (line: string) => void; isEmbedded: boolean; workerFromBytes?: number },
): Promise<void> {
  const started = Date.now();
  const kept: Issue[] = [];
  let problemCount = 0;
  const refusedRows = new Set<number>();
  const refusedIndicators = new Set<string>();
  const dataVersion = await readDataVersion(db);
  /** The row that gave each indicator and period's commentary, and its text. */
  const commentaryGiven = new Map<string, { row: number; body: string }>();
  const counts = { new: 0, changed: 0, unchanged: 0, commentary: 0, rows: 0 };
  let bytes = 0;
  let lastReport = 0;

  const addIssue = (issue: Issue) => {
    problemCount++;
    if (issue.row !== undefined) refusedRows.add(issue.row);
    if (kept.length < KEPT_PROBLEMS) kept.push(issue);
  };

  const report = async (bytesRead: number, force = false) => {
    const fraction = bytes ? Math.min(1, bytesRead / bytes) : 0;
    options.onProgress?.({
      phase: 'reading',
      fraction,
      text: `${plural(counts.rows, 'row')} read (${Math.round(fraction * 100)}%)`,
    });
    if (force || Date.now() - lastReport > 500) {
      lastReport = Date.now();
      options.log(`import ${id}: read ${counts.rows} rows, ${Math.round(fraction * 100)}%`);
      await db
        .updateTable('imports')
        .set({ bytes_read: bytesRead, rows_read: counts.rows, updated_at: new Date() })
        .where('id', '=', id)
        .execute();
    }
  };
  let bytesRead = 0;

  const onBatch = async (batch: CheckedBatch) => {
    counts.rows += batch.rowsRead;
    for (const issue of batch.issues) addIssue(issue);
    for (const ref of batch.refusedIndicators) refusedIndicators.add(ref);
    const located = (issue: Issue): Issue => ({
      ...issue,
      ...(batch.sheet !== undefined ? { sheet: batch.sheet } : {}),
      ...(batch.columns[issue.field as keyof CheckedBatch['columns']]
        ? { column: batch.columns[issue.field as keyof CheckedBatch['columns']] }
        : {}),
    });
    const lockIssues: Issue[] = [];
    const check = await withPublicationLocks(
      db,
      context,
      { values: batch.values, rowNumbers: batch.rowNumbers, issues: lockIssues },
      file.fileName,
    );
    for (const issue of lockIssues) addIssue(located(issue));

    // Commentary is one per indicator and period: rows giving different commentary for one are refused.
    const commentaryRows: { index: number; value: CheckedValue }[] = [];
    check.values.forEach((value, index) => {
      if (value.commentary === undefined) return;
      const key = `${value.indicatorId}|${value.period}`;
      const earlier = commentaryGiven.get(key);
      if (!earlier) {
        commentaryGiven.set(key, { row: check.rowNumbers[index]!, body: value.commentary });
        commentaryRows.push({ index, value });
      } else if (earlier.body !== value.commentary) {
        addIssue(
          located({
            file: file.fileName,
            row: check.rowNumbers[index]!,
            field: 'commentary',
            message: `row ${earlier.row} gives different commentary for the same indicator and period: commentary is one per indicator and period, so give it once (or the same in each row).`,
          }),
        );
      }
    });
    if (problemCount > 0) {
      await report(bytesRead);
      return; // The file will be refused: go on checking, stage nothing more.
    }

    const current = await currentValues(db, check.values);
    const currentCommentary = await currentCommentaryOf(
      db,
      commentaryRows.map((c) => c.value),
    );
    const newCommentary = new Set<number>();
    for (const { index, value } of commentaryRows) {
      if (currentCommentary.get(`${value.indicatorId}|${value.period}`) !== value.commentary) {
        newCommentary.add(index);
        counts.commentary++;
      }
    }

    const staging = emptyStaging();
    const stage = (
      index: number,
      value: CheckedValue,
      outcome: string,
      existing: CurrentValue | undefined,
    ) => {
      staging.rows.push(check.rowNumbers[index]!);
      staging.indicatorIds.push(value.indicatorId);
      staging.periods.push(value.period);
      staging.breakdowns.push(value.breakdown);
      staging.values.push(value.value);
      staging.numerators.push(value.numerator);
      staging.denominators.push(value.denominator);
      staging.statuses.push(value.status);
      staging.sources.push(value.source);
      staging.reasons.push(value.reason);
      staging.outcomes.push(outcome);
      staging.commentary.push(newCommentary.size && newCommentary.has(index) ? value.commentary! : null);
      staging.replaces.push(existing?.id ?? null);
      staging.revisions.push((existing?.revision ?? 0) + 1);
      staging.oldValues.push(existing?.value ?? null);
      staging.oldNumerators.push(existing?.numerator ?? null);
      staging.oldDenominators.push(existing?.denominator ?? null);
      staging.oldStatuses.push(existing?.status ?? null);
    };
    // As planRevisions decides, row by row: a figure the same as the current one is left alone.
    for (let index = 0; index < check.values.length; index++) {
      const value = check.values[index]!;
      const existing = current.size ? current.get(figureKey(value)) : undefined;
      if (!isUnchanged(existing, value)) {
        stage(index, value, existing ? 'changed' : 'new', existing);
        if (existing) counts.changed++;
        else counts.new++;
      } else {
        counts.unchanged++;
        if (newCommentary.size && newCommentary.has(index)) stage(index, value, 'commentary', existing);
      }
    }
    await insertStaged(db, id, staging, options.isEmbedded);
    await report(bytesRead);
  };

  bytes = (await stat(file.path)).size;
  const summary: FileSummary = await checkFiguresFile(
    {
      path: file.path,
      fileName: file.fileName,
      batchSize: 10_000,
      ...(options.sheet ? { sheet: options.sheet } : {}),
    },
    context,
    {
      findIndicators: (refs) => findIndicators(db, { refs }),
      onBatch,
      onProgress: (n) => {
        bytesRead = n;
      },
    },
    options.workerFromBytes !== undefined ? { workerFromBytes: options.workerFromBytes } : {},
  );
  for (const issue of summary.issues) addIssue(issue);

  if (refusedIndicators.size)
    await writeAudit(db, context, {
      action: 'values.record',
      outcome: 'denied',
      detail: `no permission to record figures for ${[...refusedIndicators].join(', ')} (file ${file.fileName}, import ${id})`,
    });

  const notes = [...summary.notes];
  if (summary.emptyRows)
    notes.push(
      `${plural(summary.emptyRows, 'row')} named a figure but gave no value (left blank for later), and ${summary.emptyRows === 1 ? 'was' : 'were'} skipped.`,
    );
  if (summary.sha256) {
    const earlier = await db
      .selectFrom('imports')
      .select(['id', 'created_at', 'created_by'])
      .where('file_sha256', '=', summary.sha256)
      .where('id', '<>', id)
      .where('status', 'in', ['committed', 'rolled_back'])
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (earlier)
      notes.push(
        `The same file (the same SHA-256) was imported before: import ${earlier.id}, by ${earlier.created_by} on ${new Date(earlier.created_at).toLocaleString('en-GB', { timeZone: 'Europe/London' })}.`,
      );
  }
  const isRefused = problemCount > 0;
  if (isRefused) await db.deleteFrom('import_rows').where('import_id', '=', id).execute();
  const hasChanges = counts.new + counts.changed + counts.commentary > 0;
  const status: ImportStatus = isRefused ? 'refused' : hasChanges ? 'ready' : 'unchanged';
  if (status === 'unchanged')
    notes.push(
      `Nothing to import: ${counts.unchanged === 1 ? 'the figure in this file is' : `all ${plural(counts.unchanged, 'figure')} in this file are`} already recorded exactly so.`,
    );
  await db
    .updateTable('imports')
    .set({
      status,
      file_sha256: summary.sha256,
      file_bytes: summary.bytes,
      format: summary.format ?? '',
      sheet: summary.sheet,
      encoding: summary.encoding,
      bytes_read: summary.bytes,
      rows_read: counts.rows,
      new_count: isRefused ? 0 : counts.new,
      changed_count: isRefused ? 0 : counts.changed,
      unchanged_count: isRefused ? 0 : counts.unchanged,
      commentary_count: isRefused ? 0 : counts.commentary,
      refused_count: refusedRows.size,
      problems: JSON.stringify(kept.sort((a, b) => (a.row ?? 0) - (b.row ?? 0))),
      problem_count: problemCount,
      notes: JSON.stringify(notes),
      data_version: dataVersion,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
  options.log(
    `import ${id}: ${status} after ${((Date.now() - started) / 1000).toFixed(1)} s: ${counts.rows} rows, ${counts.new} new, ${counts.changed} changed, ${counts.unchanged} unchanged, ${refusedRows.size} refused rows, ${problemCount} problems`,
  );
}

/**
 * The current figures for these checked ones (matched by indicator, period and breakdown).
 * Most files bring a new month's figures: the batch's indicators and periods are looked up first
 * (a few hundred of each), and the figures one by one only where any is recorded.
 */
async function currentValues(db: Db, values: CheckedValue[]): Promise<Map<string, CurrentValue>> {
  if (values.length === 0) return new Map();
  const recorded = await sql<{ indicator_id: number; period: string }>`
    SELECT DISTINCT indicator_id, period FROM indicator_values
    WHERE is_current AND indicator_id = ANY(${pgArray([...new Set(values.map((v) => v.indicatorId))])}::int[])
      AND period = ANY(${pgArray([...new Set(values.map((v) => v.period))])}::text[])`.execute(db);
  if (recorded.rows.length === 0) return new Map();
  const places = new Set(recorded.rows.map((r) => `${r.indicator_id}|${r.period}`));
  const wanted = values.filter((v) => places.has(`${v.indicatorId}|${v.period}`));
  return new Map((await findCurrentFiguresAt(db, wanted)).map((value) => [figureKey(value), value]));
}

/** The current commentary of these indicators and periods, by "indicatorId|period". */
async function currentCommentaryOf(db: Db, values: CheckedValue[]): Promise<Map<string, string>> {
  if (values.length === 0) return new Map();
  const result = await sql<{ indicator_id: number; period: string; body: string }>`
    SELECT c.indicator_id, c.period, c.body
    FROM commentary c
    JOIN unnest(${values.map((v) => v.indicatorId)}::int[], ${values.map((v) => v.period)}::text[]) AS k (indicator_id, period)
      ON c.indicator_id = k.indicator_id AND c.period = k.period
    WHERE c.is_current`.execute(db);
  return new Map(result.rows.map((r) => [`${r.indicator_id}|${r.period}`, r.body]));
}

async function insertStaged(db: Db, id: number, s: Staging, isEmbedded: boolean): Promise<void> {
  if (s.rows.length === 0) return;
  if (isEmbedded) {
    const text = (v: string | null) =>
      v === null
        ? '\\N'
        : !/[\\\t\n\r]/.test(v)
          ? v
          : v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
    const num = (v: number | null) => (v === null ? '\\N' : String(v));
    const lines: string[] = [];
    for (let i = 0; i < s.rows.length; i++) {
      lines.push(
        [
          String(id),
          String(s.rows[i]),
          String(s.indicatorIds[i]),
          text(s.periods[i]!),
          text(s.breakdowns[i]!),
          num(s.values[i]!),
          num(s.numerators[i]!),
          num(s.denominators[i]!),
          text(s.statuses[i]!),
          text(s.sources[i]!),
          text(s.reasons[i]!),
          text(s.outcomes[i]!),
          text(s.commentary[i]!),
          num(s.replaces[i]!),
          String(s.revisions[i]),
          num(s.oldValues[i]!),
          num(s.oldNumerators[i]!),
          num(s.oldDenominators[i]!),
          text(s.oldStatuses[i]!),
        ].join('\t'),
      );
    }
    const blob = new Blob([`${lines.join('\n')}\n`]);
    // The data travels as the one parameter; the placeholder sits in a comment (see src/db/client.ts).
    await sql`COPY import_rows (import_id, row_number, indicator_id, period, breakdown, value, numerator, denominator,
      status, source, reason, outcome, commentary, replaces, revision, old_value, old_numerator, old_denominator, old_status)
      FROM '/dev/blob' /* ${blob} */`.execute(db);
    return;
  }
  const a = pgArray;
  await sql`
    INSERT INTO import_rows (import_id, row_number, indicator_id, period, breakdown, value, numerator, denominator,
      status, source, reason, outcome, commentary, replaces, revision, old_value, old_numerator, old_denominator, old_status)
    SELECT ${id}, * FROM unnest(${a(s.rows)}::int[], ${a(s.indicatorIds)}::int[], ${a(s.periods)}::text[],
      ${a(s.breakdowns)}::text[], ${a(s.values)}::numeric[], ${a(s.numerators)}::numeric[], ${a(s.denominators)}::numeric[],
      ${a(s.statuses)}::text[], ${a(s.sources)}::text[], ${a(s.reasons)}::text[], ${a(s.outcomes)}::text[],
      ${a(s.commentary)}::text[], ${a(s.replaces)}::bigint[], ${a(s.revisions)}::int[], ${a(s.oldValues)}::numeric[],
      ${a(s.oldNumerators)}::numeric[], ${a(s.oldDenominators)}::numeric[], ${a(s.oldStatuses)}::text[])`.execute(
    db,
  );
}

/* ───────────────────────────── commit ───────────────────────────── */

async function commitImport(
  db: Kysely<Database>,
  id: number,
  context: RequestContext,
  options: { onProgress: (p: ImportProgress) => void; log: (line: string) => void; isEmbedded: boolean },
): Promise<void> {
  const started = Date.now();
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('imports')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (row.status !== 'ready') throw new AppError('conflict', whyNotReady(row.status, id));

    // Nothing written since the preview began (one number says so): no figure can have changed.
    const isUntouched =
      row.data_version !== null && (await readDataVersion(trx)) === Number(row.data_version);
    const stale = isUntouched
      ? { rows: [] }
      : await sql<{
          row_number: number;
          ref: string;
          period: string;
          breakdown: string;
          entered_by: string | null;
        }>`
      SELECT r.row_number, i.ref, r.period, r.breakdown, v.entered_by
      FROM import_rows r
      JOIN indicators i ON i.id = r.indicator_id
      LEFT JOIN indicator_values v
        ON v.indicator_id = r.indicator_id AND v.period = r.period AND v.breakdown = r.breakdown AND v.is_current
      WHERE r.import_id = ${id} AND v.id IS DISTINCT FROM r.replaces
      ORDER BY r.row_number
      LIMIT 5`.execute(trx);
    if (stale.rows.length)
      throw new AppError(
        'conflict',
        `Some figures changed after this file was previewed, so it was not imported: ${stale.rows
          .map(
            (s) =>
              `row ${s.row_number} (${describeFigure(s)}${s.entered_by ? `, since recorded by ${s.entered_by}` : ''})`,
          )
          .join('; ')}. Upload the file again to see a new preview.`,
      );

    const { rows: total } = await trx
      .selectFrom('import_rows')
      .select((eb) => eb.fn.max('row_number').as('rows'))
      .where('import_id', '=', id)
      .executeTakeFirstOrThrow()
      .then((r) => ({ rows: Number(r.rows ?? 0) }));
    const figures = row.new_count + row.changed_count;
    // indicator_values' foreign key to indicators is checked by a trigger for each inserted row, half the
    // commit's time for a large file on PGlite. Where the database lets this session turn triggers off
    // (a superuser: always on PGlite), the commit checks the key itself, once for the whole file, exactly
    // as the trigger would: every staged indicator exists, and is locked FOR KEY SHARE (so it cannot be
    // deleted or renumbered) until the transaction ends. indicator_values has no other triggers.
    const isCheckingKeysItself = await sql<{
      ok: boolean;
    }>`SELECT current_setting('is_superuser') = 'on' AS ok`
      .execute(trx)
      .then((r) => r.rows[0]?.ok === true);
    if (isCheckingKeysItself) {
      const missing = await sql<{ indicator_id: number }>`
        WITH wanted AS (SELECT DISTINCT indicator_id FROM import_rows WHERE import_id = ${id} AND outcome IN ('new', 'changed')),
        locked AS (SELECT i.id FROM indicators i WHERE i.id IN (SELECT indicator_id FROM wanted) FOR KEY SHARE OF i)
        SELECT w.indicator_id FROM wanted w WHERE w.indicator_id NOT IN (SELECT id FROM locked)`.execute(trx);
      if (missing.rows.length)
        throw new Error(
          `import ${id}: staged rows name indicators that no longer exist (${missing.rows.map((m) => m.indicator_id).join(', ')})`,
        );
    }
    // Embedded, a large import into a smaller table is written as PostgreSQL advises for bulk loading: its
    // secondary indexes are dropped and built again once it is in (a sort, where inserting each of 500,000
    // rows into four indexes costs about twice as much). Within the transaction, so all or nothing as ever;
    // the table is locked meanwhile, which on PGlite's one connection costs nobody anything. Not on a
    // server, where the lock would keep every page that reads figures waiting.
    const rebuilt =
      options.isEmbedded && isCheckingKeysItself && figures >= REBUILD_FROM_FIGURES
        ? await dropSecondaryIndexes(trx, figures)
        : [];
    let written = 0;
    for (let from = 0; from <= total; from += COMMIT_CHUNK) {
      const to = from + COMMIT_CHUNK - 1;
      await sql`
        UPDATE indicator_values SET is_current = false
        WHERE id IN (SELECT replaces FROM import_rows
                     WHERE import_id = ${id} AND outcome = 'changed' AND row_number BETWEEN ${from} AND ${to})`.execute(
        trx,
      );
      if (isCheckingKeysItself) await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      const inserted = await sql`
        INSERT INTO indicator_values (indicator_id, period, breakdown, value, numerator, denominator, status, source,
          entered_by, revision, is_current, reason, import_id)
        SELECT indicator_id, period, breakdown, value, numerator, denominator, status, source,
          ${context.actorName}, revision, true, reason, ${id}
        FROM import_rows
        WHERE import_id = ${id} AND outcome IN ('new', 'changed') AND row_number BETWEEN ${from} AND ${to}
        -- In key order, index pages fill one after another instead of at random (a third faster on PGlite).
        ORDER BY indicator_id, period, breakdown`.execute(trx);
      if (isCheckingKeysItself) await sql`SET LOCAL session_replication_role = origin`.execute(trx);
      written += Number(inserted.numAffectedRows ?? 0);
      const fraction = figures ? Math.min(1, written / figures) : 1;
      options.onProgress({
        phase: 'committing',
        fraction,
        text: `${plural(written, 'figure')} of ${figures.toLocaleString('en-GB')} written`,
      });
      options.log(`import ${id}: committing ${written} of ${figures} figures`);
    }

    for (const statement of rebuilt) await sql.raw(statement).execute(trx);
    if (rebuilt.length) options.log(`import ${id}: indexes built again`);

    // Commentary: one per indicator and period, staged only where it differs from the current.
    await sql`
      UPDATE commentary c SET is_current = false
      FROM import_rows r
      WHERE r.import_id = ${id} AND r.commentary IS NOT NULL
        AND c.indicator_id = r.indicator_id AND c.period = r.period AND c.is_current`.execute(trx);
    await sql`
      INSERT INTO commentary (indicator_id, period, body, author, revision, is_current, import_id)
      SELECT r.indicator_id, r.period, r.commentary, ${context.actorName},
        coalesce((SELECT max(c.revision) FROM commentary c WHERE c.indicator_id = r.indicator_id AND c.period = r.period), 0) + 1,
        true, ${id}
      FROM import_rows r
      WHERE r.import_id = ${id} AND r.commentary IS NOT NULL`.execute(trx);

    // Embedded (one connection, so no other import can be staging meanwhile), when no other import's rows
    // are staged, emptying the table is far cheaper than deleting half a million rows one by one.
    const isOnlyStaged =
      options.isEmbedded &&
      !(await sql<{
        other: boolean;
      }>`SELECT EXISTS (SELECT 1 FROM import_rows WHERE import_id <> ${id}) AS other`
        .execute(trx)
        .then((r) => r.rows[0]?.other));
    if (isOnlyStaged) await sql`TRUNCATE import_rows`.execute(trx);
    else await trx.deleteFrom('import_rows').where('import_id', '=', id).execute();
    await bumpDataVersion(trx);
    await trx
      .updateTable('imports')
      .set({
        status: 'committed',
        committed_at: new Date(),
        committed_by: context.actorName,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await writeAudit(trx, context, {
      action: 'imports.commit',
      entityType: 'imports',
      entityId: String(id),
      detail: `${row.file_name} (SHA-256 ${row.file_sha256}): ${row.new_count} new, ${row.changed_count} changed, ${row.unchanged_count} unchanged, ${row.commentary_count} commentary`,
    });
  });
  options.log(`import ${id}: committed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Imports of fewer figures are inserted index by index, whatever the size of the table. */
const REBUILD_FROM_FIGURES = 50_000;

/**
 * Drops indicator_values' indexes other than its primary key, if the import
 * brings more figures than the table holds (by its size on disk, about 110
 * bytes a figure), and returns the statements that build them again, exactly
 * as they were; otherwise drops nothing and returns none.
 */
async function dropSecondaryIndexes(trx: Kysely<Database>, figures: number): Promise<string[]> {
  const { bytes } = await sql<{ bytes: string }>`SELECT pg_relation_size('indicator_values') AS bytes`
    .execute(trx)
    .then((r) => r.rows[0]!);
  if (Number(bytes) / 110 > figures) return [];
  const indexes = await sql<{
    name: string;
    definition: string;
    constraint_name: string | null;
    constraint: string | null;
  }>`
    SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition,
      c.conname AS constraint_name, pg_get_constraintdef(c.oid) AS constraint
    FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid
    LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid
    WHERE x.indrelid = 'indicator_values'::regclass AND NOT x.indisprimary
    ORDER BY i.relname`.execute(trx);
  const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const rebuild: string[] = [];
  for (const index of indexes.rows) {
    if (index.constraint_name) {
      await sql
        .raw(`ALTER TABLE indicator_values DROP CONSTRAINT ${quoted(index.constraint_name)}`)
        .execute(trx);
      rebuild.push(
        `ALTER TABLE indicator_values ADD CONSTRAINT ${quoted(index.constraint_name)} ${index.constraint}`,
      );
    } else {
      await sql.raw(`DROP INDEX ${quoted(index.name)}`).execute(trx);
      rebuild.push(index.definition);
    }
  }
  return rebuild;
}

function whyNotReady(status: string, id: number): string {
  switch (status) {
    case 'committed':
      return `Import ${id} has already been committed.`;
    case 'rolled_back':
      return `Import ${id} was committed and then rolled back.`;
    case 'refused':
      return `Import ${id} was refused: correct the file and upload it again.`;
    case 'unchanged':
      return `Import ${id} has nothing to commit: every figure in it is already recorded exactly so.`;
    case 'reading':
      return `Import ${id} is still being read.`;
    default:
      return `Import ${id} cannot be committed: upload the file again.`;
  }
}

const describeFigure = (f: { ref: string; period: string; breakdown: string }) =>
  `${f.ref}, ${f.period}${f.breakdown ? `, ${f.breakdown}` : ''}`;

/* ───────────────────────────── rollback ───────────────────────────── */

async function rollbackImport(db: Kysely<Database>, id: number, context: RequestContext): Promise<void> {
  // Every indicator it touched must be one the person may write.
  const touched = await db
    .selectFrom('indicator_values as v')
    .innerJoin('indicators as i', 'i.id', 'v.indicator_id')
    .select(['i.ref', 'i.organisation_id', 'i.owner_user_id'])
    .distinct()
    .where('v.import_id', '=', id)
    .execute();
  const notYours = touched.filter(
    (i) =>
      !isAllowed(context, 'figures:write', {
        organisationId: i.organisation_id,
        ownerUserId: i.owner_user_id,
      }),
  );
  if (notYours.length) {
    await writeAudit(db, context, {
      action: 'imports.rollback',
      outcome: 'denied',
      entityType: 'imports',
      entityId: String(id),
      detail: `no permission to record figures for ${notYours.map((i) => i.ref).join(', ')}`,
    });
    throw new AppError(
      'forbidden',
      `You may not roll back import ${id}: it changed figures for ${notYours.map((i) => i.ref).join(', ')}, which are not yours.`,
    );
  }

  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('imports')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (row.status !== 'committed')
      throw new AppError(
        'conflict',
        row.status === 'rolled_back'
          ? `Import ${id} has already been rolled back.`
          : `Import ${id} was never committed, so there is nothing to roll back.`,
      );

    const superseded = await sql<{
      ref: string;
      period: string;
      breakdown: string;
      entered_by: string;
      entered_at: Date;
      what: string;
    }>`
      SELECT i.ref, v.period, v.breakdown, later.entered_by, later.entered_at, 'figure' AS what
      FROM indicator_values v
      JOIN indicators i ON i.id = v.indicator_id
      JOIN indicator_values later
        ON later.indicator_id = v.indicator_id AND later.period = v.period AND later.breakdown = v.breakdown AND later.is_current
      WHERE v.import_id = ${id} AND NOT v.is_current
      UNION ALL
      SELECT i.ref, c.period, '' AS breakdown, later.author, later.entered_at, 'commentary' AS what
      FROM commentary c
      JOIN indicators i ON i.id = c.indicator_id
      JOIN commentary later ON later.indicator_id = c.indicator_id AND later.period = c.period AND later.is_current
      WHERE c.import_id = ${id} AND NOT c.is_current
      ORDER BY 1, 2, 3
      LIMIT 6`.execute(trx);
    if (superseded.rows.length) {
      const named = superseded.rows
        .slice(0, 5)
        .map(
          (s) =>
            `${s.what === 'commentary' ? 'the commentary for ' : ''}${describeFigure(s)} (changed by ${s.entered_by} on ${new Date(s.entered_at).toLocaleString('en-GB', { timeZone: 'Europe/London' })})`,
        )
        .join('; ');
      throw new AppError(
        'conflict',
        `Import ${id} cannot be rolled back: figures it wrote have been changed since, and a rollback would undo those later changes too. Changed since: ${named}${superseded.rows.length > 5 ? '; and more' : ''}. Correct the figures by hand instead.`,
      );
    }

    const reason = `Rollback of import ${id} (${row.file_name})`;
    await sql`
      CREATE TEMP TABLE rollback_figures ON COMMIT DROP AS
      SELECT v.id, v.indicator_id, v.period, v.breakdown, v.revision, v.status AS imported_status,
        p.value, p.numerator, p.denominator, p.status, p.id AS previous_id
      FROM indicator_values v
      LEFT JOIN indicator_values p
        ON p.indicator_id = v.indicator_id AND p.period = v.period AND p.breakdown = v.breakdown
       AND p.revision = v.revision - 1
      WHERE v.import_id = ${id}`.execute(trx);
    await sql`UPDATE indicator_values SET is_current = false WHERE import_id = ${id}`.execute(trx);
    await sql`
      INSERT INTO indicator_values (indicator_id, period, breakdown, value, numerator, denominator, status, source,
        entered_by, revision, is_current, reason)
      SELECT indicator_id, period, breakdown, value, numerator, denominator, coalesce(status, imported_status),
        ${`rollback of import ${id}`}, ${context.actorName}, revision + 1, true,
        CASE WHEN previous_id IS NULL THEN ${`${reason}: withdrawn, there was no figure before`} ELSE ${reason} END
      FROM rollback_figures`.execute(trx);

    await sql`
      CREATE TEMP TABLE rollback_commentary ON COMMIT DROP AS
      SELECT c.indicator_id, c.period, c.revision, p.body
      FROM commentary c
      LEFT JOIN commentary p ON p.indicator_id = c.indicator_id AND p.period = c.period AND p.revision = c.revision - 1
      WHERE c.import_id = ${id}`.execute(trx);
    await sql`UPDATE commentary SET is_current = false WHERE import_id = ${id}`.execute(trx);
    await sql`
      INSERT INTO commentary (indicator_id, period, body, author, revision, is_current)
      SELECT indicator_id, period, coalesce(body, ''), ${context.actorName}, revision + 1, true
      FROM rollback_commentary`.execute(trx);

    await bumpDataVersion(trx);
    await trx
      .updateTable('imports')
      .set({
        status: 'rolled_back',
        rolled_back_at: new Date(),
        rolled_back_by: context.actorName,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await writeAudit(trx, context, {
      action: 'imports.rollback',
      entityType: 'imports',
      entityId: String(id),
      detail: `${row.file_name}: ${row.new_count} new figures withdrawn, ${row.changed_count} restored to their previous revision, ${row.commentary_count} commentary restored`,
    });
  });
}
