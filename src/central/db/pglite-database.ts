import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Sql } from './database.js';

const INT8 = 20;

/**
 * SYNC-10: embedded PostgreSQL (WASM) in a data directory, for trying central without a server.
 * One connection: PGlite runs transactions one at a time, which is what it can do; several
 * central processes need real PostgreSQL.
 */
export async function openPglite(path: string): Promise<Database> {
  if (!path.startsWith('memory://')) mkdirSync(path, { recursive: true });
  const db = await PGlite.create(path, { parsers: { [INT8]: (v: string) => Number(v) } });
  const wrap = (q: Pick<PGlite, 'query'>): Sql => ({
    async query<R extends object>(text: string, params: readonly unknown[] = []): Promise<R[]> {
      return (await q.query<R>(text, params as unknown[])).rows;
    },
  });
  const base = wrap(db);
  return {
    kind: 'pglite',
    query: base.query,
    async tx(fn, isolation = 'read committed') {
      return db.transaction(async (t) => {
        if (isolation === 'repeatable read') await t.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
        return fn(wrap(t));
      });
    },
    async session(fn) {
      return fn({ query: base.query, exec: async (text: string) => void (await db.exec(text)) });
    },
    async listen(channel, onNotify) {
      const unsub = await db.listen(channel, onNotify);
      return async () => unsub();
    },
    close: () => db.close(),
  };
}
