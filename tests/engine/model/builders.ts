/** Plain domain objects for the pure evaluation tests and the benchmark (no store needed). */
import { compileCatalog } from '../../../src/engine/model/catalog.js';
import type { EvalInput, EvalLine } from '../../../src/engine/model/evaluation-types.js';
import type { Card, Covers, Customer, Discount, StampProgram, Validity } from '../../../src/engine/model/types.js';

export const TZ = 'Europe/Tallinn';
const AT = '2026-01-01T00:00:00.000Z';

export function aCard(over: Partial<Card> = {}): Card {
  return {
    number: '6009000000000017',
    customerId: 'c1',
    type: 'discount',
    status: 'active',
    luhn: true,
    validity: null,
    discounts: [],
    birthdayWindow: null,
    message: null,
    dailyLimit: null,
    creditLimit: 0,
    stampPrograms: null,
    templateId: null,
    createdAt: AT,
    updatedAt: AT,
    ...over,
  };
}

export function aCustomer(over: Partial<Customer> = {}): Customer {
  return {
    id: 'c1', kind: 'person', firstName: 'Mari', lastName: 'Tamm', companyName: null, phone: '+372 5555 0001', email: null,
    birthDate: null, gender: null, personalCode: null, address: null, city: null, district: null, postcode: null, country: null,
    language: null, citizenship: null, customerType: null, info1: null, info2: null, info3: null, photo: null,
    marketingAllowed: false, emailReceipts: false, autoTierOptOut: false, creditLimit: 0, billingCustomerId: null, tierLevel: null,
    createdAt: AT, updatedAt: AT,
    ...over,
  };
}

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
