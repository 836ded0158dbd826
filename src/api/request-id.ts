import type { MiddlewareHandler } from 'hono';
import { newId } from '../common/ids.js';
import { withRequestId } from '../common/request-context.js';
import type { AppEnv } from './env.js';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** Letters, digits and `._:-`, at most 128 characters: safe in a log line and a header. */
const SANE = /^[A-Za-z0-9._:-]{1,128}$/;
/** A run of 8+ digits could be a card number, which must never reach a log: such an id is replaced. */
const LONG_DIGITS = /\d{8}/;

/** The caller's `X-Request-Id` when it is sane, else a new id (UUIDv7). */
export function requestIdFor(incoming: string | undefined): string {
  return incoming !== undefined && SANE.test(incoming) && !LONG_DIGITS.test(incoming) ? incoming : newId();
}

/**
 * Outermost middleware: every request gets an id, answered in `X-Request-Id` (on errors too),
 * and every log line written while it is handled carries it as `reqId` (AsyncLocalStorage, read
 * by the logger's mixin, so engine and bridge lines carry it as well).
 */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async function requestId(c, next) {
    const id = requestIdFor(c.req.header(REQUEST_ID_HEADER));
    await withRequestId(id, next);
    c.res.headers.set(REQUEST_ID_HEADER, id);
  };
}
