/**
 * Issue 14 (VOUCH-6): voucher campaigns over HTTP on a store that already holds BENCH_SIZE
 * vouchers (1,000,000 by default; the chain seed), with till card lookups measured while each
 * campaign runs. The server is its own process; this process posts the campaign and its
 * HttpClient worker keeps calling GET /v1/cards/{number} (cards across the whole store) until the
 * campaign answers. Per repeat (3), in turn:
 *   - floor: POST /bench/raw-vouchers — 100,000 raw INSERTs into a voucher-shaped table in the
 *     campaign's chunk size with the same yield between chunks, lookups measured alongside;
 *   - POST /v1/admin/voucher-campaigns — 100,000 vouchers from a random 8-digit range with check
 *     digit, lookups measured alongside.
 *   - the same campaign with one till closing receipts (POST /v1/receipts, evaluated beforehand)
 *     alongside instead of the lookups: how long a receipt's write waits for the campaign's.
 * Idle lookups (no write running) are measured first, next to the raw card-row route; idle
 * receipt closes before the repeats.
 */
import { benchConfig } from './lib/bench-config.js';
import { basketMaker } from './lib/baskets.js';
import { fmtUs, interleave, median, min, printBlocks, type Body } from './lib/blocks.js';
import { benchSize, removeDb, workCopy } from './lib/chain-store.js';
import { HttpClient } from './lib/http-client.js';
import { printRss } from './lib/rss.js';
import { startBenchServer } from './lib/server-process.js';
import { percentile } from './lib/stats.js';

const COUNT = 100_000;

export async function run(): Promise<void> {
  const size = benchSize();
  const config = benchConfig();
  const db = await workCopy(size, 'vouchers');
  const server = await startBenchServer(db);
  const client = new HttpClient();
  const tills = new HttpClient();
  try {
    const json = (method: string, body: unknown, key?: string) => ({
      method,
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify(body),
    });
    const call = async (path: string, init: RequestInit) => {
      const res = await fetch(server.base + path, init);
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${path} ${res.status} ${text}`);
      return { text, body: JSON.parse(text) as Record<string, unknown> };
    };
    await call('/v1/admin/privileges/p-camp', json('PUT', { name: 'campaign', voucher: { value: 500, validDays: 90 } }));
    const range = (await call('/v1/admin/voucher-ranges', json('POST', { code: 'CAMP', digits: 8, from: 0, to: 9_999_999, random: true, checkDigit: true })))
      .body as { id: string };

    const { anyCard, basket, freshCard, newBlock } = basketMaker(config, size, 31);
    let k = 0;
    /** `n` new receipts, evaluated first (not timed), so the cash paid is exactly what is due. */
    const receipts = async (n: number): Promise<Body[]> => {
      const out: Body[] = [];
      newBlock();
      for (let i = 0; i < n; i++, k++) {
        const b = basket(freshCard((['discount', 'bonus', 'stamp'] as const)[k % 3]!));
        const ev = (await call('/v1/baskets/evaluate', json('POST', b))).body as { payment: { due: number } };
        const payments = ev.payment.due > 0 ? [{ method: 'cash', amount: ev.payment.due }] : [];
        out.push({ body: JSON.stringify({ tillId: 'camp', receiptNo: `V${k}`, ...b, payments }), key: `camp-${k}` });
      }
      return out;
    };
    const lookups = () => Array.from({ length: 1000 }, () => ({ url: `${server.base}/v1/cards/${anyCard()}` }));
    const idle = await interleave(
      client,
      [
        {
          name: 'floor: raw card row',
          url: server.base,
          method: 'GET',
          bodies: () => lookups().map((b) => ({ url: b.url.replace('/v1/cards/', '/bench/card/') })),
        },
        { name: 'GET /v1/cards/{number}, idle', url: server.base, method: 'GET', bodies: lookups },
      ],
      { n: 1000 },
    );
    printBlocks(`Till card lookup, idle, ${size.toLocaleString('en')} cards`, idle, 'floor: raw card row');

    /** Run `write` and measure lookups in rounds of 200 until it answers, so every sample overlaps it. */
    const during = async (write: () => Promise<unknown>) => {
      let done = false;
      const t0 = performance.now();
      const w = write().finally(() => (done = true));
      const samples: number[] = [];
      while (!done) samples.push(...(await client.measure(server.base, lookups(), 200, { method: 'GET', warmup: 0 })).samples);
      await w;
      const s = (performance.now() - t0) / 1000;
      const sorted = samples.map((x) => x * 1000).sort((a, b) => a - b);
      return { rate: COUNT / s, p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: samples.length };
    };
    /** Run `write` and close the prepared receipts one after another, in rounds of 50, until it answers. */
    const withReceipts = async (write: () => Promise<unknown>, bodies: Body[]) => {
      let done = false;
      const t0 = performance.now();
      const w = write().finally(() => (done = true));
      const samples: number[] = [];
      for (let i = 0; !done && i < bodies.length; i += 50)
        samples.push(...(await tills.measure(`${server.base}/v1/receipts`, bodies.slice(i, i + 50), Math.min(50, bodies.length - i), { warmup: 0 })).samples);
      await w;
      const s = (performance.now() - t0) / 1000;
      const sorted = samples.map((x) => x * 1000).sort((a, b) => a - b);
      return { rate: COUNT / s, p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: samples.length };
    };
    const idleReceipts = (await tills.measure(`${server.base}/v1/receipts`, await receipts(300), 300, { warmup: 0 })).samples
      .map((x) => x * 1000)
      .sort((a, b) => a - b);
    const floor: { rate: number; p50: number; p99: number; n: number }[] = [];
    const camp: typeof floor = [];
    const campTills: typeof floor = [];
    let responseBytes = 0;
    let codesInResponse = 0;
    for (let r = 0; r < 3; r++) {
      floor.push(await during(() => call('/bench/raw-vouchers', json('POST', { count: COUNT }))));
      camp.push(
        await during(async () => {
          const res = await call('/v1/admin/voucher-campaigns', json('POST', { rangeId: range.id, privilegeId: 'p-camp', count: COUNT }, `bench-camp-${r}`));
          responseBytes = res.text.length;
          codesInResponse = (res.body.codes as unknown[]).length;
        }),
      );
      const bodies = await receipts(1500);
      campTills.push(
        await withReceipts(
          () => call('/v1/admin/voucher-campaigns', json('POST', { rangeId: range.id, privilegeId: 'p-camp', count: COUNT }, `bench-camp-t${r}`)),
          bodies,
        ),
      );
    }
    console.log(
      `\n## Voucher campaigns of ${COUNT.toLocaleString('en')} over HTTP on a store holding ${size.toLocaleString('en')} vouchers (goals: ≥ 50,000/s; till lookups p99 < 2 ms during)`,
    );
    console.log('3 repeats, floor and campaign in turn; min / median over the repeats (rate: max / median)');
    console.log('| case | vouchers/s max / median | per repeat | lookups during: p50 min / median | p99 min / median | lookups |');
    console.log('|---|---|---|---|---|---|');
    for (const [name, rows] of [
      ['floor: raw INSERTs, same chunks and yields', floor],
      ['POST /v1/admin/voucher-campaigns', camp],
    ] as const) {
      const rates = rows.map((x) => x.rate);
      console.log(
        `| ${name} | ${Math.max(...rates).toFixed(0)} / ${median(rates).toFixed(0)} | ${rates.map((x) => x.toFixed(0)).join(', ')} | ${fmtUs(min(rows.map((x) => x.p50)))} / ${fmtUs(median(rows.map((x) => x.p50)))} | ${fmtUs(min(rows.map((x) => x.p99)))} / ${fmtUs(median(rows.map((x) => x.p99)))} | ${rows.map((x) => x.n).join(', ')} |`,
      );
    }
    const rates = campTills.map((x) => x.rate);
    console.log(
      `| same campaign, one till closing receipts alongside (receipt latency instead of lookups) | ${Math.max(...rates).toFixed(0)} / ${median(rates).toFixed(0)} | ${rates.map((x) => x.toFixed(0)).join(', ')} | ${fmtUs(min(campTills.map((x) => x.p50)))} / ${fmtUs(median(campTills.map((x) => x.p50)))} | ${fmtUs(min(campTills.map((x) => x.p99)))} / ${fmtUs(median(campTills.map((x) => x.p99)))} | ${campTills.map((x) => x.n).join(', ')} |`,
    );
    console.log(
      `receipt close idle (no campaign, same till, 300 receipts): p50 ${fmtUs(percentile(idleReceipts, 50))}, p99 ${fmtUs(percentile(idleReceipts, 99))}`,
    );
    console.log(
      `campaign ÷ floor (median rates): ${(median(floor.map((x) => x.rate)) / median(camp.map((x) => x.rate))).toFixed(2)}× slower; the campaign answer holds ${codesInResponse} codes (${responseBytes} B), the rest paged`,
    );
    printRss(`of the server after the campaigns at ${size.toLocaleString('en')}`, server.rss());
  } finally {
    await client.close();
    await tills.close();
    await server.stop();
    removeDb(db);
  }
}
