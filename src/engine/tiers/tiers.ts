import { setImmediate as yieldToTills } from 'node:timers/promises';
import { AppError } from '../../common/errors.js';
import { decideTier } from '../model/tiers.js';
import type { Customer, TierConfig } from '../model/types.js';
import { masterSnapshot } from '../receipts/catalog-cache.js';
import type { EngineContext } from '../context.js';
import { localDayWindow } from '../reports/period.js';
import { tierChangedEvent } from '../records/record-events.js';

/**
 * The turnover window of a tier decision at `at`, in whole store-local days, closed-open:
 * from the start of the day `windowMonths` before (or the beginning of time) up to the end of
 * `at`'s own day. Turnover dated after that day never counts, so a late-posted receipt is judged
 * by the turnover up to its own day.
 */
function turnoverWindow(tiers: TierConfig, at: Date, timeZone: string): { from: string; to: string } {
  const to = localDayWindow(at, timeZone).to;
  if (!tiers.windowMonths) return { from: '', to };
  const d = new Date(at);
  d.setUTCMonth(d.getUTCMonth() - tiers.windowMonths);
  return { from: localDayWindow(d, timeZone).from, to };
}

/**
 * CARD-10: re-check one customer's tier from turnover and, on a change, set the level. The
 * cards' own discount lists are never touched (CARD-14): evaluation puts the tier discount
 * beside them. Runs inside the caller's transaction. Returns the customer's level afterwards.
 */
export function recheckTier(ctx: EngineContext, customer: Customer, tiers: TierConfig, at: Date): number | null {
  const window = turnoverWindow(tiers, at, ctx.config.store.timeZone);
  const decision = decideTier(customer, ctx.store.ledger.turnoverBetween(customer.id, window.from, window.to), tiers.levels);
  if (!decision) return customer.tierLevel;
  ctx.store.customers.setTierLevel(customer.id, decision.to, ctx.clock.now().toISOString());
  tierChangedEvent(ctx, customer.id, decision.to, decision.discountId); // SYNC-1; the cards are untouched (CARD-14)
  return decision.to;
}

/** Online mode: called when a receipt closes (same transaction). */
export function applyOnlineTier(ctx: EngineContext, customer: Customer, at: Date): number | null {
  const { tiers } = masterSnapshot(ctx);
  if (!tiers || tiers.mode !== 'online' || tiers.levels.length === 0) return customer.tierLevel;
  return recheckTier(ctx, customer, tiers, at);
}

/**
 * Batch mode (and the admin call): recompute every customer from past turnover, in chunks of
 * short transactions with a yield between them so tills are never blocked for long.
 */
export async function recomputeTiers(ctx: EngineContext, chunk = 500): Promise<{ customers: number; changed: number }> {
  const { tiers } = masterSnapshot(ctx);
  if (!tiers || tiers.levels.length === 0) return { customers: 0, changed: 0 };
  const at = ctx.clock.now();
  let after = 0;
  let customers = 0;
  let changed = 0;
  for (;;) {
    // Shutdown: the chunks done are committed; recomputing again is harmless (tiers are derived).
    if (ctx.stopSignal?.aborted) throw new AppError('shutting_down', `tier recompute stopped after ${customers} customers`);
    const ids = ctx.store.customers.idsAfterSeq(after, chunk);
    if (ids.length === 0) break;
    ctx.store.db.tx(() => {
      for (const { id } of ids) {
        const c = ctx.store.customers.get(id);
        if (!c) continue;
        customers++;
        if (recheckTier(ctx, c, tiers, at) !== c.tierLevel) changed++;
      }
    });
    after = ids[ids.length - 1]!.seq;
    await yieldToTills();
  }
  return { customers, changed };
}
