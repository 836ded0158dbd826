import { AppError } from '../../common/errors.js';
import { nowIso, type EngineContext } from '../context.js';
import type { TierConfig } from '../model/types.js';
import type { MasterKind, MasterRecord } from '../store/master-data-repo.js';

export type { MasterKind, MasterRecord };

const TIERS_ID = 'default';

/** One page of a master-data kind in id order (keyset: ids after `after`). */
export function listMasterData<T>(ctx: EngineContext, kind: MasterKind, after: string | null, limit: number): MasterRecord<T>[] {
  return ctx.store.master.page<T>(kind, after, limit);
}

export function getMasterData<T>(ctx: EngineContext, kind: MasterKind, id: string): MasterRecord<T> {
  const r = ctx.store.master.get<T>(kind, id);
  if (!r) throw new AppError('master_data_not_found', `no ${kind} ${id}`);
  return r;
}

/** Create or replace; returns the new version and its time. */
export function putMasterData(ctx: EngineContext, kind: MasterKind, id: string, doc: object): { version: number; updatedAt: string } {
  const updatedAt = nowIso(ctx);
  const version = ctx.store.db.tx(() => ctx.store.master.put(kind, id, doc, updatedAt));
  return { version, updatedAt };
}

export function deleteMasterData(ctx: EngineContext, kind: MasterKind, id: string): void {
  if (!ctx.store.db.tx(() => ctx.store.master.delete(kind, id, nowIso(ctx)))) throw new AppError('master_data_not_found', `no ${kind} ${id}`);
}

/** CARD-10: the tier document (an empty online one when none is set). */
export function getTiers(ctx: EngineContext): TierConfig & { version: number } {
  const r = ctx.store.master.get<TierConfig>('tiers', TIERS_ID);
  return r ? { ...r.body, version: r.version } : { mode: 'online', levels: [], version: 0 };
}

/** CARD-10: replace the tiers; every level must name an existing discount. */
export function putTiers(ctx: EngineContext, doc: TierConfig): number {
  return ctx.store.db.tx(() => {
    doc.levels.forEach((l, i) => {
      if (!ctx.store.master.get('discounts', l.discountId)) {
        throw new AppError('reference_not_found', `no discount ${l.discountId}`, [{ path: `levels.${i}.discountId`, message: 'no such discount' }]);
      }
    });
    return ctx.store.master.put('tiers', TIERS_ID, doc, nowIso(ctx));
  });
}
