import type { EngineContext } from './context.js';
import type { StorageFault } from './store/db.js';

/** What /v1/health shows about the database (GW-7): O(1), and it never throws. */
export interface DatabaseHealth {
  ok: boolean;
  schemaVersion: number | null;
  outboxPending: number;
  fault: StorageFault | null;
}

export function databaseHealth(ctx: EngineContext): DatabaseHealth {
  try {
    const h = ctx.store.health();
    return { ok: h.storageFault === null, schemaVersion: h.schemaVersion, outboxPending: h.outboxPending, fault: h.storageFault };
  } catch (e) {
    // A database that cannot even answer the health read is degraded, with the reason.
    const fault = ctx.store.db.storageFault ?? { code: 'unknown', reason: (e as Error).message, since: ctx.clock.now().toISOString() };
    return { ok: false, schemaVersion: null, outboxPending: 0, fault };
  }
}
