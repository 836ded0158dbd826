import Database from 'libsql';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { startWorker } from '../../common/worker-thread.js';
import { listMigrations } from './migrate.js';

/** What a verified backup file holds (GW-7). */
export interface BackupInfo {
  file: string;
  bytes: number;
  /** The store and database it is a copy of (store_identity); null for a database from before identities. */
  storeId: string | null;
  databaseId: string | null;
  schemaVersion: number;
}

export interface BackupResult extends BackupInfo {
  /** How long VACUUM INTO took (a read transaction on the live file; tills keep writing). */
  copyMs: number;
}

/** Why a backup file cannot be used. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** fsync a file or a folder (so a rename inside it survives power loss). */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * PRAGMA integrity_check and what the file is: schema version and store identity. Throws
 * BackupError naming the file when it is not a sound Tillgate database.
 */
export function verifyBackupFile(file: string): BackupInfo {
  if (!existsSync(file) || statSync(file).size === 0) throw new BackupError(`${file} does not exist or is empty`);
  let db: InstanceType<typeof Database> | null = null;
  try {
    db = new Database(file, { readonly: true });
    const problems = (db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]).map((r) => r.integrity_check).filter((r) => r !== 'ok');
    if (problems.length > 0) throw new BackupError(`${file} fails the integrity check: ${problems.slice(0, 3).join('; ')}`);
    const hasTable = (name: string) => db!.prepare("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
    if (!hasTable('schema_migrations')) throw new BackupError(`${file} is not a Tillgate store database (no schema_migrations)`);
    const v = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    const id = hasTable('store_identity')
      ? (db.prepare('SELECT store_id, database_id FROM store_identity WHERE id = 1').get() as { store_id: string; database_id: string } | undefined)
      : undefined;
    return { file, bytes: statSync(file).size, storeId: id?.store_id ?? null, databaseId: id?.database_id ?? null, schemaVersion: v.v ?? 0 };
  } catch (e) {
    if (e instanceof BackupError) throw e;
    throw new BackupError(`${file} cannot be read as a database: ${(e as Error).message}`);
  } finally {
    db?.close();
  }
}

/** The newest schema version this build knows (a backup from a newer Tillgate is refused). */
export function knownSchemaVersion(): number {
  return listMigrations().reduce((m, x) => Math.max(m, x.version), 0);
}

/**
 * The backup itself, synchronous (run it in a worker thread or a process of its own): a
 * consistent copy with `VACUUM INTO` on an own connection (one read transaction: writers go on
 * in WAL mode), verified, fsynced under a temporary name and only then renamed to `target`, so
 * `target` is never a half file.
 */
export function runBackup(dbPath: string, target: string): BackupResult {
  if (!existsSync(dbPath)) throw new BackupError(`database ${dbPath} does not exist`);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = join(dirname(target), `.${basename(target)}.${randomUUID().slice(0, 8)}.tmp`);
  try {
    const t0 = performance.now();
    const db = new Database(dbPath);
    try {
      db.exec('PRAGMA busy_timeout = 10000');
      db.prepare('VACUUM INTO ?').run(tmp);
    } finally {
      db.close();
    }
    const copyMs = Math.round(performance.now() - t0);
    const info = verifyBackupFile(tmp);
    fsyncPath(tmp);
    renameSync(tmp, target);
    fsyncPath(dirname(target));
    return { ...info, file: target, copyMs };
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * runBackup in a worker thread with its own connection: libsql is synchronous, and a copy of a
 * large store would otherwise hold the daemon's event loop for its whole length.
 */
export function backupInWorker(dbPath: string, target: string): Promise<BackupResult> {
  return new Promise((resolve, reject) => {
    const w = startWorker(import.meta.url, 'backup-worker', { workerData: { dbPath, target } });
    let settled = false;
    w.once('message', (m: { ok: true; result: BackupResult } | { ok: false; message: string; backupError: boolean }) => {
      settled = true;
      if (m.ok) resolve(m.result);
      else reject(m.backupError ? new BackupError(m.message) : new Error(m.message));
    });
    w.once('error', (e) => {
      settled = true;
      reject(e);
    });
    w.once('exit', (code) => {
      if (!settled) reject(new Error(`backup worker exited with code ${code}`));
    });
  });
}

/** `tillgate-<store>-20261123T011500Z.db`: sorts by time, names the store. */
export function backupFileName(storeId: string, at: Date): string {
  return `tillgate-${storeId}-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}.db`;
}

/** The nightly backups of `storeId` in `dir`, oldest first. */
export function listBackups(dir: string, storeId: string): string[] {
  if (!existsSync(dir)) return [];
  const re = new RegExp(`^tillgate-${storeId.replace(/[-]/g, '\\-')}-\\d{8}T\\d{6}Z\\.db$`);
  return readdirSync(dir)
    .filter((f) => re.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Delete all but the newest `keep` nightly backups of `storeId`; returns the files deleted. */
export function pruneBackups(dir: string, storeId: string, keep: number): string[] {
  const all = listBackups(dir, storeId);
  const old = all.slice(0, Math.max(0, all.length - keep));
  for (const f of old) rmSync(f, { force: true });
  return old;
}
