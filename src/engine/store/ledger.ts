import { newId } from '../../common/ids.js';
import type { LedgerAsset } from '../model/types.js';
import type { Db } from './db.js';

/** One change of one asset. `owner` is derived: the card for card assets, the customer otherwise. */
export interface LedgerEntryInput {
  kind: string;
  asset: LedgerAsset;
  cardNumber?: string | null;
  customerId?: string | null;
  programId?: string;
  delta: number;
}

export interface LedgerEventInput {
  /** Outbox event type, e.g. "receipt.closed", "card.topup". */
  type: string;
  at: string;
  docType?: string;
  docId?: string;
  entries: LedgerEntryInput[];
  /** Extra fields for central (the receipt, the order …); entries are added automatically. */
  data?: Record<string, unknown>;
}

export interface AppendedEvent {
  eventId: string;
  storeSeq: number;
}

const CUSTOMER_ASSETS: ReadonlySet<LedgerAsset> = new Set(['account', 'turnover']);

export function ownerOf(e: LedgerEntryInput): string {
  const owner = CUSTOMER_ASSETS.has(e.asset) ? e.customerId : e.cardNumber;
  if (!owner) throw new Error(`ledger entry ${e.kind}/${e.asset} has no ${CUSTOMER_ASSETS.has(e.asset) ? 'customer' : 'card'}`);
  return owner;
}

/**
 * The append-only ledger and its outbox. `append` must run inside the caller's transaction so
 * that the business rows, the ledger entries, the balance cache and the outbox commit together.
 * `store_seq` is gapless: it is taken inside the write transaction (one writer at a time).
 */
export class Ledger {
  constructor(
    private readonly db: Db,
    private readonly storeId: string,
  ) {}

  append(ev: LedgerEventInput): AppendedEvent {
    const { db } = this;
    if (!db.inTransaction) throw new Error('Ledger.append must run inside a transaction');
    const last = db.prepare('SELECT COALESCE(MAX(store_seq), 0) AS s FROM outbox').get() as { s: number };
    const storeSeq = last.s + 1;
    const eventId = newId();
    const entries = ev.entries.filter((e) => e.delta !== 0);
    const payload = {
      eventId,
      storeId: this.storeId,
      storeSeq,
      type: ev.type,
      at: ev.at,
      docType: ev.docType ?? null,
      docId: ev.docId ?? null,
      entries: entries.map((e) => ({
        kind: e.kind,
        asset: e.asset,
        cardNumber: e.cardNumber ?? null,
        customerId: e.customerId ?? null,
        programId: e.programId ?? '',
        delta: e.delta,
      })),
      ...(ev.data ? { data: ev.data } : {}),
    };
    db.prepare('INSERT INTO outbox (store_seq, event_id, type, payload, created_at) VALUES (?, ?, ?, ?, ?)').run(
      storeSeq,
      eventId,
      ev.type,
      JSON.stringify(payload),
      new Date().toISOString(),
    );
    const insert = db.prepare(
      `INSERT INTO ledger (event_id, store_seq, at, kind, asset, card_number, customer_id, program_id, delta, doc_type, doc_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const bump = db.prepare(
      `INSERT INTO balances (owner, asset, program_id, amount) VALUES (?, ?, ?, ?)
       ON CONFLICT (owner, asset, program_id) DO UPDATE SET amount = amount + excluded.amount`,
    );
    for (const e of entries) {
      const programId = e.programId ?? '';
      insert.run(eventId, storeSeq, ev.at, e.kind, e.asset, e.cardNumber ?? null, e.customerId ?? null, programId, e.delta, ev.docType ?? null, ev.docId ?? null);
      bump.run(ownerOf(e), e.asset, programId, e.delta);
    }
    return { eventId, storeSeq };
  }

  /** Cached balance of one owner/asset/program. */
  balance(owner: string, asset: LedgerAsset, programId = ''): number {
    const r = this.db.prepare('SELECT amount FROM balances WHERE owner = ? AND asset = ? AND program_id = ?').get(owner, asset, programId) as
      | { amount: number }
      | undefined;
    return r?.amount ?? 0;
  }

  /** Every cached balance of one owner: [{asset, programId, amount}]. */
  balancesOf(owner: string): { asset: LedgerAsset; programId: string; amount: number }[] {
    const rows = this.db.prepare('SELECT asset, program_id, amount FROM balances WHERE owner = ?').all(owner) as {
      asset: LedgerAsset;
      program_id: string;
      amount: number;
    }[];
    return rows.map((r) => ({ asset: r.asset, programId: r.program_id, amount: r.amount }));
  }

  /** Rows where the balance cache differs from the ledger sum (empty when consistent). */
  cacheMismatches(): { owner: string; asset: string; programId: string; cached: number; ledger: number }[] {
    const rows = this.db
      .prepare(
        `WITH sums AS (
           SELECT CASE WHEN asset IN ('account','turnover') THEN customer_id ELSE card_number END AS owner,
                  asset, program_id, SUM(delta) AS total
           FROM ledger GROUP BY 1, 2, 3)
         SELECT COALESCE(s.owner, b.owner) AS owner, COALESCE(s.asset, b.asset) AS asset,
                COALESCE(s.program_id, b.program_id) AS program_id,
                COALESCE(b.amount, 0) AS cached, COALESCE(s.total, 0) AS ledger
         FROM sums s FULL OUTER JOIN balances b
           ON b.owner = s.owner AND b.asset = s.asset AND b.program_id = s.program_id
         WHERE COALESCE(b.amount, 0) <> COALESCE(s.total, 0)`,
      )
      .all() as { owner: string; asset: string; program_id: string; cached: number; ledger: number }[];
    return rows.map((r) => ({ owner: r.owner, asset: r.asset, programId: r.program_id, cached: r.cached, ledger: r.ledger }));
  }
}
