import { setImmediate as yieldToTills } from 'node:timers/promises';
import { zonedInstant } from '../../common/clock.js';
import { newId } from '../../common/ids.js';
import type { CardType } from '../model/types.js';
import { nowIso, type EngineContext } from '../context.js';
import { clientLocalDate } from '../client-time.js';

export interface BalanceResetResult {
  resetId: string;
  asOf: string;
  cards: number;
  entries: number;
}

/**
 * CARD-11: zero the card balances held as of the end of `asOf` (a store-local date, at most
 * loyalty.maxBackdateHours back, never after today), optionally only for cards of one usage type
 * (e.g. expire all bonus points). Each zeroing is a `reset` ledger entry, never an overwrite.
 * Amounts earned after `asOf` stay; what was spent since `asOf` came from the oldest points
 * and is not taken twice, so a backdated reset never makes a balance negative. Earlier resets count as
 * already applied, so resetting the same date twice changes nothing. The reset is recorded first,
 * so a receipt dated before its cutoff that arrives later is judged by it (receipts.ts). Runs in
 * chunks so tills are never blocked for long; only positive balances are reset (debts are not
 * forgiven here).
 */
export async function resetBalances(ctx: EngineContext, opts: { type?: CardType; asOf: string }, chunk = 500): Promise<BalanceResetResult> {
  const asOf = clientLocalDate(ctx, opts.asOf, 'asOf');
  const resetId = newId();
  const cutoff = zonedInstant(asOf, 24 * 60, ctx.config.store.timeZone).toISOString();
  const { ledger } = ctx.store;
  ctx.store.db.tx(() => ledger.recordReset({ id: resetId, asOf, cutoff, cardType: opts.type ?? null, createdAt: nowIso(ctx) }));
  const numbers = ctx.store.cards.numbersByType(opts.type ?? null);
  let cards = 0;
  let entries = 0;
  for (let i = 0; i < numbers.length; i += chunk) {
    ctx.store.db.tx(() => {
      for (const number of numbers.slice(i, i + chunk)) {
        const expire = ledger.expirableAsOf(number, cutoff).filter((r) => r.amount > 0);
        if (expire.length === 0) continue;
        const card = ctx.store.cards.get(number);
        ledger.append({
          type: 'card.balance_reset',
          at: nowIso(ctx),
          docType: 'reset',
          docId: resetId,
          data: { asOf, cardType: opts.type ?? null },
          entries: expire.map((r) => ({
            kind: 'reset',
            asset: r.asset,
            programId: r.programId,
            cardNumber: number,
            customerId: card?.customerId ?? null,
            delta: -r.amount,
          })),
        });
        cards++;
        entries += expire.length;
      }
    });
    await yieldToTills();
  }
  return { resetId, asOf, cards, entries };
}
