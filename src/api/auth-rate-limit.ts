/**
 * GW-5: failed-auth rate limit per client address. After `maxFailures` failed authentications
 * within `windowMs`, the address gets 429 too_many_requests (even with a valid token, or a
 * guesser would learn when it hit) until `windowMs` after the last counted failure.
 * Memory is bounded: at most `maxClients` addresses are tracked; the least recently failed is
 * forgotten first.
 */
export interface AuthLimitOptions {
  maxFailures: number;
  windowMs: number;
  maxClients: number;
}

export const AUTH_LIMIT_DEFAULTS: AuthLimitOptions = { maxFailures: 10, windowMs: 60_000, maxClients: 1000 };

interface Entry {
  /** Failures counted since `since`. */
  count: number;
  since: number;
  blockedUntil: number;
}

export class AuthFailureLimiter {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number,
    private readonly opts: AuthLimitOptions = AUTH_LIMIT_DEFAULTS,
  ) {}

  /** Whole seconds the address must wait, or 0 when it may try. */
  retryAfterS(addr: string): number {
    const e = this.entries.get(addr);
    if (!e) return 0;
    const t = this.now();
    if (e.blockedUntil > t) return Math.ceil((e.blockedUntil - t) / 1000);
    if (e.blockedUntil > 0 || t - e.since >= this.opts.windowMs) this.entries.delete(addr);
    return 0;
  }

  /** Count one failed authentication from `addr`. */
  fail(addr: string): void {
    const t = this.now();
    let e = this.entries.get(addr);
    if (e && t - e.since >= this.opts.windowMs) e = undefined;
    e ??= { count: 0, since: t, blockedUntil: 0 };
    e.count++;
    if (e.count >= this.opts.maxFailures) e.blockedUntil = t + this.opts.windowMs;
    this.entries.delete(addr); // re-insert: Map order is then least recently failed first
    if (this.entries.size >= this.opts.maxClients) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(addr, e);
  }

  /** Addresses currently tracked (for tests of the memory bound). */
  get size(): number {
    return this.entries.size;
  }
}
