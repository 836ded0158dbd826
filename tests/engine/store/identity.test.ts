import { copyFileSync, existsSync, mkdtempSync, openSync, closeSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StartupError } from '../../../src/common/startup-error.js';
import { identityPath, openCheckedStore, readIdentityFile } from '../../../src/engine/store/identity.js';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'tillgate-id-')), 'store.db');

function refusal(fn: () => unknown): StartupError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StartupError);
    return e as StartupError;
  }
  throw new Error('expected a start-up refusal');
}

function removeDb(path: string): void {
  for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
}

describe('store identity and integrity at start (issue 9 item 11)', () => {
  it('GW-7 item 11: a new database gets a random database id, written into it and into <db>.identity; reopening keeps it', () => {
    const path = fresh();
    const s = openCheckedStore(path, 'shop-1');
    const row = s.db.prepare('SELECT store_id, database_id FROM store_identity').get() as { store_id: string; database_id: string };
    s.close();
    const file = readIdentityFile(path);
    expect(file).toMatchObject({ storeId: 'shop-1', databaseId: row.database_id });
    expect(row.database_id).toMatch(/^[0-9a-f-]{36}$/);
    openCheckedStore(path, 'shop-1').close();
    expect(readIdentityFile(path)?.databaseId).toBe(row.database_id);
  });

  it('GW-7 item 11: a deleted or emptied database is refused (exit 65) naming the file, not recreated, unless init', () => {
    const path = fresh();
    openCheckedStore(path, 'shop-1').close();
    const before = readIdentityFile(path)!;
    removeDb(path);
    const e = refusal(() => openCheckedStore(path, 'shop-1'));
    expect(e.exitCode).toBe(65);
    expect(e.message).toContain(`database ${path} is missing or empty`);
    expect(e.message).toContain('--init');
    expect(existsSync(path)).toBe(false);
    closeSync(openSync(path, 'w')); // an empty file is the same as none
    expect(refusal(() => openCheckedStore(path, 'shop-1')).exitCode).toBe(65);

    const s = openCheckedStore(path, 'shop-1', { init: true });
    s.close();
    const after = readIdentityFile(path)!;
    expect(after.databaseId).not.toBe(before.databaseId);
    openCheckedStore(path, 'shop-1').close();
  });

  it("GW-7 item 11: a swapped database file is refused unless init adopts it; another store's database is refused", () => {
    const path = fresh();
    const other = fresh();
    openCheckedStore(path, 'shop-1').close();
    openCheckedStore(other, 'shop-1').close();
    removeDb(path);
    for (const suffix of ['', '-wal']) if (existsSync(other + suffix)) copyFileSync(other + suffix, path + suffix);
    const e = refusal(() => openCheckedStore(path, 'shop-1'));
    expect(e).toMatchObject({ exitCode: 65, message: expect.stringContaining('is not the one recorded in') });
    openCheckedStore(path, 'shop-1', { init: true }).close();
    expect(readIdentityFile(path)?.databaseId).toBe(readIdentityFile(other)?.databaseId);

    const wrongStore = refusal(() => openCheckedStore(other, 'shop-2'));
    expect(wrongStore.exitCode).toBe(65);
    expect(wrongStore.message).toContain(`database ${other} belongs to store "shop-1", but config store.id is "shop-2"`);
    // init does not hand one store's data to another
    expect(refusal(() => openCheckedStore(other, 'shop-2', { init: true })).exitCode).toBe(65);
  });

  it('GW-7 item 11: a corrupt database stops start-up with exit 74 naming the file (quick_check, and a garbled header)', () => {
    const path = fresh();
    const s = openCheckedStore(path, 'shop-1');
    s.db.tx(() => {
      const ins = s.db.prepare('INSERT INTO counters (name, value) VALUES (?, ?)');
      for (let i = 0; i < 2000; i++) ins.run(`c${i}`, i);
    });
    s.db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').all(); // everything in the main file
    s.close();
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(4096 * 3, 0x5a), 0, 4096 * 3, 4096 * 4); // pages 5-7: garbage
    closeSync(fd);
    const e = refusal(() => openCheckedStore(path, 'shop-1'));
    expect(e.exitCode).toBe(74);
    expect(e.message).toContain(`database ${path} is corrupt or unreadable`);

    const header = fresh();
    const hs = openCheckedStore(header, 'shop-1');
    hs.db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').all(); // page 1 in the main file, not masked by the WAL
    hs.close();
    const hfd = openSync(header, 'r+');
    writeSync(hfd, Buffer.from('this is not a SQLite file at all'), 0, 32, 0);
    closeSync(hfd);
    expect(refusal(() => openCheckedStore(header, 'shop-1'))).toMatchObject({
      exitCode: 74,
      message: expect.stringContaining(`database ${header} is corrupt or unreadable`),
    });
    expect(identityPath(header)).toBe(`${header}.identity`);
  });
});
