import { setImmediate as yieldToTills } from 'node:timers/promises';
import { decideTier, withTierDiscount } from './model/tiers.js';
import type { Customer, TierConfig } from './model/types.js';
import { masterSnapshot } from './catalog-cache.js';
import type { EngineContext } from './context.js';

/** Start of the turnover window: `windowMonths` before `at`, or the beginning of time. */
function windowStart(tiers: TierConfig, at: Date): string {
  if (!tiers.windowMonths) return '';
  const d = new Date(at);
  d.setUTCMonth(d.getUTCMonth() - tiers.windowMonths);
  return d.toISOString();
}

function turnoverSince(ctx: EngineContext, customerId: string, from: string): number {
  const r = ctx.store.db
    .prepare("SELECT COALESCE(SUM(delta), 0) AS t FROM ledger WHERE customer_id = ? AND asset = 'turnover' AND at >= ?")
    .get(customerId, from) as { t: number };
  return r.t;
}

/**
 * CARD-10: re-check one customer's tier from turnover and, on a change, set the level and put
 * the tier's discount first on each of the customer's cards (API.md rule 2). Runs inside the
 * caller's transaction. Returns the customer's level afterwards.
 */
export function recheckTier(ctx: EngineContext, customer: Customer, tiers: TierConfig, at: Date): number | null {
  const decision = decideTier(customer, turnoverSince(ctx, customer.id, windowStart(tiers, at)), tiers.levels);
  if (!decision) return customer.tierLevel;
  const now = ctx.clock.now().toISOString();
  ctx.store.customers.setTierLevel(customer.id, decision.to, now);
  for (const card of ctx.store.cards.byCustomer(customer.id)) {
    const next = withTierDiscount(card.discounts, decision.discountId, tiers.levels);
    if (next) ctx.store.cards.update({ ...card, discounts: next, updatedAt: now });
  }
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
    const ids = (ctx.store.db.prepare('SELECT seq, id FROM customers WHERE seq > ? ORDER BY seq LIMIT ?').all(after, chunk) as { seq: number; id: string }[]);
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
