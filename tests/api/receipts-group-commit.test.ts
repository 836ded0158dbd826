import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_GROUP } from '../../src/engine/store/db.js';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';

type J = Record<string, unknown>;
const person = { kind: 'person', firstName: 'Mari', lastName: 'Tamm', phone: '+372 5555 0001' };

/** Issue 14: receipts from many tills at once share group commits; each stays exactly-once and all-or-nothing. */
describe('API: receipt close with group commit', () => {
  let f: ApiFixture;
  let card: string;
  beforeEach(async () => {
    f = apiFixture();
    const c = (await f.json<{ id: string }>('POST', '/v1/customers', { body: person })).body;
    card = (await f.json<{ number: string }>('POST', `/v1/customers/${c.id}/cards`, { body: { type: 'credit' } })).body.number;
    await f.json('POST', `/v1/cards/${card}/topups`, { body: { amount: 100_000 }, headers: { 'idempotency-key': 'load' } });
  });
  afterEach(() => f.close());

  const receipt = (till: string, no: string, amount: number, paid = amount) => ({
    tillId: till,
    receiptNo: no,
    at: '2026-11-22T10:00:00Z',
    card,
    lines: [{ sku: 'TEA', qty: 1, unitPrice: amount }],
    payments: [{ method: 'card', amount: paid }],
  });
  const post = (body: unknown, key: string) => f.json<J>('POST', '/v1/receipts', { body, headers: { 'idempotency-key': key } });

  it('GW-6: 8 tills at once share commits; the one that pays wrong is refused alone and the other 7 are charged once each', async () => {
    const before = { ...f.ctx.store.db.groupStats };
    const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => post(receipt(`T${i}`, 'R1', 100 * (i + 1), i === 3 ? 1 : 100 * (i + 1)), `k-${i}`)));
    expect(rs.map((r) => r.status)).toEqual([201, 201, 201, 422, 201, 201, 201, 201]);
    expect(rs[3]!.body).toMatchObject({ code: 'payments_do_not_match', errors: [{ path: 'payments' }] });
    const stats = f.ctx.store.db.groupStats;
    expect(stats.members - before.members).toBe(8);
    expect(stats.groups - before.groups).toBeLessThan(8); // some receipts shared a COMMIT
    expect((f.ctx.store.db.prepare('SELECT COUNT(*) AS n FROM receipts').get() as { n: number }).n).toBe(7);
    expect(f.ctx.store.ledger.balance(card, 'money')).toBe(100_000 - (3600 - 400));
    expect(f.ctx.store.ledger.cacheMismatches()).toEqual([]);
    // the refused receipt stored no key: fixed, the same key closes it
    const fixed = await post(receipt('T3', 'R1', 400), 'k-3');
    expect(fixed.status).toBe(201);
  });

  it(`GW-6: a retry with the same key queued while its first attempt waits in a group (${MAX_GROUP} per group) replays it and charges nothing twice`, async () => {
    const first = receipt('T1', 'R1', 250);
    const others = Array.from({ length: MAX_GROUP + 3 }, (_, i) => post(receipt(`X${i}`, 'R1', 10), `x-${i}`));
    // one retry in the same group as the first attempt, one in the group after it
    const [a, b, ...rest] = await Promise.all([post(first, 'dup'), post(first, 'dup'), ...others, post(first, 'dup')]);
    const c = rest.at(-1)!;
    for (const r of [a, b, c]) expect(r!.status).toBe(201);
    expect(b!.body).toEqual(a!.body);
    expect(c.body).toEqual(a!.body);
    expect([b!.headers.get('idempotent-replayed'), c.headers.get('idempotent-replayed')]).toEqual(['true', 'true']);
    expect(f.ctx.store.db.prepare("SELECT COUNT(*) AS n FROM receipts WHERE till_id = 'T1'").get()).toMatchObject({ n: 1 });
    expect(f.ctx.store.ledger.balance(card, 'money')).toBe(100_000 - 250 - 10 * (MAX_GROUP + 3));
  });
});
