import { AppError } from '../../common/errors.js';
import type { BlockKind, BlockWant } from '../store/number-blocks-repo.js';
import type { EngineContext } from '../context.js';

/**
 * SYNC-6: with `central` configured, card-number serials and voucher draw indices come only from
 * blocks leased from central (the sync client adds them with store.numberBlocks.add), so two
 * stores never issue the same number. A standalone store keeps its own counters.
 */
export function usesLeasedNumbers(ctx: EngineContext): boolean {
  return ctx.config.central !== undefined;
}

/**
 * Take `n` serials of a card scheme or voucher range from the leased blocks, in the caller's
 * transaction. No block with enough serials left: 503 number_block_empty (nothing taken, never
 * a duplicate). Below half a block: the sync client is told to lease the next one.
 */
export function takeLeased(ctx: EngineContext, kind: BlockKind, key: string, n: number, path: string): number[] {
  const blocks = ctx.store.numberBlocks;
  const got = blocks.take(kind, key, n);
  if (blocks.needed([{ kind, key }]).length > 0) ctx.onNumberBlocksNeeded?.();
  if (!got) {
    const what = kind === 'card' ? `card scheme ${key}` : `voucher range ${key}`;
    throw new AppError('number_block_empty', `${what}: ${blocks.remaining(kind, key)} serials leased, ${n} needed; sync leases more from central`, [
      { path, message: 'no leased serials left' },
    ]);
  }
  return got;
}

/**
 * What the sync client should lease now: the card schemes this store generates numbers from
 * (card defaults, card orders) and its active voucher ranges, where no block is held or fewer
 * than half of the newest block's serials are left. Empty for a standalone store.
 */
export function numberBlocksNeeded(ctx: EngineContext): BlockWant[] {
  if (!usesLeasedNumbers(ctx)) return [];
  const schemes = new Set([ctx.config.cardDefaults.scheme, ...(ctx.config.cardOrders?.scheme ? [ctx.config.cardOrders.scheme] : [])]);
  const wanted: BlockWant[] = [
    ...[...schemes].map((key) => ({ kind: 'card' as const, key })),
    ...ctx.store.vouchers
      .ranges()
      .filter((r) => r.active)
      .map((r) => ({ kind: 'voucher' as const, key: r.id })),
  ];
  return ctx.store.numberBlocks.needed(wanted);
}
