import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Commits between two background checkpoints (SQLite's own default is every ~1,000 WAL pages; a receipt writes ~23). */
export const CHECKPOINT_EVERY_COMMITS = 32;

/** After the last commit, the rest of the WAL is checkpointed this much later (so idle reads skip the WAL). */
export const TAIL_CHECKPOINT_MS = 200;

/**
 * WAL frames after which grouped writes pause for one catch-up checkpoint: under sustained load
 * a PASSIVE checkpoint never finds the WAL idle, so it is never restarted and would grow forever.
 */
export const WAL_RESTART_FRAMES = 10_000;

/** Frames after which a plain transaction checkpoints the rest itself first (long synchronous loops of writes). */
export const WAL_HARD_FRAMES = 2 * WAL_RESTART_FRAMES;

/** What the worker answers per checkpoint: PRAGMA wal_checkpoint's row, or why it failed. */
export interface CheckpointReport {
  busy: number;
  log: number;
  checkpointed: number;
  error?: string;
}

/** Shared with the worker: [BUSY] 1 while a checkpoint runs; [LOG] the WAL's frames at the last one. */
const BUSY = 0;
const LOG = 1;

// Plain CommonJS run with `eval: true`, so it works alike from source (tsx) and from dist, and
// starts in milliseconds: every open store has one, and src/common/worker-thread.ts's tsx
// bootstrap (used by the preview, backup and campaign workers) costs ~0.4 s per start from source.
// PASSIVE never waits for the writer: the main connection keeps committing while pages are
// copied back into the database file. The worker's own connection sees only committed frames.
// Its status goes through shared memory, so a main thread busy in a long synchronous loop of
// writes still sees when it may ask again.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.libsql);
const shared = new Int32Array(workerData.shared);
const db = new Database(workerData.path);
db.exec('PRAGMA busy_timeout = 0');
db.exec('PRAGMA synchronous = FULL');
const passive = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
parentPort.on('message', (m) => {
  if (m === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  let report;
  try {
    const r = passive.get();
    report = { busy: r.busy, log: r.log, checkpointed: r.checkpointed };
  } catch (e) {
    report = { busy: 1, log: -1, checkpointed: -1, error: String((e && e.message) || e) };
  }
  if (report.log >= 0) Atomics.store(shared, ${LOG}, report.log);
  Atomics.store(shared, ${BUSY}, 0);
  parentPort.postMessage(report);
});
`;

/**
 * Checkpoints of the WAL in a worker thread with its own connection, so the event loop never
 * copies WAL pages into the database file and fsyncs it in the middle of a till's request
 * (with SQLite's auto-checkpoint every ~35th receipt close paid for one). Durability is
 * unchanged: a commit is durable once its WAL frames are fsync'd (synchronous=FULL); a
 * checkpoint only moves committed pages into the main file, and a crash mid-way is recovered
 * from the WAL. The worker starts with the first checkpoint; if it cannot start, `onFailed`
 * lets the caller turn SQLite's auto-checkpoint back on.
 */
export class Checkpointer {
  private worker: Worker | null = null;
  private commits = 0;
  private failed = false;
  private tail: NodeJS.Timeout | null = null;
  private readonly shared = new Int32Array(new SharedArrayBuffer(8));
  private readonly waiting: ((r: CheckpointReport | null) => void)[] = [];
  private catchUpLog = -1;
  /** The last checkpoints the worker answered (tests read them). */
  readonly reports: CheckpointReport[] = [];

  constructor(
    private readonly path: string,
    private readonly onFailed: (error: unknown) => void,
  ) {}

  /** Called after each committed write transaction. */
  afterCommit(): void {
    if (this.failed) return;
    if (++this.commits >= CHECKPOINT_EVERY_COMMITS && Atomics.load(this.shared, BUSY) === 0) void this.request();
    else this.tail ??= setTimeout(() => this.checkpointTail(), TAIL_CHECKPOINT_MS).unref();
  }

  private checkpointTail(): void {
    this.tail = null;
    if (this.failed || this.commits === 0) return;
    if (Atomics.load(this.shared, BUSY) === 1) this.tail = setTimeout(() => this.checkpointTail(), TAIL_CHECKPOINT_MS).unref();
    else void this.request();
  }

  /**
   * True when the WAL is long and has not been restarted since: the caller should hold its
   * writes, `catchUp()`, and write again — the first write after a checkpoint that found no
   * writer starts the WAL over from its beginning.
   */
  get wantsRestart(): boolean {
    const log = Atomics.load(this.shared, LOG);
    return !this.failed && log >= WAL_RESTART_FRAMES && log !== this.catchUpLog;
  }

  /** One checkpoint while the caller holds its writes (see wantsRestart). */
  async catchUp(): Promise<void> {
    const r = await this.request();
    this.catchUpLog = r?.log ?? Atomics.load(this.shared, LOG);
  }

  /**
   * True when a long synchronous run of writes (no turn of the event loop, so no catch-up) made
   * the WAL this long: the caller checkpoints the rest itself, then `checkpointedHere()`.
   */
  get mustCheckpointHere(): boolean {
    return !this.failed && Atomics.load(this.shared, BUSY) === 0 && Atomics.load(this.shared, LOG) >= WAL_HARD_FRAMES;
  }

  checkpointedHere(): void {
    Atomics.store(this.shared, LOG, 0);
  }

  /** Ask for one checkpoint now; resolves with the worker's answer (null when it is gone). */
  request(): Promise<CheckpointReport | null> {
    if (this.failed) return Promise.resolve(null);
    const w = this.start();
    if (!w) return Promise.resolve(null);
    this.commits = 0;
    Atomics.store(this.shared, BUSY, 1);
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      w.postMessage('checkpoint');
    });
  }

  /** The worker answers in order, one message per checkpoint asked for. */
  private answered(r: CheckpointReport): void {
    this.reports.push(r);
    if (this.reports.length > 100) this.reports.shift();
    this.waiting.shift()?.(r);
  }

  private start(): Worker | null {
    if (this.worker) return this.worker;
    try {
      const libsql = createRequire(import.meta.url).resolve('libsql');
      const w = new Worker(SOURCE, { eval: true, workerData: { path: this.path, libsql, shared: this.shared.buffer } });
      w.unref(); // never keeps the daemon alive
      w.on('message', (r: CheckpointReport) => this.answered(r));
      w.on('error', (e) => this.fail(e));
      this.worker = w;
      return w;
    } catch (e) {
      this.fail(e);
      return null;
    }
  }

  private fail(e: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.worker = null;
    for (const resolve of this.waiting.splice(0)) resolve(null);
    this.onFailed(e);
  }

  /** Close the worker's connection and let it exit (it is unref'd: nothing waits for it). */
  close(): void {
    this.failed = true;
    if (this.tail) clearTimeout(this.tail);
    for (const resolve of this.waiting.splice(0)) resolve(null);
    this.worker?.postMessage('close');
    this.worker = null;
  }
}
