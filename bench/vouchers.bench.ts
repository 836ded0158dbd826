/**
 * Issue 4 benchmark.
 * 1. Issuing 100,000 vouchers from a random 8-digit range with check digit through the campaign
 *    use case (durable, chunked): vouchers/s, next to the same for a sequential range and to
 *    generating the codes alone (no store), all in this run.
 * 2. Till latency while a campaign runs: p50/p99 of GET /v1/cards/{number} over loopback from a
 *    client in a worker thread, without and with a 100,000-voucher campaign in the same daemon.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '../src/api/app.js';
import { systemClock } from '../src/common/clock.js';
import { silentLogger } from '../src/common/logger.js';
import { parseConfig } from '../src/config/load.js';
import { createCard } from '../src/engine/cards.js';
import type { EngineContext } from '../src/engine/context.js';
import { voucherCodeAt } from '../src/engine/model/voucher-numbering.js';
import { openStore } from '../src/engine/store/store.js';
import { runCampaign } from '../src/engine/voucher-campaigns.js';
import { createRange } from '../src/engine/voucher-ranges.js';
import { seedCustomers, seedCustomer } from '../tests/fixtures/seed-customers.js';
import { TEST_CONFIG_YAML } from '../tests/helpers/engine-fixture.js';
import { HttpClient } from './lib/http-client.js';
import { report, summarize } from './lib/stats.js';

const COUNT = 100_000;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tillgate-bench-vouchers-'));
  const config = parseConfig(TEST_CONFIG_YAML, 'bench.yaml');
  const store = openStore(join(dir, 'store.db'), 'bench');
  const ctx: EngineContext = { store, clock: systemClock, logger: silentLogger(), config };
  const put = (id: string, rangeId: string) => store.db.tx(() => store.master.put('privileges', id, { name: id, voucher: { value: 500, validDays: 90, rangeId } }, new Date().toISOString()));
  const rnd = createRange(ctx, { code: 'RND', digits: 8, from: 0, to: 9_999_999, random: true, checkDigit: true });
  const seq = createRange(ctx, { code: 'SEQ', digits: 9, from: 0, to: 99_999_999, random: false, checkDigit: true });
  const rnd2 = createRange(ctx, { code: 'RND2', digits: 10, from: 0, to: 999_999_999, random: true, checkDigit: true });
  put('p-rnd', rnd.id);
  put('p-seq', seq.id);
  put('p-rnd2', rnd2.id);

  let t0 = performance.now();
  for (let i = 0; i < COUNT; i++) voucherCodeAt(rnd, i);
  const pureS = (performance.now() - t0) / 1000;
  t0 = performance.now();
  await runCampaign(ctx, { rangeId: seq.id, privilegeId: 'p-seq', count: COUNT }, null);
  const seqS = (performance.now() - t0) / 1000;
  t0 = performance.now();
  await runCampaign(ctx, { rangeId: rnd.id, privilegeId: 'p-rnd', count: COUNT }, null);
  const rndS = (performance.now() - t0) / 1000;
  console.log('\n## Issuing 100,000 vouchers (target ≥ 50,000/s for the random 8-digit range with check digit)');
  console.log('| case | seconds | vouchers/s | ÷ codes alone |');
  console.log('|---|---|---|---|');
  for (const [name, s] of [['codes alone (keyed permutation + Luhn, no store)', pureS], ['campaign, sequential 9-digit range, check digit', seqS], ['campaign, random 8-digit range, check digit', rndS]] as const) {
    console.log(`| ${name} | ${s.toFixed(2)} | ${Math.round(COUNT / s).toLocaleString('en')} | ${(s / pureS).toFixed(1)}× |`);
  }

  // Till latency while a campaign runs.
  seedCustomers(store, 1000);
  const numbers = Array.from({ length: 1000 }, (_, i) => createCard(ctx, seedCustomer(i).id, {}).number);
  const app = createApp({ ctx, api: config.api, logger: ctx.logger, version: 'bench', startedAt: new Date(), clientAddress: () => '127.0.0.1' });
  let server: ReturnType<typeof serve> | undefined;
  const base: string = await new Promise((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve(`http://127.0.0.1:${info.port}`));
  });
  const client = new HttpClient();
  const urls = numbers.map((n) => ({ url: `${base}/v1/cards/${n}` }));
  const idle = await client.measure(base, urls, 3000, { method: 'GET' });
  let campaignDone = false;
  const campaign = runCampaign(ctx, { rangeId: rnd2.id, privilegeId: 'p-rnd2', count: COUNT }, null).then(() => (campaignDone = true));
  // Measure in short rounds until the campaign has finished, so every sample overlaps it.
  const busy: number[] = [];
  while (!campaignDone) busy.push(...(await client.measure(base, urls, 200, { method: 'GET', warmup: 0 })).samples);
  await campaign;
  report('GET /v1/cards/{number} over loopback while a 100,000-voucher campaign runs', [
    summarize('no campaign', idle.samples, 'µs'),
    summarize('during the campaign', busy, 'µs'),
  ], 'no campaign');
  await client.close();
  server?.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
