/**
 * Issue 3 benchmark on a chain-sized store: 1,000,000 customers and cards (3–5 discounts each),
 * 10,000 SKUs in 200 groups, 1,000 discounts, 8 stamp programs; 20-line baskets.
 * - POST /v1/baskets/evaluate over loopback next to a bare Hono route returning a constant,
 *   both served by @hono/node-server in this process and called with keep-alive fetch.
 * - Durable receipt close (POST /v1/receipts, synchronous=FULL) p50/p99 and receipts/s.
 * The seeded database is cached in bench/.data/ (gitignored).
 */
import { existsSync, mkdirSync, copyFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { createApp } from '../src/api/app.js';
import { systemClock } from '../src/common/clock.js';
import { silentLogger } from '../src/common/logger.js';
import { parseConfig } from '../src/config/load.js';
import { numberFromSerial } from '../src/engine/card-numbers.js';
import type { EngineContext } from '../src/engine/context.js';
import { openStore, type Store } from '../src/engine/store/store.js';
import { seedCustomers, seedCustomer } from '../tests/fixtures/seed-customers.js';
import { TEST_CONFIG_YAML } from '../tests/helpers/engine-fixture.js';
import { rng } from './lib/rng.js';
import { HttpClient } from './lib/http-client.js';
import { report, summarize } from './lib/stats.js';

const N = 1_000_000;
const DATA = join(dirname(fileURLToPath(import.meta.url)), '.data');
const rand = rng(3);
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const SKUS = Array.from({ length: 10_000 }, (_, i) => ({ sku: `SKU-${i}`, group: `G-${i % 200}`, price: int(50, 5000) }));
const TYPES = ['discount', 'discount', 'bonus', 'stamp', 'credit', 'discount_payment'] as const;

function seedChain(store: Store, config: ReturnType<typeof parseConfig>): void {
  const at = '2026-01-01T00:00:00.000Z';
  store.db.tx(() => {
    for (let i = 0; i < 1000; i++) {
      const k = i % 3;
      const covers = k === 0 ? { all: true } : k === 1 ? { skus: Array.from({ length: int(20, 300) }, () => `SKU-${int(0, 9999)}`) } : { groups: Array.from({ length: int(1, 15) }, () => `G-${int(0, 199)}`) };
      store.master.put('discounts', `D${i}`, { name: `Discount ${i}`, percent: int(1, 40) * 50, covers, ...(i % 5 === 0 ? { validity: { timeFrom: '08:00', timeTo: '22:00' } } : {}) }, at);
    }
    for (let i = 0; i < 8; i++) store.master.put('stamp-programs', `P${i}`, { name: `P${i}`, covers: { groups: [`G-${i * 7}`, `G-${i * 7 + 1}`] }, threshold: int(5, 10) }, at);
  });
  seedCustomers(store, N);
  const scheme = config.cardSchemes[0]!;
  const insert = store.db.prepare(
    `INSERT INTO cards (number, customer_id, type, status, luhn, discounts, daily_limit, credit_limit, created_at, updated_at)
     VALUES (?, ?, ?, 'active', 1, ?, ?, ?, ?, ?)`,
  );
  for (let s = 0; s < N; s += 50_000) {
    store.db.tx(() => {
      for (let i = s; i < Math.min(N, s + 50_000); i++) {
        const discounts = Array.from({ length: int(3, 5) }, () => ({ discountId: `D${int(0, 999)}` }));
        const type = TYPES[i % TYPES.length]!;
        insert.run(numberFromSerial(scheme, i + 1), seedCustomer(i).id, type, JSON.stringify(discounts), type === 'discount_payment' ? 1_000_000 : null, type === 'credit' ? 1_000_000 : 0, at, at);
      }
    });
  }
}

function basket(card: string) {
  return { card, at: '2026-11-23T10:15:00+02:00', lines: Array.from({ length: 20 }, () => { const s = SKUS[int(0, 9999)]!; return { sku: s.sku, group: s.group, qty: int(1, 3), unitPrice: s.price }; }) };
}

function listen(fetchFn: (r: Request) => Response | Promise<Response>): Promise<{ server: ServerType; base: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: fetchFn, hostname: '127.0.0.1', port: 0 }, (info) => resolve({ server, base: `http://127.0.0.1:${info.port}` }));
  });
}

export async function run(): Promise<void> {
  mkdirSync(DATA, { recursive: true });
  const seeded = join(DATA, `chain-${N}.db`);
  const config = parseConfig(TEST_CONFIG_YAML, 'bench.yaml');
  if (!existsSync(seeded)) {
    const t0 = Date.now();
    const s = openStore(seeded, 'bench');
    seedChain(s, config);
    s.db.raw.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    s.close();
    console.log(`seeded ${N} customers and cards in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  // Work on a copy so receipts written here never pile up in the cached seed.
  const work = join(DATA, 'chain-work.db');
  for (const ext of ['', '-wal', '-shm']) rmSync(work + ext, { force: true });
  copyFileSync(seeded, work);
  const store = openStore(work, 'bench');
  const ctx: EngineContext = { store, clock: systemClock, logger: silentLogger(), config };
  const app = createApp({ ctx, api: config.api, logger: ctx.logger, version: 'bench', startedAt: new Date(), clientAddress: () => '127.0.0.1' });
  const a = await listen(app.fetch);
  // Second baseline: a constant as large as an evaluate response (~8 KB: 20 lines with reasons),
  // to show what the response size alone costs over loopback.
  const sample = await (await fetch(`${a.base}/v1/baskets/evaluate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(basket(numberFromSerial(config.cardSchemes[0]!, 1))) })).json();
  const bareApp = new Hono().post('/bare', (c) => c.json({ ok: true })).post('/bare-sized', (c) => c.json(sample));
  const b = await listen(bareApp.fetch);
  const scheme = config.cardSchemes[0]!;
  // Each prepared receipt gets a card no other receipt uses, so closing one cannot change what another is due.
  const used = new Set<number>();
  const cardOf = (type: string) => {
    for (;;) {
      const i = int(0, N - 1);
      if (TYPES[i % TYPES.length] === type && !used.has(i)) {
        used.add(i);
        return numberFromSerial(scheme, i + 1);
      }
    }
  };
  const anyCard = () => numberFromSerial(scheme, int(1, N));

  const client = new HttpClient();
  const n = 5000;
  const baskets = Array.from({ length: 1000 }, () => ({ body: JSON.stringify(basket(anyCard())) }));
  const bare = await client.measure(`${b.base}/bare`, baskets, n);
  const bareSized = await client.measure(`${b.base}/bare-sized`, baskets, n);
  const evaluate = await client.measure(`${a.base}/v1/baskets/evaluate`, baskets, n);
  const bareRow = summarize('bare Hono route (constant JSON)', bare.samples, 'µs');
  report(
    `Basket evaluation over loopback, ${N.toLocaleString('en')} cards, 20-line baskets (targets: p99 < 1 ms; p50 ≤ 1.5× bare)`,
    [
      bareRow,
      summarize(`bare Hono route, constant of the evaluate response's size (${JSON.stringify(sample).length} B)`, bareSized.samples, 'µs'),
      summarize('POST /v1/baskets/evaluate', evaluate.samples, 'µs'),
    ],
    'bare Hono route (constant JSON)',
  );

  // Durable receipt close: cash receipts (turnover, ledger, stamps/bonus, outbox, idempotency key).
  let k = 0;
  const receipts = async (count: number, tag: string) => {
    const out: { body: string; key: string }[] = [];
    for (let i = 0; i < count; i++, k++) {
      const bk = basket(cardOf(['discount', 'bonus', 'stamp'][k % 3]!));
      const ev = (await (await fetch(`${a.base}/v1/baskets/evaluate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bk) })).json()) as { payment: { due: number } };
      const payments = ev.payment.due > 0 ? [{ method: 'cash', amount: ev.payment.due }] : [];
      out.push({ body: JSON.stringify({ tillId: tag, receiptNo: `R${k}`, ...bk, payments }), key: `${tag}-${k}` });
    }
    return out;
  };
  const nR = 3000;
  const one = await client.measure(`${a.base}/v1/receipts`, await receipts(nR + 200, 'seq'), nR);
  const eight = await client.measure(`${a.base}/v1/receipts`, await receipts(nR + 200, 'par'), nR, { concurrency: 8 });
  report('Receipt close over loopback, synchronous=FULL (target p99 < 3 ms)', [
    bareRow,
    summarize('POST /v1/receipts, one till', one.samples, 'µs'),
    summarize('POST /v1/receipts, 8 tills at once', eight.samples, 'µs'),
  ], 'bare Hono route (constant JSON)');
  console.log(`receipts/s: one till ${(nR / (one.wallMs / 1000)).toFixed(0)}, 8 tills at once ${(nR / (eight.wallMs / 1000)).toFixed(0)}`);
  await client.close();

  a.server.close();
  b.server.close();
  store.close();
}
