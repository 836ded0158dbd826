import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../../src/engine/store/db.js';
import { DatabaseTooNewError, listMigrations, migrate } from '../../../src/engine/store/migrate.js';
import { openStore } from '../../../src/engine/store/store.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'tillgate-mig-'));

describe('store migrations', () => {
  it('applies plain SQL migrations in order, records them, and is idempotent', () => {
    const db = new Db(join(tmp(), 's.db'));
    const applied = migrate(db);
    expect(applied).toEqual(listMigrations().map((m) => m.version));
    expect(migrate(db)).toEqual([]);
    const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as { version: number; name: string }[];
    expect(rows[0]).toMatchObject({ version: 1, name: 'core' });
    db.close();
  });

  it('runs in WAL mode with synchronous=FULL', () => {
    const db = new Db(join(tmp(), 's.db'));
    expect((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
    expect((db.prepare('PRAGMA synchronous').get() as { synchronous: number }).synchronous).toBe(2);
    db.close();
  });

  it('refuses a database written by a newer version, with a clear message', () => {
    const dir = tmp();
    const path = join(dir, 's.db');
    openStore(path, 's').close();
    const db = new Db(path);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', '2030-01-01')").run();
    db.close();
    expect(() => openStore(path, 's')).toThrow(DatabaseTooNewError);
    expect(() => openStore(path, 's')).toThrow(/schema version 9999.*newer Tillgate/);
  });

  it('applies only migrations not yet recorded (an added file runs once)', () => {
    const dir = tmp();
    const migDir = join(dir, 'm');
    mkdirSync(migDir);
    writeFileSync(join(migDir, '0001_a.sql'), 'CREATE TABLE a (x INTEGER);');
    const db = new Db(join(dir, 's.db'));
    expect(migrate(db, listMigrations(migDir))).toEqual([1]);
    writeFileSync(join(migDir, '0002_b.sql'), 'CREATE TABLE b (x INTEGER);');
    expect(migrate(db, listMigrations(migDir))).toEqual([2]);
    db.close();
  });

  it('a failing migration leaves no trace (it runs in one transaction)', () => {
    const dir = tmp();
    const migDir = join(dir, 'm');
    mkdirSync(migDir);
    writeFileSync(join(migDir, '0001_bad.sql'), 'CREATE TABLE ok1 (x INTEGER); CREATE TABLE broken (;');
    const db = new Db(join(dir, 's.db'));
    expect(() => migrate(db, listMigrations(migDir))).toThrow();
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'ok1'").get()).toMatchObject({ n: 0 });
    db.close();
  });

  it('GW-7: two migration files with one number (merged branches) are an error, not a silently skipped file', () => {
    const migDir = join(tmp(), 'm');
    mkdirSync(migDir);
    writeFileSync(join(migDir, '0001_a.sql'), 'CREATE TABLE a (x INTEGER);');
    writeFileSync(join(migDir, '0002_b.sql'), 'CREATE TABLE b (x INTEGER);');
    writeFileSync(join(migDir, '0002_c.sql'), 'CREATE TABLE c (x INTEGER);');
    expect(() => listMigrations(migDir)).toThrow(/b and c .* share number 2; renumber one/);
  });
});
