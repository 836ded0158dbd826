import { backoffDelay } from '../common/backoff.js';

/**
 * Capped exponential backoff with full jitter (the one schedule in src/common/backoff.ts):
 * attempt n waits a random time in [0, min(cap, base * 2^n)), which spreads the retries of many
 * stores after a central outage instead of having them all return at once.
 */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  return backoffDelay({ minMs: baseMs, maxMs: capMs, jitter: 'full' }, attempt, random);
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
