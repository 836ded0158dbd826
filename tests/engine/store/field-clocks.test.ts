import { describe, expect, it } from 'vitest';
import { updateCustomer } from '../../../src/engine/customers/customers.js';
import { engineFixture } from '../../helpers/engine-fixture.js';
import { aPerson } from '../../helpers/factories.js';

describe('per-field clocks (SYNC-7)', () => {
  it('SYNC-7: one short row per record: the create is the base clock, later edits add only their fields', () => {
    const f = engineFixture();
    const { db, fieldClocks } = f.ctx.store;
    const c = aPerson(f.ctx);
    const row = () => db.prepare("SELECT base, fields FROM field_clocks WHERE entity = 'customer' AND key = ?").get(c.id) as { base: string; fields: string };
    const created = row();
    expect(created.fields).toBe('{}');
    updateCustomer(f.ctx, c.id, { city: 'Tartu' });
    const edited = row();
    expect(edited.base).toBe(created.base);
    expect(Object.keys(JSON.parse(edited.fields))).toEqual(['city']);
    const clocks = fieldClocks.get('customer', c.id, ['city', 'firstName']);
    expect(clocks.firstName).toBe(created.base);
    expect(clocks.city! > created.base).toBe(true);

    // a record with no clocks (written before migration 0010): a local edit clocks only its fields
    db.tx(() => fieldClocks.stamp('customer', 'old-one', ['city'], clocks.city!));
    expect(fieldClocks.get('customer', 'old-one', ['city', 'firstName'])).toEqual({ city: clocks.city });
    // a record pulled whole: the most common clock is the base
    db.tx(() => fieldClocks.stampEach('card', 'n1', { a: 'h1', b: 'h1', c: 'h2' }, true));
    expect(db.prepare("SELECT base, fields FROM field_clocks WHERE key = 'n1'").get()).toMatchObject({ base: 'h1', fields: '{"c":"h2"}' });
    f.close();
  });
});
