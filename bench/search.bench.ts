/**
 * Issue 14 (CUST-5): GET /v1/customers?q= over loopback on the chain store (BENCH_SIZE customers,
 * 1,000,000 by default), till scope (≥ 4 characters), limit 20, at 1 and 8 connections. Two query
 * sets: substrings that match (first name, e-mail, phone fragments of customers drawn across the
 * store) and typo queries (two neighbouring characters swapped, kept only when they match nothing —
 * the case a trigram index finds hardest to rule out). The floor is the raw trigram FTS query
 * for the same strings (GET /bench/fts: rowids only, LIMIT 20) on the same server, interleaved in
 * blocks with the route, 3 repeats. The server is its own process.
 */
import { interleave, printBlocks, type Body } from './lib/blocks.js';
import { benchSize, removeDb, workCopy } from './lib/chain-store.js';
import { HttpClient } from './lib/http-client.js';
import { rng } from './lib/rng.js';
import { printRss } from './lib/rss.js';
import { seedCustomer } from './lib/seed-customers.js';
import { startBenchServer } from './lib/server-process.js';

const N = 1000;
const QUERIES = 400;

export async function run(): Promise<void> {
  const size = benchSize();
  const db = await workCopy(size, 'search');
  const server = await startBenchServer(db);
  const client = new HttpClient();
  try {
    const rand = rng(21);
    const pick = () => seedCustomer(Math.floor(rand() * size));
    const fragments = [
      () => (pick().firstName ?? 'Kohvik').slice(0, 4),
      () => (pick().email ?? '').slice(2, 10),
      () => (pick().phone ?? '').slice(-6),
      () => (pick().lastName ?? 'Ehitus').slice(0, 5),
    ];
    const matching = Array.from({ length: QUERIES }, (_, i) => fragments[i % fragments.length]!());
    const hits = async (q: string) => ((await (await fetch(`${server.base}/bench/fts?q=${encodeURIComponent(q)}`)).json()) as { ids: number[] }).ids.length;
    const typos: string[] = [];
    for (let tries = 0; typos.length < QUERIES && tries < QUERIES * 20; tries++) {
      const q = fragments[tries % fragments.length]!();
      const at = Math.floor(rand() * (q.length - 1));
      const t = q.slice(0, at) + q[at + 1] + q[at] + q.slice(at + 2);
      if (t !== q && t.length >= 4 && (await hits(t)) === 0) typos.push(t);
    }
    console.log(
      `${matching.length} matching queries, ${typos.length} typo queries that match nothing (e.g. ${typos
        .slice(0, 4)
        .map((t) => JSON.stringify(t))
        .join(', ')})`,
    );
    const urls = (qs: string[], path: string) => (): Body[] => qs.map((q) => ({ url: `${server.base}${path}${encodeURIComponent(q)}` }));
    for (const concurrency of [1, 8]) {
      const rows = await interleave(
        client,
        [
          { name: 'floor: raw FTS, matching', url: server.base, method: 'GET', concurrency, bodies: urls(matching, '/bench/fts?q=') },
          { name: 'GET /v1/customers, matching', url: server.base, method: 'GET', concurrency, bodies: urls(matching, '/v1/customers?limit=20&q=') },
          { name: 'floor: raw FTS, typo', url: server.base, method: 'GET', concurrency, bodies: urls(typos, '/bench/fts?q=') },
          { name: 'GET /v1/customers, typo (no match)', url: server.base, method: 'GET', concurrency, bodies: urls(typos, '/v1/customers?limit=20&q=') },
        ],
        { n: N, warmup: 100 },
      );
      printBlocks(
        `CUST-5 search over HTTP, ${size.toLocaleString('en')} customers, ${concurrency} conn(s) (goal p99 < 5 ms at 8 conns incl. typos)`,
        rows,
        'floor: raw FTS, matching',
      );
    }
    printRss(`of the server after search at ${size.toLocaleString('en')}`, server.rss());
  } finally {
    await client.close();
    await server.stop();
    removeDb(db);
  }
}
