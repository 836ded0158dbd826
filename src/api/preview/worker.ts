import { parentPort } from 'node:worker_threads';
import { isAppError } from '../../common/errors.js';
import { renderJob, type RenderJob } from './render-job.js';

/** Messages between the preview runner and this worker. */
export type WorkerRequest = RenderJob & { id: number };
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'done'; id: number; png: Uint8Array }
  | { type: 'failed'; id: number; code: string; detail: string; errors?: { path: string; message: string }[] }
  | { type: 'crashed'; id: number; message: string };

const port = parentPort;
if (port) {
  port.on('message', (job: WorkerRequest) => {
    let reply: WorkerReply;
    try {
      const png = renderJob(job);
      reply = { type: 'done', id: job.id, png };
      port.postMessage(reply, [png.buffer as ArrayBuffer]);
      return;
    } catch (e) {
      reply = isAppError(e)
        ? { type: 'failed', id: job.id, code: e.code, detail: e.message, ...(e.errors ? { errors: e.errors } : {}) }
        : { type: 'crashed', id: job.id, message: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ type: 'ready' } satisfies WorkerReply);
}
