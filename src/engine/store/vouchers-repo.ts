import { drawIndexOf, type VoucherRange } from '../model/voucher-numbering.js';
import type { Db } from './db.js';

export type VoucherStatus = 'issued' | 'redeemed' | 'void';

export interface VoucherRow {
  code: string;
  rangeId: string | null;
  privilegeId: string;
  customerId: string | null;
  campaignId: string | null;
  value: number | null;
  percent: number | null;
  status: VoucherStatus;
  source: 'manual' | 'redemption' | 'campaign';
  issuedAt: string;
  validUntil: string;
  redeemedAt: string | null;
  redeemedReceiptId: string | null;
  /** VOUCH-2: the index the code was drawn at from `rangeId`; null/absent for a manual voucher. */
  drawIndex?: number | null;
}

const RANGE_COLS = 'id, code, description, digits, range_from, range_to, random, check_digit, check_scheme, active, perm_key';
const VOUCHER_COLS =
  'code, range_id, privilege_id, customer_id, campaign_id, value, percent, status, source, issued_at, valid_until, redeemed_at, redeemed_receipt_id';
const INSERT_COLS = `${VOUCHER_COLS}, draw_index`;
const VOUCHERS_PER_INSERT = 50;

function rangeFromRow(r: Record<string, unknown>): VoucherRange {
  return {
    id: r.id as string,
    code: r.code as string,
    description: r.description as string,
    digits: r.digits as number,
    from: r.range_from as number,
    to: r.range_to as number,
    random: r.random === 1,
    checkDigit: r.check_digit === 1,
    checkScheme: r.check_scheme as VoucherRange['checkScheme'],
    active: r.active === 1,
    key: r.perm_key as number,
  };
}

function voucherFromRow(r: Record<string, unknown>): VoucherRow {
  return {
    code: r.code as string,
    rangeId: (r.range_id as string | null) ?? null,
    privilegeId: r.privilege_id as string,
    customerId: (r.customer_id as string | null) ?? null,
    campaignId: (r.campaign_id as string | null) ?? null,
    value: (r.value as number | null) ?? null,
    percent: (r.percent as number | null) ?? null,
    status: r.status as VoucherStatus,
    source: r.source as VoucherRow['source'],
    issuedAt: r.issued_at as string,
    validUntil: r.valid_until as string,
    redeemedAt: (r.redeemed_at as string | null) ?? null,
    redeemedReceiptId: (r.redeemed_receipt_id as string | null) ?? null,
  };
}

/** Voucher ranges, the index blocks this store holds, vouchers and campaigns. */
export class VouchersRepo {
  constructor(private readonly db: Db) {}

  insertRange(r: VoucherRange, at: string): void {
    this.db
      .prepare(`INSERT INTO voucher_ranges (${RANGE_COLS}, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(r.id, r.code, r.description, r.digits, r.from, r.to, r.random ? 1 : 0, r.checkDigit ? 1 : 0, r.checkScheme, r.active ? 1 : 0, r.key, at, at);
  }

  updateRange(r: VoucherRange, at: string): void {
    this.db.prepare('UPDATE voucher_ranges SET description = ?, active = ?, updated_at = ? WHERE id = ?').run(r.description, r.active ? 1 : 0, at, r.id);
  }

  /** SYNC-3: a range as central defines it (pulled): created, or replaced whole. */
  upsertRange(r: VoucherRange, at: string): void {
    this.db
      .prepare(
        `INSERT INTO voucher_ranges (${RANGE_COLS}, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET code = excluded.code, description = excluded.description, digits = excluded.digits,
           range_from = excluded.range_from, range_to = excluded.range_to, random = excluded.random, check_digit = excluded.check_digit,
           check_scheme = excluded.check_scheme, active = excluded.active, perm_key = excluded.perm_key, updated_at = excluded.updated_at`,
      )
      .run(r.id, r.code, r.description, r.digits, r.from, r.to, r.random ? 1 : 0, r.checkDigit ? 1 : 0, r.checkScheme, r.active ? 1 : 0, r.key, at, at);
  }

  range(id: string): VoucherRange | null {
    const r = this.db.prepare(`SELECT ${RANGE_COLS} FROM voucher_ranges WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    return r ? rangeFromRow(r) : null;
  }

  ranges(): VoucherRange[] {
    return (this.db.prepare(`SELECT ${RANGE_COLS} FROM voucher_ranges ORDER BY code`).all() as Record<string, unknown>[]).map(rangeFromRow);
  }

  /** Up to `limit` ranges with code after `afterCode`, by code (keyset on the UNIQUE code). */
  rangesPage(afterCode: string | null, limit: number): VoucherRange[] {
    return (
      this.db.prepare(`SELECT ${RANGE_COLS} FROM voucher_ranges WHERE code > ? ORDER BY code LIMIT ?`).all(afterCode ?? '', limit) as Record<string, unknown>[]
    ).map(rangeFromRow);
  }

  addBlock(rangeId: string, start: number, end: number, source = 'local'): void {
    this.db
      .prepare('INSERT INTO voucher_blocks (range_id, start_index, end_index, next_index, source) VALUES (?, ?, ?, ?, ?)')
      .run(rangeId, start, end, start, source);
  }

  /** Blocks with indices left, in order. */
  openBlocks(rangeId: string): { start: number; end: number; next: number }[] {
    const rows = this.db
      .prepare('SELECT start_index, end_index, next_index FROM voucher_blocks WHERE range_id = ? AND next_index < end_index ORDER BY start_index')
      .all(rangeId) as { start_index: number; end_index: number; next_index: number }[];
    return rows.map((r) => ({ start: r.start_index, end: r.end_index, next: r.next_index }));
  }

  /** Indices left in all blocks of a range. */
  remaining(rangeId: string): number {
    return (this.db.prepare('SELECT COALESCE(SUM(end_index - next_index), 0) AS n FROM voucher_blocks WHERE range_id = ?').get(rangeId) as { n: number }).n;
  }

  setNext(rangeId: string, start: number, next: number): void {
    this.db.prepare('UPDATE voucher_blocks SET next_index = ? WHERE range_id = ? AND start_index = ?').run(next, rangeId, start);
  }

  insertVouchers(vs: readonly VoucherRow[]): void {
    for (let i = 0; i < vs.length; i += VOUCHERS_PER_INSERT) {
      const chunk = vs.slice(i, i + VOUCHERS_PER_INSERT);
      const params: unknown[] = [];
      for (const v of chunk) {
        params.push(
          v.code,
          v.rangeId,
          v.privilegeId,
          v.customerId,
          v.campaignId,
          v.value,
          v.percent,
          v.status,
          v.source,
          v.issuedAt,
          v.validUntil,
          v.redeemedAt,
          v.redeemedReceiptId,
          v.drawIndex ?? null,
        );
      }
      const values = Array(chunk.length).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
      this.db.prepare(`INSERT INTO vouchers (${INSERT_COLS}) VALUES ${values}`).run(...params);
    }
  }

  /**
   * A voucher and its rowid: by code among manual (and pre-draw-index) vouchers, else through the
   * range the code belongs to and its draw index (drawn vouchers have no index on the code).
   */
  private locate(code: string): { rowid: number; row: VoucherRow } | null {
    const byCode = this.db.prepare(`SELECT rowid AS _rowid, ${VOUCHER_COLS} FROM vouchers WHERE code = ? AND draw_index IS NULL`).get(code) as
      | Record<string, unknown>
      | undefined;
    if (byCode) return { rowid: byCode._rowid as number, row: voucherFromRow(byCode) };
    const ranges = (this.db.prepare(`SELECT ${RANGE_COLS} FROM voucher_ranges WHERE digits = ?`).all(code.length) as Record<string, unknown>[]).map(
      rangeFromRow,
    );
    for (const range of ranges) {
      const index = drawIndexOf(range, code);
      if (index === null) continue;
      const r = this.db.prepare(`SELECT rowid AS _rowid, ${VOUCHER_COLS} FROM vouchers WHERE range_id = ? AND draw_index = ?`).get(range.id, index) as
        | Record<string, unknown>
        | undefined;
      if (r && r.code === code) return { rowid: r._rowid as number, row: voucherFromRow(r) };
    }
    return null;
  }

  voucher(code: string): VoucherRow | null {
    return this.locate(code)?.row ?? null;
  }

  /**
   * The codes among these that a voucher keyed by its code holds (a manual voucher, or one issued
   * before draw indices), in one statement. A draw asks only this: its own index is new by
   * construction (VOUCH-2).
   */
  codesTaken(codes: readonly string[]): Set<string> {
    if (codes.length === 0) return new Set();
    const rows = this.db
      .prepare('SELECT code FROM vouchers WHERE code IN (SELECT value FROM json_each(?)) AND draw_index IS NULL')
      .all(JSON.stringify([...codes].sort())) as { code: string }[];
    return new Set(rows.map((r) => r.code));
  }

  markRedeemed(code: string, at: string, receiptId: string | null): boolean {
    const v = this.locate(code);
    if (!v) return false;
    return (
      this.db
        .prepare("UPDATE vouchers SET status = 'redeemed', redeemed_at = ?, redeemed_receipt_id = ? WHERE rowid = ? AND status = 'issued'")
        .run(at, receiptId, v.rowid).changes === 1
    );
  }

  campaignByKey(key: string): { id: string; rangeId: string; privilegeId: string; count: number } | null {
    const r = this.db.prepare('SELECT id, range_id, privilege_id, count FROM voucher_campaigns WHERE request_key = ?').get(key) as
      | Record<string, unknown>
      | undefined;
    return r ? { id: r.id as string, rangeId: r.range_id as string, privilegeId: r.privilege_id as string, count: r.count as number } : null;
  }

  insertCampaign(c: { id: string; requestKey: string | null; rangeId: string; privilegeId: string; count: number; createdAt: string }): void {
    this.db
      .prepare('INSERT INTO voucher_campaigns (id, request_key, range_id, privilege_id, count, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(c.id, c.requestKey, c.rangeId, c.privilegeId, c.count, c.createdAt);
  }

  campaignExists(campaignId: string): boolean {
    return this.db.prepare('SELECT 1 AS x FROM voucher_campaigns WHERE id = ?').get(campaignId) !== undefined;
  }

  /**
   * Up to `limit` codes of a campaign in issue order, after the row `afterSeq` (keyset on rowid,
   * which the vouchers_campaign index carries in order within a campaign).
   */
  campaignCodesPage(campaignId: string, afterSeq: number, limit: number): { seq: number; code: string }[] {
    const rows = this.db
      .prepare('SELECT rowid AS seq, code FROM vouchers WHERE campaign_id = ? AND rowid > ? ORDER BY rowid LIMIT ?')
      .all(campaignId, afterSeq, limit) as { seq: number; code: string }[];
    return rows.map((r) => ({ seq: r.seq, code: r.code }));
  }

  campaignIssued(campaignId: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM vouchers WHERE campaign_id = ?').get(campaignId) as { n: number }).n;
  }
}
