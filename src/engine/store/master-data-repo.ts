import type { Db } from './db.js';

export const MASTER_KINDS = ['discounts', 'tiers', 'stamp-programs', 'privileges', 'redemption-rules', 'card-templates', 'customer-types'] as const;
export type MasterKind = (typeof MASTER_KINDS)[number];

/** How many writes `changedSince` remembers. */
const CHANGE_LOG = 1000;

export interface MasterRecord<T = unknown> {
  id: string;
  body: T;
  version: number;
  updatedAt: string;
}

/**
 * Master data as versioned JSON documents per kind. Written by an admin locally or pulled from
 * central; deletes leave a tombstone so sync can pass them on. `changes()` lets readers
 * (the engine's caches) notice a write cheaply.
 */
export class MasterDataRepo {
  private generation = 0;
  /** The records written by the last generations (at most CHANGE_LOG), oldest first: `log[i]` made generation `logStart + i + 1`. */
  private log: { kind: string; id: string }[] = [];
  private logStart = 0;

  constructor(private readonly db: Db) {}

  /** Bumped on every write; caches compare it to know when to reload. */
  get changes(): number {
    return this.generation;
  }

  /**
   * The records written since generation `since` (a record written twice appears twice), so a
   * cache can rebuild only those; null when the log no longer reaches back that far (rebuild all).
   */
  changedSince(since: number): readonly { kind: string; id: string }[] | null {
    if (since < this.logStart || since > this.generation) return null;
    return this.log.slice(since - this.logStart);
  }

  private changed(kind: string, id: string): void {
    this.generation++;
    this.log.push({ kind, id });
    if (this.log.length > CHANGE_LOG) {
      this.log = this.log.slice(-CHANGE_LOG / 2);
      this.logStart = this.generation - this.log.length;
    }
  }

  list<T>(kind: MasterKind): MasterRecord<T>[] {
    const rows = this.db.prepare('SELECT id, body, version, updated_at FROM master_data WHERE kind = ? AND deleted = 0 ORDER BY id').all(kind) as {
      id: string;
      body: string;
      version: number;
      updated_at: string;
    }[];
    return rows.map((r) => ({ id: r.id, body: JSON.parse(r.body) as T, version: r.version, updatedAt: r.updated_at }));
  }

  /** Up to `limit` live records of a kind with id after `afterId`, by id (keyset: PRIMARY KEY (kind, id)). */
  page<T>(kind: MasterKind, afterId: string | null, limit: number): MasterRecord<T>[] {
    const rows = this.db
      .prepare('SELECT id, body, version, updated_at FROM master_data WHERE kind = ? AND id > ? AND deleted = 0 ORDER BY id LIMIT ?')
      .all(kind, afterId ?? '', limit) as { id: string; body: string; version: number; updated_at: string }[];
    return rows.map((r) => ({ id: r.id, body: JSON.parse(r.body) as T, version: r.version, updatedAt: r.updated_at }));
  }

  get<T>(kind: MasterKind, id: string): MasterRecord<T> | null {
    const r = this.db.prepare('SELECT id, body, version, updated_at FROM master_data WHERE kind = ? AND id = ? AND deleted = 0').get(kind, id) as
      | { id: string; body: string; version: number; updated_at: string }
      | undefined;
    return r ? { id: r.id, body: JSON.parse(r.body) as T, version: r.version, updatedAt: r.updated_at } : null;
  }

  /** Create or replace; returns the new version. `version` from central is kept as given. */
  put(kind: MasterKind, id: string, body: unknown, at: string, version?: number): number {
    const next =
      version ??
      ((this.db.prepare('SELECT version FROM master_data WHERE kind = ? AND id = ?').get(kind, id) as { version: number } | undefined)?.version ?? 0) + 1;
    this.db
      .prepare(
        `INSERT INTO master_data (kind, id, body, version, deleted, updated_at) VALUES (?, ?, ?, ?, 0, ?)
         ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body, version = excluded.version, deleted = 0, updated_at = excluded.updated_at`,
      )
      .run(kind, id, JSON.stringify(body), next, at);
    this.changed(kind, id);
    return next;
  }

  /** Tombstone; returns false when there was nothing to delete. */
  delete(kind: MasterKind, id: string, at: string): boolean {
    const r = this.db
      .prepare('UPDATE master_data SET body = NULL, deleted = 1, version = version + 1, updated_at = ? WHERE kind = ? AND id = ? AND deleted = 0')
      .run(at, kind, id);
    this.changed(kind, id);
    return r.changes > 0;
  }

  /**
   * SYNC-3: apply a record pulled from central at its version; `body` null is a tombstone. Only a
   * newer version than the one held changes anything (a page pulled twice is a no-op). Returns
   * whether it changed the record.
   */
  putVersion(kind: MasterKind | 'voucher-ranges', id: string, version: number, body: unknown, at: string): boolean {
    const changed =
      this.db
        .prepare(
          `INSERT INTO master_data (kind, id, body, version, deleted, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body, version = excluded.version, deleted = excluded.deleted, updated_at = excluded.updated_at
         WHERE excluded.version > master_data.version`,
        )
        .run(kind, id, body === null ? null : JSON.stringify(body), version, body === null ? 1 : 0, at).changes > 0;
    if (changed) this.changed(kind, id);
    return changed;
  }
}
