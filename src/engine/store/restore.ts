import Database from 'libsql';
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { BackupError, fsyncPath, knownSchemaVersion, verifyBackupFile, type BackupInfo } from './backup.js';
import { identityPath, writeIdentityFile } from './identity.js';

export interface RestoreOptions {
  /** config store.id: a backup of another store is refused unless `force`. */
  storeId: string;
  force?: boolean;
  now?: Date;
}

export interface RestoreResult {
  backup: BackupInfo;
  /** Where the database that was replaced went (`<db>.before-restore-<ts>`), or null when there was none. */
  keptAside: string | null;
}

/**
 * Put a verified backup in place of the store database (GW-7). The caller holds the instance
 * lock, so no daemon runs. Checks: integrity, schema version not newer than this build, store id
 * = config store.id (unless force). The current database with its -wal, -shm and identity file
 * is renamed aside (never deleted); the backup is copied under a temporary name, fsynced and
 * renamed; `<db>.identity` is written from the backup, so `tillgate start` accepts it.
 */
export function restoreDatabase(backupFile: string, dbPath: string, opts: RestoreOptions): RestoreResult {
  const backup = verifyBackupFile(backupFile);
  const known = knownSchemaVersion();
  if (backup.schemaVersion > known) {
    throw new BackupError(
      `${backupFile} is at schema version ${backup.schemaVersion}, but this Tillgate knows only up to ${known}: restore it with a newer Tillgate`,
    );
  }
  if (backup.storeId !== null && backup.storeId !== opts.storeId && !opts.force) {
    throw new BackupError(`${backupFile} is a backup of store "${backup.storeId}", but config store.id is "${opts.storeId}"; use --force to restore it anyway`);
  }
  const tmp = `${dbPath}.restore-tmp`;
  rmSync(tmp, { force: true });
  copyFileSync(backupFile, tmp);
  // VACUUM INTO writes a rollback-journal file; the daemon opens it in WAL mode itself.
  const db = new Database(tmp);
  try {
    db.exec('PRAGMA journal_mode = WAL');
  } finally {
    db.close();
  }
  fsyncPath(tmp);
  const stamp = (opts.now ?? new Date())
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const aside = `${dbPath}.before-restore-${stamp}`;
  let keptAside: string | null = null;
  if (existsSync(dbPath)) {
    renameSync(dbPath, aside);
    keptAside = aside;
  }
  // The side files go with it (SQLite finds `<aside>-wal` for `<aside>`); stale ones never meet the restored file.
  for (const side of ['-wal', '-shm']) {
    if (!existsSync(dbPath + side)) continue;
    if (keptAside) renameSync(dbPath + side, aside + side);
    else rmSync(dbPath + side, { force: true });
  }
  if (existsSync(identityPath(dbPath))) {
    if (keptAside) renameSync(identityPath(dbPath), identityPath(aside));
    else rmSync(identityPath(dbPath), { force: true });
  }
  renameSync(tmp, dbPath);
  for (const side of ['-wal', '-shm']) rmSync(tmp + side, { force: true });
  if (backup.storeId !== null && backup.databaseId !== null) {
    const row = readCreatedAt(dbPath);
    writeIdentityFile(dbPath, { storeId: backup.storeId, databaseId: backup.databaseId, createdAt: row });
  }
  fsyncPath(dirname(dbPath));
  return { backup, keptAside };
}

function readCreatedAt(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    const r = db.prepare('SELECT created_at FROM store_identity WHERE id = 1').get() as { created_at: string } | undefined;
    return r?.created_at ?? new Date().toISOString();
  } finally {
    db.close();
  }
}
