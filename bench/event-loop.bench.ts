/**
 * Issue 9 item 3 (GW-5): the longest synchronous stretch of the event loop per route, at shop
 * sizes, next to what the handler did before this change (the same SQL/render run the old way,
 * in this run). A setImmediate ticker records the longest gap between loop turns while each
 * request is in flight: that is how long every other till waited.
 *   50,000 discounts · 100,000 campaign codes · 20,000 credit cards · a year of receipts
 *   (~110,000 discounted lines) · 50,000 customers · a 4,000-dot-row receipt preview
 * The baseline row is an idle wait: the gap the OS scheduler alone causes on this box. While the
 * preview worker renders it takes one of the two cores, so the loop's gaps during a preview are
 * preemption (multiples of the 4 ms timeslice), not work done on the loop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/api/app.js';
import { renderJob } from '../src/api/preview/render-job.js';
import { PreviewRunner } from '../src/api/preview/runner.js';
import { deviceApiRoutes } from '../src/api/printers.js';
import { systemClock } from '../src/common/clock.js';
import { silentLogger } from '../src/common/logger.js';
import { deviceSchema, type DeviceConfig, type PrinterConfig } from '../src/config/devices-schema.js';
import { parseConfig } from '../src/config/load.js';
import { DeviceHub } from '../src/drivers/hub.js';
import { masterSnapshot } from '../src/engine/receipts/catalog-cache.js';
import type { EngineContext } from '../src/engine/context.js';
import { storePrintJournal } from '../src/bridges/print-journal.js';
import { openStore } from '../src/engine/store/store.js';
import { seedCustomers } from './lib/seed-customers.js';
import { BENCH_CONFIG_YAML as TEST_CONFIG_YAML } from './lib/bench-config.js';

const DISCOUNTS = 50_000;
const CODES = 100_000;
const CARDS = 20_000;
const DAYS = 365;
const RECEIPTS_PER_DAY = 300;
const CUSTOMERS = 50_000;

/** Longest gap between event-loop turns while `fn` runs, and its total time (ms). */
async function stretch(fn: () => Promise<unknown>): Promise<{ maxMs: number; totalMs: number }> {
  let last = performance.now();
  let max = 0;
  let on = true;
  const tick = () => {
    const t = performance.now();
    max = Math.max(max, t - last);
    last = t;
    if (on) setImmediate(tick);
  };
  setImmediate(tick);
  const t0 = performance.now();
  await fn();
  on = false;
  const end = performance.now();
  return { maxMs: Math.max(max, end - last), totalMs: end - t0 };
}

function seed(ctx: EngineContext): void {
  const { db, master } = ctx.store;
  const at = new Date().toISOString();
  seedCustomers(ctx.store, CUSTOMERS);
  db.tx(() => {
    for (let i = 0; i < DISCOUNTS; i++)
      master.put('discounts', `d${String(i).padStart(6, '0')}`, { name: `Discount ${i}`, percent: 500, covers: { skus: [`SKU-${i}`] } }, at);
  });
  db.tx(() => {
    db.prepare("INSERT INTO outbox (store_seq, event_id, type, payload, created_at) VALUES (1, 'seed', 'seed', '{}', ?)").run(at);
    db.prepare("INSERT INTO voucher_campaigns (id, request_key, range_id, privilege_id, count, created_at) VALUES ('camp', NULL, 'r', 'p', ?, ?)").run(
      CODES,
      at,
    );
    const v = db.prepare(
      "INSERT INTO vouchers (code, range_id, privilege_id, customer_id, campaign_id, value, percent, status, source, issued_at, valid_until, redeemed_at, redeemed_receipt_id) VALUES (?, NULL, 'p', NULL, 'camp', 500, NULL, 'issued', 'campaign', ?, '2027-12-31', NULL, NULL)",
    );
    for (let i = 0; i < CODES; i++) v.run(String(10_000_000 + i * 7), at);
    const card = db.prepare("INSERT INTO cards (number, customer_id, type, created_at, updated_at) VALUES (?, ?, 'credit', ?, ?)");
    const entry = db.prepare(
      "INSERT INTO ledger (event_id, store_seq, at, kind, asset, card_number, customer_id, delta) VALUES ('seed', 1, ?, ?, 'money', ?, ?, ?)",
    );
    for (let i = 0; i < CARDS; i++) {
      const n = `7700${String(i).padStart(8, '0')}`;
      const cust = `seed-${String(i % CUSTOMERS).padStart(8, '0')}`;
      card.run(n, cust, at, at);
      entry.run('2026-01-15T10:00:00.000Z', 'topup', n, cust, 5000);
      entry.run('2026-06-15T10:00:00.000Z', 'payment', n, cust, -700);
      entry.run('2026-11-15T10:00:00.000Z', 'payment', n, cust, -300);
    }
    const receipt = db.prepare(
      "INSERT INTO receipts (id, till_id, receipt_no, at, local_date, gross, discount, net, bonus_earned, bonus_used, card_paid, payments, store_seq) VALUES (?, 't', ?, ?, ?, 1000, 50, 950, 0, 0, 0, '[]', 1)",
    );
    const line = db.prepare(
      "INSERT INTO receipt_lines (receipt_id, idx, sku, qty, unit_price, gross, discount, net, discount_id, bonus, stamp_free) VALUES (?, 0, 'A', 1, 1000, 1000, 50, 950, ?, 0, 0)",
    );
    for (let d = 0; d < DAYS; d++) {
      const date = new Date(Date.UTC(2025, 11, 1) + d * 86_400_000).toISOString().slice(0, 10);
      for (let r = 0; r < RECEIPTS_PER_DAY; r++) {
        const id = `r-${d}-${r}`;
        receipt.run(id, id, `${date}T10:00:00.000Z`, date);
        line.run(id, `d${String((d * 7 + r) % 200).padStart(6, '0')}`);
      }
    }
  });
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tillgate-bench-loop-'));
  const config = parseConfig(TEST_CONFIG_YAML, 'bench.yaml');
  const store = openStore(join(dir, 'store.db'), 'bench');
  const ctx: EngineContext = { store, clock: systemClock, logger: silentLogger(), config };
  const t0 = performance.now();
  seed(ctx);
  console.log(`seeded in ${Math.round(performance.now() - t0)} ms`);
  const printer = deviceSchema.parse({ id: 'p1', kind: 'printer', transport: { type: 'tcp', host: '127.0.0.1', port: 9 } }) as PrinterConfig;
  const hub = new DeviceHub({
    devices: [printer] as DeviceConfig[],
    cardSchemes: config.cardSchemes,
    logger: silentLogger(),
    journal: storePrintJournal(store.db),
    backoff: { minMs: 5000, maxMs: 5000 },
  });
  await hub.start();
  const previews = new PreviewRunner();
  const app = createApp({ ctx, api: config.api, logger: silentLogger(), version: 'bench', startedAt: new Date(), extraRoutes: deviceApiRoutes(hub, previews) });
  const env = { incoming: { socket: { remoteAddress: '127.0.0.1' } } };
  const get = async (path: string) => {
    const res = await app.request(path, { headers: { authorization: 'Bearer admin-token-0123456789' } }, env);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  };
  const bigDoc = JSON.stringify({ lines: Array.from({ length: 80 }, (_, i) => ({ text: `Line ${i} ÄÖÜ õ € WWWWW`, size: 'double', bold: true })) });
  await get('/v1/printers/p1/preview'); // start the worker outside the measurement

  const { db } = store;
  const oldCardUsage = () =>
    db
      .prepare(
        `SELECT c.number, c.type, c.customer_id, COALESCE(SUM(CASE WHEN g.at < ?1 THEN g.delta END), 0) AS opening,
              COALESCE(SUM(CASE WHEN g.at >= ?1 AND g.at < ?2 AND g.delta > 0 THEN g.delta END), 0) AS credits,
              COALESCE(SUM(CASE WHEN g.at >= ?1 AND g.at < ?2 AND g.delta < 0 THEN -g.delta END), 0) AS debits,
              COALESCE(SUM(CASE WHEN g.at < ?2 THEN g.delta END), 0) AS closing
       FROM cards c JOIN ledger g ON g.card_number = c.number
        AND g.asset = CASE c.type WHEN 'credit' THEN 'money' WHEN 'bonus' THEN 'bonus' ELSE 'account' END
       WHERE c.type IN ('credit', 'bonus', 'discount_payment') GROUP BY c.number ORDER BY c.number`,
      )
      .all('2025-12-01', '2026-12-01');
  const oldDiscountSales = () =>
    db
      .prepare(
        `SELECT l.discount_id, COUNT(*) AS lines, SUM(l.qty) AS units, SUM(l.gross) AS gross, SUM(l.discount) AS discount, SUM(l.net) AS net, SUM(l.bonus) AS bonus
       FROM receipt_lines l JOIN receipts r ON r.id = l.receipt_id WHERE r.local_date BETWEEN ? AND ? AND l.discount_id IS NOT NULL
       GROUP BY l.discount_id ORDER BY l.discount_id`,
      )
      .all('2025-12-01', '2026-11-30');

  const cases: [string, string, () => Promise<unknown>][] = [
    ['baseline: an idle 250 ms wait', 'OS scheduling noise on this box', () => new Promise((r) => setTimeout(r, 250))],
    [
      `GET /v1/admin/discounts (${DISCOUNTS.toLocaleString('en')} rows)`,
      'before: whole list',
      async () => JSON.stringify({ items: store.master.list<object>('discounts').map((r) => ({ id: r.id, ...r.body })) }),
    ],
    ['', 'after: one page (100)', () => get('/v1/admin/discounts')],
    ['', 'after: page of 1000', () => get('/v1/admin/discounts?limit=1000')],
    [
      `GET campaign codes (${CODES.toLocaleString('en')})`,
      'before: all codes',
      async () =>
        JSON.stringify({
          codes: (db.prepare("SELECT code FROM vouchers WHERE campaign_id = 'camp' ORDER BY rowid").all() as { code: string }[]).map((r) => r.code),
        }),
    ],
    ['', 'after: page of 1000', () => get('/v1/admin/voucher-campaigns/camp/codes?limit=1000')],
    [`card-usage, a year (${CARDS.toLocaleString('en')} cards)`, 'before: all cards', async () => JSON.stringify(oldCardUsage())],
    ['', 'after: page of 100', () => get('/v1/admin/reports/card-usage?from=2025-12-01&to=2026-11-30')],
    [
      `discount-sales, a year (${(DAYS * RECEIPTS_PER_DAY).toLocaleString('en')} lines)`,
      'before: one aggregate',
      async () => JSON.stringify(oldDiscountSales()),
    ],
    ['', 'after: day by day', () => get('/v1/admin/reports/discount-sales?from=2025-12-01&to=2026-11-30')],
    ['POST preview, 3,864 dot rows', 'before: on the loop', async () => renderJob({ cfg: printer, raw: bigDoc, field: '(body)', maxRows: 1e9 })],
    [
      '',
      'after: worker',
      () => Promise.resolve(app.request('/v1/printers/p1/preview', { method: 'POST', body: bigDoc, headers: { 'content-type': 'application/json' } }, env)),
    ],
    [
      `first evaluate after a discount PUT (${DISCOUNTS.toLocaleString('en')}, unchanged)`,
      'catalog rebuild',
      async () => {
        store.db.tx(() =>
          store.master.put('discounts', 'd000000', { name: 'Discount 0', percent: 500, covers: { skus: ['SKU-0'] } }, new Date().toISOString()),
        );
        return masterSnapshot(ctx);
      },
    ],
    [`GET /v1/customers?q=a admin (${CUSTOMERS.toLocaleString('en')}, unchanged)`, 'LIKE scan, limit 20', () => get('/v1/customers?q=a&limit=20')],
    ['GET /v1/customers?q=…', 'trigram FTS, limit 20', () => get('/v1/customers?q=mets&limit=20')],
  ];
  console.log('| route (size) | variant | longest loop stretch ms | total ms |');
  console.log('|---|---|---:|---:|');
  for (const [route, variant, fn] of cases) {
    await fn(); // warm
    const runs = [await stretch(fn), await stretch(fn), await stretch(fn)];
    const max = Math.min(...runs.map((r) => r.maxMs));
    const total = Math.min(...runs.map((r) => r.totalMs));
    console.log(`| ${route} | ${variant} | ${max.toFixed(1)} | ${total.toFixed(1)} |`);
  }
  await previews.stop();
  await hub.stop();
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
