import type { Worker, WorkerOptions } from 'node:worker_threads';
import { startWorker } from '../../common/worker-thread.js';
import { AppError, ERRORS, type ErrorCode } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { PrinterConfig } from '../../config/devices-schema.js';
import { PREVIEW_LIMITS, type PreviewLimits } from './limits.js';
import type { WorkerReply, WorkerRequest } from './worker.js';

/** The preview worker (worker.ts beside this file; see src/common/worker-thread.ts). */
function startPreviewWorker(options: WorkerOptions): Worker {
  return startWorker(import.meta.url, 'worker', options);
}

interface Pending {
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  /** Stops listening for the reply. */
  release: () => void;
}

/**
 * Receipt previews off the event loop (GW-3, GW-5): one warm worker thread renders one preview
 * at a time. A second request while one renders is refused with 429 `preview_busy` (the till
 * retries after Retry-After) rather than queued: a queue would only hold a request open for a
 * render it may not need any more. A render over the time cap terminates the worker (422
 * `preview_timeout`); the next preview starts a fresh one.
 */
export class PreviewRunner {
  private worker: Worker | null = null;
  private ready: Promise<Worker> | null = null;
  private pending: Pending | null = null;
  private busy = false;
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly limits: PreviewLimits = PREVIEW_LIMITS,
    private readonly logger?: Logger,
  ) {}

  /** True while a preview is being rendered (or its worker started). */
  get inFlight(): boolean {
    return this.busy;
  }

  /** Render `raw` (JSON text; null = the test page) for printer `cfg`. Throws AppError on a cap. */
  async render(cfg: PrinterConfig, raw: string | null, field: string): Promise<Buffer> {
    if (raw !== null) this.checkSize(Buffer.byteLength(raw), field);
    if (this.busy) throw new AppError('preview_busy', 'another preview is rendering; retry shortly');
    this.busy = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    try {
      const worker = await this.start();
      return await this.run(worker, { id: this.nextId++, cfg, raw, field, maxRows: this.limits.maxRows });
    } finally {
      this.busy = false;
      this.idleTimer = setTimeout(() => void this.stop(), this.limits.idleMs).unref();
    }
  }

  /** 413 `preview_too_large` when a document of `bytes` is over the cap (checked before reading a body). */
  checkSize(bytes: number, field: string): void {
    if (bytes > this.limits.maxDocBytes) {
      throw new AppError('preview_too_large', `the document is ${bytes} bytes; the preview allows ${this.limits.maxDocBytes}`, [
        { path: field, message: `at most ${this.limits.maxDocBytes} bytes of JSON` },
      ]);
    }
  }

  async stop(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const w = this.worker;
    this.worker = null;
    this.ready = null;
    if (w) await w.terminate();
  }

  private start(): Promise<Worker> {
    if (this.ready) return this.ready;
    const w = startPreviewWorker({ resourceLimits: { maxOldGenerationSizeMb: 256 } });
    w.unref(); // an idle renderer never keeps the daemon (or a test) alive
    this.worker = w;
    this.ready = new Promise<Worker>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('preview worker did not start in time')), this.limits.startTimeoutMs);
      // Listeners are removed one by one: Worker.removeAllListeners() would also drop Node's own
      // newListener hook that starts the message port, and no reply would ever arrive.
      const off = () => {
        clearTimeout(timer);
        w.off('error', fail).off('exit', exited).off('message', first);
      };
      const fail = (e: Error) => {
        off();
        this.logger?.error({ err: e.message }, 'preview worker failed to start');
        void this.discard(w);
        reject(new AppError('preview_unavailable', 'the preview renderer could not start'));
      };
      const exited = (code: number) => fail(new Error(`preview worker exited with code ${code}`));
      const first = (m: WorkerReply) => {
        if (m.type !== 'ready') return fail(new Error('preview worker spoke before it was ready'));
        off();
        this.listen(w);
        resolve(w);
      };
      w.on('error', fail).on('exit', exited).on('message', first);
    });
    this.ready.catch(() => undefined);
    return this.ready;
  }

  /** Death of the worker while it renders. No 'message' listener here: one would hold a reference
   *  to the worker's port and keep an idle daemon from exiting; run() listens only while rendering. */
  private listen(w: Worker): void {
    const lost = (why: string) => {
      void this.discard(w);
      const p = this.pending;
      if (!p) return;
      this.settle();
      this.logger?.error({ err: why }, 'preview worker died while rendering');
      p.reject(new AppError('preview_unavailable', 'the preview renderer stopped while rendering'));
    };
    w.on('error', (e) => lost(e.message));
    w.on('exit', (code) => lost(`exit code ${code}`));
  }

  private run(w: Worker, job: WorkerRequest): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      const onMessage = (m: WorkerReply) => {
        if (m.type === 'ready' || m.id !== job.id) return;
        this.settle();
        if (m.type === 'done') resolve(Buffer.from(m.png.buffer, m.png.byteOffset, m.png.byteLength));
        else if (m.type === 'failed') reject(toAppError(m.code, m.detail, m.errors));
        else reject(new Error(`preview render failed: ${m.message}`));
      };
      const timer = setTimeout(() => {
        this.settle();
        void this.discard(w);
        reject(new AppError('preview_timeout', `the preview took longer than ${this.limits.timeoutMs} ms and was stopped`));
      }, this.limits.timeoutMs);
      this.pending = { reject, timer, release: () => w.off('message', onMessage) };
      w.on('message', onMessage);
      w.postMessage(job);
    });
  }

  private settle(): void {
    const p = this.pending;
    this.pending = null;
    if (!p) return;
    clearTimeout(p.timer);
    p.release();
  }

  /** Forget a worker that timed out or died; the next preview starts a fresh one. */
  private async discard(w: Worker): Promise<void> {
    if (this.worker === w) {
      this.worker = null;
      this.ready = null;
    }
    w.removeAllListeners('message').removeAllListeners('exit').removeAllListeners('error');
    w.on('error', () => undefined);
    await w.terminate().catch(() => undefined);
  }
}

function toAppError(code: string, detail: string, errors?: { path: string; message: string }[]): AppError {
  return code in ERRORS ? new AppError(code as ErrorCode, detail, errors) : new AppError('internal_error', detail);
}
