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
}

export function nowIso(ctx: EngineContext): string {
  return ctx.clock.now().toISOString();
}
