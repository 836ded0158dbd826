import type { ConfigProblem } from './load.js';
import type { Config } from './schema.js';

/**
 * Config reload (GW-4): what changed between the config in force and the file, and what of it
 * needs a restart. Devices are compared by id; everything else by dotted path.
 */
export interface ReloadChanges {
  devices: { added: string[]; removed: string[]; restarted: string[] };
  /** Paths applied live (e.g. `logging.level`, `api.allowedHosts`, `cardSchemes`). */
  other: string[];
  /** Paths that changed in the file but keep their old value until `tillgate` restarts. */
  restartRequired: string[];
}

/** POST /v1/admin/config/reload and SIGHUP: applied, or refused with every problem of the file. */
export type ReloadOutcome = { reloaded: true; changes: ReloadChanges } | { reloaded: false; file: string; errors: ConfigProblem[] };

/**
 * Read once at start: the database file and store identity, the listening socket, and the sync
 * client (central, offline.afterS). A reload keeps their old values and reports them.
 */
export const RESTART_REQUIRED: readonly string[] = ['database', 'store.id', 'api.listen', 'api.port', 'central', 'offline.afterS'];

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Dotted paths where `a` and `b` differ; arrays and scalars are compared whole. */
export function changedPaths(a: unknown, b: unknown, path = ''): string[] {
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => changedPaths(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
}

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`);

/**
 * The config to put in force: `next`, except that what needs a restart keeps its value from
 * `current` (so ctx.config always tells what is really in force), and the split of the changes.
 * Devices are left to the hub (DeviceHub.reconfigure), which reports them by id.
 */
export function planReload(current: Config, next: Config): { inForce: Config; other: string[]; restartRequired: string[] } {
  const paths = changedPaths({ ...current, devices: undefined }, { ...next, devices: undefined });
  const restartRequired = paths.filter((p) => RESTART_REQUIRED.some((r) => under(p, r)));
  const other = paths.filter((p) => !restartRequired.includes(p));
  const inForce: Config = {
    ...next,
    database: current.database,
    store: { ...next.store, id: current.store.id },
    api: { ...next.api, listen: current.api.listen, port: current.api.port },
    offline: { ...next.offline, afterS: current.offline.afterS },
  };
  if (current.central) inForce.central = current.central;
  else delete inForce.central;
  return { inForce, other, restartRequired };
}
