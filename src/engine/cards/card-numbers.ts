import { luhnCheckDigit, luhnValid } from '../../common/check-digits.js';
import { AppError } from '../../common/errors.js';
import type { CardScheme } from '../../config/schema.js';
import type { EngineContext } from '../context.js';
import { takeLeased, usesLeasedNumbers } from '../numbering/leased-numbers.js';

export { schemeFor } from '../../config/card-schemes.js';

/** CARD-2: a number whose scheme (or card) uses Luhn and fails it is rejected before any lookup. */
export function assertCheckDigit(number: string, luhn: boolean, path = 'number'): void {
  if (luhn && !luhnValid(number)) {
    throw new AppError('check_digit_invalid', `Check digit wrong in card number ending ${number.slice(-4)}`, [{ path, message: 'check digit wrong' }]);
  }
}

/** Build a number of `scheme` from a serial: prefix + zero-padded serial (+ Luhn digit). */
export function numberFromSerial(scheme: CardScheme, serial: number): string {
  const body = scheme.length - scheme.prefix.length - (scheme.luhn ? 1 : 0);
  const s = String(serial);
  if (s.length > body) throw new AppError('card_numbers_exhausted', `card scheme ${scheme.id} has no numbers left`);
  const payload = scheme.prefix + s.padStart(body, '0');
  return scheme.luhn ? payload + String(luhnCheckDigit(payload)) : payload;
}

/**
 * CARD-1, ORDER-3: the next free number of a configured scheme (prefix + serial + Luhn). One
 * serial counter per scheme; numbers already taken (pre-printed cards) are skipped. In a chain
 * the serials come from blocks leased from central instead (SYNC-6).
 */
export function nextFreeNumber(ctx: EngineContext, schemeId: string): { number: string; luhn: boolean } {
  const scheme = ctx.config.cardSchemes.find((s) => s.id === schemeId);
  if (!scheme) throw new Error(`card scheme ${schemeId} missing`); // config validation prevents this
  for (;;) {
    const serial = usesLeasedNumbers(ctx) ? takeLeased(ctx, 'card', scheme.id, 1, 'number')[0]! : ctx.store.counters.next(`card-serial:${scheme.id}`);
    const number = numberFromSerial(scheme, serial);
    if (!ctx.store.cards.exists(number)) return { number, luhn: scheme.luhn };
  }
}
