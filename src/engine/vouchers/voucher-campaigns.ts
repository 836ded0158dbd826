import { setImmediate as yieldToTills } from 'node:timers/promises';
import { AppError } from '../../common/errors.js';
import { newId } from '../../common/ids.js';
import { nowIso, type EngineContext } from '../context.js';
import { getRange } from './voucher-ranges.js';
import { getPrivilege } from './vouchers.js';
import { CAMPAIGN_CHUNK, issueSlice, type SliceInput } from './campaign-slice.js';
import { issueInWorker } from './campaign-thread.js';

export interface CampaignInput {
  /** Omitted: the privilege's own range (VOUCH-6). */
  rangeId?: string;
  privilegeId: string;
  count: number;
}

export { CAMPAIGN_CHUNK, CAMPAIGN_SLICE_MS, CAMPAIGN_STEP } from './campaign-slice.js';

/**
 * VOUCH-6: create `count` vouchers for a privilege from a chosen range, in short transactions
 * with a yield between them so tills keep being served. The campaign row is written first with
 * the request's key; a retry after a crash continues where the last chunk committed.
 */
export async function runCampaign(ctx: EngineContext, input: CampaignInput, requestKey: string | null, chunk = CAMPAIGN_CHUNK) {
  const privilege = { ...getPrivilege(ctx, input.privilegeId) };
  const rangeId = input.rangeId ?? privilege.voucher.rangeId;
  if (rangeId === undefined)
    throw new AppError('privilege_has_no_range', `privilege ${privilege.id} has no voucher range`, [
      { path: 'rangeId', message: 'required: the privilege has no range' },
    ]);
  const range = getRange(ctx, rangeId);
  privilege.voucher = { ...privilege.voucher, rangeId: range.id };
  let campaign = requestKey ? ctx.store.vouchers.campaignByKey(requestKey) : null;
  if (campaign && (campaign.rangeId !== range.id || campaign.privilegeId !== input.privilegeId || campaign.count !== input.count)) {
    throw new AppError('idempotency_key_reused', undefined, [{ path: 'Idempotency-Key', message: 'already used with a different request' }]);
  }
  if (!campaign) {
    if (ctx.store.vouchers.remaining(range.id) < input.count) {
      throw new AppError('voucher_range_exhausted', `range ${range.code} has ${ctx.store.vouchers.remaining(range.id)} numbers left`, [
        { path: 'count', message: 'more than the range has left' },
      ]);
    }
    campaign = { id: newId(), rangeId: range.id, privilegeId: privilege.id, count: input.count };
    const row = { ...campaign, requestKey, createdAt: nowIso(ctx) };
    ctx.store.db.tx(() => ctx.store.vouchers.insertCampaign(row));
  }
  const id = campaign.id;
  const slice = { campaignId: id, privilege, count: input.count, chunk };
  const done = ctx.store.vouchers.campaignIssued(id);
  // More than one chunk on a file: the slices run in a worker thread (issue 14). One chunk is not
  // worth a thread's start, and in memory there is no second connection.
  if (input.count - done > chunk && ctx.store.db.path !== ':memory:') await issueInWorker(ctx, slice, done);
  else await issueHere(ctx, slice, done);
  return { campaignId: id, rangeId: range.id, privilegeId: privilege.id, count: input.count };
}

/** The slices on the event loop, with a yield between them so tills keep being served. */
async function issueHere(ctx: EngineContext, slice: SliceInput, from: number): Promise<void> {
  for (let done = from; done < slice.count; ) {
    // Shutdown: what is issued is committed; a retry with the same key continues from here.
    if (ctx.stopSignal?.aborted) {
      throw new AppError('shutting_down', `stopped after ${done} of ${slice.count} vouchers; retry with the same Idempotency-Key to finish the campaign`);
    }
    done = issueSlice(ctx, slice, done);
    await yieldToTills();
  }
}

/** A page of a campaign's codes in issue order (`limit + 1` rows: the caller pages them). */
export function campaignCodesPage(ctx: EngineContext, campaignId: string, afterSeq: number, limit: number): { seq: number; code: string }[] {
  if (!ctx.store.vouchers.campaignExists(campaignId)) throw new AppError('not_found', `no campaign ${campaignId}`);
  return ctx.store.vouchers.campaignCodesPage(campaignId, afterSeq, limit + 1);
}
