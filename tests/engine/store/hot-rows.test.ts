/**
 * GW-8: the hot-row cache behind basket evaluation (CardsRepo/CustomersRepo.forEvaluation). A
 * write through the repositories is seen by the very next read; a rolled-back write never
 * reaches the cache; no other SQL in the code writes the two tables, so no write can bypass it.
 */
import Database from 'libsql';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCard, updateCard } from '../../../src/engine/cards/cards.js';
import { updateCustomer } from '../../../src/engine/customers/customers.js';
import type { Card, Customer } from '../../../src/engine/model/types.js';
import { openStore, type Store } from '../../../src/engine/store/store.js';
import { engineFixture, type EngineFixture } from '../../helpers/engine-fixture.js';
import { aPerson } from '../../helpers/factories.js';

describe('GW-8: hot cards and customers for evaluation', () => {
  let f: EngineFixture;
  let c: Customer;
  let card: Card;
  let store: Store;
  beforeEach(() => {
    f = engineFixture();
    store = f.ctx.store;
    c = aPerson(f.ctx, { birthDate: '1990-03-15', email: 'mari@example.ee' });
    card = createCard(f.ctx, c.id, { type: 'discount_payment', message: 'hello' });
  });
  afterEach(() => f.close());

  it('GW-8: reads only what evaluation needs; a card update is seen by the next read (CARD-7 block, message, limits)', () => {
    expect(store.cards.forEvaluation(card.number)).toMatchObject({ number: card.number, customerId: c.id, status: card.status, message: 'hello' });
    expect(store.cards.forEvaluation(card.number)).not.toHaveProperty('createdAt');
    updateCard(f.ctx, card.number, { status: 'blocked', message: 'see office', dailyLimit: 5000 });
    expect(store.cards.forEvaluation(card.number)).toMatchObject({ status: 'blocked', message: 'see office', dailyLimit: 5000 });
    expect(store.cards.forEvaluation('6009000000000000')).toBeNull();
  });

  it('GW-8: a customer update and a tier level are each seen by the next read (CUST-4, CARD-6, CARD-10)', () => {
    expect(store.customers.forEvaluation(c.id)).toEqual({ id: c.id, birthDate: '1990-03-15', creditLimit: 0, billingCustomerId: null, tierLevel: null });
    updateCustomer(f.ctx, c.id, { birthDate: '1985-12-01', creditLimit: 20_000 });
    expect(store.customers.forEvaluation(c.id)).toMatchObject({ birthDate: '1985-12-01', creditLimit: 20_000 });
    store.db.tx(() => store.customers.setTierLevel(c.id, 2, '2026-11-22T10:00:00Z'));
    expect(store.customers.forEvaluation(c.id)?.tierLevel).toBe(2);
  });

  it('GW-8: a write rolled back leaves the committed row; what is read inside a transaction never enters the cache', () => {
    store.cards.forEvaluation(card.number); // both cached before the transaction
    store.customers.forEvaluation(c.id);
    expect(() =>
      store.db.tx(() => {
        updateCard(f.ctx, card.number, { status: 'blocked' });
        // read inside the transaction: this transaction's own (uncommitted) row
        expect(store.cards.forEvaluation(card.number)?.status).toBe('blocked');
        updateCustomer(f.ctx, c.id, { creditLimit: 99_999 });
        expect(store.customers.forEvaluation(c.id)?.creditLimit).toBe(99_999);
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(store.cards.forEvaluation(card.number)?.status).toBe(card.status);
    expect(store.customers.forEvaluation(c.id)?.creditLimit).toBe(0);
  });

  it('GW-8: database.cachedRows bounds the cache (least recently used leave first); 0 reads the database every time', () => {
    // A second connection changes rows behind the store's back, so what comes from memory shows.
    const raw = new Database(f.dbPath);
    try {
      const bumped = (n: string) => raw.prepare("UPDATE cards SET message = 'changed behind' WHERE number = ?").run(n);
      const small = openStore(f.dbPath, 'test-store', { cachedRows: 2 });
      const none = openStore(f.dbPath, 'test-store', { cachedRows: 0 });
      try {
        const more = [createCard(f.ctx, c.id, { type: 'bonus' }), createCard(f.ctx, c.id, { type: 'stamp' })];
        const numbers = [card.number, ...more.map((x) => x.number)];
        for (const n of numbers) small.cards.forEvaluation(n); // the first one is pushed out by the third
        for (const n of numbers) none.cards.forEvaluation(n);
        for (const n of numbers) bumped(n);
        // newest first, so a miss cannot push out a card before it is read
        expect(numbers.reverse().map((n) => small.cards.forEvaluation(n)?.message)).toEqual([null, null, 'changed behind']);
        expect(numbers.map((n) => none.cards.forEvaluation(n)?.message)).toEqual(['changed behind', 'changed behind', 'changed behind']);
      } finally {
        small.close();
        none.close();
      }
    } finally {
      raw.close();
    }
  });
});

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('GW-8: only the two repositories write cards and customers', () => {
  it('GW-8: no SQL outside cards-repo.ts and customers-repo.ts inserts, updates or deletes rows of cards or customers (so every write drops its cached row)', () => {
    const writes = /\b(INSERT(\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(\s+OR\s+\w+)?|DELETE\s+FROM)\s+["`]?(cards|customers)\b(?!_)/i;
    const owners = new Set(['src/engine/store/cards-repo.ts', 'src/engine/store/customers-repo.ts']);
    const offenders = sources('src')
      .filter((p) => !p.startsWith('src/central/')) // central's own PostgreSQL tables
      .filter((p) => !owners.has(p) && writes.test(readFileSync(p, 'utf8')));
    expect(offenders).toEqual([]);
    // and the migrations never add a trigger that writes them behind the repositories' back
    const sql = readdirSync('src/engine/store/migrations').map((m) => readFileSync(join('src/engine/store/migrations', m), 'utf8'));
    const triggers = sql.flatMap((s) => s.match(/CREATE TRIGGER[\s\S]*?END;/gi) ?? []);
    expect(triggers.filter((t) => writes.test(t.replace(/^CREATE TRIGGER[^\n]*\n/i, '')))).toEqual([]);
  });
});
