import { luhnValid } from '../common/check-digits.js';
import type { CardScheme } from '../config/schema.js';

/**
 * Which configured card scheme a number read at a reader belongs to (GW-2). Only a match
 * becomes `card.read`; anything else (bank cards, foreign cards) is `card.rejected` and its
 * number is dropped on the spot: never logged, stored or sent.
 */
export function matchScheme(number: string, schemes: readonly CardScheme[]): CardScheme | null {
  if (!/^\d+$/.test(number)) return null;
  for (const s of schemes) {
    if (number.length !== s.length || !number.startsWith(s.prefix)) continue;
    if (s.luhn && !luhnValid(number)) continue;
    return s;
  }
  return null;
}
