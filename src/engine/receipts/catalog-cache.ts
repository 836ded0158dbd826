import { compileCatalog, type Catalog } from '../model/catalog.js';
import type { Discount, StampProgram, TierConfig } from '../model/types.js';
import type { EngineContext } from '../context.js';

interface Cached {
  generation: number;
  catalog: Catalog;
  tiers: TierConfig | null;
}

const cache = new WeakMap<EngineContext['store'], Cached>();

/** Compiled master data, rebuilt only when master data changed since the last call. */
export function masterSnapshot(ctx: EngineContext): Cached {
  const { master } = ctx.store;
  const hit = cache.get(ctx.store);
  if (hit && hit.generation === master.changes) return hit;
  const discounts = master.list<Omit<Discount, 'id'>>('discounts').map((r) => ({ ...r.body, id: r.id }));
  const programs = master.list<Omit<StampProgram, 'id'>>('stamp-programs').map((r) => ({ ...r.body, id: r.id }));
  const next: Cached = {
    generation: master.changes,
    catalog: compileCatalog(discounts, programs),
    tiers: master.get<TierConfig>('tiers', 'default')?.body ?? null,
  };
  cache.set(ctx.store, next);
  return next;
}
