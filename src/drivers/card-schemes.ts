import { luhnValid } from '../common/check-digits.js';
import { schemeFor } from '../config/card-schemes.js';
import type { CardScheme } from '../config/schema.js';

/**
 * Which configured card scheme a number read at a reader belongs to (GW-2). Only a match
 * becomes `card.read`; anything else (bank cards, foreign cards) is `card.rejected` and its
 * number is dropped on the spot: never logged, stored or sent.
 */
export function matchScheme(number: string, schemes: readonly CardScheme[]): CardScheme | null {
  const s = schemeFor(number, schemes);
  return s && (!s.luhn || luhnValid(number)) ? s : null;
}
