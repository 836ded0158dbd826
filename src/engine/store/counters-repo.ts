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
}
