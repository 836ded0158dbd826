import { loadConfig } from '../config/load.js';
import { EXIT, StartupError } from '../common/startup-error.js';
import { BackupError } from '../engine/store/backup.js';
import { acquireInstanceLock } from '../engine/store/instance-lock.js';
import { restoreDatabase } from '../engine/store/restore.js';

/**
 * `tillgate restore FILE [--force]`: put a backup in place of the store database (GW-7). It
 * takes the daemon's instance lock first, so it refuses (exit 75, naming the holder) while a
 * daemon runs, and no daemon can start half-way through.
 */
export function restoreCommand(configFile: string, args: string[], force: boolean): number {
  const [file] = args;
  if (!file) {
    console.error('usage: tillgate restore FILE [--config FILE] [--force]');
    return 64;
  }
  const config = loadConfig(configFile);
  let lock;
  try {
    lock = acquireInstanceLock(config.database.path);
  } catch (e) {
    if (!(e instanceof StartupError)) throw e;
    console.error(`tillgate: cannot restore: ${e.message}`);
    return e.exitCode;
  }
  try {
    const r = restoreDatabase(file, config.database.path, { storeId: config.store.id, force });
    console.log(
      `restored ${file} (store ${r.backup.storeId ?? '?'}, schema ${r.backup.schemaVersion}) to ${config.database.path}` +
        (r.keptAside ? `; the replaced database is kept as ${r.keptAside}` : ''),
    );
    return 0;
  } catch (e) {
    if (!(e instanceof BackupError)) throw e;
    console.error(`tillgate: cannot restore: ${e.message}`);
    return EXIT.DATAERR;
  } finally {
    lock.release();
  }
}
