import { AppError } from '../common/errors.js';
import { cardView } from '../engine/cards/card-view.js';
import type { EngineContext } from '../engine/context.js';

/**
 * GW-2: a card read on any reader is resolved to the customer card it belongs to. Drivers never
 * import the engine; the device hub is given this function. An unknown, blocked or malformed
 * number resolves to null (the event still reaches the till, without a card).
 */
export function cardReadResolver(ctx: EngineContext): (number: string) => ReturnType<typeof cardView> | null {
  return function resolveCardRead(number) {
    try {
      return cardView(ctx, number);
    } catch (e) {
      if (e instanceof AppError) return null;
      throw e;
    }
  };
}
