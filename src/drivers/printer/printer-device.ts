import { AppError } from '../../common/errors.js';
import { canonicalJson, newId, sha256Hex } from '../../common/ids.js';
import type { PrinterConfig } from '../../config/devices-schema.js';
import type { DeviceInfo, PrinterStatus } from '../device-state.js';
import type { DriverContext } from '../driver-context.js';
import type { JobState, PrintJob, PrintJournal } from '../print-journal.js';
import { Supervisor } from '../transport/supervisor.js';
import type { Transport } from '../transport/types.js';
import { reasonOf } from '../transport/types.js';
import { WriteStalledError, writeWithin } from '../transport/write-within.js';
import { DOTS_PER_COLUMN } from './barcode-width.js';
import { checkDocument, checkFits } from './document-check.js';
import type { PrintDocument } from './document.js';
import { DRAWER_KICK, encodeLayout } from './escpos.js';
import { layoutDocument } from './layout.js';
import { STATUS_QUERY, StatusCollector } from './status.js';

const STOP_WAIT_MS = 3000;

export function printerColumns(cfg: PrinterConfig): number {
  return cfg.columns ?? (cfg.paperWidth === 58 ? 32 : 48);
}

/** A document → the bytes this printer needs (layout for its width, its code pages, its cut). */
export function encodeForPrinter(cfg: PrinterConfig, doc: PrintDocument): Buffer {
  return encodeLayout(layoutDocument(doc, printerColumns(cfg), cfg.codePages), { codePages: cfg.codePages, codePageTable: cfg.codePageTable, cut: cfg.cut });
}

/** Whether a printer with this status can take the next job. */
function printable(s: PrinterStatus): boolean {
  return s.paper !== 'out' && !s.coverOpen && !s.error;
}

export interface JobView {
  jobId: string;
  printerId: string;
  state: JobState;
  detail: string | null;
  createdAt: string;
  updatedAt: string;
}

export const jobView = (j: PrintJob): JobView => ({
  jobId: j.jobId,
  printerId: j.printerId,
  state: j.state,
  detail: j.detail,
  createdAt: j.createdAt,
  updatedAt: j.updatedAt,
});

/**
 * An ESC/POS receipt printer (GW-3): keeps its link up, polls real status (DLE EOT), and prints
 * journaled jobs one at a time so that each is printed at most once.
 */
export class PrinterDevice {
  readonly kind = 'printer' as const;
  private readonly sup: Supervisor;
  private readonly collector = new StatusCollector();
  private status: PrinterStatus | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private polling: Promise<PrinterStatus | null> | null = null;
  private pumping: Promise<void> | null = null;
  private printing = false;
  private running = false;
  /** A kick that came while the pump ran: look at the queue again when it ends. */
  private rekick = false;

  constructor(
    readonly cfg: PrinterConfig,
    transport: Transport,
    private readonly journal: PrintJournal,
    private readonly ctx: DriverContext,
  ) {
    this.sup = new Supervisor(
      transport,
      {
        data: (c) => this.collector.feed(c),
        state: (s) => {
          if (s.state !== 'ready') this.collector.cancel();
          ctx.emit('device.state', { deviceId: cfg.id, ...s });
          if (s.state === 'ready') this.kick();
        },
        connected: async () => {
          if (this.cfg.status) await this.pollStatus();
        },
      },
      ctx.logger,
      ctx.backoff,
      ctx.now,
    );
  }

  get id(): string {
    return this.cfg.id;
  }

  start(): void {
    this.running = true;
    this.sup.start();
    if (this.cfg.status) {
      this.pollTimer = setInterval(() => {
        if (this.sup.connection && !this.printing) void this.pollStatus();
        this.kick(); // nothing waits in the queue while the printer is ready
      }, this.cfg.statusIntervalMs);
      this.pollTimer.unref();
    }
  }

  /** Stops after the job in flight has been written (clean shutdown). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.pollTimer) clearInterval(this.pollTimer);
    // Let the job in flight finish writing, but never hang shutdown on a stalled printer.
    if (this.pumping) {
      let t: NodeJS.Timeout | undefined;
      await Promise.race([this.pumping.catch(() => undefined), new Promise((r) => (t = setTimeout(r, STOP_WAIT_MS)))]);
      clearTimeout(t);
    }
    await this.sup.stop();
  }

  info(): DeviceInfo {
    const s = this.sup.state;
    const base: DeviceInfo = { id: this.id, kind: 'printer', transport: this.sup.transport.label, ...s, ...(this.cfg.name ? { name: this.cfg.name } : {}) };
    if (!this.status) return base;
    return {
      ...base,
      paper: this.status.paper,
      coverOpen: this.status.coverOpen,
      online: this.status.online,
      ...(this.status.drawerOpen === undefined ? {} : { drawerOpen: this.status.drawerOpen }),
    };
  }

  /** Queue a document under the till's key; the same key returns the same job, never a second print. */
  submit(input: unknown, jobKey: string): JobView & { replayed: boolean } {
    const doc = checkDocument(input);
    const docJson = canonicalJson(doc);
    const docHash = sha256Hex(docJson);
    const existing = this.journal.byKey(this.id, jobKey);
    if (existing) {
      if (existing.docHash !== docHash) throw new AppError('idempotency_key_reused', 'this job key was used for another document');
      return { ...jobView(existing), replayed: true };
    }
    checkFits(doc, printerColumns(this.cfg) * DOTS_PER_COLUMN);
    encodeForPrinter(this.cfg, doc); // fail now, not in the worker, if it cannot be encoded
    if (this.sup.state.state !== 'ready') throw new AppError('printer_offline', `printer ${this.id} is ${this.sup.state.state}: ${this.sup.state.detail}`);
    if (this.status?.paper === 'out') throw new AppError('paper_out', `printer ${this.id} is out of paper`);
    const { job, created } = this.journal.enqueue({ jobId: newId(), printerId: this.id, jobKey, docHash, doc: docJson, at: this.ctx.now().toISOString() });
    this.kick();
    return { ...jobView(job), replayed: !created };
  }

  job(jobId: string): JobView {
    const j = this.journal.get(jobId);
    if (!j || j.printerId !== this.id) throw new AppError('job_not_found');
    return jobView(j);
  }

  async openDrawer(): Promise<void> {
    const conn = this.sup.connection;
    if (!conn || this.sup.state.state !== 'ready') throw new AppError('printer_offline', `printer ${this.id} is ${this.sup.state.state}`);
    await conn.write(Buffer.from(DRAWER_KICK));
  }

  /** Ask for DLE EOT status now; null when the printer did not answer. */
  pollStatus(): Promise<PrinterStatus | null> {
    this.polling ??= this.queryStatus().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private async queryStatus(): Promise<PrinterStatus | null> {
    const conn = this.sup.connection;
    if (!conn) return null;
    const reply = this.collector.expect();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((r) => (timer = setTimeout(() => r(null), this.ctx.statusTimeoutMs ?? 1500)));
    try {
      await conn.write(STATUS_QUERY);
      const s = await Promise.race([reply, timeout]);
      if (!s) {
        this.collector.cancel();
        if (this.sup.connection === conn) this.sup.report('disconnected', 'the printer does not answer status requests (switched off?)');
        return null;
      }
      const was = this.status;
      this.status = s;
      if (this.sup.connection === conn) {
        // DLE EOT error bits (cutter jam, unrecoverable error): the device is `error` until they clear.
        if (s.error) this.sup.report('error', s.error);
        else if (this.sup.state.state !== 'ready') this.sup.report('ready', 'connected');
      }
      if (!was || JSON.stringify(was) !== JSON.stringify(s)) {
        this.ctx.emit('printer.status', { deviceId: this.id, ...s });
        if (printable(s)) this.kick();
      }
      return s;
    } catch (e) {
      this.collector.cancel();
      this.ctx.logger.debug({ device: this.id, err: reasonOf(e) }, 'status query failed');
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Start the queue pump; when it already runs, make it look at the queue once more when done. */
  private kick(): void {
    if (!this.running) return;
    if (this.pumping) {
      this.rekick = true;
      return;
    }
    this.rekick = false;
    this.pumping = this.pump().finally(() => {
      this.pumping = null;
      if (this.rekick) this.kick();
    });
  }

  private async pump(): Promise<void> {
    while (this.running && this.sup.state.state === 'ready' && this.sup.connection) {
      if (this.status && !printable(this.status)) return; // waits for a status change
      const next = this.journal.queued(this.id)[0];
      if (!next) return;
      await this.printJob(next);
    }
  }

  private async printJob(job: PrintJob): Promise<void> {
    const at = () => this.ctx.now().toISOString();
    let bytes: Buffer;
    try {
      bytes = encodeForPrinter(this.cfg, checkDocument(JSON.parse(job.doc)));
    } catch (e) {
      this.finish(job.jobId, 'failed', `cannot encode: ${reasonOf(e)}`, at());
      return;
    }
    const conn = this.sup.connection;
    if (!conn || !this.journal.claim(job.jobId, at())) return;
    this.printing = true;
    try {
      await writeWithin(conn, bytes, this.cfg.writeTimeoutMs);
    } catch (e) {
      this.printing = false;
      if (e instanceof WriteStalledError) {
        // The link is useless until the printer takes data again: the device is disconnected
        // (before the job is reported) and the link is reopened.
        const resetting = this.sup.connection === conn ? this.sup.reset(e.message) : Promise.resolve();
        this.finish(job.jobId, 'in_doubt', e.message, at());
        await resetting;
        return;
      }
      this.finish(job.jobId, 'in_doubt', `link lost while printing: ${reasonOf(e)}`, at());
      return;
    }
    this.printing = false;
    if (!this.cfg.status) return this.finish(job.jobId, 'done', null, at());
    const s = await this.pollStatus();
    if (!s) return this.finish(job.jobId, 'in_doubt', 'the printer did not answer after printing', at());
    if (s.error) return this.finish(job.jobId, 'failed', `printer error: ${s.error}`, at());
    if (s.paper === 'out' || s.coverOpen)
      return this.finish(job.jobId, 'in_doubt', s.paper === 'out' ? 'paper ran out during the job' : 'cover opened during the job', at());
    this.finish(job.jobId, 'done', s.paper === 'near_end' ? 'paper near end' : null, at());
  }

  private finish(jobId: string, state: 'done' | 'failed' | 'in_doubt', detail: string | null, at: string): void {
    this.journal.finish(jobId, state, detail, at);
    this.ctx.emit('job.done', { deviceId: this.id, jobId, state, ...(detail ? { detail } : {}) });
  }
}
