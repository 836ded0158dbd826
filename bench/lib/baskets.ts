/** Baskets for the HTTP benches: 20 lines from 10,000 SKUs, for cards drawn across the whole store. */
import type { Config } from '../../src/config/schema.js';
import { SKUS, seededCard, type SeededCardType } from './chain-store.js';
import { rng } from './rng.js';

export interface Basket {
  card: string;
  at: string;
  lines: { sku: string; group: string; qty: number; unitPrice: number }[];
}

export function basketMaker(config: Config, size: number, seed: number) {
  const rand = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const used = new Set<number>();
  const basket = (card: string): Basket => ({
    card,
    at: '2026-11-23T10:15:00+02:00',
    lines: Array.from({ length: 20 }, () => {
      const s = SKUS[int(0, SKUS.length - 1)]!;
      return { sku: s.sku, group: s.group, qty: int(1, 3), unitPrice: s.price };
    }),
  });
  return {
    basket,
    /** Any card of the store, uniformly over all `size` of them (cold and warm pages alike). */
    anyCard: (): string => seededCard(config, int(0, size - 1)).number,
    /** Forget the cards handed out so far: call before preparing each block (its receipts are evaluated just before it runs). */
    newBlock: (): void => used.clear(),
    /** A card of `type` not yet used in this block, so one receipt never changes what another of the block is due. */
    freshCard(type: SeededCardType): string {
      for (let tries = 0; ; tries++) {
        if (tries > 1_000_000) throw new Error(`no unused ${type} card left in a store of ${size}`);
        const i = int(0, size - 1);
        const c = seededCard(config, i);
        if (c.type === type && !used.has(i)) {
          used.add(i);
          return c.number;
        }
      }
    },
  };
}
