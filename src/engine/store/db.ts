import Database from 'libsql';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { mapSqliteError, type StorageFault } from './storage-fault.js';

export type { StorageFault } from './storage-fault.js';

/** A prepared statement as the store uses it. */
export interface Statement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
}

export interface DbOptions {
  /** `FULL` (default) makes a committed receipt survive power loss; see docs/architecture.md. */
  synchronous?: 'FULL' | 'NORMAL';
  busyTimeoutMs?: number;
  /** SQLite page cache size. */
  cacheMiB?: number;
  /** MiB of the file read through a memory map instead of read() calls (0 = off). */
  mmapMiB?: number;
  /** Called when writes start failing for a storage reason, and with null when they work again. */
  onStorageFault?: (fault: StorageFault | null) => void;
}

/**
 * The store's libSQL database: WAL, synchronous=FULL, one writer. `tx()` runs a function in
 * one IMMEDIATE transaction; a `tx()` inside a `tx()` joins the outer one (libsql cannot nest).
 */
export class Db {
  readonly raw: InstanceType<typeof Database>;
  readonly path: string;
  private depth = 0;
  private readonly cache = new Map<string, Statement>();
  private fault: StorageFault | null = null;
  private readonly onStorageFault: ((fault: StorageFault | null) => void) | undefined;

  constructor(path: string, opts: DbOptions = {}) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.path = path;
    this.onStorageFault = opts.onStorageFault;
    this.raw = new Database(path);
    this.raw.exec(`PRAGMA busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
    this.raw.exec('PRAGMA journal_mode = WAL');
    this.raw.exec(`PRAGMA synchronous = ${opts.synchronous ?? 'FULL'}`);
    this.raw.exec('PRAGMA foreign_keys = ON');
    // A 64 MiB page cache keeps the hot part of a million-card store in memory (default: 2 MiB).
    this.raw.exec(`PRAGMA cache_size = -${(opts.cacheMiB ?? 64) * 1024}`);
    // Reads through a memory map skip a read() call and a copy per page: a random card and its
    // customer on a 1M-card store went from ~55 to ~35 µs (measured for bench/receipts). Writes
    // still go through the WAL, so durability is unchanged.
    this.raw.exec(`PRAGMA mmap_size = ${(opts.mmapMiB ?? 1024) * 1024 * 1024}`);
  }

  /**
   * A prepared statement, cached by SQL text. libsql 0.5.29 can return a stale row from get()
   * on a statement that once ran all()/iterate() (docs/architecture.md "Known traps"), so each
   * returned statement keeps one native statement per mode and never mixes them.
   */
  prepare(sql: string): Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = new ModeSplitStatement(() => this.raw.prepare(sql) as unknown as Statement);
      this.cache.set(sql, s);
    }
    return s;
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  /**
   * Run `fn` in one write transaction; joins an enclosing one. Throws roll everything back.
   * This is the ONE place libsql errors become catalogue errors (issue 9 item 10): disk full,
   * read-only file, I/O error, corruption → 503 storage_unavailable, recorded for /v1/health
   * until a transaction that changed something commits again; busy/locked → 503 database_busy.
   */
  tx<T>(fn: () => T): T {
    if (this.depth > 0) {
      this.depth++;
      try {
        return fn();
      } finally {
        this.depth--;
      }
    }
    const changesBefore = this.fault ? this.totalChanges() : 0;
    try {
      this.raw.exec('BEGIN IMMEDIATE');
    } catch (e) {
      throw this.mapError(e);
    }
    this.depth = 1;
    try {
      const result = fn();
      this.raw.exec('COMMIT');
      if (this.fault && this.totalChanges() !== changesBefore) this.setFault(null);
      return result;
    } catch (e) {
      try {
        if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
      } catch {
        // SQLite has rolled back by itself (e.g. after SQLITE_FULL); the original error matters
      }
      throw this.mapError(e);
    } finally {
      this.depth = 0;
    }
  }

  /** Why writes fail right now, or null. */
  get storageFault(): StorageFault | null {
    return this.fault;
  }

  /**
   * While a fault is recorded, try one tiny write; true when storage works (the fault is then
   * cleared). The daemon calls this periodically so health recovers without a till's write.
   */
  probeStorage(): boolean {
    if (!this.fault) return true;
    try {
      this.tx(() => this.prepare("INSERT INTO counters (name, value) VALUES ('storage_probe', 1) ON CONFLICT (name) DO UPDATE SET value = value + 1").run());
      return this.fault === null;
    } catch {
      return false;
    }
  }

  private totalChanges(): number {
    return (this.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  }

  private mapError(e: unknown): unknown {
    const { error, fault } = mapSqliteError(e);
    if (fault && fault.code !== this.fault?.code) this.setFault(fault);
    return error;
  }

  private setFault(fault: StorageFault | null): void {
    this.fault = fault;
    this.onStorageFault?.(fault);
  }

  close(): void {
    this.cache.clear();
    if (this.raw.open) this.raw.close();
  }
}

/** One native statement for run/get, another for all/iterate: the stale-row trap cannot occur. */
class ModeSplitStatement implements Statement {
  private single: Statement | null = null;
  private many: Statement | null = null;

  constructor(private readonly make: () => Statement) {}

  run(...params: unknown[]) {
    return (this.single ??= this.make()).run(...params);
  }
  get(...params: unknown[]) {
    return (this.single ??= this.make()).get(...params);
  }
  all(...params: unknown[]) {
    return (this.many ??= this.make()).all(...params);
  }
  iterate(...params: unknown[]) {
    return (this.many ??= this.make()).iterate(...params);
  }
}
