import Database from 'libsql';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Checkpointer } from './checkpointer.js';
import { WriterGate } from './writer-gate.js';
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
  /**
   * Checkpoint the WAL in a worker thread instead of in the committing request (default: on for
   * a file). Off: SQLite's auto-checkpoint runs inside every ~35th receipt's COMMIT.
   */
  backgroundCheckpoint?: boolean;
  /** Called when writes start failing for a storage reason, and with null when they work again. */
  onStorageFault?: (fault: StorageFault | null) => void;
}

/**
 * Most writes one group commit takes: bounds how long one group holds the event loop (a receipt
 * close is ~0.5-1 ms of work before the shared COMMIT). 8 = one store's tills at once.
 */
export const MAX_GROUP = 8;

interface GroupMember {
  fn: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** What group commit has done since the store opened (tests and benches read it). */
export interface GroupStats {
  /** Transactions committed (or failed) by group commit. */
  groups: number;
  /** Writes they carried. */
  members: number;
  /** The most writes one group carried. */
  largest: number;
}

/**
 * The store's libSQL database: WAL, synchronous=FULL, one writer. `tx()` runs a function in
 * one IMMEDIATE transaction; a `tx()` inside a `tx()` joins the outer one (libsql cannot nest).
 * `txGrouped()` does the same for hot writes (receipt close) with group commit: the writes
 * queued in one turn of the event loop share one transaction and one fsync.
 */
export class Db {
  readonly raw: InstanceType<typeof Database>;
  readonly path: string;
  private depth = 0;
  private readonly cache = new Map<string, Statement>();
  private fault: StorageFault | null = null;
  private readonly onStorageFault: ((fault: StorageFault | null) => void) | undefined;
  private group: GroupMember[] = [];
  private groupScheduled = false;
  private grouping = false;
  private readonly closers: (() => void)[] = [];
  readonly groupStats: GroupStats = { groups: 0, members: 0, largest: 0 };
  /** Shared with a worker thread that writes this file (a voucher campaign's slices): one writer at a time. */
  readonly gate = new WriterGate();
  /** The background checkpointer, or null when SQLite checkpoints by itself. */
  readonly checkpointer: Checkpointer | null = null;

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
    if (path !== ':memory:' && opts.backgroundCheckpoint !== false) {
      this.raw.exec('PRAGMA wal_autocheckpoint = 0');
      this.checkpointer = new Checkpointer(path, () => {
        if (this.raw.open) this.raw.exec('PRAGMA wal_autocheckpoint = 1000');
      });
    }
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
    // commitGroup() has taken the gate already; anything else takes it here.
    const gated = !this.grouping;
    if (gated) this.gate.enterSync();
    try {
      return this.txGated(fn);
    } finally {
      if (gated) this.gate.leave();
    }
  }

  private txGated<T>(fn: () => T): T {
    const changesBefore = this.fault ? this.totalChanges() : 0;
    if (this.checkpointer?.mustCheckpointHere) this.checkpointHere();
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
      this.checkpointer?.afterCommit();
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

  /**
   * Group commit: run `fn` in a transaction shared with the other `txGrouped` writes queued in
   * this turn of the event loop (at most MAX_GROUP), each in its own SAVEPOINT so a throw rolls
   * back that write alone and rejects only its promise. Every promise settles only after the
   * group's COMMIT returned, i.e. once synchronous=FULL has made it durable; a failed BEGIN or
   * COMMIT rejects them all (nothing of the group was saved). The whole group runs in one
   * synchronous stretch, so no other code ever sees its uncommitted rows. Inside a `tx()` it
   * joins that transaction, like `tx()`.
   */
  txGrouped<T>(fn: () => T): Promise<T> {
    if (this.depth > 0) {
      try {
        return Promise.resolve(this.tx(fn));
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    }
    return new Promise<T>((resolve, reject) => {
      this.group.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.groupScheduled) {
        this.groupScheduled = true;
        setImmediate(() => this.commitGroup());
      }
    });
  }

  private commitGroup(): void {
    if (this.checkpointer?.wantsRestart) {
      // Rare (every WAL_RESTART_FRAMES): the queued writes wait for one checkpoint in the
      // worker, off the event loop, so this group's BEGIN finds the WAL idle and restarts it.
      void this.checkpointer.catchUp().then(() => this.commitGroup());
      return;
    }
    if (!this.gate.tryEnter()) {
      // A worker's slice holds the write lock: wait for it off the event loop.
      void this.gate.whenFree().then(() => this.commitGroup());
      return;
    }
    try {
      this.grouping = true;
      this.commitMembers();
    } finally {
      this.grouping = false;
      this.gate.leave();
    }
  }

  private commitMembers(): void {
    const members = this.group.splice(0, MAX_GROUP);
    this.groupScheduled = this.group.length > 0;
    if (this.groupScheduled) setImmediate(() => this.commitGroup());
    if (members.length === 0) return;
    this.groupStats.groups++;
    this.groupStats.members += members.length;
    this.groupStats.largest = Math.max(this.groupStats.largest, members.length);
    let outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[];
    try {
      outcomes = this.tx(() =>
        members.map((m) => {
          this.raw.exec('SAVEPOINT grouped');
          try {
            const value = m.fn();
            this.raw.exec('RELEASE grouped');
            return { ok: true as const, value };
          } catch (e) {
            // An error that ended the transaction (SQLite rolls back by itself on e.g. SQLITE_FULL)
            // takes the whole group with it: tx() rolls back and every member is rejected.
            if (!this.raw.inTransaction) throw e;
            this.raw.exec('ROLLBACK TO grouped');
            this.raw.exec('RELEASE grouped');
            return { ok: false as const, error: this.mapError(e) };
          }
        }),
      );
    } catch (e) {
      for (const m of members) m.reject(e);
      return;
    }
    members.forEach((m, i) => {
      const o = outcomes[i]!;
      if (o.ok) m.resolve(o.value);
      else m.reject(o.error);
    });
  }

  /**
   * Only after a long synchronous run of writes (a seed, an import) outran the worker: copy the
   * rest of the WAL here, so this transaction's BEGIN can start the WAL over.
   */
  private checkpointHere(): void {
    try {
      this.raw.prepare('PRAGMA wal_checkpoint(PASSIVE)').get();
      this.checkpointer?.checkpointedHere();
    } catch {
      // the worker will try again; the write matters more than the checkpoint
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

  /** Run `fn` when the database closes (a worker thread's own connection to this file closes with it). */
  onClose(fn: () => void): void {
    this.closers.push(fn);
  }

  close(): void {
    for (const fn of this.closers.splice(0)) fn();
    this.checkpointer?.close();
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
