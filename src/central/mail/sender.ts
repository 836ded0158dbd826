import nodemailer from 'nodemailer';
import { backoffDelay } from '../../common/backoff.js';
import { newId } from '../../common/ids.js';
import type { Logger } from '../../common/logger.js';
import type { CentralConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { claimDueMails, finishMail, MAIL_CHANNEL, msUntilNextMail, type ClaimedMail } from './queue.js';
import { renderReceiptMail } from './render.js';

export type SmtpConfig = NonNullable<CentralConfig['smtp']>;

/** What the sender needs of an SMTP client; nodemailer's transporter is one. */
export interface MailTransport {
  sendMail(msg: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html: string;
    messageId: string;
    headers: Record<string, string>;
  }): Promise<unknown>;
  close(): void;
}

/** SMTP timeouts stay well inside the claim's lease, so a slow send is never retried by another node while it still runs. */
const SMTP_TIMEOUTS = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };
const LEASE_MS = 5 * 60_000;
const BATCH = 20;

export function smtpTransport(cfg: SmtpConfig): MailTransport {
  return nodemailer.createTransport({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.secure,
    ...SMTP_TIMEOUTS,
    ...(cfg.user !== undefined && cfg.password !== undefined ? { auth: { user: cfg.user, pass: cfg.password } } : {}),
  });
}

/** nodemailer puts the server's reply code on the error: 4xx is worth a retry, 5xx is final. */
function smtpCode(e: unknown): number | undefined {
  const c = typeof e === 'object' && e !== null ? (e as { responseCode?: unknown }).responseCode : undefined;
  return typeof c === 'number' ? c : undefined;
}

/**
 * Sends queued e-mail receipts (issue 12 item 7). Every central node with `smtp` configured runs
 * one; claims (queue.ts) keep two nodes off the same mail. A new row wakes it through NOTIFY;
 * otherwise it sleeps until the next retry is due, at most `pollMs`. Failures stay in the queue
 * (retried with capped backoff, then 'failed'); nothing here touches ingest.
 */
export class MailSender {
  private readonly owner = newId();
  private stopped = false;
  private woken = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private unlisten: (() => Promise<void>) | null = null;

  constructor(
    private readonly db: Database,
    private readonly cfg: SmtpConfig,
    private readonly logger: Logger,
    private readonly transport: MailTransport = smtpTransport(cfg),
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.db.listen(MAIL_CHANNEL, () => this.poke());
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.poke();
    await this.loop;
    await this.unlisten?.();
    this.unlisten = null;
    this.transport.close();
  }

  private poke(): void {
    this.woken = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let waitMs = this.cfg.pollMs;
      try {
        this.woken = false;
        const claimed = await claimDueMails(this.db, this.owner, BATCH, LEASE_MS);
        for (const m of claimed) await this.sendOne(m);
        const next = await msUntilNextMail(this.db);
        waitMs = Math.min(next ?? this.cfg.pollMs, this.cfg.pollMs);
      } catch (e) {
        this.logger.warn({ err: (e as Error).message }, 'mail sender: database error, retrying');
      }
      await this.sleep(waitMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped || this.woken || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(), ms);
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      this.wake = done;
    });
  }

  private async sendOne(m: ClaimedMail): Promise<void> {
    const log = { eventId: m.event_id, storeId: m.store_id, attempt: m.attempts }; // never the address: personal data
    try {
      if (m.payload.data === undefined || !('receiptNo' in m.payload.data)) throw Object.assign(new Error('event is not a receipt'), { responseCode: 554 });
      const mail = renderReceiptMail({
        storeId: m.store_id,
        storeName: m.store_name,
        at: m.at,
        receipt: m.payload.data as Parameters<typeof renderReceiptMail>[0]['receipt'],
        currency: this.cfg.currency,
        timeZone: this.cfg.timeZone,
      });
      await this.transport.sendMail({
        from: this.cfg.from,
        to: m.to_addr,
        ...mail,
        // The same Message-ID on every attempt: a receiving server can drop a duplicate after a lost reply.
        messageId: `<${m.event_id}@tillgate>`,
        headers: { 'X-Tillgate-Event': m.event_id },
      });
      if (!(await finishMail(this.db, this.owner, m.event_id, { status: 'sent' }))) this.logger.warn(log, 'mail sent after its claim ran out');
      else this.logger.info(log, 'receipt mail sent');
    } catch (e) {
      const code = smtpCode(e);
      const error = `${code ?? ''} ${(e as Error).message}`.trim();
      const final = (code !== undefined && code >= 500 && code < 600) || m.attempts >= this.cfg.maxAttempts;
      const retryInMs = backoffDelay({ minMs: this.cfg.retryMinMs, maxMs: this.cfg.retryMaxMs, jitter: 0.2 }, m.attempts - 1);
      await finishMail(this.db, this.owner, m.event_id, final ? { status: 'failed', error } : { status: 'queued', retryInMs, error });
      this.logger.warn({ ...log, code, final }, final ? 'receipt mail failed for good' : 'receipt mail failed, will retry');
    }
  }
}
