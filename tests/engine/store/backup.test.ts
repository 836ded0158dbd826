import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/common/logger.js';
import { BackupError, backupFileName, backupInWorker, listBackups, verifyBackupFile } from '../../../src/engine/store/backup.js';
import { openCheckedStore, readIdentityFile } from '../../../src/engine/store/identity.js';
import { restoreDatabase } from '../../../src/engine/store/restore.js';
import { openStore } from '../../../src/engine/store/store.js';
import { nightlyBackup } from '../../../src/scheduled-jobs.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'tg-backup-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function storeWithData(dir: string) {
  const dbPath = join(dir, 'store.db');
  const store = openCheckedStore(dbPath, 'shop-1');
  store.counters.set('device_event_seq', 42);
  return { dbPath, store };
}

describe('backup and restore (GW-7)', () => {
  it('GW-7: backupInWorker copies the live database (open, in WAL) and the copy passes integrity_check with the store identity', async () => {
    const dir = tempDir();
    const { dbPath, store } = storeWithData(dir);
    try {
      const r = await backupInWorker(dbPath, join(dir, 'b', 'copy.db'));
      expect(r).toMatchObject({ storeId: 'shop-1', file: join(dir, 'b', 'copy.db') });
      expect(r.schemaVersion).toBeGreaterThan(0);
      expect(readdirSync(join(dir, 'b'))).toEqual(['copy.db']); // no temp file left beside it
      expect(verifyBackupFile(r.file).databaseId).toBe(readIdentityFile(dbPath)?.databaseId);
    } finally {
      store.close();
    }
  });

  it('GW-7: a file that is not a database is refused by verification, and a failed backup leaves no file under the final name', async () => {
    const dir = tempDir();
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'not a database at all, just text'.repeat(200));
    expect(() => verifyBackupFile(junk)).toThrow(BackupError);
    await expect(backupInWorker(join(dir, 'missing.db'), join(dir, 'out.db'))).rejects.toThrow(/does not exist/);
    expect(existsSync(join(dir, 'out.db'))).toBe(false);
  });

  it('GW-7: the nightly job keeps the newest backup.keep files and deletes older ones only after the new one is verified', async () => {
    const dir = tempDir();
    const { dbPath, store } = storeWithData(dir);
    const backupDir = join(dir, 'nightly');
    try {
      const cfg = { dir: backupDir, keep: 2, schedule: '15 1 * * *' };
      for (const day of ['2026-11-20', '2026-11-21', '2026-11-22']) {
        await nightlyBackup(dbPath, 'shop-1', cfg, silentLogger(), new Date(`${day}T01:15:00Z`));
      }
      expect(listBackups(backupDir, 'shop-1').map((f) => f.slice(backupDir.length + 1))).toEqual([
        backupFileName('shop-1', new Date('2026-11-21T01:15:00Z')),
        backupFileName('shop-1', new Date('2026-11-22T01:15:00Z')),
      ]);
      // A failing backup (the database is gone) deletes nothing.
      await expect(nightlyBackup(join(dir, 'gone.db'), 'shop-1', cfg, silentLogger(), new Date('2026-11-23T01:15:00Z'))).rejects.toThrow();
      expect(listBackups(backupDir, 'shop-1')).toHaveLength(2);
    } finally {
      store.close();
    }
  });

  it("GW-7: restore keeps the replaced database aside, writes the identity so start accepts the file, and refuses another store's backup unless forced", async () => {
    const dir = tempDir();
    const { dbPath, store } = storeWithData(dir);
    const copy = (await backupInWorker(dbPath, join(dir, 'copy.db'))).file;
    store.counters.set('device_event_seq', 99); // written after the backup
    store.close();

    expect(() => restoreDatabase(copy, dbPath, { storeId: 'other-shop' })).toThrow(/backup of store "shop-1"/);
    const r = restoreDatabase(copy, dbPath, { storeId: 'shop-1', now: new Date('2026-11-23T08:00:00Z') });
    expect(r.keptAside).toBe(`${dbPath}.before-restore-20261123T080000Z`);
    expect(existsSync(r.keptAside!)).toBe(true);
    const back = openCheckedStore(dbPath, 'shop-1'); // the identity check accepts it
    try {
      expect(back.counters.value('device_event_seq')).toBe(42);
    } finally {
      back.close();
    }
  });

  it('GW-7: restore refuses a backup written by a newer Tillgate (schema version) and changes nothing', async () => {
    const dir = tempDir();
    const { dbPath, store } = storeWithData(dir);
    const copy = (await backupInWorker(dbPath, join(dir, 'copy.db'))).file;
    store.close();
    const future = openStore(copy, 'shop-1');
    future.db.raw.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', '2030-01-01T00:00:00Z')");
    future.close();
    expect(() => restoreDatabase(copy, dbPath, { storeId: 'shop-1' })).toThrow(/schema version 9999/);
    expect(readdirSync(dir).filter((f) => f.includes('before-restore'))).toEqual([]);
  });
});
