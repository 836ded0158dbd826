import type { Privilege } from '../model/types.js';
import type { EngineContext } from '../context.js';
import { issueVouchers } from './vouchers.js';

/**
 * A campaign's transaction issues steps of CAMPAIGN_STEP vouchers (one draw, multi-row INSERTs
 * and one outbox event each) until CAMPAIGN_SLICE_MS have passed, then commits, so a write
 * waiting for the lock (busy_timeout) waits at most about one slice plus a commit; at most
 * CAMPAIGN_CHUNK per transaction.
 */
export const CAMPAIGN_STEP = 100;
export const CAMPAIGN_SLICE_MS = 3;
export const CAMPAIGN_CHUNK = 2000;

export interface SliceInput {
  campaignId: string;
  /** The privilege with the campaign's range as its voucher range. */
  privilege: Privilege;
  count: number;
  chunk: number;
}

/** One committed transaction of a campaign (VOUCH-6) from `done` on; returns the new total issued. */
export function issueSlice(ctx: EngineContext, s: SliceInput, done: number): number {
  const step = Math.min(CAMPAIGN_STEP, s.chunk);
  const start = done;
  ctx.store.db.tx(() => {
    const t0 = performance.now();
    do {
      const n = Math.min(step, s.count - done, s.chunk - (done - start));
      issueVouchers(ctx, s.privilege, n, { campaignId: s.campaignId, source: 'campaign' });
      done += n;
    } while (done < s.count && done - start < s.chunk && performance.now() - t0 < CAMPAIGN_SLICE_MS);
  });
  return done;
}
