import { AppError } from '../common/errors.js';
import { nowIso, type EngineContext } from './context.js';

export interface Outcome {
  status: number;
  body: unknown;
}

/**
 * Run `write` at most once per key, in one transaction with the stored response. A failed
 * write (an AppError) rolls back and stores nothing, so the caller may retry the same key.
 */
export function runIdempotent(ctx: EngineContext, key: string, hash: string, write: () => Outcome): Outcome & { replayed: boolean } {
  return ctx.store.db.tx(() => {
    const prior = ctx.store.idempotency.find(key);
    if (prior) {
      if (prior.requestHash !== hash) {
        throw new AppError('idempotency_key_reused', 'this Idempotency-Key was used with a different request', [
          { path: 'Idempotency-Key', message: 'already used with a different request' },
        ]);
      }
      return { status: prior.status, body: prior.body, replayed: true };
    }
    const out = write();
    ctx.store.idempotency.save(key, hash, out.status, out.body, nowIso(ctx));
    return { ...out, replayed: false };
  });
}
