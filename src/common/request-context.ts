import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The id of the HTTP request being handled, carried through every await of its handling
 * (AsyncLocalStorage), so any log line written meanwhile — API, engine or bridge — names it
 * (the logger's mixin reads it). Outside a request there is none.
 */
const current = new AsyncLocalStorage<string>();

/** Run `fn` (and everything it awaits or schedules) as part of request `id`. */
export function withRequestId<T>(id: string, fn: () => T): T {
  return current.run(id, fn);
}

/** The id of the request this code runs for, if any. */
export function currentRequestId(): string | undefined {
  return current.getStore();
}
