import type { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode, type FieldError } from '../../common/errors.js';
import { startWorker } from '../../common/worker-thread.js';
import type { Db } from '../store/db.js';
import type { EngineContext } from '../context.js';
import type { SliceInput } from './campaign-slice.js';

/** Shared with the worker (Float64Array): [CLOCK] the main thread's clock in ms; [STOP] 1 once it should stop. */
export const CLOCK = 0;
export const STOP = 1;

export interface CampaignWorkerData {
  path: string;
  storeId: string;
  shared: SharedArrayBuffer;
  /** The main connection's writer gate (writer-gate.ts). */
  gate: SharedArrayBuffer;
}

/** Main → worker: one campaign, from `from` vouchers already issued. */
export interface CampaignJob {
  slice: SliceInput;
  from: number;
  /** What issueVouchers reads of the config in force (a reload may change the time zone). */
  config: { store: EngineContext['config']['store']; central: EngineContext['config']['central'] };
}

/** Worker → main: the total after each committed slice, once more when it ends, or why a slice rolled back. */
export type CampaignReply =
  | { done: number; blocksNeeded: boolean; finished?: undefined; error?: undefined }
  | { done: number; finished: true; blocksNeeded?: undefined; error?: undefined }
  | { error: { code?: ErrorCode; message: string; errors?: FieldError[] | undefined; extra?: Record<string, unknown> | undefined } };

interface CampaignWorker {
  worker: Worker;
  shared: Float64Array;
  /** The campaign under way: its message handler. */
  current: ((r: CampaignReply | { lost: unknown }) => void) | null;
  /** Campaigns run one after another (they would take turns at the write lock anyway). */
  queue: Promise<unknown>;
}

/** One campaign worker per open store, started with its first campaign and closed with the store. */
const workers = new WeakMap<Db, CampaignWorker>();

function workerFor(ctx: EngineContext): CampaignWorker {
  const db = ctx.store.db;
  const known = workers.get(db);
  if (known) return known;
  const shared = new Float64Array(new SharedArrayBuffer(2 * Float64Array.BYTES_PER_ELEMENT));
  const data: CampaignWorkerData = {
    path: db.path,
    storeId: ctx.store.ledger.storeId,
    shared: shared.buffer as SharedArrayBuffer,
    gate: db.gate.buffer,
  };
  const worker = startWorker(import.meta.url, 'campaign-worker', { workerData: data });
  worker.unref(); // idle between campaigns: never keeps the daemon alive
  const w: CampaignWorker = { worker, shared, current: null, queue: Promise.resolve() };
  const lost = (e: unknown) => {
    if (workers.get(db) === w) workers.delete(db);
    w.current?.({ lost: e });
  };
  worker.on('message', (r: CampaignReply) => w.current?.(r));
  worker.on('error', lost);
  worker.on('exit', (code) => lost(new Error(`campaign worker exited with code ${code}`)));
  workers.set(db, w);
  db.onClose(() => {
    workers.delete(db);
    worker.postMessage('close');
  });
  return w;
}

/**
 * Issue 14: a campaign's slices (VOUCH-6) run in a worker thread with its own libSQL connection
 * to the store's file, so neither the slices nor their fsync'd COMMITs hold the event loop; till
 * reads on the main connection are never blocked by the worker's writes (WAL), and main-thread
 * writes go first at the writer gate. The main thread only takes the worker's progress
 * messages: it tells the checkpointer about each commit, keeps the worker's clock current and,
 * on shutdown (`stopSignal`), has it stop between slices as the in-process loop did. Resolves
 * with the total issued.
 */
export function issueInWorker(ctx: EngineContext, slice: SliceInput, from: number): Promise<number> {
  if (ctx.stopSignal?.aborted) return Promise.reject(stopped(from, slice.count));
  const w = workerFor(ctx);
  const run = w.queue.then(() => runJob(ctx, w, { slice, from, config: { store: ctx.config.store, central: ctx.config.central } }));
  w.queue = run.catch(() => undefined);
  return run;
}

/** A campaign not stopped when it was asked for issues at least its first slice, as the in-process loop did. */
function runJob(ctx: EngineContext, w: CampaignWorker, job: CampaignJob): Promise<number> {
  return new Promise((resolve, reject) => {
    const stop = () => (w.shared[STOP] = 1);
    w.shared[STOP] = ctx.stopSignal?.aborted ? 1 : 0;
    w.shared[CLOCK] = ctx.clock.now().getTime();
    ctx.stopSignal?.addEventListener('abort', stop);
    w.worker.ref(); // a campaign under way keeps the process alive; an idle worker does not
    const settle = (f: () => void) => {
      w.current = null;
      w.worker.unref();
      ctx.stopSignal?.removeEventListener('abort', stop);
      f();
    };
    w.current = (r) => {
      if ('lost' in r) return settle(() => reject(r.lost));
      if (r.error) {
        const e = r.error;
        return settle(() => reject(e.code ? new AppError(e.code, e.message, e.errors, e.extra) : new Error(`campaign worker: ${e.message}`)));
      }
      w.shared[CLOCK] = ctx.clock.now().getTime();
      if (!r.finished) {
        ctx.store.db.checkpointer?.afterCommit();
        if (r.blocksNeeded) ctx.onNumberBlocksNeeded?.();
      } else if (r.done < job.slice.count) {
        // Shutdown: what is issued is committed; a retry with the same key continues from here.
        settle(() => reject(stopped(r.done, job.slice.count)));
      } else settle(() => resolve(r.done));
    };
    w.worker.postMessage(job);
  });
}

function stopped(done: number, count: number): AppError {
  return new AppError('shutting_down', `stopped after ${done} of ${count} vouchers; retry with the same Idempotency-Key to finish the campaign`);
}
