import type { Database } from './db/database.js';
import { CHANGES_CHANNEL } from './feed.js';

/**
 * Wakes long-polling pulls when the feed changes. One LISTEN connection per central node; a
 * lost notification only delays a waiter until its next poll (every `pollMs`). Holds no state
 * that matters: a restarted node just makes its waiters poll again.
 */
export class ChangeSignal {
  private readonly waiters = new Set<() => void>();
  private unlisten: (() => Promise<void>) | null = null;
  /** Set by stop(): long-polls return at once so the server can close. */
  stopped = false;

  constructor(
    private readonly db: Database,
    private readonly pollMs = 2000,
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.db.listen(CHANGES_CHANNEL, () => this.wakeAll());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeAll();
    await this.unlisten?.();
    this.unlisten = null;
  }

  /** Resolves on a change, after min(ms, pollMs), or when `signal` aborts. */
  wait(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, Math.min(ms, this.pollMs)));
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  private wakeAll(): void {
    for (const w of [...this.waiters]) w();
  }
}
