import { stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { Issue } from '../errors.ts';
import type { Indicator } from '../db/repositories/catalogue.ts';
import type { FigureField } from '../import/figures-table.ts';
import { readFiguresFile, type FileSummary } from '../import/read-figures-file.ts';
import type { RequestContext } from './context.ts';
import { checkFigureRows, type CheckedValue } from './record-values.ts';

/**
 * Reads a figures file and checks its rows in a worker thread, so that
 * reading and checking (JavaScript, most of an import's work) run on one
 * core while the database work of staging them runs on another: batches
 * are handed to `onBatch` in order, one at a time, and the worker reads at
 * most two batches ahead, so memory stays bounded however long the file.
 * A small file (under WORKER_FROM_BYTES) is read on the calling thread,
 * by the same code, as starting a worker would take longer.
 *
 * The worker applies every rule of checkValueRows but the one that needs
 * the database (publication locks, withPublicationLocks): the caller
 * applies that to each batch. It asks `findIndicators` for the catalogue's
 * indicators, each reference once per file.
 */

export interface CheckedBatch {
  /** Rows of the file with a figure in this batch, whether or not they passed. */
  rowsRead: number;
  /** The rows that passed every check but the publication locks, in file order. */
  values: CheckedValue[];
  /** The row in the file of each of those values. */
  rowNumbers: number[];
  /** The reader's problems, then the checks', each naming file, sheet, row and column. */
  issues: Issue[];
  /** References the actor may not write (or see): the caller audits the refusal. */
  refusedIndicators: string[];
  /** The sheet the rows came from (a workbook), for the caller's own messages. */
  sheet?: string;
  /** The column letter of each field, for the caller's own messages. */
  columns: Partial<Record<FigureField, string>>;
}

export interface WorkerInput {
  path: string;
  fileName: string;
  sheet?: string;
  batchSize: number;
  context: RequestContext;
}

/**
 * A batch's values as it crosses from the worker: a column of primitives
 * per field. Copying ten thousand objects between threads costs ten times
 * as much, and the objects that arrive are slower to work with.
 */
interface ValueColumns {
  indicatorIds: Int32Array;
  periods: string[];
  breakdowns: string[];
  values: (number | null)[];
  numerators: (number | null)[];
  denominators: (number | null)[];
  statuses: CheckedValue['status'][];
  isStatusGiven: boolean[];
  sources: string[];
  enteredBy: string[];
  reasons: string[];
  commentary: (string | undefined)[];
}

const columnsOf = (values: CheckedValue[]): ValueColumns => ({
  indicatorIds: Int32Array.from(values, (v) => v.indicatorId),
  periods: values.map((v) => v.period),
  breakdowns: values.map((v) => v.breakdown),
  values: values.map((v) => v.value),
  numerators: values.map((v) => v.numerator),
  denominators: values.map((v) => v.denominator),
  statuses: values.map((v) => v.status),
  isStatusGiven: values.map((v) => v.isStatusGiven),
  sources: values.map((v) => v.source),
  enteredBy: values.map((v) => v.enteredBy),
  reasons: values.map((v) => v.reason),
  commentary: values.map((v) => v.commentary),
});

const valuesOf = (c: ValueColumns): CheckedValue[] =>
  Array.from(c.indicatorIds, (indicatorId, i) => {
    const value: CheckedValue = {
      indicatorId,
      period: c.periods[i]!,
      breakdown: c.breakdowns[i]!,
      value: c.values[i]!,
      numerator: c.numerators[i]!,
      denominator: c.denominators[i]!,
      status: c.statuses[i]!,
      isStatusGiven: c.isStatusGiven[i]!,
      source: c.sources[i]!,
      enteredBy: c.enteredBy[i]!,
      reason: c.reasons[i]!,
    };
    if (c.commentary[i] !== undefined) value.commentary = c.commentary[i];
    return value;
  });

/** A checked batch as the worker sends it. */
export type BatchMessage = Omit<CheckedBatch, 'values'> & { values: ValueColumns };

export const toMessage = (batch: CheckedBatch): BatchMessage => ({
  ...batch,
  values: columnsOf(batch.values),
});

export type FromWorker =
  | { kind: 'find'; id: number; refs: string[] }
  | { kind: 'batch'; batch: BatchMessage }
  | { kind: 'progress'; bytesRead: number }
  | { kind: 'done'; summary: FileSummary };

export type ToWorker = { kind: 'ack' } | { kind: 'found'; id: number; indicators: Indicator[] };

/** Below this size a file is read and checked on the main thread: starting a worker costs more than it saves. */
export const WORKER_FROM_BYTES = 4 * 1024 * 1024;

export interface CheckHandlers {
  findIndicators: (refs: string[]) => Promise<Indicator[]>;
  onBatch: (batch: CheckedBatch) => Promise<void>;
  onProgress?: (bytesRead: number) => void;
}

export async function checkFiguresFile(
  file: { path: string; fileName: string; sheet?: string; batchSize: number },
  context: RequestContext,
  handlers: CheckHandlers,
  options: { workerFromBytes?: number } = {},
): Promise<FileSummary> {
  const input: WorkerInput = { ...file, context };
  if ((await stat(file.path)).size < (options.workerFromBytes ?? WORKER_FROM_BYTES))
    return readAndCheck(input, handlers);
  const worker = new Worker(new URL('./check-figures-file.worker.mjs', import.meta.url), {
    workerData: input,
  });
  const send = (message: ToWorker) => worker.postMessage(message);
  try {
    return await new Promise<FileSummary>((resolve, reject) => {
      let failed = false;
      const fail = (error: unknown) => {
        failed = true;
        reject(error instanceof Error ? error : new Error(String(error)));
      };
      // Batches are dealt with one after another, in the order read.
      let queue = Promise.resolve();
      const then = (step: () => Promise<void> | void) => {
        queue = queue
          .then(async () => {
            if (!failed) await step();
          })
          .catch(fail);
      };
      worker.on('message', (message: FromWorker) => {
        switch (message.kind) {
          case 'find':
            handlers
              .findIndicators(message.refs)
              .then((indicators) => send({ kind: 'found', id: message.id, indicators }), fail);
            break;
          case 'progress':
            handlers.onProgress?.(message.bytesRead);
            break;
          case 'batch':
            then(async () => {
              await handlers.onBatch({ ...message.batch, values: valuesOf(message.batch.values) });
              send({ kind: 'ack' });
            });
            break;
          case 'done':
            then(() => resolve(message.summary));
            break;
        }
      });
      worker.once('error', fail);
      worker.once('exit', (code) => fail(new Error(`the file's reader stopped (exit code ${code})`)));
    });
  } finally {
    await worker.terminate();
  }
}

/** Reads the file and checks its rows, batch by batch: the worker's work, or the main thread's for a small file. */
export async function readAndCheck(input: WorkerInput, handlers: CheckHandlers): Promise<FileSummary> {
  const seen = new Map<string, number>();
  const indicatorCache = new Map<string, Indicator | null>();
  return readFiguresFile(
    input.path,
    {
      fileName: input.fileName,
      batchSize: input.batchSize,
      ...(input.sheet ? { sheet: input.sheet } : {}),
      ...(handlers.onProgress ? { onProgress: handlers.onProgress } : {}),
    },
    async (batch) => {
      const check = await checkFigureRows(
        batch.rows.map((r) => r.record),
        input.context,
        {
          file: input.fileName,
          rowNumber: (index) => batch.rows[index]!.row,
          seen,
          indicatorCache,
          findIndicators: handlers.findIndicators,
        },
      );
      const located = (issue: Issue): Issue => ({
        ...issue,
        ...(batch.sheet !== undefined ? { sheet: batch.sheet } : {}),
        ...(batch.columns[issue.field as keyof typeof batch.columns]
          ? { column: batch.columns[issue.field as keyof typeof batch.columns] }
          : {}),
      });
      await handlers.onBatch({
        rowsRead: batch.rows.length,
        values: check.values,
        rowNumbers: check.rowNumbers,
        issues: [...batch.issues, ...check.issues.map(located)],
        refusedIndicators: [...check.refusedIndicators],
        ...(batch.sheet !== undefined ? { sheet: batch.sheet } : {}),
        columns: batch.columns,
      });
    },
  );
}
