import { afterEach, describe, expect, it } from 'vitest';
import { isMasterDataWrite } from '../../src/api/managed-by-central.js';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';
import { testConfig } from '../helpers/engine-fixture.js';

const CHAIN = 'central: { url: "http://127.0.0.1:9/", token: "store-token-0123456789" }\n';
const DISCOUNT = { name: 'Ten', percent: 1000, covers: { all: true } };
const RANGE = { code: 'G', digits: 6, from: 1, to: 999, random: false, checkDigit: false };

/** Every master-data write of the store's admin API (API.md "Master data", "Vouchers"). */
const WRITES: [string, string, unknown][] = [
  ['PUT', '/v1/admin/discounts/d1', DISCOUNT],
  ['DELETE', '/v1/admin/discounts/d1', undefined],
  ['PUT', '/v1/admin/stamp-programs/s1', { name: 'Pizza', covers: { all: true }, threshold: 6 }],
  ['PUT', '/v1/admin/privileges/p1', { name: 'Gift', voucher: { value: 500, validDays: 30 } }],
  ['PUT', '/v1/admin/redemption-rules/r1', { privilegeId: 'p1', pointsAtLeast: 100 }],
  ['PUT', '/v1/admin/card-templates/t1', { name: 'Standard' }],
  ['DELETE', '/v1/admin/card-templates/t1', undefined],
  ['PUT', '/v1/admin/tiers', { mode: 'online', levels: [] }],
  ['PUT', '/v1/admin/customer-types', { items: [{ code: 'VIP', name: 'Very important' }] }],
  ['POST', '/v1/admin/voucher-ranges', RANGE],
  ['PATCH', '/v1/admin/voucher-ranges/some-id', { active: false }],
];

describe('SYNC-3: master data is read-only at a store of a chain', () => {
  let f: ApiFixture;
  afterEach(() => f.close());

  it('SYNC-3: with central configured every master-data write is 409 managed_by_central naming the path, and changes nothing', async () => {
    f = apiFixture(testConfig(CHAIN));
    f.ctx.store.db.tx(() => f.ctx.store.pulled.applyPulledMasterData('discounts', 'd1', 2, DISCOUNT));
    for (const [method, path, body] of WRITES) {
      const r = await f.json<{ code: string; path: string; detail: string }>(method, path, { body: body ?? {} });
      expect(r.status, `${method} ${path}`).toBe(409);
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(r.body).toMatchObject({ code: 'managed_by_central', path });
      expect(r.body.detail).toContain(path);
    }
    expect(f.ctx.store.master.get('discounts', 'd1')).toMatchObject({ version: 2 });
    expect(f.ctx.store.vouchers.ranges()).toEqual([]);
  });

  it("SYNC-3: reads and the store's own operations stay open at a store of a chain", async () => {
    f = apiFixture(testConfig(CHAIN));
    f.ctx.store.db.tx(() => f.ctx.store.pulled.applyPulledMasterData('discounts', 'd1', 2, DISCOUNT));
    expect((await f.json('GET', '/v1/admin/discounts')).status).toBe(200);
    expect((await f.json<{ name: string }>('GET', '/v1/admin/discounts/d1')).body).toMatchObject({ name: 'Ten', version: 2 });
    expect((await f.json('GET', '/v1/admin/tiers')).status).toBe(200);
    expect((await f.json('GET', '/v1/admin/voucher-ranges')).status).toBe(200);
    expect((await f.json('GET', '/v1/admin/customer-types')).status).toBe(200);
    expect((await f.json('POST', '/v1/admin/tiers/recompute')).status).not.toBe(409);
    expect((await f.json('POST', '/v1/customers', { body: { kind: 'company', companyName: 'Acme', email: 'a@acme.ee' } })).status).toBe(201);
  });

  it('SYNC-3: a standalone store authors its own master data', async () => {
    f = apiFixture();
    for (const [method, path, body] of WRITES.filter(([m, p]) => !(m === 'PATCH' && p.endsWith('some-id')))) {
      const r = await f.json(method, path, { body: body ?? {} });
      expect([200, 201, 204], `${method} ${path}: ${JSON.stringify(r.body)}`).toContain(r.status);
    }
  });

  it('SYNC-3, CUST-12: a pulled customer-type list is applied by version and then constrains customers', async () => {
    f = apiFixture(testConfig(CHAIN));
    const items = [{ code: 'VIP', name: 'Very important' }];
    expect(f.ctx.store.db.tx(() => f.ctx.store.pulled.applyPulledMasterData('customer-types', 'default', 3, { items }))).toBe(true);
    expect(f.ctx.store.db.tx(() => f.ctx.store.pulled.applyPulledMasterData('customer-types', 'default', 3, { items: [] }))).toBe(false);
    expect((await f.json<{ items: unknown[] }>('GET', '/v1/admin/customer-types')).body.items).toEqual(items);
    const bad = await f.json('POST', '/v1/customers', {
      body: { kind: 'person', firstName: 'Ann', lastName: 'Lepp', phone: '+372 5555 0002', customerType: 'NOPE' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ code: 'reference_not_found', errors: [{ path: 'customerType' }] });
    expect(
      (await f.json('POST', '/v1/customers', { body: { kind: 'person', firstName: 'Ann', lastName: 'Lepp', phone: '+372 5555 0002', customerType: 'VIP' } }))
        .status,
    ).toBe(201);
  });

  it('SYNC-3: only writes of master data are matched (tier recompute, campaigns, balance resets are not master data)', () => {
    expect(isMasterDataWrite('PUT', '/v1/admin/discounts/x')).toBe(true);
    expect(isMasterDataWrite('GET', '/v1/admin/discounts/x')).toBe(false);
    expect(isMasterDataWrite('POST', '/v1/admin/tiers/recompute')).toBe(false);
    expect(isMasterDataWrite('POST', '/v1/admin/voucher-campaigns')).toBe(false);
    expect(isMasterDataWrite('POST', '/v1/admin/balance-resets')).toBe(false);
    expect(isMasterDataWrite('PUT', '/v1/admin/discounts/x/extra')).toBe(false);
  });
});
