import type { Clock } from '../common/clock.js';
import type { Logger } from '../common/logger.js';
import type { Config } from '../config/schema.js';
import type { Store } from './store/store.js';

/** What every use case needs: the store, the clock, the logger and the parts of config it reads. */
export interface EngineContext {
  store: Store;
  clock: Clock;
  logger: Logger;
  config: Pick<Config, 'store' | 'cardSchemes' | 'cardDefaults' | 'search' | 'loyalty'> & Partial<Config>;
  /**
   * SYNC-5: whether central has stopped answering. `outage()` names the current outage (stable
   * while it lasts) or is null while online; absent on a standalone store (never offline).
   */
  connectivity?: { outage(): string | null };
  /** Aborted when the daemon shuts down: long work (campaigns, tier recompute, pruning) stops between chunks. */
  stopSignal?: AbortSignal;
  /**
   * SYNC-6: called (cheaply, inside the issuing transaction) when a leased number block runs
   * below half; the sync client then leases a new one in the background (numberBlocksNeeded()).
   */
  onNumberBlocksNeeded?: () => void;
}

export function nowIso(ctx: EngineContext): string {
  return ctx.clock.now().toISOString();
}
