import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { luhnValid } from '../../../src/common/check-digits.js';
import { cardBalances, createCard, findCard, topUp, updateCard, useVisit } from '../../../src/engine/cards/cards.js';
import { engineFixture, testConfig, type EngineFixture } from '../../helpers/engine-fixture.js';
import { aPerson } from '../../helpers/factories.js';

describe('cards', () => {
  let f: EngineFixture;
  beforeEach(() => {
    f = engineFixture();
    f.ctx.store.db.tx(() => f.ctx.store.master.put('discounts', 'd5', { name: '5 %', percent: 500, covers: { all: true } }, '2026-01-01T00:00:00Z'));
  });
  afterEach(() => f.close());

  it('CARD-1: a generated number follows the scheme (prefix + serial + Luhn) and is unique', () => {
    const c = aPerson(f.ctx);
    const a = createCard(f.ctx, c.id, {});
    const b = createCard(f.ctx, c.id, {});
    expect(a.number).toMatch(/^6009\d{12}$/);
    expect(luhnValid(a.number)).toBe(true);
    expect(b.number).not.toBe(a.number);
    expect(f.ctx.store.cards.byCustomer(c.id).map((x) => x.number)).toEqual([a.number, b.number]);
  });

  it('CARD-1: a card number is unique; generation skips a pre-printed number already taken', () => {
    const c = aPerson(f.ctx);
    createCard(f.ctx, c.id, { number: '6009000000000016' });
    expect(() => createCard(f.ctx, c.id, { number: '6009000000000016' })).toThrow(expect.objectContaining({ code: 'card_number_taken' }));
    // serial 1 of scheme loyalty is 6009000000000016: generation must skip it
    expect(createCard(f.ctx, c.id, {}).number).toBe('6009000000000024');
  });

  it('CARD-2: a number failing its Luhn digit is rejected at entry, before any lookup', () => {
    const c = aPerson(f.ctx);
    expect(() => createCard(f.ctx, c.id, { number: '6009000000000017' })).toThrow(expect.objectContaining({ code: 'check_digit_invalid' }));
    expect(() => findCard(f.ctx, '6009000000000017')).toThrow(expect.objectContaining({ code: 'check_digit_invalid' }));
    expect(() => findCard(f.ctx, '6009000000000024')).toThrow(expect.objectContaining({ code: 'card_not_found' }));
    // per-card luhn flag: a number outside any Luhn scheme is accepted when the flag is off
    expect(createCard(f.ctx, c.id, { number: '77000001', luhn: false }).luhn).toBe(false);
    expect(() => createCard(f.ctx, c.id, { number: '12345678', luhn: true })).toThrow(expect.objectContaining({ code: 'check_digit_invalid' }));
  });

  it('CARD-3, CARD-4: usage type and validity are stored', () => {
    const c = aPerson(f.ctx);
    const card = createCard(f.ctx, c.id, {
      type: 'stamp',
      validity: { from: '2026-01-01', to: '2026-12-31', weekdays: [1, 2, 3], timeFrom: '09:00', timeTo: '17:00' },
    });
    expect(f.ctx.store.cards.get(card.number)).toMatchObject({ type: 'stamp', validity: { weekdays: [1, 2, 3], timeFrom: '09:00' } });
  });

  it('CARD-7: the card message is stored and can be changed', () => {
    const c = aPerson(f.ctx);
    const card = createCard(f.ctx, c.id, { message: 'Happy birthday!' });
    expect(findCard(f.ctx, card.number).message).toBe('Happy birthday!');
    expect(updateCard(f.ctx, card.number, { message: 'Welcome back' }).message).toBe('Welcome back');
  });

  it('CARD-8: missing fields take the configured card defaults', () => {
    f.close();
    f = engineFixture({
      ...testConfig(),
      cardDefaults: { scheme: 'loyalty', type: 'bonus', discounts: [{ discountId: 'd5' }], creditLimit: 0, message: 'Tere!', validity: { weekdays: [6, 7] } },
    });
    f.ctx.store.db.tx(() => f.ctx.store.master.put('discounts', 'd5', { name: '5 %', percent: 500, covers: { all: true } }, '2026-01-01T00:00:00Z'));
    const c = aPerson(f.ctx);
    const card = createCard(f.ctx, c.id, {});
    expect(card).toMatchObject({ type: 'bonus', discounts: [{ discountId: 'd5' }], message: 'Tere!', validity: { weekdays: [6, 7] } });
    expect(createCard(f.ctx, c.id, { type: 'discount', message: null })).toMatchObject({ type: 'discount', message: null });
  });

  it('CARD-5: a card can only reference discounts that exist', () => {
    const c = aPerson(f.ctx);
    expect(() => createCard(f.ctx, c.id, { discounts: [{ discountId: 'd5' }, { discountId: 'nope' }] })).toThrow(
      expect.objectContaining({ code: 'reference_not_found', errors: [{ path: 'discounts.1.discountId', message: 'no such discount' }] }),
    );
  });

  it('CARD-9: credit cards take money top-ups, service cards take visits, as ledger entries', () => {
    const c = aPerson(f.ctx);
    const credit = createCard(f.ctx, c.id, { type: 'credit' });
    const service = createCard(f.ctx, c.id, { type: 'service' });
    expect(topUp(f.ctx, credit.number, { amount: 2500 }).balances.money).toBe(2500);
    expect(topUp(f.ctx, service.number, { visits: 10 }).balances.visits).toBe(10);
    expect(useVisit(f.ctx, service.number).balances.visits).toBe(9);
    expect(() => topUp(f.ctx, service.number, { amount: 100 })).toThrow(expect.objectContaining({ code: 'card_type_mismatch' }));
    expect(() => topUp(f.ctx, credit.number, { visits: 1 })).toThrow(expect.objectContaining({ code: 'card_type_mismatch' }));
    const kinds = f.ctx.store.db.prepare('SELECT kind, asset, delta FROM ledger ORDER BY id').all();
    expect(kinds).toEqual([
      expect.objectContaining({ kind: 'topup', asset: 'money', delta: 2500 }),
      expect.objectContaining({ kind: 'visit_topup', asset: 'visits', delta: 10 }),
      expect.objectContaining({ kind: 'visit_use', asset: 'visits', delta: -1 }),
    ]);
  });

  it('CARD-9: a service card with no visits left refuses check-in; a blocked card refuses top-up', () => {
    const c = aPerson(f.ctx);
    const service = createCard(f.ctx, c.id, { type: 'service' });
    expect(() => useVisit(f.ctx, service.number)).toThrow(expect.objectContaining({ code: 'insufficient_balance' }));
    const credit = createCard(f.ctx, c.id, { type: 'credit' });
    updateCard(f.ctx, credit.number, { status: 'blocked' });
    expect(() => topUp(f.ctx, credit.number, { amount: 100 })).toThrow(expect.objectContaining({ code: 'card_blocked' }));
    expect(cardBalances(f.ctx, credit.number).money).toBe(0);
  });
});
