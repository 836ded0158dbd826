import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../common/errors.js';
import { silentLogger } from '../../common/logger.js';
import { openStore } from '../store/store.js';
import { enterGateInWorker, leaveGate } from '../store/writer-gate.js';
import type { EngineContext } from '../context.js';
import { issueSlice } from './campaign-slice.js';
import { CLOCK, STOP, type CampaignJob, type CampaignReply, type CampaignWorkerData } from './campaign-thread.js';

/**
 * Worker thread entry of the campaign worker (campaign-thread.ts): kept for the store's life,
 * one campaign at a time, its slices back to back on a connection of its own to the store's
 * file, one progress message per committed slice. Between slices it checks the main thread's
 * stop flag; each slice is stamped with the main thread's clock (both in shared memory).
 */
const data = workerData as CampaignWorkerData;
const port = parentPort!; // started as a worker: always set
const shared = new Float64Array(data.shared);
let blocksNeeded = false;
const post = (r: CampaignReply) => port.postMessage(r);
// Its own connection; SQLite's auto-checkpoint runs here, off the main thread's event loop.
const store = openStore(data.path, data.storeId, { backgroundCheckpoint: false, cachedRows: 1 });
const ctx: EngineContext = {
  store,
  clock: { now: () => new Date(shared[CLOCK]!) },
  logger: silentLogger(),
  config: {} as EngineContext['config'], // each job brings the config in force
  onNumberBlocksNeeded: () => (blocksNeeded = true),
};

function run(job: CampaignJob): void {
  // What issueVouchers reads of the config: the time zone and whether numbers are leased.
  ctx.config = job.config as EngineContext['config'];
  let done = job.from;
  // The slice under way when the stop flag is set still commits (started = in progress).
  do {
    blocksNeeded = false;
    // The main thread's writes go first: no slice starts while one waits (writer-gate.ts).
    enterGateInWorker(data.gate);
    try {
      done = issueSlice(ctx, job.slice, done);
    } finally {
      leaveGate(data.gate);
    }
    post({ done, blocksNeeded });
  } while (done < job.slice.count && shared[STOP] === 0);
  post({ done, finished: true });
}

port.on('message', (m: CampaignJob | 'close') => {
  if (m === 'close') {
    store.close();
    port.close();
    return;
  }
  try {
    run(m);
  } catch (e) {
    post({
      error:
        e instanceof AppError
          ? { code: e.code, message: e.message, errors: e.errors, extra: e.extra }
          : { message: e instanceof Error ? e.message : String(e) },
    });
  }
});
