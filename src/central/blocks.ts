import { AppError } from '../common/errors.js';
import type { BlockLeaseRequest, NumberBlock } from '../sync/protocol/index.js';
import type { CentralConfig } from './config.js';
import type { Database, Sql } from './db/database.js';
import { touchChanges } from './feed.js';

interface BlockRow {
  request_id: string;
  kind: 'card' | 'voucher';
  key: string;
  from_serial: number;
  to_serial: number;
}

export function blockView(r: BlockRow): NumberBlock {
  return r.kind === 'card'
    ? { id: r.request_id, kind: 'card', scheme: r.key, from: r.from_serial, to: r.to_serial }
    : { id: r.request_id, kind: 'voucher', rangeId: r.key, from: r.from_serial, to: r.to_serial };
}

/** Serial capacity of a card scheme: the digits left after the prefix and the Luhn digit. */
export function schemeMaxSerial(s: { prefix: string; length: number; luhn: boolean }): number {
  return 10 ** (s.length - s.prefix.length - (s.luhn ? 1 : 0)) - 1;
}

/** Make sure every configured scheme and range has a counter (idempotent; safe on every node at start). */
export async function ensureCounters(db: Database, numbering: CentralConfig['numbering']): Promise<void> {
  const rows = [
    ...numbering.cardSchemes.map((s) => ({ kind: 'card', key: s.id, next: 1, max: schemeMaxSerial(s) })),
    ...numbering.voucherRanges.map((r) => ({ kind: 'voucher', key: r.id, next: r.from, max: r.to })),
  ];
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO number_counters (kind, key, next_serial, max_serial)
     SELECT kind, key, next, max FROM jsonb_to_recordset($1::jsonb) AS x(kind text, key text, next bigint, max bigint)
     ON CONFLICT (kind, key) DO UPDATE SET max_serial = excluded.max_serial`,
    [JSON.stringify(rows)],
  );
}

/**
 * SYNC-6: lease the next block of a card scheme's or voucher range's serials to a store. The
 * counter moves with one UPDATE … RETURNING (row-locked), so two central nodes never hand out
 * overlapping blocks. A retried request (same requestId) gets the block it already has.
 */
export async function leaseBlock(db: Database, storeId: string, req: BlockLeaseRequest, size: number): Promise<NumberBlock> {
  const kind = req.kind;
  const key = req.kind === 'card' ? req.scheme : req.rangeId;
  return db.tx(async (q) => {
    const had = await existing(q, storeId, req.requestId);
    if (had) return blockView(had);
    const [got] = await q.query<{ from_serial: number; to_serial: number }>(
      `WITH c AS (SELECT next_serial AS old FROM number_counters WHERE kind = $1 AND key = $2 FOR UPDATE)
       UPDATE number_counters n SET next_serial = LEAST(c.old + $3, n.max_serial + 1)
       FROM c WHERE n.kind = $1 AND n.key = $2 AND c.old <= n.max_serial
       RETURNING c.old AS from_serial, n.next_serial - 1 AS to_serial`,
      [kind, key, size],
    );
    if (!got) {
      const [counter] = await q.query('SELECT 1 FROM number_counters WHERE kind = $1 AND key = $2', [kind, key]);
      const path = kind === 'card' ? 'scheme' : 'rangeId';
      if (!counter)
        throw new AppError('numbering_not_configured', `central has no ${kind === 'card' ? 'card scheme' : 'voucher range'} ${key}`, [
          { path, message: 'not configured at central' },
        ]);
      throw new AppError('number_block_exhausted', `${kind} ${key} has no serials left`, [{ path, message: 'no serials left' }]);
    }
    const [row] = await q.query<BlockRow>(
      `INSERT INTO number_blocks (store_id, request_id, kind, key, from_serial, to_serial) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (store_id, request_id) DO NOTHING
       RETURNING request_id, kind, key, from_serial, to_serial`,
      [storeId, req.requestId, kind, key, got.from_serial, got.to_serial],
    );
    if (!row) {
      const again = await existing(q, storeId, req.requestId); // a concurrent retry won; our serials stay unused
      if (again) return blockView(again);
      throw new Error('number block vanished');
    }
    await touchChanges(q, [{ entity: 'block', key: req.requestId, storeId }]);
    return blockView(row);
  });
}

async function existing(q: Sql, storeId: string, requestId: string): Promise<BlockRow | undefined> {
  const [r] = await q.query<BlockRow>('SELECT request_id, kind, key, from_serial, to_serial FROM number_blocks WHERE store_id = $1 AND request_id = $2', [
    storeId,
    requestId,
  ]);
  return r;
}
