import { setImmediate as yieldToTills } from 'node:timers/promises';
import type { EngineContext } from './context.js';

/** Rows per delete: one short transaction (a few ms on the shop box), then tills get a turn. */
export const PRUNE_CHUNK = 1000;

/**
 * Delete outbox rows that central acknowledged more than `keepDays` ago, chunk by chunk, never in
 * one long transaction. Stops early (between chunks) when `signal` aborts: what was deleted stays
 * deleted and the next run continues. The ledger itself is never pruned.
 */
export async function pruneAckedOutbox(
  ctx: EngineContext,
  keepDays: number,
  signal?: AbortSignal,
  chunk = PRUNE_CHUNK,
): Promise<{ pruned: number; stopped: boolean }> {
  const before = new Date(ctx.clock.now().getTime() - keepDays * 86_400_000).toISOString();
  let pruned = 0;
  for (;;) {
    if (signal?.aborted) return { pruned, stopped: true };
    const n = ctx.store.db.tx(() => ctx.store.outbox.pruneAckedChunk(before, chunk));
    pruned += n;
    if (n < chunk) return { pruned, stopped: false };
    await yieldToTills();
  }
}
