import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchCustomers } from '../../../src/engine/customers/customers.js';
import { engineFixture, type EngineFixture } from '../../helpers/engine-fixture.js';
import { seedCustomer, seedCustomers } from '../../../bench/lib/seed-customers.js';

const N = 100_000;

/**
 * The truth: a query of digits (and phone punctuation) matches the phone's digits, or its
 * digits or the text as typed in any field; otherwise
 * every word of the query is a substring of some searchable field (case-insensitive).
 */
function brute(q: string): string[] {
  const phoneLike = /^[\d\s+().-]+$/.test(q) && /\d/.test(q);
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < N; i++) {
    const c = seedCustomer(i);
    const fields = [c.firstName, c.lastName, c.companyName, c.email, c.phone];
    const digits = q.replace(/\D/g, '');
    const hit = phoneLike
      ? (c.phone ?? '').replace(/\D/g, '').includes(digits) ||
        fields.some((v) => v?.toLowerCase().includes(digits) || v?.toLowerCase().includes(q.toLowerCase()))
      : words.every((w) => fields.some((v) => v?.toLowerCase().includes(w)));
    if (hit) out.push(c.id);
  }
  return out;
}

const ids = (cs: { id: string }[]) => cs.map((c) => c.id).sort();

describe(`CUST-5 customer search on ${N.toLocaleString('en')} customers`, () => {
  let f: EngineFixture;
  beforeAll(() => {
    f = engineFixture();
    seedCustomers(f.ctx.store, N);
  }, 120_000);
  afterAll(() => f.close());

  it.each([
    ['phone digits', '5004321'],
    ['e-mail part', '.54321@exam'],
    ['company name', 'Transport 812'],
    ['words in any order, one of them short', '8123 OÜ'],
  ])('CUST-5: finds exactly the customers whose fields contain the substring (%s)', (_label, q) => {
    const truth = brute(q);
    expect(truth.length).toBeGreaterThan(0);
    expect(truth.length).toBeLessThan(500);
    expect(ids(searchCustomers(f.ctx, q, 'admin', 500))).toEqual(truth.sort());
  });

  it('CUST-5: matches inside first and last names, case-insensitively, including non-ASCII', () => {
    const hits = searchCustomers(f.ctx, 'ÕUNAP', 'admin', 50);
    expect(hits.length).toBe(50);
    expect(hits.every((c) => c.lastName === 'Õunapuu')).toBe(true);
    const greek = searchCustomers(f.ctx, 'Γιώρ', 'admin', 10);
    expect(greek.every((c) => c.firstName === 'Γιώργος')).toBe(true);
    expect(searchCustomers(f.ctx, 'rgen', 'till', 5).every((c) => c.firstName === 'Jürgen')).toBe(true);
  });

  it('CUST-5: results narrow as the query grows', () => {
    const steps = ['9876', '09876', '009876', '5009876'];
    let prev: string[] | null = null;
    for (const q of steps) {
      const got = ids(searchCustomers(f.ctx, q, 'admin', 500));
      expect(got).toEqual(brute(q).sort());
      if (prev) expect(prev).toEqual(expect.arrayContaining(got));
      prev = got;
    }
    expect(prev?.length).toBeLessThan(15);
  });

  it('CUST-5: tills need at least 4 characters; admins may search with 1 (bounded fallback)', () => {
    expect(() => searchCustomers(f.ctx, 'Tam', 'till', 20)).toThrow(
      expect.objectContaining({ code: 'search_query_too_short', errors: [{ path: 'q', message: 'at least 4 characters' }] }),
    );
    expect(searchCustomers(f.ctx, 'Tamm', 'till', 20)).toHaveLength(20);
    const one = searchCustomers(f.ctx, 'Ü', 'admin', 20);
    expect(one).toHaveLength(20);
    expect(one.every((c) => [c.firstName, c.lastName, c.companyName, c.email].some((v) => v?.toLowerCase().includes('ü')))).toBe(true);
    expect(searchCustomers(f.ctx, '%', 'admin', 5)).toEqual([]);
  });

  it('CUST-5: a renamed customer is found by the new name only (index follows updates)', () => {
    f.ctx.store.db.tx(() => f.ctx.store.customers.update({ ...seedCustomer(42), lastName: 'Zzyzxwvu' }));
    expect(ids(searchCustomers(f.ctx, 'zyzxw', 'admin', 10))).toEqual(['seed-00000042']);
    expect(ids(searchCustomers(f.ctx, '.42@example', 'admin', 10))).toEqual(['seed-00000042']);
  });
});
