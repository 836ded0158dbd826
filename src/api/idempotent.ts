import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSONValue } from 'hono/utils/types';
import { AppError } from '../common/errors.js';
import { canonicalJson, sha256Hex } from '../common/ids.js';
import type { EngineContext } from '../engine/context.js';
import { runIdempotent, runIdempotentAsync, runIdempotentGrouped, type IdempotentResult, type Outcome } from '../engine/idempotency.js';

const KEY = /^[\x21-\x7e]{1,200}$/;

/** The Idempotency-Key header, required on writes that move value or print. */
export function idempotencyKey(c: Context): string {
  const key = c.req.header('idempotency-key');
  if (!key) throw new AppError('idempotency_key_missing', undefined, [{ path: 'Idempotency-Key', message: 'header required' }]);
  if (!KEY.test(key))
    throw new AppError('validation_failed', 'Idempotency-Key must be 1-200 visible ASCII characters', [
      { path: 'Idempotency-Key', message: '1-200 visible ASCII characters' },
    ]);
  return key;
}

/** Hash of what makes two requests "the same": method, path and the JSON body (key order ignored). */
export function requestHash(c: Context, body: unknown): string {
  return sha256Hex(`${c.req.method} ${c.req.path}\n${canonicalJson(body ?? null)}`);
}

/**
 * Run a write exactly once per Idempotency-Key: the key and the response are stored in the same
 * transaction as the write. A replay returns the first response; another body → 409.
 */
export function idempotent<S extends ContentfulStatusCode = 201, B = { [k: string]: JSONValue }>(
  c: Context,
  ctx: EngineContext,
  body: unknown,
  write: () => Outcome & { status: S; body: B },
) {
  return answer<S, B>(c, runIdempotent(ctx, idempotencyKey(c), requestHash(c, body), write));
}

/**
 * `idempotent` for hot writes that fit one transaction (receipt close, refunds): group commit
 * (Db.txGrouped) shares one durable COMMIT among the writes of one turn of the event loop; the
 * answer is sent only after that COMMIT returned.
 */
export async function idempotentGrouped<S extends ContentfulStatusCode = 201, B = { [k: string]: JSONValue }>(
  c: Context,
  ctx: EngineContext,
  body: unknown,
  write: () => Outcome & { status: S; body: B },
) {
  return answer<S, B>(c, await runIdempotentGrouped(ctx, idempotencyKey(c), requestHash(c, body), write));
}

/** The first response, or its replay (marked Idempotent-Replayed). */
function answer<S extends ContentfulStatusCode, B>(c: Context, r: IdempotentResult) {
  if (r.replayed) c.header('Idempotent-Replayed', 'true');
  // A replay is the stored first response, which `write` produced: the same type B.
  return c.json(r.body as B, r.status as S);
}

/**
 * Long, chunked work (campaigns, balance resets) exactly once per Idempotency-Key: the key is
 * reserved before the work starts; a concurrent duplicate waits for the first answer (bounded)
 * and replays it, or gets 409 idempotency_in_progress with Retry-After.
 */
export async function idempotentAsync(c: Context, ctx: EngineContext, body: unknown, work: () => Promise<Outcome>): Promise<IdempotentResult> {
  const r = await runIdempotentAsync(ctx, idempotencyKey(c), requestHash(c, body), work);
  if (r.replayed) c.header('Idempotent-Replayed', 'true');
  return r;
}

/**
 * For creates that move no value (customers, cards): tills retry, so honour an Idempotency-Key
 * when one is sent; without one the write simply runs.
 */
export function idempotentIfKeyed<S extends ContentfulStatusCode = 201, B = { [k: string]: JSONValue }>(
  c: Context,
  ctx: EngineContext,
  body: unknown,
  status: S,
  write: () => B,
) {
  if (c.req.header('idempotency-key') === undefined) return c.json(write(), status);
  return idempotent<S, B>(c, ctx, body, () => ({ status, body: write() }));
}
