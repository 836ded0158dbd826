import type { Db } from './db.js';

/**
 * The outbox as operations see it: how many events wait for central (O(1), a counter the
 * migration-0008 triggers keep in the same transaction as every insert, ack and delete) and
 * pruning of acknowledged rows. Appending is the ledger's job (ledger.ts).
 */
export class OutboxRepo {
  constructor(private readonly db: Db) {}

  /** Events not yet acknowledged by central. */
  pending(): number {
    const r = this.db.prepare("SELECT value FROM counters WHERE name = 'outbox_pending'").get() as { value: number } | undefined;
    return r?.value ?? 0;
  }

  /** Mark every event up to `storeSeq` acknowledged at `at` (central's ackedSeq). Inside a transaction. */
  ackUpTo(storeSeq: number, at: string): number {
    return this.db.prepare('UPDATE outbox SET acked_at = ? WHERE store_seq <= ? AND acked_at IS NULL').run(at, storeSeq).changes;
  }

  /**
   * Delete at most `limit` rows acknowledged before `before` (ISO); returns how many. The newest
   * row is never deleted: the ledger takes the next store_seq from MAX(store_seq), which must not
   * go back. One call is one short statement; the caller runs it chunk by chunk.
   */
  pruneAckedChunk(before: string, limit: number): number {
    return this.db
      .prepare(
        `DELETE FROM outbox WHERE store_seq IN (
           SELECT store_seq FROM outbox
           WHERE acked_at IS NOT NULL AND acked_at < ? AND store_seq < (SELECT MAX(store_seq) FROM outbox)
           ORDER BY acked_at LIMIT ?)`,
      )
      .run(before, limit).changes;
  }
}
