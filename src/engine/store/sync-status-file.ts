import Database from 'libsql';
import { existsSync } from 'node:fs';

/** What `tillgate sync status` shows when no daemon runs (same fields as /v1/health `sync`). */
export interface StoredSyncStatus {
  pendingEvents: number;
  lagS: number;
  lastPushAt: string | null;
  lastPullAt: string | null;
  centralReachable: boolean;
  offlineSince: string | null;
}

/**
 * Read the sync state from a store file, read-only (the daemon is not running; nothing is
 * written, no migration runs). `centralReachable` is false: nobody is talking to central.
 */
export function readSyncStatusFile(path: string, now = Date.now()): StoredSyncStatus {
  if (!existsSync(path)) throw new Error(`no store database at ${path}`);
  const db = new Database(path, { readonly: true });
  try {
    const one = <T>(sql: string, ...p: unknown[]): T | undefined => db.prepare(sql).get(...p) as T | undefined;
    const hasSync = one<{ n: number }>("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'sync_state'")?.n === 1;
    const state = (name: string) => (hasSync ? (one<{ value: string }>('SELECT value FROM sync_state WHERE name = ?', name)?.value ?? null) : null);
    const pendingEvents = one<{ value: number }>("SELECT value FROM counters WHERE name = 'outbox_pending'")?.value ?? 0;
    const oldest =
      pendingEvents > 0
        ? one<{ created_at: string }>('SELECT created_at FROM outbox WHERE acked_at IS NULL ORDER BY store_seq LIMIT 1')?.created_at
        : undefined;
    return {
      pendingEvents,
      lagS: oldest ? Math.max(0, Math.round((now - Date.parse(oldest)) / 1000)) : 0,
      lastPushAt: state('last_push_at'),
      lastPullAt: state('last_pull_at'),
      centralReachable: false,
      offlineSince: null,
    };
  } finally {
    db.close();
  }
}
