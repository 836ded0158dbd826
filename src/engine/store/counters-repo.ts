import type { Db } from './db.js';

/** Named monotonic counters (card serials, …); `next` must run inside a transaction. */
export class CountersRepo {
  constructor(private readonly db: Db) {}

  next(name: string): number {
    const r = this.db
      .prepare('INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value')
      .get(name) as { value: number };
    return r.value;
  }

  /** The counter's value, 0 when it was never set. */
  value(name: string): number {
    const r = this.db.prepare('SELECT value FROM counters WHERE name = ?').get(name) as { value: number } | undefined;
    return r?.value ?? 0;
  }

  /** Set a counter (e.g. the device events' high-water mark). */
  set(name: string, value: number): void {
    this.db.prepare('INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value').run(name, value);
  }
}
