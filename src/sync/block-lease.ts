import { newId } from '../common/ids.js';
import type { Logger } from '../common/logger.js';
import type { BlockWant } from '../engine/store/number-blocks-repo.js';
import { callCentral, type CentralEndpoint } from './http.js';
import { numberBlock, type BlockLeaseRequest, type NumberBlock } from './protocol/index.js';
import type { SyncTarget } from './sync-target.js';

export interface LeaseResult {
  /** Blocks central handed out, in the order asked. */
  blocks: NumberBlock[];
  /** Wants central refused (409 number_block_exhausted, 422 numbering_not_configured, …): status and code. */
  refused: { want: BlockWant; status: number; code: string | undefined }[];
  /** The network error or timeout that stopped the round (the wants after it were not asked), if any. */
  error: unknown;
}

/**
 * SYNC-6: ask central for one number block per want (`POST /sync/v1/blocks`). Each want keeps its
 * `requestId` in `requestIds` until central answers, so a call whose answer was lost is retried
 * with the same id and central returns the same block instead of cutting a new one (a block whose
 * answer is never heard still reaches the store: central lists it in the store's pull).
 */
export async function leaseBlocks(
  ep: CentralEndpoint,
  wants: readonly BlockWant[],
  requestIds: Map<string, string>,
  signal: AbortSignal,
): Promise<LeaseResult> {
  const out: LeaseResult = { blocks: [], refused: [], error: undefined };
  for (const want of wants) {
    const idKey = `${want.kind}:${want.key}`;
    let requestId = requestIds.get(idKey);
    if (!requestId) {
      requestId = newId();
      requestIds.set(idKey, requestId);
    }
    const body: BlockLeaseRequest = want.kind === 'card' ? { requestId, kind: 'card', scheme: want.key } : { requestId, kind: 'voucher', rangeId: want.key };
    try {
      const r = await callCentral(ep, 'POST', 'sync/v1/blocks', body, signal);
      // A 5xx may come from a proxy after central cut the block: keep the id for the retry.
      if (r.status < 500) requestIds.delete(idKey);
      const block = r.status === 200 ? numberBlock.safeParse(r.body) : null;
      if (block?.success && blockMatches(block.data, want)) out.blocks.push(block.data);
      else out.refused.push({ want, status: r.status, code: (r.body as { code?: string } | null)?.code });
    } catch (e) {
      out.error = e;
      return out;
    }
  }
  return out;
}

function blockMatches(b: NumberBlock, want: BlockWant): boolean {
  return b.kind === want.kind && (b.kind === 'card' ? b.scheme : b.rangeId) === want.key && b.from <= b.to;
}

export interface BlockLeasesOptions {
  ep: CentralEndpoint;
  target: SyncTarget;
  logger: Logger;
  /** The sync client's stop signal: aborts a lease in flight and the loop's waits. */
  signal: AbortSignal;
  now: () => number;
  /** The sync client's bookkeeping of central answering / not answering (SYNC-5). */
  contact(): void;
  unreachable(e: unknown): void;
  /** The sync client's backoff (exponential, full jitter, capped at pushIntervalS). */
  backoff(attempt: number): Promise<void>;
}

/**
 * SYNC-6: the sync client's third loop. It looks at target.blocksNeeded() (the engine's
 * numberBlocksNeeded) at start, after every push/pull cycle and whenever the engine calls
 * ctx.onNumberBlocksNeeded(), leases what is needed and adds it in one store transaction.
 * Failures back off like push and pull.
 */
export class BlockLeases {
  /** Another look at the number blocks is due. */
  private due = true;
  private wake: (() => void) | null = null;
  /** requestId per (kind, key) until central answers, so a retried lease gets the same block. */
  private readonly leaseIds = new Map<string, string>();
  /** Refusals already logged (kind:key:code), so a misconfigured scheme logs once, not per retry. */
  private readonly refusalsLogged = new Set<string>();

  constructor(private readonly o: BlockLeasesOptions) {}

  /** Ask for another look (cheap: may run inside the engine's issuing transaction). */
  wanted(): void {
    this.due = true;
    this.wake?.();
  }

  /**
   * Lease a block for every card scheme and voucher range that needs one and add them in one
   * store transaction. `idle`: nothing needed; `done`: blocks added; `retry`: central did not
   * answer or refused one (409 number_block_exhausted, 422 numbering_not_configured): back off.
   */
  async leaseOnce(): Promise<'idle' | 'done' | 'retry'> {
    const { target, logger } = this.o;
    const wants = target.blocksNeeded?.() ?? [];
    if (wants.length === 0 || !target.addBlocks) return 'idle';
    const got = await leaseBlocks(this.o.ep, wants, this.leaseIds, this.o.signal);
    if (got.blocks.length > 0 || got.refused.length > 0) this.o.contact();
    if (got.blocks.length > 0) {
      const added = target.addBlocks(got.blocks, new Date(this.o.now()).toISOString());
      const blocks = got.blocks.map((b) => ({ kind: b.kind, key: b.kind === 'card' ? b.scheme : b.rangeId, from: b.from, to: b.to }));
      logger.info({ blocks, added }, 'number blocks leased from central');
    }
    for (const r of got.refused) {
      const key = `${r.want.kind}:${r.want.key}:${r.code ?? r.status}`;
      if (this.refusalsLogged.has(key)) continue;
      this.refusalsLogged.add(key);
      logger.error(
        { ...r.want, status: r.status, code: r.code },
        'central refused a number block; once the leased serials run out, generating these numbers answers 503 number_block_empty',
      );
    }
    if (got.error !== undefined) this.o.unreachable(got.error);
    return got.error !== undefined || got.refused.length > 0 ? 'retry' : 'done';
  }

  async loop(): Promise<void> {
    const signal = this.o.signal;
    let attempt = 0;
    while (!signal.aborted) {
      this.due = false;
      const step = await this.leaseOnce();
      if (step === 'retry') await this.o.backoff(attempt++);
      else {
        attempt = 0;
        if (step === 'idle') await this.untilWanted();
      }
    }
  }

  /** Resolves when wanted() is called, or on stop. */
  private untilWanted(): Promise<void> {
    const signal = this.o.signal;
    if (this.due || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.wake = null;
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.wake = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
