import { loadConfig } from '../config/load.js';
import { BackupError, backupInWorker } from '../engine/store/backup.js';

/**
 * `tillgate backup FILE`: an online, consistent copy of the store database (GW-7). This process
 * has its own connection, so it works while the daemon runs (tills keep writing) and when it
 * does not. FILE appears only once the copy passed integrity_check.
 */
export async function backupCommand(configFile: string, args: string[]): Promise<number> {
  const [target] = args;
  if (!target) {
    console.error('usage: tillgate backup FILE [--config FILE]');
    return 64;
  }
  const config = loadConfig(configFile);
  try {
    const r = await backupInWorker(config.database.path, target);
    console.log(
      `backup of store ${r.storeId ?? config.store.id} written to ${r.file} (${r.bytes} bytes, schema ${r.schemaVersion}, integrity ok, copy took ${r.copyMs} ms)`,
    );
    return 0;
  } catch (e) {
    if (!(e instanceof BackupError)) throw e;
    console.error(`tillgate: backup failed: ${e.message}`);
    return 74;
  }
}
