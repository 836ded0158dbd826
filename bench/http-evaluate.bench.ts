/**
 * Issue 14 (GW-8): POST /v1/baskets/evaluate over loopback on the chain store (BENCH_SIZE
 * customers and cards, 1,000,000 by default; 1,000 discounts; 20-line baskets), each request for a
 * card drawn across the whole store, so the card, customer and balance reads a real request does
 * hit cold pages as often as the store size makes them. The server is its own process
 * (bench/lib/bench-server.ts); the floor is a constant Hono route on that same server and app,
 * measured in interleaved blocks with evaluate, 3 repeats. Also: the first evaluate after start
 * (catalog compile) and the server's RSS after the run.
 */
import { request } from 'node:http';
import { benchConfig } from './lib/bench-config.js';
import { basketMaker } from './lib/baskets.js';
import { interleave, printBlocks } from './lib/blocks.js';
import { benchSize, removeDb, workCopy } from './lib/chain-store.js';
import { HttpClient } from './lib/http-client.js';
import { printRss } from './lib/rss.js';
import { startBenchServer } from './lib/server-process.js';

const N = 5000;

/** One POST on a new connection. */
function postOnce(url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function run(): Promise<void> {
  const size = benchSize();
  const config = benchConfig();
  const db = await workCopy(size, 'evaluate');
  const server = await startBenchServer(db);
  const client = new HttpClient();
  try {
    const { basket, anyCard } = basketMaker(config, size, 11);
    // node:http, already loaded: fetch's first call would time the client's own start-up (undici) too.
    const t0 = performance.now();
    const first = await postOnce(`${server.base}/v1/baskets/evaluate`, JSON.stringify(basket(anyCard())));
    const firstMs = performance.now() - t0;
    if (first.status !== 200) throw new Error(`evaluate ${first.status} ${first.text}`);
    console.log(
      `first evaluate after start (the server compiled the catalog and warmed up before it listened): ${firstMs.toFixed(1)} ms; response ${first.text.length} B`,
    );

    // Fresh cards for every block: a repeat never re-reads what the previous block warmed.
    const bodies = () => Array.from({ length: N + 200 }, () => ({ body: JSON.stringify(basket(anyCard())) }));
    const rows = await interleave(
      client,
      [
        { name: 'floor: bare constant route', url: `${server.base}/bench/bare`, bodies },
        { name: 'POST /v1/baskets/evaluate', url: `${server.base}/v1/baskets/evaluate`, bodies },
      ],
      { n: N },
    );
    printBlocks(
      `HTTP evaluate, ${size.toLocaleString('en')} cards across the store, 1 conn (goals: p99 < 1 ms; p50 ≤ 2× floor, 1.5× goal)`,
      rows,
      'floor: bare constant route',
    );
    printRss(`of the server after evaluate at ${size.toLocaleString('en')}`, server.rss());
  } finally {
    await client.close();
    await server.stop();
    removeDb(db);
  }
}
