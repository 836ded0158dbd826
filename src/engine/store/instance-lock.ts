import Database from 'libsql';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EXIT, StartupError } from '../../common/startup-error.js';

/** The holder of `<db>.lock`, for the message a second daemon prints. */
export interface InstanceLock {
  readonly lockPath: string;
  release(): void;
}

/**
 * One daemon per database (issue 9 item 12). The lock is an OS-level POSIX record lock that
 * SQLite takes on a small side file `<db>.lock` (BEGIN EXCLUSIVE, never committed), so:
 * - the kernel drops it when the process dies, even on kill -9: no stale lock, no pid-reuse
 *   guessing and no mtime heartbeat (proper-lockfile's approach would make a restart right after
 *   a crash wait for the lock to go stale);
 * - the store database itself keeps normal WAL locking, so backups and `sqlite3` readers still
 *   work (PRAGMA locking_mode=EXCLUSIVE on the store would block them).
 * The holder's pid is written to `<db>.pid` for the message; it is informational only.
 */
export function acquireInstanceLock(dbPath: string): InstanceLock {
  const lockPath = `${dbPath}.lock`;
  const pidPath = `${dbPath}.pid`;
  mkdirSync(dirname(lockPath), { recursive: true });
  const db = new Database(lockPath);
  try {
    db.exec('PRAGMA busy_timeout = 0');
    db.exec('PRAGMA locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (e) {
    db.close();
    if (/busy|locked/i.test(String((e as { code?: unknown }).code ?? (e as Error).message))) {
      const holder = readPid(pidPath);
      throw new StartupError(
        `database ${dbPath} is in use by another Tillgate${holder ? ` (pid ${holder})` : ''}; stop it first (lock ${lockPath})`,
        EXIT.TEMPFAIL,
      );
    }
    throw e;
  }
  writeFileSync(pidPath, `${process.pid}\n`);
  return {
    lockPath,
    release() {
      if (!db.open) return;
      rmSync(pidPath, { force: true });
      db.close();
    },
  };
}

function readPid(path: string): number | null {
  try {
    const n = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}
