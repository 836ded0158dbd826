/**
 * Capped exponential backoff: the one retry schedule for reconnecting devices (drivers) and for
 * talking to central (sync). `jitter` spreads retries of many clients (0 = none, 0.2 = ±20 %).
 */
export interface Backoff {
  minMs: number;
  maxMs: number;
  /** ± this fraction of the delay (0.2 = ±20 %), or 'full': a random delay in [0, delay). */
  jitter?: number | 'full';
}

export const DEFAULT_BACKOFF: Backoff = { minMs: 500, maxMs: 10_000 };

/** Delay before retry number `attempt` (0-based): min·2^attempt, at most max, ± jitter. */
export function backoffDelay(b: Backoff, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(b.maxMs, b.minMs * 2 ** Math.min(attempt, 30));
  const j = b.jitter ?? 0;
  if (j === 'full') return Math.floor(random() * base);
  return Math.round(j > 0 ? base * (1 - j + 2 * j * random()) : base);
}
