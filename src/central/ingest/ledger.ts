import { newId } from '../../common/ids.js';
import { ownerOfEntry, type EventEnvelope } from '../../sync/protocol/index.js';
import type { Sql } from '../db/database.js';

/** Assets a store can overspend while offline (SYNC-5); turnover and stamps are not stored value. */
const SPENDABLE = new Set(['money', 'bonus', 'visits', 'account']);

interface Row {
  owner: string;
  event_id: string;
  entry_no: number;
  store_id: string;
  store_seq: number;
  asset: string;
  program_id: string;
  kind: string;
  card_number: string | null;
  customer_id: string | null;
  delta: number;
  at: string;
  doc_type: string | null;
  doc_id: string | null;
}

const keyOf = (r: { owner: string; asset: string; program_id: string }) => `${r.owner}\u0000${r.asset}\u0000${r.program_id}`;

/**
 * SYNC-4, SYNC-5: append the events' ledger entries and move the confirmed balances, in the
 * caller's transaction. A spend that leaves a balance below −limit is still applied (the sale
 * happened) and becomes an exception row. Returns the owners whose balances changed and the
 * cards that were overdrawn.
 */
export async function applyLedger(q: Sql, storeId: string, events: readonly EventEnvelope[]): Promise<{ owners: string[]; overdrawnCards: string[] }> {
  const rows: Row[] = [];
  for (const e of events) {
    e.payload.entries.forEach((x, i) => {
      if (x.delta === 0) return;
      rows.push({
        owner: ownerOfEntry(x),
        event_id: e.eventId,
        entry_no: i,
        store_id: storeId,
        store_seq: e.storeSeq,
        asset: x.asset,
        program_id: x.programId,
        kind: x.kind,
        card_number: x.cardNumber,
        customer_id: x.customerId,
        delta: x.delta,
        at: e.at,
        doc_type: e.payload.docType ?? null,
        doc_id: e.payload.docId ?? null,
      });
    });
  }
  if (rows.length === 0) return { owners: [], overdrawnCards: [] };
  await q.query(
    `INSERT INTO ledger (owner, event_id, entry_no, store_id, store_seq, asset, program_id, kind, card_number, customer_id, delta, at, doc_type, doc_id)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(owner text, event_id uuid, entry_no integer, store_id text, store_seq bigint, asset text,
       program_id text, kind text, card_number text, customer_id text, delta bigint, at timestamptz, doc_type text, doc_id text)
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(rows)],
  );
  const sums = new Map<string, { owner: string; asset: string; program_id: string; delta: number }>();
  for (const r of rows) {
    const k = keyOf(r);
    const s = sums.get(k) ?? { owner: r.owner, asset: r.asset, program_id: r.program_id, delta: 0 };
    s.delta += r.delta;
    sums.set(k, s);
  }
  // Sorted so that concurrent pushes lock balance rows in the same order (no deadlocks).
  const sorted = [...sums.values()].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
  const after = await q.query<{ owner: string; asset: string; program_id: string; amount: number }>(
    `INSERT INTO balances (owner, asset, program_id, amount)
     SELECT owner, asset, program_id, delta FROM jsonb_to_recordset($1::jsonb) AS x(owner text, asset text, program_id text, delta bigint)
     ORDER BY owner, asset, program_id
     ON CONFLICT (owner, asset, program_id) DO UPDATE SET amount = balances.amount + excluded.amount, rev = nextval('change_rev'), xid = pg_current_xact_id()
     RETURNING owner, asset, program_id, amount`,
    [JSON.stringify(sorted)],
  );
  const overdrawnCards = await recordOverdrafts(q, storeId, rows, sums, after);
  return { owners: [...new Set(rows.map((r) => r.owner))], overdrawnCards };
}

async function recordOverdrafts(
  q: Sql,
  storeId: string,
  rows: readonly Row[],
  sums: Map<string, { delta: number }>,
  after: readonly { owner: string; asset: string; program_id: string; amount: number }[],
): Promise<string[]> {
  // Walk each balance from its value before this push through the entries in order; keep the
  // lowest point (and the spend that reached it) per balance.
  const running = new Map<string, number>();
  for (const a of after) running.set(keyOf(a), a.amount - (sums.get(keyOf(a))?.delta ?? 0));
  const lows = new Map<string, { row: Row; balance: number }>();
  for (const r of rows) {
    const k = keyOf(r);
    const v = (running.get(k) ?? 0) + r.delta;
    running.set(k, v);
    if (r.delta < 0 && v < 0 && SPENDABLE.has(r.asset) && v < (lows.get(k)?.balance ?? 0)) lows.set(k, { row: r, balance: v });
  }
  if (lows.size === 0) return [];
  const limits = await creditLimits(
    q,
    [...lows.values()].map((l) => l.row),
  );
  const out: unknown[] = [];
  const cards: string[] = [];
  for (const { row, balance } of lows.values()) {
    const limit = row.asset === 'money' ? (limits.cards.get(row.owner) ?? 0) : row.asset === 'account' ? (limits.customers.get(row.owner) ?? 0) : 0;
    if (balance >= -limit) continue;
    if (row.asset !== 'account') cards.push(row.owner);
    out.push({
      id: newId(),
      kind: 'overdraft',
      owner: row.owner,
      store_id: storeId,
      event_id: row.event_id,
      at: row.at,
      detail: { asset: row.asset, programId: row.program_id, balance, limit, storeSeq: row.store_seq, docType: row.doc_type, docId: row.doc_id },
    });
  }
  if (out.length === 0) return [];
  await q.query(
    `INSERT INTO exceptions (id, kind, owner, store_id, event_id, at, detail)
     SELECT id, kind, owner, store_id, event_id, at, detail FROM jsonb_to_recordset($1::jsonb)
       AS x(id uuid, kind text, owner text, store_id text, event_id uuid, at timestamptz, detail jsonb)`,
    [JSON.stringify(out)],
  );
  return cards;
}

/** Credit limits as central knows them: cards' creditLimit field, customers' creditLimit field. */
async function creditLimits(q: Sql, rows: readonly Row[]): Promise<{ cards: Map<string, number>; customers: Map<string, number> }> {
  const cardNos = rows.filter((r) => r.asset === 'money').map((r) => r.owner);
  const customerIds = rows.filter((r) => r.asset === 'account').map((r) => r.owner);
  const cards = new Map<string, number>();
  const customers = new Map<string, number>();
  if (cardNos.length) {
    for (const r of await q.query<{ k: string; l: number | null }>(
      "SELECT number AS k, (fields->>'creditLimit')::bigint AS l FROM cards WHERE number = ANY($1)",
      [cardNos],
    ))
      cards.set(r.k, r.l ?? 0);
  }
  if (customerIds.length) {
    for (const r of await q.query<{ k: string; l: number | null }>("SELECT id AS k, (fields->>'creditLimit')::bigint AS l FROM customers WHERE id = ANY($1)", [
      customerIds,
    ]))
      customers.set(r.k, r.l ?? 0);
  }
  return { cards, customers };
}
