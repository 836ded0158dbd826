import type { Db } from './db.js';

/** One outbox row as the sync client reads it (payload is the JSON the ledger wrote). */
export interface OutboxRow {
  storeSeq: number;
  eventId: string;
  type: string;
  payload: string;
  createdAt: string;
  hlc: string | null;
}

export interface ConfirmedBalanceInput {
  owner: string;
  asset: string;
  programId: string;
  amount: number;
  includesSeq: number;
}

const CUSTOMER_ASSETS: ReadonlySet<string> = new Set(['account', 'turnover']);

/**
 * What the sync client (src/sync) reads and writes in the store: the outbox from a sequence, the
 * pull cursor and last contact, confirmed balances (SYNC-4), pulled master data (SYNC-3) and
 * what was spent offline (SYNC-5). Small typed statements; the client runs the writes in one transaction.
 */
export class SyncRepo {
  constructor(private readonly db: Db) {}

  /** Up to `limit` outbox rows from `fromSeq` on, in order (acked ones too: a resend after a gap). */
  outboxFrom(fromSeq: number, limit: number): OutboxRow[] {
    // SELECT *: the row's `hlc` column (migration 0010_sync_store) is used when the table has it.
    const rows = this.db.prepare('SELECT * FROM outbox WHERE store_seq >= ? ORDER BY store_seq LIMIT ?').all(fromSeq, limit) as {
      store_seq: number;
      event_id: string;
      type: string;
      payload: string;
      created_at: string;
      hlc?: string | null;
    }[];
    return rows.map((r) => ({ storeSeq: r.store_seq, eventId: r.event_id, type: r.type, payload: r.payload, createdAt: r.created_at, hlc: r.hlc ?? null }));
  }

  /** The sequence central acknowledged last (0 before the first ack). */
  ackedSeq(): number {
    return Number(this.get('acked_seq') ?? 0);
  }

  /** Newest outbox sequence (0 when empty). */
  lastSeq(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(store_seq), 0) AS s FROM outbox').get() as { s: number }).s;
  }

  get(name: string): string | null {
    const r = this.db.prepare('SELECT value FROM sync_state WHERE name = ?').get(name) as { value: string } | undefined;
    return r?.value ?? null;
  }

  set(name: string, value: string): void {
    this.db.prepare('INSERT INTO sync_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value').run(name, value);
  }

  delete(name: string): void {
    this.db.prepare('DELETE FROM sync_state WHERE name = ?').run(name);
  }

  /**
   * SYNC-4: store central's confirmed balance and set the balance cache to it plus this store's
   * own ledger deltas after `includesSeq`. An older confirmation than the one kept is ignored.
   * Runs inside the caller's transaction; reads stay one cache row.
   */
  applyConfirmedBalance(b: ConfirmedBalanceInput): void {
    const kept = this.db
      .prepare('SELECT includes_seq FROM confirmed_balances WHERE owner = ? AND asset = ? AND program_id = ?')
      .get(b.owner, b.asset, b.programId) as { includes_seq: number } | undefined;
    if (kept && kept.includes_seq > b.includesSeq) return;
    this.db
      .prepare(
        `INSERT INTO confirmed_balances (owner, asset, program_id, amount, includes_seq) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (owner, asset, program_id) DO UPDATE SET amount = excluded.amount, includes_seq = excluded.includes_seq`,
      )
      .run(b.owner, b.asset, b.programId, b.amount, b.includesSeq);
    const local = CUSTOMER_ASSETS.has(b.asset)
      ? this.db.prepare('SELECT COALESCE(SUM(delta), 0) AS d FROM ledger WHERE customer_id = ? AND asset = ? AND program_id = ? AND store_seq > ?')
      : this.db.prepare('SELECT COALESCE(SUM(delta), 0) AS d FROM ledger WHERE card_number = ? AND asset = ? AND program_id = ? AND store_seq > ?');
    const { d } = local.get(b.owner, b.asset, b.programId, b.includesSeq) as { d: number };
    this.db
      .prepare(
        `INSERT INTO balances (owner, asset, program_id, amount) VALUES (?, ?, ?, ?)
         ON CONFLICT (owner, asset, program_id) DO UPDATE SET amount = excluded.amount`,
      )
      .run(b.owner, b.asset, b.programId, b.amount + d);
  }

  /** SYNC-5: stored value already spent in this outage by `owner` ('*' = the store) of `asset`. */
  offlineSpent(outage: string, owner: string, asset: string): number {
    const r = this.db.prepare('SELECT spent FROM offline_spend WHERE outage = ? AND owner = ? AND asset = ?').get(outage, owner, asset) as
      | { spent: number }
      | undefined;
    return r?.spent ?? 0;
  }

  addOfflineSpent(outage: string, owner: string, asset: string, amount: number): void {
    this.db
      .prepare(
        'INSERT INTO offline_spend (outage, owner, asset, spent) VALUES (?, ?, ?, ?) ON CONFLICT (outage, owner, asset) DO UPDATE SET spent = spent + excluded.spent',
      )
      .run(outage, owner, asset, amount);
  }

  /** Back online: what past outages spent no longer counts. */
  clearOfflineSpent(): void {
    this.db.prepare('DELETE FROM offline_spend').run();
  }
}
