import type { NumberBlock, PullResponse } from '../sync/protocol/index.js';
import { blockView } from './blocks.js';
import type { ChangeSignal } from './change-signal.js';
import { decodeCursor, encodeCursor, type Cursor } from './cursor.js';
import type { Database, Sql } from './db/database.js';

interface Snap {
  running: string[] | null;
  last_rev: number;
  epoch: string;
  acked: number | null;
}

/**
 * GET /sync/v1/pull, one page (SYNC-3, SYNC-4, SYNC-7, SYNC-8). Runs in one REPEATABLE READ
 * transaction, so the balances and the store's acked sequence (`includesSeq`) are read from the
 * same snapshot. Feed rows are read by rev; the next cursor also names the transactions still
 * running, so a change that commits after this read is returned by a later one (cursor.ts).
 */
export async function pullPage(db: Database, storeId: string, cursorText: string | undefined, pageSize: number): Promise<PullResponse & { empty: boolean }> {
  return db.tx(async (q) => {
    const [snap] = await q.query<Snap>(
      `SELECT (SELECT array_agg(x::text) FROM pg_snapshot_xip(pg_current_snapshot()) AS x) AS running,
              (SELECT last_value FROM change_rev) AS last_rev,
              (SELECT value FROM central_meta WHERE key = 'epoch') AS epoch,
              (SELECT acked_seq FROM stores WHERE id = $1) AS acked`,
      [storeId],
    );
    if (!snap) throw new Error('no snapshot');
    const cur: Cursor = cursorText ? decodeCursor(cursorText, snap.epoch, snap.last_rev) : { e: snap.epoch, r: 0, p: [], n: true };
    // Rows of transactions that were running at the last read (a bounded set: one transaction
    // writes at most one push's worth), then the next page of newer rows.
    // Balances carry their own rev/xid; the feed table holds every other kind of change.
    const late =
      cur.p.length === 0
        ? []
        : await q.query<{ entity: string; key: string; rev: number }>(
            `SELECT entity, key, rev FROM changes WHERE xid = ANY($1::xid8[]) AND rev <= $2 AND store_id IN ('', $3)
       UNION ALL SELECT 'balance', owner, rev FROM balances WHERE xid = ANY($1::xid8[]) AND rev <= $2`,
            [cur.p, cur.r, storeId],
          );
    const rows = await q.query<{ entity: string; key: string; rev: number }>(
      `SELECT entity, key, rev FROM changes WHERE rev > $1 AND store_id IN ('', $2)
       UNION ALL SELECT 'balance', owner, rev FROM balances WHERE rev > $1
       ORDER BY rev LIMIT $3`,
      [cur.r, storeId, pageSize + 1],
    );
    const more = rows.length > pageSize;
    const newer = rows.slice(0, pageSize);
    const page = [...late, ...newer];
    // Rows of transactions still running now are invisible to this read: keep their xids.
    const next: Cursor = { e: snap.epoch, r: newer.at(-1)?.rev ?? cur.r, p: snap.running ?? [], n: more && cur.n };
    const keys = (entity: string) => [...new Set(page.filter((r) => r.entity === entity).map((r) => r.key))];
    return {
      cursor: encodeCursor(next),
      more,
      snapshot: cur.n,
      empty: page.length === 0,
      masterData: await masterData(q, keys('master')),
      customers: await customers(q, keys('customer')),
      cards: await cards(q, keys('card')),
      balances: await balances(q, keys('balance'), snap.acked ?? 0),
      blocks: await blocks(q, storeId, keys('block')),
    };
  }, 'repeatable read');
}

/** Long-poll: pull; while there is nothing new, wait for a change until `waitS` has passed. */
export async function pullWaiting(
  db: Database,
  signal: ChangeSignal,
  storeId: string,
  cursor: string | undefined,
  pageSize: number,
  waitS: number,
  abort?: AbortSignal,
): Promise<PullResponse> {
  const deadline = Date.now() + waitS * 1000;
  let page = await pullPage(db, storeId, cursor, pageSize);
  while (page.empty && !page.more && Date.now() < deadline && !abort?.aborted && !signal.stopped) {
    await signal.wait(deadline - Date.now(), abort);
    page = await pullPage(db, storeId, page.cursor, pageSize);
  }
  const { empty: _empty, ...out } = page;
  return out;
}

async function masterData(q: Sql, keys: string[]): Promise<PullResponse['masterData']> {
  if (keys.length === 0) return [];
  const rows = await q.query<{ kind: string; id: string; version: number; body: Record<string, unknown> | null; deleted: boolean }>(
    "SELECT kind, id, version, body, deleted FROM master_data WHERE kind || '/' || id = ANY($1) ORDER BY kind, id",
    [keys],
  );
  return rows.map((r) => ({ kind: r.kind, id: r.id, version: r.version, body: r.deleted ? null : r.body }));
}

async function customers(q: Sql, keys: string[]): Promise<PullResponse['customers']> {
  if (keys.length === 0) return [];
  const rows = await q.query<{ id: string; fields: Record<string, unknown>; hlc: Record<string, string> }>(
    'SELECT id, fields, hlc FROM customers WHERE id = ANY($1) ORDER BY id',
    [keys],
  );
  return rows.map((r) => ({ id: r.id, fields: r.fields, hlc: r.hlc }));
}

async function cards(q: Sql, keys: string[]): Promise<PullResponse['cards']> {
  if (keys.length === 0) return [];
  const rows = await q.query<{ number: string; customer_id: string; fields: Record<string, unknown>; hlc: Record<string, string> }>(
    'SELECT number, customer_id, fields, hlc FROM cards WHERE number = ANY($1) ORDER BY number',
    [keys],
  );
  return rows.map((r) => ({ number: r.number, customerId: r.customer_id, fields: r.fields, hlc: r.hlc }));
}

async function balances(q: Sql, owners: string[], includesSeq: number): Promise<PullResponse['balances']> {
  if (owners.length === 0) return [];
  const rows = await q.query<{ owner: string; asset: string; program_id: string; amount: number }>(
    'SELECT owner, asset, program_id, amount FROM balances WHERE owner = ANY($1) ORDER BY owner, asset, program_id',
    [owners],
  );
  return rows.map((r) => ({ owner: r.owner, asset: r.asset, programId: r.program_id, amount: r.amount, includesSeq }));
}

async function blocks(q: Sql, storeId: string, ids: string[]): Promise<NumberBlock[]> {
  if (ids.length === 0) return [];
  const rows = await q.query<{ request_id: string; kind: 'card' | 'voucher'; key: string; from_serial: number; to_serial: number }>(
    'SELECT request_id, kind, key, from_serial, to_serial FROM number_blocks WHERE store_id = $1 AND request_id = ANY($2::uuid[]) ORDER BY from_serial',
    [storeId, ids],
  );
  return rows.map(blockView);
}
