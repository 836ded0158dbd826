import type { Sql } from './db/database.js';

/** The pull feed's channel: NOTIFY is sent inside the writing transaction, delivered on commit. */
export const CHANGES_CHANNEL = 'tillgate_changes';

/** Balances are not in the feed table: they carry their own rev and xid (ingest/ledger.ts). */
export type ChangeEntity = 'master' | 'customer' | 'card' | 'block';

export interface ChangeKey {
  entity: ChangeEntity;
  key: string;
  /** '' = every store; otherwise only that store sees it (number blocks). */
  storeId?: string;
}

/**
 * Record that entities changed: one feed row per entity, moved to a new rev and to this
 * transaction's xid. Rows are locked in one global order so concurrent writers cannot deadlock.
 */
export async function touchChanges(q: Sql, keys: readonly ChangeKey[]): Promise<void> {
  if (keys.length === 0) return;
  const uniq = new Map<string, { entity: string; key: string; store_id: string }>();
  for (const k of keys) uniq.set(`${k.entity}\u0000${k.key}\u0000${k.storeId ?? ''}`, { entity: k.entity, key: k.key, store_id: k.storeId ?? '' });
  const rows = [...uniq.values()].sort((a, b) => (a.entity + '\u0000' + a.key < b.entity + '\u0000' + b.key ? -1 : 1));
  await q.query(
    `INSERT INTO changes (entity, key, store_id)
     SELECT entity, key, store_id FROM jsonb_to_recordset($1::jsonb) AS x(entity text, key text, store_id text)
     ON CONFLICT (entity, key, store_id) DO UPDATE SET rev = nextval('change_rev'), xid = pg_current_xact_id()`,
    [JSON.stringify(rows)],
  );
  await notifyChanges(q);
}

/** Wake long-polling pulls on every node once this transaction commits. */
export async function notifyChanges(q: Sql): Promise<void> {
  await q.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, '']);
}
