import Database from 'libsql';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Db } from '../../../src/engine/store/db.js';

/** Issue 14: WAL checkpoints run in a worker thread, never inside a till's COMMIT. */
describe('background WAL checkpoints', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tillgate-ckpt-'));
    db = new Db(join(dir, 'store.db'));
    db.raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const autoCheckpoint = () => (db.raw.prepare('PRAGMA wal_autocheckpoint').get() as { wal_autocheckpoint: number }).wal_autocheckpoint;

  it('GW-6: the committing connection never checkpoints; the worker copies every committed page into the database file', async () => {
    expect(autoCheckpoint()).toBe(0);
    expect(db.checkpointer).not.toBeNull();
    for (let i = 0; i < 200; i++) db.tx(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('x'.repeat(500)));
    const r = await db.checkpointer!.request();
    expect(r).toMatchObject({ busy: 0 });
    expect(r!.error).toBeUndefined();
    expect(r!.log).toBeGreaterThan(0);
    expect(r!.checkpointed).toBe(r!.log);
    expect(db.checkpointer!.reports.length).toBeGreaterThan(1); // commits asked for some along the way
    // the database file alone, without its WAL, holds every row
    const copy = join(dir, 'copy.db');
    copyFileSync(join(dir, 'store.db'), copy);
    const other = new Database(copy);
    try {
      expect(other.prepare('SELECT COUNT(*) AS n FROM t').get()).toMatchObject({ n: 200 });
    } finally {
      other.close();
    }
  });

  it('GW-6: with backgroundCheckpoint off, SQLite checkpoints by itself as before', () => {
    const plain = new Db(join(dir, 'plain.db'), { backgroundCheckpoint: false });
    try {
      expect(plain.checkpointer).toBeNull();
      expect((plain.raw.prepare('PRAGMA wal_autocheckpoint').get() as { wal_autocheckpoint: number }).wal_autocheckpoint).toBe(1000);
    } finally {
      plain.close();
    }
  });
});
