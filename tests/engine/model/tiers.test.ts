import { describe, expect, it } from 'vitest';
import { decideTier, tierDiscountId, tierLevelFor } from '../../../src/engine/model/tiers.js';

const levels = [
  { turnover: 100_000, discountId: 'T5' },
  { turnover: 300_000, discountId: 'T10' },
  { turnover: 500_000, discountId: 'T15' },
];

describe('discount tiers (CARD-10)', () => {
  it('CARD-10: the level is the highest threshold reached; below the first there is none', () => {
    expect(tierLevelFor(99_999, levels)).toBeNull();
    expect(tierLevelFor(100_000, levels)).toBe(0);
    expect(tierLevelFor(499_999, levels)).toBe(1);
    expect(tierLevelFor(10_000_000, levels)).toBe(2);
    expect(tierLevelFor(350_000, [levels[2]!, levels[0]!, levels[1]!])).toBe(2); // unsorted: index into the given array
    expect(tierLevelFor(1, [])).toBeNull();
  });

  it('CARD-10: a change is decided only when the level moves, and never for autoTierOptOut (CUST-3)', () => {
    expect(decideTier({ tierLevel: null, autoTierOptOut: false }, 120_000, levels)).toEqual({ from: null, to: 0, discountId: 'T5' });
    expect(decideTier({ tierLevel: 0, autoTierOptOut: false }, 120_000, levels)).toBeNull();
    expect(decideTier({ tierLevel: 0, autoTierOptOut: true }, 900_000, levels)).toBeNull();
    expect(decideTier({ tierLevel: 2, autoTierOptOut: false }, 50_000, levels)).toEqual({ from: 2, to: null, discountId: null });
  });

  it("CARD-14: a level's discount is looked up beside the cards' lists, never written into them", () => {
    expect(tierDiscountId(1, levels)).toBe('T10');
    expect(tierDiscountId(null, levels)).toBeNull();
    expect(tierDiscountId(7, levels)).toBeNull(); // the level was removed from config
  });
});
