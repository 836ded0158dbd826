/**
 * Issue 15 (GW-7): what the per-request AsyncLocalStorage context costs (it puts the request id
 * on every log line, engine lines included). Two bench servers on the same store copy: one as
 * the daemon runs, one with BENCH_REQUEST_CONTEXT=off (AsyncLocalStorage.run replaced by a plain
 * call, so Node never enables its async hooks). POST /v1/baskets/evaluate and the bare route on
 * both, interleaved blocks, 3 repeats; the floor is evaluate without the context.
 */
import { benchConfig } from './lib/bench-config.js';
import { basketMaker } from './lib/baskets.js';
import { interleave, printBlocks } from './lib/blocks.js';
import { benchSize, removeDb, workCopy } from './lib/chain-store.js';
import { HttpClient } from './lib/http-client.js';
import { startBenchServer } from './lib/server-process.js';

const N = 5000;
const FLOOR = 'evaluate, no request context';

export async function run(): Promise<void> {
  const size = benchSize();
  const config = benchConfig();
  const db = await workCopy(size, 'request-context');
  const withCtx = await startBenchServer(db);
  const without = await startBenchServer(db, undefined, { BENCH_REQUEST_CONTEXT: 'off' });
  const client = new HttpClient();
  try {
    const { basket, anyCard } = basketMaker(config, size, 15);
    for (const s of [withCtx, without]) {
      const first = await fetch(`${s.base}/v1/baskets/evaluate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(basket(anyCard())),
      });
      if (first.status !== 200) throw new Error(`evaluate ${first.status} ${await first.text()}`);
    }
    const bodies = () => Array.from({ length: N + 200 }, () => ({ body: JSON.stringify(basket(anyCard())) }));
    const rows = await interleave(
      client,
      [
        { name: FLOOR, url: `${without.base}/v1/baskets/evaluate`, bodies },
        { name: 'evaluate, request context (as the daemon)', url: `${withCtx.base}/v1/baskets/evaluate`, bodies },
        { name: 'bare route, no request context', url: `${without.base}/bench/bare`, bodies },
        { name: 'bare route, request context', url: `${withCtx.base}/bench/bare`, bodies },
      ],
      { n: N },
    );
    printBlocks(`Request context (AsyncLocalStorage) on HTTP evaluate, ${size.toLocaleString('en')} cards, 1 conn`, rows, FLOOR);
  } finally {
    await client.close();
    await Promise.all([withCtx.stop(), without.stop()]);
    removeDb(db);
  }
}
