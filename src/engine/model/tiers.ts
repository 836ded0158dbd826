/**
 * CARD-10 discount tiers by turnover (API.md rule 2). Pure: the caller sums the turnover (all
 * time, or the last `windowMonths`), then writes the customer's level and the cards' lists.
 *
 * - A customer's level is the level with the highest turnover threshold at or below their
 *   turnover (levels may come in any order; the index is into the configured array).
 * - A level change replaces the FIRST discount of each of the customer's cards with the level's
 *   discount (a card without discounts gets it as its only one). Falling below every level
 *   removes the first discount only when it is one of the tiers' discounts.
 * - `autoTierOptOut` customers are never changed automatically.
 */
import type { CardDiscountRef, Customer, TierLevel } from './types.js';

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

/** A card's discount list with the tier discount first; null when the list stays as it is. */
export function withTierDiscount(refs: readonly CardDiscountRef[], discountId: string | null, levels: readonly TierLevel[]): CardDiscountRef[] | null {
  const first = refs[0];
  if (discountId === null) {
    if (first === undefined || !levels.some((l) => l.discountId === first.discountId)) return null;
    return refs.slice(1);
  }
  if (first !== undefined && first.discountId === discountId && first.birthday !== true) return null;
  return [{ discountId }, ...refs.slice(1)];
}
