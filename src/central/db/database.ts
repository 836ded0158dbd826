/**
 * The one way central talks to PostgreSQL: real PostgreSQL through `pg`, or embedded PGlite
 * (same SQL). Parameters are always bound ($1…); int8 comes back as a JS number, xid8 as text.
 */
export interface Sql {
  query<R extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
}

export type Isolation = 'read committed' | 'repeatable read';

export interface Database extends Sql {
  /** Runs `fn` in one transaction; retried (a few times) on serialization failures and deadlocks. */
  tx<T>(fn: (q: Sql) => Promise<T>, isolation?: Isolation): Promise<T>;
  /** Runs `fn` on one dedicated connection (session-level advisory locks, multi-statement SQL). */
  session<T>(fn: (q: Sql & { exec(text: string): Promise<void> }) => Promise<T>): Promise<T>;
  /** LISTEN on a channel (a dedicated connection on PostgreSQL); returns an unlisten function. */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  readonly kind: 'postgres' | 'pglite';
}

/** SQLSTATEs worth retrying the whole transaction for. */
export const RETRYABLE = new Set(['40001', '40P01']);
export const MAX_TX_ATTEMPTS = 5;

export function sqlState(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof (e as { code: unknown }).code === 'string' ? (e as { code: string }).code : undefined;
}

export async function openDatabase(db: { url: string } | { path: string }): Promise<Database> {
  if ('url' in db) {
    const { openPostgres } = await import('./pg-database.js');
    return openPostgres(db.url);
  }
  const { openPglite } = await import('./pglite-database.js');
  return openPglite(db.path);
}
