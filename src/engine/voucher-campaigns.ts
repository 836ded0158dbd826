import { setImmediate as yieldToTills } from 'node:timers/promises';
import { AppError } from '../common/errors.js';
import { newId } from '../common/ids.js';
import { nowIso, type EngineContext } from './context.js';
import { getRange } from './voucher-ranges.js';
import { getPrivilege, issueVouchers } from './vouchers.js';

export interface CampaignInput {
  rangeId: string;
  privilegeId: string;
  count: number;
}

/** Vouchers per transaction: about 5 ms of work on the shop box (measured in bench/vouchers), so a till waits a few ms at most while a campaign still issues > 50,000/s. */
export const CAMPAIGN_CHUNK = 400;

/**
 * VOUCH-6: create `count` vouchers for a privilege from a chosen range, in short transactions
 * with a yield between them so tills keep being served. The campaign row is written first with
 * the request's key; a retry after a crash continues where the last chunk committed.
 */
export async function runCampaign(ctx: EngineContext, input: CampaignInput, requestKey: string | null, chunk = CAMPAIGN_CHUNK) {
  const range = getRange(ctx, input.rangeId);
  const privilege = { ...getPrivilege(ctx, input.privilegeId) };
  privilege.voucher = { ...privilege.voucher, rangeId: range.id };
  let campaign = requestKey ? ctx.store.vouchers.campaignByKey(requestKey) : null;
  if (campaign && (campaign.rangeId !== input.rangeId || campaign.privilegeId !== input.privilegeId || campaign.count !== input.count)) {
    throw new AppError('idempotency_key_reused', undefined, [{ path: 'Idempotency-Key', message: 'already used with a different request' }]);
  }
  if (!campaign) {
    if (ctx.store.vouchers.remaining(range.id) < input.count) {
      throw new AppError('voucher_range_exhausted', `range ${range.code} has ${ctx.store.vouchers.remaining(range.id)} numbers left`, [{ path: 'count', message: 'more than the range has left' }]);
    }
    campaign = { id: newId(), rangeId: range.id, privilegeId: privilege.id, count: input.count };
    const row = { ...campaign, requestKey, createdAt: nowIso(ctx) };
    ctx.store.db.tx(() => ctx.store.vouchers.insertCampaign(row));
  }
  const id = campaign.id;
  for (let done = ctx.store.vouchers.campaignIssued(id); done < input.count; ) {
    const n = Math.min(chunk, input.count - done);
    ctx.store.db.tx(() => issueVouchers(ctx, privilege, n, { campaignId: id, source: 'campaign' }));
    done += n;
    await yieldToTills();
  }
  return { campaignId: id, rangeId: range.id, privilegeId: privilege.id, count: input.count };
}

export function campaignCodes(ctx: EngineContext, campaignId: string): string[] {
  const codes = ctx.store.vouchers.campaignCodes(campaignId);
  if (codes.length === 0) throw new AppError('not_found', `no campaign ${campaignId}`);
  return codes;
}
