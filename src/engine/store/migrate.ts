import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.js';

/** Plain SQL migrations `NNNN_name.sql`, applied in order, each in its own transaction, recorded. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export class DatabaseTooNewError extends Error {
  constructor(path: string, dbVersion: number, known: number) {
    super(
      `database ${path} is at schema version ${dbVersion}, but this Tillgate knows only up to ${known}. ` +
        'It was written by a newer Tillgate: install that version (or newer) instead of downgrading.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

/** The migration files in order. Two files with one number (branches merged) is an error: one would be skipped silently. */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const list = readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f.slice(5, -4), sql: readFileSync(join(dir, f), 'utf8') }));
  list.forEach((m, i) => {
    const prev = list[i - 1];
    if (prev && prev.version === m.version) throw new Error(`migrations ${prev.name} and ${m.name} in ${dir} share number ${m.version}; renumber one`);
  });
  return list;
}

/** Bring the database up to date; refuse one written by a newer version. Returns versions applied. */
export function migrate(db: Db, migrations = listMigrations()): number[] {
  db.raw.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  const current = row.v ?? 0;
  const known = migrations.reduce((m, x) => Math.max(m, x.version), 0);
  if (current > known) throw new DatabaseTooNewError(db.path, current, known);
  const applied: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    db.tx(() => {
      db.raw.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    });
    applied.push(m.version);
  }
  return applied;
}
