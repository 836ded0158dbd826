import { parentPort, workerData } from 'node:worker_threads';
import { BackupError, runBackup } from './backup.js';

/** Worker thread entry of backupInWorker(): one backup on its own connection, one reply. */
const { dbPath, target } = workerData as { dbPath: string; target: string };
try {
  parentPort?.postMessage({ ok: true, result: runBackup(dbPath, target) });
} catch (e) {
  parentPort?.postMessage({ ok: false, message: (e as Error).message, backupError: e instanceof BackupError });
}
