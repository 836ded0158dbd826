import { AppError } from '../common/errors.js';
import type { EngineContext } from './context.js';
import type { LedgerEntryInput } from './store/ledger.js';

/** Ledger kinds that spend stored value; earning, top-ups, refunds and resets never count. */
const SPEND_KINDS: ReadonlySet<string> = new Set(['payment', 'bonus_spend', 'visit_use', 'charge']);
/** The per-card cap an asset counts against; the account is money the card pays from. */
const CAP_OF: Readonly<Record<string, 'money' | 'bonus' | 'visits' | undefined>> = { money: 'money', account: 'money', bonus: 'bonus', visits: 'visits' };

function offlineLimit(cap: string, detail: string): AppError {
  return new AppError('offline_limit_exceeded', detail, [{ path: cap, message: 'offline limit reached' }], { cap });
}

/**
 * SYNC-5: the one check every spending path calls inside its transaction, before it appends the
 * ledger entries. While central has not answered for `offline.afterS`, each card may spend at
 * most `offline.cardSpendCap` (money, bonus, visits) and the store `offline.storeBudget` (money,
 * account and bonus together) per outage; a voucher redemption follows `offline.vouchers`.
 * Beyond a cap → 409 offline_limit_exceeded naming it; otherwise the spend is counted for the
 * outage in the same transaction. Online, or on a standalone store, it does nothing.
 */
export function checkOfflineSpend(ctx: EngineContext, entries: readonly LedgerEntryInput[], opts: { vouchers?: number } = {}): void {
  const outage = ctx.connectivity?.outage() ?? null;
  const caps = ctx.config.offline;
  if (outage === null || !caps) return;
  if ((opts.vouchers ?? 0) > 0 && caps.vouchers === 'deny') {
    throw offlineLimit('offline.vouchers', 'central is unreachable and vouchers may not be redeemed offline');
  }
  const perCard = new Map<string, number>();
  let storeTotal = 0;
  for (const e of entries) {
    const cap = CAP_OF[e.asset];
    if (!cap || e.delta >= 0 || !SPEND_KINDS.has(e.kind)) continue;
    const owner = e.cardNumber ?? e.customerId ?? '';
    const key = `${owner}\u0000${cap}`;
    perCard.set(key, (perCard.get(key) ?? 0) - e.delta);
    if (cap !== 'visits') storeTotal -= e.delta;
  }
  const sync = ctx.store.sync;
  for (const [key, amount] of perCard) {
    const [owner = '', cap = 'money'] = key.split('\u0000');
    const limit = caps.cardSpendCap[cap as 'money' | 'bonus' | 'visits'];
    const spent = sync.offlineSpent(outage, owner, cap);
    if (spent + amount > limit) {
      throw offlineLimit(`offline.cardSpendCap.${cap}`, `central is unreachable: this card may spend ${Math.max(0, limit - spent)} more ${cap} offline`);
    }
  }
  if (storeTotal > 0) {
    const spent = sync.offlineSpent(outage, '*', 'value');
    if (spent + storeTotal > caps.storeBudget) {
      throw offlineLimit('offline.storeBudget', `central is unreachable: the store may spend ${Math.max(0, caps.storeBudget - spent)} more offline`);
    }
    sync.addOfflineSpent(outage, '*', 'value', storeTotal);
  }
  for (const [key, amount] of perCard) {
    const [owner = '', cap = 'money'] = key.split('\u0000');
    sync.addOfflineSpent(outage, owner, cap, amount);
  }
}
