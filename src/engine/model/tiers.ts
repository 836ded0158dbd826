/**
 * CARD-10 discount tiers by turnover (API.md rule 2). Pure: the caller sums the turnover (all
 * time, or the last `windowMonths`), then writes the customer's level and the cards' lists.
 *
 * - A customer's level is the level with the highest turnover threshold at or below their
 *   turnover (levels may come in any order; the index is into the configured array).
 * - The level's discount lives beside the cards' own discount lists (CARD-14): a level change
 *   never rewrites a card's list, so personal and birthday discounts survive it. Evaluation
 *   gives each line the better of the card list's winner and the tier discount.
 * - `autoTierOptOut` customers are never changed automatically.
 */
import type { Customer, TierLevel } from './types.js';

/** Index into `levels` of the level reached by `turnover`, or null below the first. */
export function tierLevelFor(turnover: number, levels: readonly TierLevel[]): number | null {
  let best: number | null = null;
  for (let i = 0; i < levels.length; i++) {
    const t = levels[i]!.turnover;
    if (turnover >= t && (best === null || t > levels[best]!.turnover)) best = i;
  }
  return best;
}

export interface TierDecision {
  from: number | null;
  to: number | null;
  /** The discount of level `to`; null below every level. */
  discountId: string | null;
}

/** The tier change a turnover calls for, or null when there is none (same level, or opt-out). */
export function decideTier(customer: Pick<Customer, 'tierLevel' | 'autoTierOptOut'>, turnover: number, levels: readonly TierLevel[]): TierDecision | null {
  if (customer.autoTierOptOut) return null;
  const to = tierLevelFor(turnover, levels);
  if (to === customer.tierLevel) return null;
  return { from: customer.tierLevel, to, discountId: to === null ? null : levels[to]!.discountId };
}

/** The discount of a customer's tier level, or null (no level, or the level is gone from config). */
export function tierDiscountId(tierLevel: number | null, levels: readonly TierLevel[]): string | null {
  return tierLevel === null ? null : (levels[tierLevel]?.discountId ?? null);
}
