import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.js';

const DIR = fileURLToPath(new URL('../migrations/', import.meta.url));
const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;
/** Any 64-bit number; the same on every node, so two nodes starting at once take turns. */
const LOCK_KEY = 7_316_482_901;

export class CentralDatabaseTooNewError extends Error {
  constructor(have: number, know: number) {
    super(`the central database is at migration ${have}, newer than this program knows (${know}); upgrade tillgate`);
    this.name = 'CentralDatabaseTooNewError';
  }
}

export function centralMigrations(): { version: number; name: string; sql: string }[] {
  return readdirSync(DIR)
    .map((f) => FILE.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ version: Number(m[1]), name: m[2] ?? '', sql: readFileSync(DIR + m[0], 'utf8') }))
    .sort((a, b) => a.version - b.version);
}

/**
 * Plain SQL migrations, applied in order and recorded, each in its own transaction, under a
 * session advisory lock so that several central nodes starting together are safe. Returns the
 * versions it applied.
 */
export async function migrateCentral(db: Database): Promise<number[]> {
  const all = centralMigrations();
  const known = all.at(-1)?.version ?? 0;
  return db.session(async (s) => {
    await s.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      await s.exec(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const done = new Set((await s.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
      const newest = Math.max(0, ...done);
      if (newest > known) throw new CentralDatabaseTooNewError(newest, known);
      const applied: number[] = [];
      for (const m of all) {
        if (done.has(m.version)) continue;
        // name matches [a-z0-9_]+ (FILE), version is digits: safe to inline in the batch.
        await s
          .exec(`BEGIN;\n${m.sql}\n;INSERT INTO schema_migrations (version, name) VALUES (${m.version}, '${m.name}');\nCOMMIT;`)
          .catch(async (e: unknown) => {
            await s.exec('ROLLBACK').catch(() => {});
            throw e;
          });
        applied.push(m.version);
      }
      return applied;
    } finally {
      await s.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  });
}
