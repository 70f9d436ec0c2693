import { parentPort, workerData } from 'node:worker_threads';
import type { Indicator } from '../db/repositories/catalogue.ts';
import {
  readAndCheck,
  toMessage,
  type FromWorker,
  type ToWorker,
  type WorkerInput,
} from './check-figures-file.ts';

/**
 * The worker thread of checkFiguresFile: reads the file and checks its rows
 * (everything but the database's part), handing each checked batch to the
 * main thread, at most IN_FLIGHT ahead of it, and asking it for the
 * catalogue's indicators.
 */
const IN_FLIGHT = 2;
const port = parentPort!;
const send = (message: FromWorker) => port.postMessage(message);

let unacknowledged = 0;
let onAck: (() => void) | null = null;
const lookups = new Map<number, (indicators: Indicator[]) => void>();
let lookupId = 0;
port.on('message', (message: ToWorker) => {
  if (message.kind === 'ack') {
    unacknowledged--;
    onAck?.();
  } else {
    lookups.get(message.id)?.(message.indicators);
    lookups.delete(message.id);
  }
});

const summary = await readAndCheck(workerData as WorkerInput, {
  findIndicators: (refs) =>
    new Promise<Indicator[]>((resolve) => {
      lookups.set(++lookupId, resolve);
      send({ kind: 'find', id: lookupId, refs });
    }),
  onProgress: (bytesRead) => send({ kind: 'progress', bytesRead }),
  async onBatch(batch) {
    send({ kind: 'batch', batch: toMessage(batch) });
    unacknowledged++;
    while (unacknowledged >= IN_FLIGHT) await new Promise<void>((resolve) => (onAck = resolve));
    onAck = null;
  },
});
send({ kind: 'done', summary });
