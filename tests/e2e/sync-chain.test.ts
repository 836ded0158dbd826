import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../../src/common/check-digits.js';
import { syncStatusCommand } from '../../src/cli/sync-status.js';
import { toEnvelope, type OutboxRecord } from '../../src/sync/envelope.js';
import { restartChainStore, startChainCentral, startChainStore, type ChainCentral, type ChainStore } from '../helpers/chain.js';
import { requireStack, STACKS } from '../helpers/require-stack.js';
import { terminate, waitFor } from '../helpers/wait-for.js';

const hasPg = requireStack(STACKS.postgres);
const OFFLINE = 'offline: { afterS: 2, cardSpendCap: { money: 8000, bonus: 5000, visits: 5 }, storeBudget: 50000 }\n';
const AT = () => new Date().toISOString();

function cardNumber(serial: number): string {
  const payload = `6009${String(serial).padStart(11, '0')}`;
  return `${payload}${luhnCheckDigit(payload)}`;
}

describe.skipIf(!hasPg)('sync chain e2e: real PostgreSQL, `tillgate central`, two store daemons behind fault proxies (GW-6, SYNC-2..5)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tillgate-chain-'));
  let central: ChainCentral;
  let a: ChainStore;
  let b: ChainStore;
  let pgc: pg.Client;
  const CREDIT = cardNumber(900_001);
  const BONUS_A = cardNumber(900_002);
  const BONUS_B = cardNumber(900_003);
  let key = 0;
  const k = () => `k-${++key}-${Date.now()}`;

  beforeAll(async () => {
    central = await startChainCentral(dir);
    a = await startChainStore(central, 'store-a', OFFLINE);
    b = await startChainStore(central, 'store-b', OFFLINE);
    pgc = new pg.Client({ connectionString: central.fresh.url });
    await pgc.connect();
  }, 90_000);

  afterAll(async () => {
    await pgc?.end();
    for (const s of [a, b]) {
      await terminate(s?.daemon.proc ?? null);
      await s?.proxy.close();
    }
    if (central) {
      await central.proc.stop();
      await central.fresh.drop();
    }
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const money = async (s: ChainStore, number: string) => ((await s.req('GET', `/v1/cards/${number}`)).body.balances as { money: number }).money;
  const health = async (s: ChainStore) => (await s.req('GET', '/v1/health')).body.sync as Record<string, unknown>;
  const discountPercent = async (s: ChainStore) => {
    const r = await s.req('GET', '/v1/admin/discounts/d10');
    return r.status === 200 ? (r.body.percent as number) : null;
  };
  /** A customer with a bonus card at `s`; with `credit`, also the shared credit card (created once, at A). */
  async function customerWithCards(s: ChainStore, bonus: string, phone: string, credit: boolean): Promise<void> {
    const c = await s.req('POST', '/v1/customers', { kind: 'person', firstName: 'Kai', lastName: 'Kask', phone }, k());
    expect(c.status).toBe(201);
    const id = c.body.id as string;
    if (credit) expect((await s.req('POST', `/v1/customers/${id}/cards`, { number: CREDIT, type: 'credit', luhn: true }, k())).status).toBe(201);
    expect(
      (await s.req('POST', `/v1/customers/${id}/cards`, { number: bonus, type: 'bonus', luhn: true, discounts: [{ discountId: 'd10' }] }, k())).status,
    ).toBe(201);
  }
  const receipt = (s: ChainStore, card: string, amount: number, method: 'card' | 'cash') =>
    s.req(
      'POST',
      '/v1/receipts',
      { tillId: 't1', receiptNo: `r${key}`, at: AT(), card, lines: [{ sku: 'X', qty: 1, unitPrice: amount }], payments: [{ method, amount }] },
      k(),
    );
  const outbox = (s: ChainStore) =>
    s.read<OutboxRecord & { store_seq: number; event_id: string }>('SELECT store_seq, event_id, type, payload, created_at FROM outbox ORDER BY store_seq');
  const centralFacts = async () => ({
    events: (
      await pgc.query<{ store_id: string; store_seq: string; event_id: string }>(
        'SELECT store_id, store_seq, event_id FROM events ORDER BY store_id, store_seq',
      )
    ).rows,
    balance: Number((await pgc.query<{ amount: string }>("SELECT amount FROM balances WHERE owner = $1 AND asset = 'money'", [CREDIT])).rows[0]?.amount),
    exceptions: (await pgc.query<{ kind: string; owner: string }>('SELECT kind, owner FROM exceptions ORDER BY created_at')).rows,
  });

  it('SYNC-2/SYNC-4/SYNC-5: offline spends at two stores, a kill -9 mid-push and a lost response: union of outboxes once, -30.00 everywhere, one overdraft; resends change nothing', async () => {
    // Master data comes from central (SYNC-3): the discount the bonus cards earn with.
    expect((await central.admin('PUT', '/v1/admin/discounts/d10', { name: 'Ten', percent: 1000, covers: { all: true } })).status).toBe(200);
    await waitFor(async () => (await discountPercent(a)) === 1000 && (await discountPercent(b)) === 1000, 'discount at both stores', 20_000);
    // The credit card is created once, at A; its card.created event brings it to B (SYNC-1, SYNC-8).
    await customerWithCards(a, BONUS_A, '+372 5000 0001', true);
    await customerWithCards(b, BONUS_B, '+372 5000 0011', false);
    await waitFor(async () => (await b.req('GET', `/v1/cards/${CREDIT}`)).status === 200, 'the credit card from A at B', 20_000);

    // 100.00 topped up at A reaches B as central's confirmed balance.
    expect((await a.req('POST', `/v1/cards/${CREDIT}/topups`, { amount: 10_000 }, k())).status).toBe(201);
    await waitFor(async () => (await money(b, CREDIT)) === 10_000, 'B sees the top-up made at A', 20_000);

    // WAN cut for both; once central has been silent for offline.afterS the caps apply.
    a.proxy.setMode('blackhole');
    b.proxy.setMode('blackhole');
    await waitFor(async () => (await health(a)).offlineSince !== null && (await health(b)).offlineSince !== null, 'both stores offline', 20_000);
    expect((await health(a)).centralReachable).toBe(false);
    expect((await receipt(a, CREDIT, 7000, 'card')).status).toBe(201);
    expect((await receipt(b, CREDIT, 6000, 'card')).status).toBe(201);
    const beyond = await receipt(a, CREDIT, 2000, 'card');
    expect(beyond.status).toBe(409);
    expect(beyond.body).toMatchObject({ code: 'offline_limit_exceeded', cap: 'offline.cardSpendCap.money' });
    // Earning is always accepted offline.
    const earnA = await receipt(a, BONUS_A, 5000, 'cash');
    const earnB = await receipt(b, BONUS_B, 3000, 'cash');
    expect([earnA.status, earnB.status]).toEqual([201, 201]);
    expect([earnA.body.bonusEarned, earnB.body.bonusEarned]).toEqual([500, 300]);
    expect(await money(a, CREDIT)).toBe(3000);
    expect(await money(b, CREDIT)).toBe(4000);
    // A discount changed at central while the WAN is down.
    expect((await central.admin('PUT', '/v1/admin/discounts/d10', { name: 'Fifteen', percent: 1500, covers: { all: true } })).status).toBe(200);

    // B's link comes back but drops every response: central ingests B's events, B never hears.
    const bLast = Math.max(...outbox(b).map((r) => r.store_seq));
    b.proxy.setMode('drop-response');
    await waitFor(
      async () => {
        const r = await pgc.query<{ acked_seq: string }>('SELECT acked_seq FROM stores WHERE id = $1', [b.id]);
        return Number(r.rows[0]?.acked_seq) === bLast && b.proxy.dropped > 0;
      },
      'central ingested B, B did not hear',
      30_000,
    );
    expect((await health(b)).pendingEvents).toBeGreaterThan(0);
    // kill -9 in the middle of pushing; then the WAN is back for both and B restarts.
    b.daemon.proc.kill('SIGKILL');
    await b.daemon.exited;
    b.proxy.setMode('forward');
    a.proxy.setMode('forward');
    await restartChainStore(b);

    await waitFor(async () => (await money(a, CREDIT)) === -3000 && (await money(b, CREDIT)) === -3000, 'A and B show -30.00', 30_000);
    await waitFor(async () => (await health(a)).pendingEvents === 0 && (await health(b)).pendingEvents === 0, 'both outboxes acked', 30_000);
    const facts = await centralFacts();
    expect(facts.balance).toBe(-3000);
    expect(facts.exceptions).toEqual([{ kind: 'overdraft', owner: CREDIT }]);

    // Central's events = the union of both outboxes by event_id, once, contiguous per store.
    const outA = outbox(a);
    const outB = outbox(b);
    expect(new Set(facts.events.map((e) => e.event_id))).toEqual(new Set([...outA, ...outB].map((r) => r.event_id)));
    expect(facts.events).toHaveLength(outA.length + outB.length);
    for (const [s, rows] of [
      [a, outA],
      [b, outB],
    ] as const) {
      expect(facts.events.filter((e) => e.store_id === s.id).map((e) => Number(e.store_seq))).toEqual(rows.map((_, i) => i + 1));
    }

    // The discount change made during the outage reached both stores.
    await waitFor(async () => (await discountPercent(a)) === 1500 && (await discountPercent(b)) === 1500, 'discount change at both stores', 20_000);

    // Resending every batch of both stores changes nothing.
    for (const [s, rows] of [
      [a, outA],
      [b, outB],
    ] as const) {
      for (let i = 0; i < rows.length; i += 500) {
        const events = rows
          .slice(i, i + 500)
          .map((r) =>
            toEnvelope(
              { storeSeq: r.store_seq, eventId: r.event_id, type: r.type, payload: r.payload, createdAt: (r as unknown as { created_at: string }).created_at },
              s.id,
            ),
          );
        const r = await fetch(`${central.proc.base}/sync/v1/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ storeId: s.id, fromSeq: events[0]!.storeSeq, events }),
        });
        expect(r.status).toBe(200);
      }
    }
    expect(await centralFacts()).toEqual(facts);

    // Health and `tillgate sync status` agree: nothing pending, central reachable.
    const h = await health(a);
    expect(h).toMatchObject({ pendingEvents: 0, lagS: 0, centralReachable: true, offlineSince: null });
    const lines: string[] = [];
    expect(await syncStatusCommand(a.file, a.daemon.port, (l) => lines.push(l))).toBe(0);
    expect(lines.join('\n')).toMatch(/source: +daemon http:\/\/127\.0\.0\.1/);
    expect(lines.join('\n')).toMatch(/pendingEvents: +0/);
    expect(lines.join('\n')).toMatch(/centralReachable: +true/);
  }, 180_000);

  it("SYNC-8/SYNC-6: a card created at A (its number generated from A's leased block) is usable at B within seconds of B's reconnect", async () => {
    b.proxy.setMode('blackhole');
    await waitFor(async () => (await health(b)).centralReachable === false, 'B cut off', 20_000);
    const c = await a.req('POST', '/v1/customers', { kind: 'person', firstName: 'Mari', lastName: 'Maasikas', phone: '+372 5000 0002' }, k());
    expect(c.status).toBe(201);
    const card = await a.req('POST', `/v1/customers/${c.body.id as string}/cards`, { type: 'credit' }, k());
    expect(card.status).toBe(201);
    const number = card.body.number as string;
    await waitFor(async () => (await health(a)).pendingEvents === 0, 'A pushed the card to central', 20_000);
    expect((await b.req('GET', `/v1/cards/${number}`)).status).toBe(404);
    b.proxy.setMode('forward');
    // SYNC-8 "within seconds": a bounded poll. The bound is generous so a loaded CI box does not
    // fail it; how fast propagation really is, is measured by bench/sync-propagation.bench.ts.
    await waitFor(async () => (await b.req('GET', `/v1/cards/${number}`)).status === 200, 'the card from A at B', 15_000);
    expect((await b.req('POST', `/v1/cards/${number}/topups`, { amount: 500 }, k())).status).toBe(201);
    await waitFor(async () => (await money(a, number)) === 500, "B's top-up at A", 20_000);
  }, 60_000);
});
