import { randomUUID } from 'node:crypto';
import type { Db } from './db.js';

export interface StoredResponse {
  requestHash: string;
  /** `pending`: reserved, the work is running (or its process died); `done`: status and body are the answer. */
  state: 'pending' | 'done';
  status: number;
  body: unknown;
  startedAt: string | null;
  /** The process that reserved a pending key. */
  bootId: string | null;
}

interface Row {
  request_hash: string;
  state: 'pending' | 'done';
  status: number;
  response: string;
  started_at: string | null;
  boot_id: string | null;
}

/**
 * Idempotency keys with the response they produced. Single-transaction writes save the key in
 * the write's own transaction; long chunked work reserves it first (`reserve`), then `complete`s
 * it, or `release`s it when the work failed so the caller may retry.
 */
export class IdempotencyRepo {
  /** This opening of the store (one per daemon boot): marks the pending keys this process owns. */
  readonly bootId = randomUUID();

  constructor(private readonly db: Db) {}

  find(key: string): StoredResponse | null {
    const r = this.db.prepare('SELECT request_hash, state, status, response, started_at, boot_id FROM idempotency_keys WHERE key = ?').get(key) as
      | Row
      | undefined;
    if (!r) return null;
    return {
      requestHash: r.request_hash,
      state: r.state,
      status: r.status,
      body: JSON.parse(r.response) as unknown,
      startedAt: r.started_at,
      bootId: r.boot_id,
    };
  }

  /** A finished key, written in the same transaction as the write it protects. */
  save(key: string, requestHash: string, status: number, body: unknown, at: string): void {
    this.db
      .prepare("INSERT INTO idempotency_keys (key, request_hash, status, response, created_at, state) VALUES (?, ?, ?, ?, ?, 'done')")
      .run(key, requestHash, status, JSON.stringify(body), at);
  }

  /** Reserve a new key for work about to start in this process. */
  reserve(key: string, requestHash: string, at: string): void {
    this.db
      .prepare(
        "INSERT INTO idempotency_keys (key, request_hash, status, response, created_at, state, started_at, boot_id) VALUES (?, ?, 0, 'null', ?, 'pending', ?, ?)",
      )
      .run(key, requestHash, at, at, this.bootId);
  }

  /** Take over a pending key left by another boot (its process died). False when it is not such a row. */
  takeOver(key: string, at: string): boolean {
    return (
      this.db
        .prepare("UPDATE idempotency_keys SET boot_id = ?, started_at = ? WHERE key = ? AND state = 'pending' AND (boot_id IS NULL OR boot_id <> ?)")
        .run(this.bootId, at, key, this.bootId).changes === 1
    );
  }

  /** Store the answer of a key this process reserved. */
  complete(key: string, status: number, body: unknown): void {
    this.db
      .prepare("UPDATE idempotency_keys SET state = 'done', status = ?, response = ? WHERE key = ? AND state = 'pending' AND boot_id = ?")
      .run(status, JSON.stringify(body), key, this.bootId);
  }

  /** Forget a key this process reserved whose work failed, so the same key may be retried. */
  release(key: string): void {
    this.db.prepare("DELETE FROM idempotency_keys WHERE key = ? AND state = 'pending' AND boot_id = ?").run(key, this.bootId);
  }

  /** Forget keys older than `before` (ISO); API.md promises at least 7 days. */
  purgeBefore(before: string): number {
    return this.db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?').run(before).changes;
  }
}
