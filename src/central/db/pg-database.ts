import pg from 'pg';
import { backoffDelay, type Backoff } from '../../common/backoff.js';
import { MAX_TX_ATTEMPTS, RETRYABLE, sqlState, type Database, type Isolation, type Sql } from './database.js';

const INT8 = 20;
/** Amounts and sequences are far below 2^53; xid8 stays text. */
const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) };

/** Reopening a lost LISTEN connection: 250 ms doubling to 10 s, ±20 % so nodes spread out. */
const LISTEN_BACKOFF: Backoff = { minMs: 250, maxMs: 10_000, jitter: 0.2 };

function wrap(client: pg.PoolClient | pg.Pool): Sql {
  return {
    async query<R extends object>(text: string, params: readonly unknown[] = []): Promise<R[]> {
      const r = await client.query<R>({ text, values: params as unknown[], types });
      return r.rows;
    },
  };
}

/**
 * A client checked out of the pool, with an 'error' listener for as long as it is out: a server
 * that goes away between two queries of a transaction (PostgreSQL restarted) emits 'error' on the
 * client, and an unlistened 'error' would end the process. A client that saw one is destroyed
 * on release instead of going back to the pool.
 */
async function checkout(pool: pg.Pool): Promise<{ client: pg.PoolClient; release(): void }> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onError = (e: Error) => (lost ??= e);
  client.on('error', onError);
  return {
    client,
    release() {
      client.off('error', onError);
      client.release(lost);
    },
  };
}

export function openPostgres(url: string, max = 10): Database {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'tillgate-central' });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const base = wrap(pool);
  return {
    kind: 'postgres',
    query: base.query,
    async tx<T>(fn: (q: Sql) => Promise<T>, isolation: Isolation = 'read committed'): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const { client, release } = await checkout(pool);
        try {
          await client.query(`BEGIN ISOLATION LEVEL ${isolation === 'repeatable read' ? 'REPEATABLE READ' : 'READ COMMITTED'}`);
          const out = await fn(wrap(client));
          await client.query('COMMIT');
          return out;
        } catch (e) {
          await client.query('ROLLBACK').catch(() => {});
          if (attempt < MAX_TX_ATTEMPTS && RETRYABLE.has(sqlState(e) ?? '')) continue;
          throw e;
        } finally {
          release();
        }
      }
    },
    async session(fn) {
      const { client, release } = await checkout(pool);
      try {
        const q = wrap(client);
        return await fn({ query: q.query, exec: async (text: string) => void (await client.query(text)) });
      } finally {
        release();
      }
    },
    async listen(channel, onNotify) {
      // A lost LISTEN connection (PostgreSQL restarted) is reopened with backoff; until then
      // waiters fall back to polling, and a reopen wakes them (notifications may have been missed).
      let client: pg.Client | null = null;
      let closed = false;
      let attempt = 0;
      let timer: NodeJS.Timeout | undefined;
      const open = async (): Promise<void> => {
        const c = new pg.Client({ connectionString: url, application_name: 'tillgate-central-listen' });
        const lost = () => {
          if (client !== c) return;
          client = null;
          void c.end().catch(() => {});
          if (closed) return;
          timer = setTimeout(() => void open().catch(() => {}), backoffDelay(LISTEN_BACKOFF, attempt++));
          timer.unref();
        };
        c.on('error', lost);
        c.on('end', lost);
        client = c;
        try {
          await c.connect();
          c.on('notification', onNotify);
          await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        } catch (e) {
          lost();
          throw e;
        }
        attempt = 0;
        onNotify();
      };
      const unlisten = async () => {
        closed = true;
        clearTimeout(timer);
        const c = client;
        client = null;
        await c?.end().catch(() => {});
      };
      // The first connect fails start-up, as before (no retry loop left behind).
      await open().catch(async (e: unknown) => {
        await unlisten();
        throw e;
      });
      return unlisten;
    },
    close: () => pool.end(),
  };
}
