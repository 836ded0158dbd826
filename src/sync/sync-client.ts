import type { Logger } from '../common/logger.js';
import { backoffMs, sleep } from './backoff.js';
import { BlockLeases } from './block-lease.js';
import { toEnvelope } from './envelope.js';
import { callCentral, type CentralEndpoint } from './http.js';
import { MAX_PUSH_EVENTS, pullResponse } from './protocol/index.js';
import type { SyncTarget } from './sync-target.js';

export interface SyncClientOptions {
  storeId: string;
  central: { url: string; token: string; pushIntervalS: number; pullIntervalS: number; timeoutS: number };
  /** SYNC-5: seconds without an answer from central after which the store is offline. */
  offlineAfterS: number;
  target: SyncTarget;
  logger: Logger;
  now?: () => number;
}

/** What /v1/health and `tillgate sync status` show (GW-6); O(1). */
export interface SyncStatus {
  pendingEvents: number;
  /** Age of the oldest event central has not acknowledged, in seconds (0 when none waits). */
  lagS: number;
  lastPushAt: string | null;
  lastPullAt: string | null;
  centralReachable: boolean;
  /** SYNC-5: the outage in progress (when central last answered), null while online. */
  offlineSince: string | null;
}

/** How often an idle push loop looks at the outbox counter (one O(1) row read). */
const OUTBOX_POLL_MS = 200;
const BACKOFF_BASE_MS = 250;
/** Longest long-poll asked for (central allows 30 s; keep under it and under proxies' idle limits). */
const MAX_WAIT_S = 25;
/** Pause after an empty pull page answered at once, so a misbehaving central cannot make us spin. */
const EMPTY_PAGE_PAUSE_MS = 100;

/**
 * The store's sync client (GW-6, SYNC-2..5): pushes the outbox to central in contiguous gzip
 * batches and pulls with long-poll, applying each page in one store transaction. Two loops, one
 * AbortController: stop() aborts calls in flight and sleeps, and resolves when both loops have
 * left. Every HTTP call has a timeout; failures back off exponentially with jitter, capped at
 * `pushIntervalS`.
 */
export class SyncClient {
  private readonly abort = new AbortController();
  private readonly ep: CentralEndpoint;
  private readonly now: () => number;
  private loops: Promise<void>[] = [];
  private readonly blocks: BlockLeases;
  private readonly startedMs: number;
  private lastContactMs: number | null = null;
  private lastPushAt: string | null = null;
  private lastPullAt: string | null = null;
  private reachable = false;
  private oldestPendingAt: number | null = null;
  private wasOffline = false;
  /** The last call to central failed (network error or timeout). */
  private failing = false;
  /** When the push in flight started, null when none is. */
  private pushStartedMs: number | null = null;
  /** Log one warning per loss of contact, not one per retry. */
  private reachableLogged = true;

  constructor(private readonly o: SyncClientOptions) {
    this.now = o.now ?? Date.now;
    this.startedMs = this.now();
    this.ep = { url: o.central.url, token: o.central.token, timeoutMs: o.central.timeoutS * 1000 };
    this.blocks = new BlockLeases({
      ep: this.ep,
      target: o.target,
      logger: o.logger,
      signal: this.abort.signal,
      now: this.now,
      contact: () => this.contact(),
      unreachable: (e) => this.unreachable(e, 'number block lease'),
      backoff: (n) => this.backoff(n),
    });
  }

  start(): void {
    this.lastContactMs = this.o.target.lastContact();
    const last = this.o.target.lastPushPull();
    this.lastPushAt = last.push;
    this.lastPullAt = last.pull;
    this.wasOffline = this.outage() !== null;
    this.loops = [this.pushLoop(), this.pullLoop(), this.blocks.loop()];
  }

  /**
   * SYNC-6: the engine's ctx.onNumberBlocksNeeded (called inside the issuing transaction when a
   * leased block runs below half): only wakes the lease loop, which asks numberBlocksNeeded itself.
   */
  onNumberBlocksNeeded(): void {
    this.blocks.wanted();
  }

  /** SYNC-6: one lease round (see BlockLeases.leaseOnce). Public for tests. */
  leaseOnce(): Promise<'idle' | 'done' | 'retry'> {
    return this.blocks.leaseOnce();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled(this.loops);
  }

  /**
   * SYNC-5: the current outage (the instant central last answered, ISO) or null while online.
   * Offline = no answer for `offline.afterS` AND something is wrong: the last call failed, a push
   * has been waiting longer than that, or central never answered. An idle long-poll that central
   * holds open is not an outage.
   */
  outage(): string | null {
    const now = this.now();
    const limit = this.o.offlineAfterS * 1000;
    const last = this.lastContactMs ?? this.startedMs;
    if (now - last <= limit) return null;
    const stalled = this.failing || this.lastContactMs === null || (this.pushStartedMs !== null && now - this.pushStartedMs > limit);
    return stalled ? new Date(last).toISOString() : null;
  }

  status(): SyncStatus {
    const pendingEvents = this.o.target.pendingCount();
    const lagS = pendingEvents > 0 && this.oldestPendingAt !== null ? Math.max(0, Math.round((this.now() - this.oldestPendingAt) / 1000)) : 0;
    const offlineSince = this.outage();
    return {
      pendingEvents,
      lagS,
      lastPushAt: this.lastPushAt,
      lastPullAt: this.lastPullAt,
      centralReachable: this.reachable && offlineSince === null,
      offlineSince,
    };
  }

  private contact(): void {
    const wasOffline = this.wasOffline || this.outage() !== null;
    this.reachable = true;
    this.reachableLogged = true;
    this.failing = false;
    this.lastContactMs = this.now();
    if (wasOffline) {
      this.wasOffline = false;
      this.o.target.endOutage();
      this.o.logger.info('central answers again; offline caps lifted');
    }
  }

  private unreachable(e: unknown, what: string): void {
    if (this.abort.signal.aborted) return;
    this.reachable = false;
    this.failing = true;
    if (this.outage() !== null && !this.wasOffline) {
      this.wasOffline = true;
      this.o.logger.warn({ afterS: this.o.offlineAfterS }, 'central unreachable: offline caps apply');
    }
    if (this.reachableLogged) this.o.logger.warn({ err: (e as Error).message }, `sync ${what} failed; retrying with backoff`);
    this.reachableLogged = false;
  }

  private backoff(attempt: number): Promise<void> {
    return sleep(backoffMs(attempt, BACKOFF_BASE_MS, this.o.central.pushIntervalS * 1000), this.abort.signal);
  }

  /** The sequence the next push starts at (central's acked + 1), once known. */
  private pushFrom: number | null = null;
  private pushBatch = MAX_PUSH_EVENTS;

  /**
   * One push: the next batch of up to 500 outbox rows from the sequence central expects. On 200
   * the rows are acked; on 409 sequence_gap the next push starts at `expectedSeq`; on 413 the
   * batch halves. `idle`: nothing to send; `done`: progress; `retry`: failed, back off. Public for
   * tests that drive push and pull step by step.
   */
  async pushOnce(): Promise<'idle' | 'done' | 'retry'> {
    const { target, storeId, logger } = this.o;
    const signal = this.abort.signal;
    const from = (this.pushFrom ??= target.ackedSeq() + 1);
    const rows = target.pendingCount() > 0 || from <= target.ackedSeq() ? target.outboxFrom(from, this.pushBatch) : [];
    if (rows.length === 0) {
      this.oldestPendingAt = null;
      return 'idle';
    }
    this.oldestPendingAt = Date.parse(rows[0]!.createdAt);
    if (rows[0]!.storeSeq !== from) {
      // The rows central still needs were pruned (acked locally, then central lost them).
      logger.error({ from, first: rows[0]!.storeSeq }, 'outbox rows central needs are gone; central must be restored');
      return 'retry';
    }
    try {
      const events = rows.map((r) => toEnvelope(r, storeId));
      this.pushStartedMs = this.now();
      const r = await callCentral(this.ep, 'POST', 'sync/v1/push', { storeId, fromSeq: from, events }, signal).finally(() => (this.pushStartedMs = null));
      this.contact();
      const body = (r.body ?? {}) as { ackedSeq?: number; code?: string; expectedSeq?: number };
      const at = new Date(this.now()).toISOString();
      if (r.status === 200 && typeof body.ackedSeq === 'number') {
        target.ack(body.ackedSeq, at);
        this.pushFrom = body.ackedSeq + 1;
        this.lastPushAt = at;
        return 'done';
      }
      if (r.status === 409 && body.code === 'sequence_gap' && typeof body.expectedSeq === 'number') {
        // Central has up to expectedSeq - 1: acknowledge what it has, resend from there.
        if (body.expectedSeq > from) target.ack(body.expectedSeq - 1, at);
        logger.warn({ from, expectedSeq: body.expectedSeq }, 'sequence gap: resending from what central expects');
        this.pushFrom = body.expectedSeq;
        return 'done';
      }
      if (r.status === 413 && this.pushBatch > 1) {
        this.pushBatch = Math.max(1, Math.floor(this.pushBatch / 2));
        return 'done';
      }
      logger.error({ status: r.status, code: body.code }, 'central refused a push');
      return 'retry';
    } catch (e) {
      this.unreachable(e, 'push');
      return 'retry';
    }
  }

  private pullMore = true;

  /**
   * One pull (long-poll `waitS` unless more pages are ready), applied in one store transaction.
   * 410 cursor_expired forgets the cursor so the next pull is a snapshot.
   */
  async pullOnce(waitS = Math.min(MAX_WAIT_S, this.o.central.pullIntervalS)): Promise<'idle' | 'done' | 'retry'> {
    const { target, logger } = this.o;
    const cursor = target.cursor();
    const wait = this.pullMore ? 0 : waitS;
    const q = new URLSearchParams({ wait: String(wait), ...(cursor ? { cursor } : {}) });
    try {
      const r = await callCentral(this.ep, 'GET', `sync/v1/pull?${q.toString()}`, undefined, this.abort.signal, wait * 1000);
      this.contact();
      if (r.status === 410) {
        logger.warn('pull cursor expired: pulling a snapshot');
        target.resetCursor();
        this.pullMore = true;
        return 'done';
      }
      const page = r.status === 200 ? pullResponse.safeParse(r.body) : null;
      if (!page?.success) {
        logger.error({ status: r.status }, 'central refused a pull or answered something unreadable');
        return 'retry';
      }
      const applied = target.applyPull(page.data, new Date(this.now()).toISOString());
      this.lastPullAt = new Date(this.now()).toISOString();
      this.pullMore = page.data.more;
      const empty = applied.masterData + applied.balances + applied.blocks + page.data.customers.length + page.data.cards.length === 0;
      return empty && !this.pullMore ? 'idle' : 'done';
    } catch (e) {
      this.unreachable(e, 'pull');
      return 'retry';
    }
  }

  private async pushLoop(): Promise<void> {
    const signal = this.abort.signal;
    let attempt = 0;
    while (!signal.aborted) {
      const step = await this.pushOnce();
      if (step === 'done') {
        attempt = 0;
        this.onNumberBlocksNeeded();
      } else if (step === 'idle') {
        attempt = 0;
        await sleep(OUTBOX_POLL_MS, signal);
      } else await this.backoff(attempt++);
    }
  }

  private async pullLoop(): Promise<void> {
    const signal = this.abort.signal;
    let attempt = 0;
    while (!signal.aborted) {
      const wasMore = this.pullMore;
      const step = await this.pullOnce();
      if (step === 'retry') await this.backoff(attempt++);
      else {
        attempt = 0;
        this.onNumberBlocksNeeded();
        // An empty page answered without waiting: pause, so a misbehaving central cannot make us spin.
        if (step === 'idle' && wasMore) await sleep(EMPTY_PAGE_PAUSE_MS, signal);
      }
    }
  }
}
