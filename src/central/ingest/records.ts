import { mergeFields, type FieldState } from '../../sync/merge.js';
import type { EventEnvelope } from '../../sync/protocol/index.js';
import type { Sql } from '../db/database.js';

interface Edit {
  id: string;
  fields: Record<string, unknown>;
  hlc: string;
}

/** The per-field edit a record event makes (SYNC-7); null for events that edit no record. */
function customerEdit(e: EventEnvelope): Edit | null {
  switch (e.kind) {
    case 'customer.created':
    case 'customer.updated':
      return { id: e.payload.data.customerId, fields: e.payload.data.fields, hlc: e.hlc };
    case 'customer.tier_changed':
      return { id: e.payload.data.customerId, fields: { tierLevel: e.payload.data.tierLevel }, hlc: e.hlc };
    default:
      return null;
  }
}

function cardEdit(e: EventEnvelope): Edit | null {
  switch (e.kind) {
    case 'card.created':
      return { id: e.payload.data.number, fields: { ...e.payload.data.fields, customerId: e.payload.data.customerId }, hlc: e.hlc };
    case 'card.updated':
      return { id: e.payload.data.number, fields: e.payload.data.fields, hlc: e.hlc };
    case 'card.blocked':
      return { id: e.payload.data.number, fields: { status: 'blocked' }, hlc: e.hlc };
    default:
      return null;
  }
}

const SEARCHED = ['firstName', 'lastName', 'companyName', 'email', 'phone'];

/** Lower-cased text the chain-wide customer search looks in (CUST-5 at central). */
export function searchText(fields: Record<string, unknown>): string {
  return SEARCHED.map((k) => fields[k])
    .filter((v): v is string => typeof v === 'string' && v.length > 0)
    .join(' ')
    .toLowerCase();
}

/**
 * Merge the events' customer and card edits into central's records, in the caller's transaction.
 * Rows are created if missing, then locked in key order and merged field by field. Returns the
 * ids and numbers whose merged record changed.
 */
export async function applyRecords(q: Sql, events: readonly EventEnvelope[]): Promise<{ customers: string[]; cards: string[] }> {
  const customers = await mergeInto(q, 'customers', 'id', events.map(customerEdit));
  const cards = await mergeInto(q, 'cards', 'number', events.map(cardEdit));
  return { customers, cards };
}

/** Edits of central's own (e.g. blocking an overdrawn card), merged like a store's. */
export async function applyCardEdits(q: Sql, edits: { number: string; fields: Record<string, unknown>; hlc: string }[]): Promise<string[]> {
  return mergeInto(
    q,
    'cards',
    'number',
    edits.map((e) => ({ id: e.number, fields: e.fields, hlc: e.hlc })),
  );
}

async function mergeInto(q: Sql, table: 'customers' | 'cards', key: 'id' | 'number', maybe: (Edit | null)[]): Promise<string[]> {
  const edits = maybe.filter((e): e is Edit => e !== null);
  if (edits.length === 0) return [];
  const ids = [...new Set(edits.map((e) => e.id))].sort();
  const seed =
    table === 'cards'
      ? ids.map((id) => ({ k: id, c: String(edits.find((e) => e.id === id && typeof e.fields.customerId === 'string')?.fields.customerId ?? '') }))
      : ids.map((id) => ({ k: id, c: '' }));
  if (table === 'cards') {
    await q.query(
      `INSERT INTO cards (number, customer_id) SELECT k, c FROM jsonb_to_recordset($1::jsonb) AS x(k text, c text) ORDER BY k ON CONFLICT DO NOTHING`,
      [JSON.stringify(seed)],
    );
  } else {
    await q.query(`INSERT INTO customers (id) SELECT k FROM jsonb_to_recordset($1::jsonb) AS x(k text) ORDER BY k ON CONFLICT DO NOTHING`, [
      JSON.stringify(seed),
    ]);
  }
  const current = await q.query<{ k: string; fields: Record<string, unknown>; hlc: Record<string, string> }>(
    `SELECT ${key} AS k, fields, hlc FROM ${table} WHERE ${key} = ANY($1) ORDER BY ${key} FOR UPDATE`,
    [ids],
  );
  const state = new Map<string, FieldState>(current.map((r) => [r.k, { fields: r.fields, hlc: r.hlc }]));
  const changed = new Set<string>();
  for (const e of edits) {
    const merged = mergeFields(state.get(e.id) ?? { fields: {}, hlc: {} }, e);
    state.set(e.id, merged.state);
    if (merged.changed.length > 0) changed.add(e.id);
  }
  const rows = [...changed].sort().map((k) => {
    const s = state.get(k) ?? { fields: {}, hlc: {} };
    return { k, fields: s.fields, hlc: s.hlc, search: searchText(s.fields), c: typeof s.fields.customerId === 'string' ? s.fields.customerId : '' };
  });
  if (rows.length === 0) return [];
  const extra = table === 'cards' ? ", customer_id = CASE WHEN x.c = '' THEN t.customer_id ELSE x.c END" : ', search = x.search';
  await q.query(
    `UPDATE ${table} AS t SET fields = x.fields, hlc = x.hlc, updated_at = now()${extra}
     FROM jsonb_to_recordset($1::jsonb) AS x(k text, fields jsonb, hlc jsonb, search text, c text) WHERE t.${key} = x.k`,
    [JSON.stringify(rows)],
  );
  return rows.map((r) => r.k);
}
