import type { Db } from './db.js';

export interface StoredResponse {
  requestHash: string;
  status: number;
  body: unknown;
}

/** Idempotency keys with the response they produced; written in the same transaction as the write. */
export class IdempotencyRepo {
  constructor(private readonly db: Db) {}

  find(key: string): StoredResponse | null {
    const r = this.db.prepare('SELECT request_hash, status, response FROM idempotency_keys WHERE key = ?').get(key) as
      | { request_hash: string; status: number; response: string }
      | undefined;
    return r ? { requestHash: r.request_hash, status: r.status, body: JSON.parse(r.response) as unknown } : null;
  }

  save(key: string, requestHash: string, status: number, body: unknown, at: string): void {
    this.db
      .prepare('INSERT INTO idempotency_keys (key, request_hash, status, response, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(key, requestHash, status, JSON.stringify(body), at);
  }

  /** Forget keys older than `before` (ISO); API.md promises at least 7 days. */
  purgeBefore(before: string): number {
    return this.db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?').run(before).changes;
  }
}
