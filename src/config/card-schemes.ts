import type { CardScheme } from './schema.js';

/**
 * The one rule for which configured card scheme a number belongs to (CARD-1, CARD-2, GW-2):
 * all digits, the scheme's length, and the longest matching prefix. Used by the engine (card
 * entry and lookup) and by the drivers (which reads become `card.read`), so a number a reader
 * accepts is a number the till accepts.
 */
export function schemeFor(number: string, schemes: readonly CardScheme[]): CardScheme | null {
  if (!/^\d+$/.test(number)) return null;
  let best: CardScheme | null = null;
  for (const s of schemes) {
    if (number.length === s.length && number.startsWith(s.prefix) && (!best || s.prefix.length > best.prefix.length)) best = s;
  }
  return best;
}
