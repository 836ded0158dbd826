import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../common/errors.js';
import type { StoredResponse } from './store/idempotency-repo.js';
import { nowIso, type EngineContext } from './context.js';

export interface Outcome {
  status: number;
  body: unknown;
}

export type IdempotentResult = Outcome & { replayed: boolean };

/** How long a duplicate of running work waits for its answer before 409 idempotency_in_progress. */
export interface WaitOptions {
  waitMs: number;
  pollMs: number;
  /** Seconds a till is told to wait (Retry-After) when the work is still running. */
  retryAfterS: number;
}

export const DEFAULT_WAIT: WaitOptions = { waitMs: 5_000, pollMs: 50, retryAfterS: 2 };

function reused(): AppError {
  return new AppError('idempotency_key_reused', 'this Idempotency-Key was used with a different request', [
    { path: 'Idempotency-Key', message: 'already used with a different request' },
  ]);
}

function inProgress(prior: StoredResponse, retryAfterS: number): AppError {
  return new AppError(
    'idempotency_in_progress',
    `the first request with this Idempotency-Key started at ${prior.startedAt ?? 'an unknown time'} and is still running`,
    [{ path: 'Idempotency-Key', message: 'still being processed; retry later' }],
    { retryAfterS },
  );
}

/**
 * Run `write` at most once per key, in one transaction with the stored response (kill -9 leaves
 * both or neither). A failed write (an AppError) rolls back and stores nothing, so the caller may
 * retry the same key. The transaction is synchronous, so duplicates in this process run after it
 * and replay; a key reserved by long work (runIdempotentAsync) is 409 idempotency_in_progress.
 */
export function runIdempotent(ctx: EngineContext, key: string, hash: string, write: () => Outcome): IdempotentResult {
  return ctx.store.db.tx(() => writeOnce(ctx, key, hash, write));
}

/**
 * `runIdempotent` through group commit (Db.txGrouped): the key, the write and the stored
 * response commit together with the other writes of this turn of the event loop, and the
 * promise settles only once that COMMIT is durable. A duplicate queued behind its first
 * attempt runs after it in the same transaction, finds the key and replays; one queued while
 * the first attempt's group commits runs in the next group and replays from the table.
 */
export function runIdempotentGrouped(ctx: EngineContext, key: string, hash: string, write: () => Outcome): Promise<IdempotentResult> {
  return ctx.store.db.txGrouped(() => writeOnce(ctx, key, hash, write));
}

/** Inside the caller's transaction: replay the stored answer, or write and store the answer. */
function writeOnce(ctx: EngineContext, key: string, hash: string, write: () => Outcome): IdempotentResult {
  const prior = ctx.store.idempotency.find(key);
  if (prior) {
    if (prior.requestHash !== hash) throw reused();
    if (prior.state === 'pending') throw inProgress(prior, DEFAULT_WAIT.retryAfterS);
    return { status: prior.status, body: prior.body, replayed: true };
  }
  const out = write();
  ctx.store.idempotency.save(key, hash, out.status, out.body, nowIso(ctx));
  return { ...out, replayed: false };
}

type Claim = { kind: 'owner' } | { kind: 'replay'; out: Outcome } | { kind: 'wait'; prior: StoredResponse };

/** One short transaction: reserve the key, take over a dead boot's reservation, or report what is there. */
function claim(ctx: EngineContext, key: string, hash: string): Claim {
  const { idempotency } = ctx.store;
  return ctx.store.db.tx(() => {
    const prior = idempotency.find(key);
    if (!prior) {
      idempotency.reserve(key, hash, nowIso(ctx));
      return { kind: 'owner' };
    }
    if (prior.requestHash !== hash) throw reused();
    if (prior.state === 'done') return { kind: 'replay', out: { status: prior.status, body: prior.body } };
    if (prior.bootId !== idempotency.bootId && idempotency.takeOver(key, nowIso(ctx))) return { kind: 'owner' };
    return { kind: 'wait', prior };
  });
}

/**
 * For long work that commits in several transactions (voucher campaigns, balance resets): the
 * key is reserved as `pending` in its own committed transaction before the work starts. A
 * duplicate arriving meanwhile polls (bounded by `waitMs`) and replays the first answer, or gets
 * 409 idempotency_in_progress with Retry-After. A pending key left by a process that died is
 * taken over by the next boot; `work` must therefore continue partial work, not redo it.
 */
export async function runIdempotentAsync(
  ctx: EngineContext,
  key: string,
  hash: string,
  work: () => Promise<Outcome>,
  wait: WaitOptions = DEFAULT_WAIT,
): Promise<IdempotentResult> {
  const deadline = Date.now() + wait.waitMs;
  for (;;) {
    const c = claim(ctx, key, hash);
    if (c.kind === 'replay') return { ...c.out, replayed: true };
    if (c.kind === 'owner') break;
    if (Date.now() >= deadline) throw inProgress(c.prior, wait.retryAfterS);
    await sleep(wait.pollMs);
  }
  let out: Outcome;
  try {
    out = await work();
  } catch (e) {
    ctx.store.db.tx(() => ctx.store.idempotency.release(key));
    throw e;
  }
  ctx.store.db.tx(() => ctx.store.idempotency.complete(key, out.status, out.body));
  return { ...out, replayed: false };
}
