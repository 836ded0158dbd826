import { newId } from '../../common/ids.js';
import type { LedgerAsset } from '../model/types.js';
import type { Db } from './db.js';
import { HlcClock } from './hlc-clock.js';

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
  /** The event's hybrid logical clock (SYNC-7); record events stamp their fields with it. */
  hlc: string;
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
/** One ledger entry as a customer's transaction history shows it (CUST-6). */
export interface TransactionEntry {
  id: number;
  eventId: string;
  at: string;
  kind: string;
  asset: string;
  cardNumber: string | null;
  programId: string;
  delta: number;
  docType: string | null;
  docId: string | null;
}

interface TransactionRow {
  id: number;
  event_id: string;
  at: string;
  kind: string;
  asset: string;
  card_number: string | null;
  program_id: string;
  delta: number;
  doc_type: string | null;
  doc_id: string | null;
}

export class Ledger {
  readonly hlc: HlcClock;

  constructor(
    private readonly db: Db,
    readonly storeId: string,
    hlc?: HlcClock,
  ) {
    this.hlc = hlc ?? new HlcClock(db, storeId);
  }

  append(ev: LedgerEventInput): AppendedEvent {
    const { db } = this;
    if (!db.inTransaction) throw new Error('Ledger.append must run inside a transaction');
    const last = db.prepare('SELECT COALESCE(MAX(store_seq), 0) AS s FROM outbox').get() as { s: number };
    const storeSeq = last.s + 1;
    const eventId = newId();
    const hlc = this.hlc.send();
    const entries = ev.entries.filter((e) => e.delta !== 0);
    const payload = {
      eventId,
      storeId: this.storeId,
      storeSeq,
      type: ev.type,
      at: ev.at,
      hlc,
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
      // SYNC-1: every event carries `data` (the protocol's schema per kind), {} when it has none.
      data: ev.data ?? {},
    };
    db.prepare('INSERT INTO outbox (store_seq, event_id, type, payload, created_at, hlc) VALUES (?, ?, ?, ?, ?, ?)').run(
      storeSeq,
      eventId,
      ev.type,
      JSON.stringify(payload),
      new Date().toISOString(),
      hlc,
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
      insert.run(
        eventId,
        storeSeq,
        ev.at,
        e.kind,
        e.asset,
        e.cardNumber ?? null,
        e.customerId ?? null,
        programId,
        e.delta,
        ev.docType ?? null,
        ev.docId ?? null,
      );
      bump.run(ownerOf(e), e.asset, programId, e.delta);
    }
    return { eventId, storeSeq, hlc };
  }

  /** Cached balance of one owner/asset/program. */
  /** A customer's entries older than ledger id `before`, newest first. */
  transactionsOf(customerId: string, before: number, limit: number): TransactionEntry[] {
    const rows = this.db
      .prepare(
        `SELECT id, event_id, at, kind, asset, card_number, program_id, delta, doc_type, doc_id FROM ledger
         WHERE customer_id = ? AND id < ? ORDER BY id DESC LIMIT ?`,
      )
      .all(customerId, before, limit) as TransactionRow[];
    return rows.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      at: r.at,
      kind: r.kind,
      asset: r.asset,
      cardNumber: r.card_number ?? null,
      programId: r.program_id,
      delta: r.delta,
      docType: r.doc_type ?? null,
      docId: r.doc_id ?? null,
    }));
  }

  balance(owner: string, asset: LedgerAsset, programId = ''): number {
    const r = this.db.prepare('SELECT amount FROM balances WHERE owner = ? AND asset = ? AND program_id = ?').get(owner, asset, programId) as
      | { amount: number }
      | undefined;
    return r?.amount ?? 0;
  }

  /** CUST-4: the money on all of a customer's credit cards together (one indexed read). */
  creditCardsMoney(customerId: string): number {
    const r = this.db
      .prepare(
        `SELECT COALESCE(SUM(b.amount), 0) AS m FROM cards c
           JOIN balances b ON b.owner = c.number AND b.asset = 'money' AND b.program_id = ''
          WHERE c.customer_id = ? AND c.type = 'credit'`,
      )
      .get(customerId) as { m: number };
    return r.m;
  }

  /**
   * What a card paid in [from, to) (payments minus refunds), as a positive amount: from the
   * customer account (discount_payment) or from its own money (credit).
   */
  cardAccountSpent(cardNumber: string, from: string, to: string): number {
    const r = this.db
      .prepare(
        `SELECT COALESCE(-SUM(delta), 0) AS spent FROM ledger
                WHERE card_number = ? AND asset IN ('account', 'money') AND kind IN ('payment', 'refund') AND at >= ? AND at < ?`,
      )
      .get(cardNumber, from, to) as { spent: number };
    return r.spent;
  }

  /** A customer's turnover dated in [from, to). */
  turnoverBetween(customerId: string, from: string, to: string): number {
    const r = this.db
      .prepare("SELECT COALESCE(SUM(delta), 0) AS t FROM ledger WHERE customer_id = ? AND asset = 'turnover' AND at >= ? AND at < ?")
      .get(customerId, from, to) as { t: number };
    return r.t;
  }

  /** Record a balance reset (CARD-11) before its entries are written. */
  recordReset(r: { id: string; asOf: string; cutoff: string; cardType: string | null; createdAt: string }): void {
    this.db
      .prepare('INSERT INTO balance_resets (id, as_of, cutoff, card_type, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(r.id, r.asOf, r.cutoff, r.cardType, r.createdAt);
  }

  /** Whether a reset that covers `cardType` has a cutoff after `at` (so `at` lies in a reset period). */
  resetCoversInstant(at: string, cardType: string): boolean {
    return (
      this.db.prepare('SELECT 1 AS x FROM balance_resets WHERE cutoff > ? AND (card_type IS NULL OR card_type = ?) LIMIT 1').get(at, cardType) !== undefined
    );
  }

  /**
   * What a reset as of `cutoff` may still expire on a card, per card asset: what it held at the
   * cutoff (everything dated before it, plus every reset entry: earlier resets count as applied,
   * so the same date twice changes nothing) less what was spent since (spending uses the oldest
   * points first, and a point spent cannot expire). Never more than the balance now.
   */
  expirableAsOf(cardNumber: string, cutoff: string): { asset: 'money' | 'bonus' | 'visits' | 'stamps'; programId: string; amount: number }[] {
    const rows = this.db
      .prepare(
        `SELECT asset, program_id,
                SUM(CASE WHEN at < ?2 OR kind = 'reset' THEN delta ELSE 0 END)
                  + SUM(CASE WHEN at >= ?2 AND kind <> 'reset' AND delta < 0 THEN delta ELSE 0 END) AS amount
         FROM ledger WHERE card_number = ?1 AND asset IN ('money','bonus','visits','stamps')
         GROUP BY asset, program_id`,
      )
      .all(cardNumber, cutoff) as { asset: 'money' | 'bonus' | 'visits' | 'stamps'; program_id: string; amount: number }[];
    return rows.map((r) => ({ asset: r.asset, programId: r.program_id, amount: r.amount }));
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

  /**
   * Rows where the balance cache differs from what it must hold (empty when consistent): the
   * ledger sum, or with a confirmed balance from central (SYNC-4) that amount plus this store's
   * deltas after the sequence it includes.
   */
  cacheMismatches(): { owner: string; asset: string; programId: string; cached: number; ledger: number }[] {
    const rows = this.db
      .prepare(
        `WITH entries AS (
           SELECT CASE WHEN asset IN ('account','turnover') THEN customer_id ELSE card_number END AS owner,
                  asset, program_id, store_seq, delta
           FROM ledger),
         sums AS (
           SELECT e.owner, e.asset, e.program_id,
                  SUM(CASE WHEN c.owner IS NULL OR e.store_seq > c.includes_seq THEN e.delta ELSE 0 END) AS total
           FROM entries e LEFT JOIN confirmed_balances c
             ON c.owner = e.owner AND c.asset = e.asset AND c.program_id = e.program_id
           GROUP BY 1, 2, 3),
         expected AS (
           SELECT COALESCE(s.owner, c.owner) AS owner, COALESCE(s.asset, c.asset) AS asset,
                  COALESCE(s.program_id, c.program_id) AS program_id, COALESCE(s.total, 0) + COALESCE(c.amount, 0) AS total
           FROM sums s FULL OUTER JOIN confirmed_balances c
             ON c.owner = s.owner AND c.asset = s.asset AND c.program_id = s.program_id)
         SELECT COALESCE(s.owner, b.owner) AS owner, COALESCE(s.asset, b.asset) AS asset,
                COALESCE(s.program_id, b.program_id) AS program_id,
                COALESCE(b.amount, 0) AS cached, COALESCE(s.total, 0) AS ledger
         FROM expected s FULL OUTER JOIN balances b
           ON b.owner = s.owner AND b.asset = s.asset AND b.program_id = s.program_id
         WHERE COALESCE(b.amount, 0) <> COALESCE(s.total, 0)`,
      )
      .all() as { owner: string; asset: string; program_id: string; cached: number; ledger: number }[];
    return rows.map((r) => ({ owner: r.owner, asset: r.asset, programId: r.program_id, cached: r.cached, ledger: r.ledger }));
  }
}
