import type { Db } from './db.js';

export type BlockKind = 'card' | 'voucher';

/** A block of serials leased from central (SYNC-6), as the sync client adds it. */
export interface LeasedBlock {
  id: string;
  kind: BlockKind;
  /** Card scheme id or voucher range id. */
  key: string;
  /** First and last serial, inclusive (voucher blocks: draw indices of the range). */
  from: number;
  to: number;
}

export interface BlockWant {
  kind: BlockKind;
  key: string;
}

/**
 * SYNC-6: serials this store may issue, in blocks leased from central. Issuing takes the next
 * serials from the oldest open block; a block is never handed back or reused, so two stores with
 * disjoint blocks never issue the same number. SQL only here; the engine decides when to use it.
 */
export class NumberBlocksRepo {
  constructor(private readonly db: Db) {}

  /** Add a leased block; a block already known (the same id pulled again) changes nothing. Returns whether it was new. */
  add(b: LeasedBlock, at: string): boolean {
    if (!Number.isSafeInteger(b.from) || !Number.isSafeInteger(b.to) || b.from < 0 || b.to < b.from) {
      throw new Error(`number block ${b.id}: bad serial range ${b.from}..${b.to}`);
    }
    return (
      this.db
        .prepare(
          `INSERT INTO number_blocks (id, kind, key, from_serial, to_serial, next_serial, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO NOTHING`,
        )
        .run(b.id, b.kind, b.key, b.from, b.to, b.from, at).changes === 1
    );
  }

  /**
   * Take the next `n` serials of (kind, key), oldest block first, inside the caller's
   * transaction; null (and nothing taken) when the blocks hold fewer than `n`.
   */
  take(kind: BlockKind, key: string, n: number): number[] | null {
    const open = this.open(kind, key);
    if (open.reduce((s, b) => s + (b.to - b.next + 1), 0) < n) return null;
    const out: number[] = [];
    const setNext = this.db.prepare('UPDATE number_blocks SET next_serial = ? WHERE id = ?');
    for (const b of open) {
      const k = Math.min(n - out.length, b.to - b.next + 1);
      for (let i = 0; i < k; i++) out.push(b.next + i);
      setNext.run(b.next + k, b.id);
      if (out.length === n) break;
    }
    return out;
  }

  /** Serials left in the open blocks of (kind, key). */
  remaining(kind: BlockKind, key: string): number {
    return (
      this.db
        .prepare('SELECT COALESCE(SUM(to_serial - next_serial + 1), 0) AS n FROM number_blocks WHERE kind = ? AND key = ? AND next_serial <= to_serial')
        .get(kind, key) as { n: number }
    ).n;
  }

  /**
   * Which of `wanted` need a new block: none leased yet, or fewer than half of the newest
   * block's serials left (so the sync client leases well before the store runs out).
   */
  needed(wanted: readonly BlockWant[]): BlockWant[] {
    const newest = this.db.prepare(
      'SELECT to_serial - from_serial + 1 AS size FROM number_blocks WHERE kind = ? AND key = ? ORDER BY added_at DESC, from_serial DESC LIMIT 1',
    );
    return wanted.filter((w) => {
      const last = newest.get(w.kind, w.key) as { size: number } | undefined;
      return last === undefined || this.remaining(w.kind, w.key) * 2 < last.size;
    });
  }

  private open(kind: BlockKind, key: string): { id: string; next: number; to: number }[] {
    const rows = this.db
      .prepare('SELECT id, next_serial, to_serial FROM number_blocks WHERE kind = ? AND key = ? AND next_serial <= to_serial ORDER BY from_serial')
      .all(kind, key) as { id: string; next_serial: number; to_serial: number }[];
    return rows.map((r) => ({ id: r.id, next: r.next_serial, to: r.to_serial }));
  }
}
