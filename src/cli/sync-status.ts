import { loadConfig } from '../config/load.js';
import { readSyncStatusFile } from '../engine/store/sync-status-file.js';
import { findDaemon } from './daemon-client.js';

/**
 * `tillgate sync status [--config FILE]` (GW-6): the `sync` block of the running daemon's
 * /v1/health; when no daemon answers, the same fields read from the store file, read-only.
 */
export async function syncStatusCommand(file: string, port?: number, out: (line: string) => void = console.log): Promise<number> {
  const config = loadConfig(file);
  const daemon = await findDaemon(config, port);
  let source: string;
  let sync: Record<string, unknown>;
  if (daemon) {
    const r = await daemon.request('GET', '/v1/health');
    if (r.status !== 200 || typeof r.body.sync !== 'object' || r.body.sync === null) {
      console.error(`tillgate: the daemon at ${daemon.base} answered ${r.status} to /v1/health`);
      return 69;
    }
    source = `daemon ${daemon.base}`;
    sync = r.body.sync as Record<string, unknown>;
  } else {
    source = `store file ${config.database.path} (daemon not running)`;
    sync = { ...readSyncStatusFile(config.database.path) };
  }
  out(`source:           ${source}`);
  out(`central:          ${config.central ? config.central.url : 'none (standalone store)'}`);
  for (const [k, v] of Object.entries(sync)) out(`${`${k}:`.padEnd(18)}${v === null ? '-' : String(v)}`);
  return 0;
}
