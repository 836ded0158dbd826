import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/common/errors.js';
import { accountBalance, canCharge, chargeAccount, depositAccount } from '../../../src/engine/customers/account.js';
import { createCustomer, updateCustomer } from '../../../src/engine/customers/customers.js';
import { engineFixture, type EngineFixture } from '../../helpers/engine-fixture.js';
import { aPerson } from '../../helpers/factories.js';

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return (e.errors ?? []).map((x) => `${e.code}:${x.path}`);
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('customers', () => {
  let f: EngineFixture;
  beforeEach(() => (f = engineFixture()));
  afterEach(() => f.close());

  it('CUST-1: a person needs first name, last name and a phone or an e-mail', () => {
    expect(fieldsOf(() => createCustomer(f.ctx, { kind: 'person', firstName: 'Mari' }))).toEqual(['validation_failed:lastName', 'validation_failed:phone']);
    expect(createCustomer(f.ctx, { kind: 'person', firstName: 'Mari', lastName: 'Tamm', email: 'mari@example.ee' }).id).toBeTruthy();
    expect(createCustomer(f.ctx, { kind: 'person', firstName: 'Jaan', lastName: 'Kask', phone: '+372 5123 4567' }).id).toBeTruthy();
  });

  it('CUST-1: a company needs a company name and an e-mail', () => {
    expect(fieldsOf(() => createCustomer(f.ctx, { kind: 'company', phone: '123456' }))).toEqual(['validation_failed:companyName', 'validation_failed:email']);
    expect(createCustomer(f.ctx, { kind: 'company', companyName: 'Kohvik OÜ', email: 'info@kohvik.ee' }).kind).toBe('company');
  });

  it('CUST-1: a rejected customer writes nothing', () => {
    fieldsOf(() => createCustomer(f.ctx, { kind: 'company', companyName: 'X' }));
    expect(f.ctx.store.db.prepare('SELECT COUNT(*) AS n FROM customers').get()).toMatchObject({ n: 0 });
  });

  it('CUST-2, CUST-3: optional fields and flags are stored and returned', () => {
    const c = createCustomer(f.ctx, {
      kind: 'person',
      firstName: 'Ülle',
      lastName: 'Õunapuu',
      email: 'ylle@example.ee',
      address: 'Pikk 1',
      city: 'Tallinn',
      district: 'Kesklinn',
      postcode: '10123',
      country: 'EE',
      language: 'et',
      citizenship: 'EE',
      personalCode: '48001010001',
      gender: 'female',
      birthDate: '1980-01-01',
      customerType: 'staff',
      info1: 'a',
      info2: 'b',
      info3: 'c',
      photo: 'data:image/png;base64,AAAA',
      marketingAllowed: true,
      emailReceipts: true,
      autoTierOptOut: true,
    });
    const back = f.ctx.store.customers.get(c.id);
    expect(back).toEqual(c);
    expect(back).toMatchObject({ lastName: 'Õunapuu', district: 'Kesklinn', marketingAllowed: true, emailReceipts: true, autoTierOptOut: true });
  });

  it('CUST-1: PATCH keeps absent fields, clears with null, and re-checks the kind rules', () => {
    const c = aPerson(f.ctx, { email: 'a@b.ee' });
    const p = updateCustomer(f.ctx, c.id, { city: 'Tartu', phone: null });
    expect(p).toMatchObject({ city: 'Tartu', phone: null, email: 'a@b.ee', firstName: c.firstName });
    expect(fieldsOf(() => updateCustomer(f.ctx, c.id, { email: null }))).toEqual(['validation_failed:phone']);
    expect(f.ctx.store.customers.get(c.id)?.email).toBe('a@b.ee');
  });

  it('CUST-4: a charge is allowed only while balance - amount >= -creditLimit', () => {
    expect(canCharge(0, 5000, 5000)).toBe(true);
    expect(canCharge(0, 5000, 5001)).toBe(false);
    expect(canCharge(1000, 0, 1000)).toBe(true);
    expect(canCharge(1000, 0, 1001)).toBe(false);
    const credit = aPerson(f.ctx, { creditLimit: 5000, email: 'credit@example.ee' });
    expect(chargeAccount(f.ctx, { customerId: credit.id, amount: 3000, docType: 'test', docId: '1' })).toBe(-3000);
    expect(() => chargeAccount(f.ctx, { customerId: credit.id, amount: 2001, docType: 'test', docId: '2' })).toThrow(/credit limit/);
    expect(accountBalance(f.ctx, credit.id)).toBe(-3000);
    const deposit = aPerson(f.ctx);
    depositAccount(f.ctx, { customerId: deposit.id, amount: 2000, docType: 'test', docId: '3' });
    expect(chargeAccount(f.ctx, { customerId: deposit.id, amount: 2000, docType: 'test', docId: '4' })).toBe(0);
    expect(() => chargeAccount(f.ctx, { customerId: deposit.id, amount: 1, docType: 'test', docId: '5' })).toThrow(AppError);
  });

  it('CUST-7: a holder can be linked to an existing billing customer, never to itself or a ghost', () => {
    const employer = createCustomer(f.ctx, { kind: 'company', companyName: 'Tehas AS', email: 'arved@tehas.ee' });
    const holder = aPerson(f.ctx, { billingCustomerId: employer.id });
    expect(holder.billingCustomerId).toBe(employer.id);
    expect(() => aPerson(f.ctx, { billingCustomerId: 'nobody' })).toThrow(expect.objectContaining({ code: 'reference_not_found' }));
    expect(fieldsOf(() => updateCustomer(f.ctx, holder.id, { billingCustomerId: holder.id }))).toEqual(['validation_failed:billingCustomerId']);
  });
});
