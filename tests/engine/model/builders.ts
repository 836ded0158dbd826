/** Plain domain objects for the pure evaluation tests (cards and customers shared with the benchmarks). */
import { compileCatalog } from '../../../src/engine/model/catalog.js';
import type { EvalInput, EvalLine } from '../../../src/engine/model/evaluation-types.js';
import type { Covers, Discount, StampProgram, Validity } from '../../../src/engine/model/types.js';

export const TZ = 'Europe/Tallinn';
export { aCard, aCustomer } from '../../../bench/lib/builders.js';

export function aDiscount(id: string, percent: number, covers: Covers = { all: true }, validity?: Validity): Discount {
  return { id, name: `Discount ${id}`, percent, covers, ...(validity ? { validity } : {}) };
}

export function aProgram(id: string, threshold: number, covers: Covers): StampProgram {
  return { id, name: `Program ${id}`, covers, threshold };
}

export function line(sku: string, qty: number, unitPrice: number, group?: string): EvalLine {
  return group === undefined ? { sku, qty, unitPrice } : { sku, group, qty, unitPrice };
}

/** An evaluation input with sensible defaults: Tallinn, a Monday noon, no card. */
export function anInput(over: Partial<EvalInput> & { discounts?: Discount[]; programs?: StampProgram[] } = {}): EvalInput {
  const { discounts = [], programs = [], ...rest } = over;
  return {
    at: new Date('2026-11-23T10:00:00Z'), // Monday 12:00 in Tallinn (EET, +02:00)
    timeZone: TZ,
    card: null,
    customer: null,
    catalog: compileCatalog(discounts, programs),
    balances: null,
    spentToday: 0,
    customerAccount: null,
    lines: [],
    payWithCard: false,
    options: { partialBonusPayment: false },
    ...rest,
  };
}

export function balances(over: Partial<{ money: number; bonus: number; visits: number; stamps: Record<string, number> }> = {}) {
  return { money: 0, bonus: 0, visits: 0, stamps: {}, ...over };
}
