import { setImmediate as yieldToTills } from 'node:timers/promises';
import { zonedInstant } from '../common/clock.js';
import { newId } from '../common/ids.js';
import type { CardType } from './model/types.js';
import { nowIso, type EngineContext } from './context.js';

export interface BalanceResetResult {
  resetId: string;
  asOf: string;
  cards: number;
  entries: number;
}

const CARD_ASSETS = "('money','bonus','visits','stamps')";

/**
 * CARD-11: zero the card balances held as of the end of `asOf` (a store-local date), optionally
 * only for cards of one usage type (e.g. expire all bonus points). Each zeroing is a `reset`
 * ledger entry, never an overwrite. Amounts earned after `asOf` stay. Earlier resets count as
 * already applied, so resetting the same date twice changes nothing. Runs in chunks so tills
 * are never blocked for long; only positive balances are reset (debts are not forgiven here).
 */
export async function resetBalances(ctx: EngineContext, opts: { type?: CardType; asOf: string }, chunk = 500): Promise<BalanceResetResult> {
  const resetId = newId();
  const cutoff = zonedInstant(opts.asOf, 24 * 60, ctx.config.store.timeZone).toISOString();
  const numbers = ctx.store.cards.numbersByType(opts.type ?? null);
  let cards = 0;
  let entries = 0;
  const heldAsOf = ctx.store.db.prepare(
    `SELECT asset, program_id, SUM(delta) AS amount FROM ledger
     WHERE card_number = ? AND asset IN ${CARD_ASSETS} AND (at < ? OR kind = 'reset')
     GROUP BY asset, program_id`,
  );
  for (let i = 0; i < numbers.length; i += chunk) {
    ctx.store.db.tx(() => {
      for (const number of numbers.slice(i, i + chunk)) {
        const rows = heldAsOf.all(number, cutoff) as { asset: 'money' | 'bonus' | 'visits' | 'stamps'; program_id: string; amount: number }[];
        const positive = rows.filter((r) => r.amount > 0);
        if (positive.length === 0) continue;
        const card = ctx.store.cards.get(number);
        ctx.store.ledger.append({
          type: 'card.balance_reset', at: nowIso(ctx), docType: 'reset', docId: resetId, data: { asOf: opts.asOf, cardType: opts.type ?? null },
          entries: positive.map((r) => ({
            kind: 'reset', asset: r.asset, programId: r.program_id, cardNumber: number, customerId: card?.customerId ?? null, delta: -r.amount,
          })),
        });
        cards++;
        entries += positive.length;
      }
    });
    await yieldToTills();
  }
  return { resetId, asOf: opts.asOf, cards, entries };
}
