/**
 * Issue 14: durable receipt close, POST /v1/receipts (synchronous=FULL), on the chain store
 * (BENCH_SIZE customers/cards, 1,000,000 by default), with 1 till and 8 tills at once. Each
 * receipt is a 20-line cash sale on a card no other receipt uses (drawn across the whole store),
 * paid exactly what the daemon's own evaluation says is due, with its own Idempotency-Key (a
 * replay would measure nothing). The server is its own process; the floors, on the same server and
 * interleaved in blocks with the receipts (3 repeats):
 *   - the bare constant route (HTTP + Hono alone);
 *   - POST /bench/tx: the bare route plus one raw fsync'd libSQL transaction (one INSERT), at the
 *     same concurrency as the receipts — what durability alone costs over HTTP;
 * and, inside the server without HTTP, the raw fsync'd transaction itself (GET /bench/tx-loop).
 * Receipts commit in groups (Db.txGrouped): the writes per group at 1 and 8 tills are printed
 * from the server's counters (GET /bench/group-stats), read before and after each table.
 */
import { benchConfig } from './lib/bench-config.js';
import { basketMaker } from './lib/baskets.js';
import { fmtUs, interleave, median, min, printBlocks, type Body } from './lib/blocks.js';
import { benchSize, removeDb, workCopy } from './lib/chain-store.js';
import { HttpClient } from './lib/http-client.js';
import { printRss } from './lib/rss.js';
import { startBenchServer } from './lib/server-process.js';
import { percentile } from './lib/stats.js';

type GroupStats = { groups: number; members: number; largest: number };

const N = 1500;
const WARMUP = 100;

export async function run(): Promise<void> {
  const size = benchSize();
  const config = benchConfig();
  const db = await workCopy(size, 'receipts');
  const server = await startBenchServer(db);
  const client = new HttpClient();
  try {
    const { basket, freshCard, newBlock } = basketMaker(config, size, 12);
    let k = 0;
    // n + warmup new receipts per block (not timed): evaluated first, so the cash paid is exactly what is due.
    const receipts = async (tag: string): Promise<Body[]> => {
      const out: Body[] = [];
      newBlock();
      for (let i = 0; i < N + WARMUP; i++, k++) {
        const b = basket(freshCard((['discount', 'bonus', 'stamp'] as const)[k % 3]!));
        const res = await fetch(`${server.base}/v1/baskets/evaluate`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(b),
        });
        const ev = (await res.json()) as { payment: { due: number } };
        const payments = ev.payment.due > 0 ? [{ method: 'cash', amount: ev.payment.due }] : [];
        out.push({ body: JSON.stringify({ tillId: tag, receiptNo: `R${k}`, ...b, payments }), key: `${tag}-${k}` });
      }
      return out;
    };
    const small = () => [{ body: '{}' }];
    const groupStats = async () => (await (await fetch(`${server.base}/bench/group-stats`)).json()) as GroupStats;
    const perGroup = (a: GroupStats, b: GroupStats) => ((b.members - a.members) / Math.max(1, b.groups - a.groups)).toFixed(2);
    const g0 = await groupStats();
    const floorTx = "floor: bare route + one fsync'd tx";
    const bare = { name: 'floor: bare constant route', url: `${server.base}/bench/bare`, bodies: small };
    const one = await interleave(
      client,
      [
        bare,
        { name: floorTx, url: `${server.base}/bench/tx`, bodies: small },
        { name: 'POST /v1/receipts', url: `${server.base}/v1/receipts`, bodies: () => receipts('one') },
      ],
      { n: N, warmup: WARMUP },
    );
    printBlocks(`Receipt close, 1 till, ${size.toLocaleString('en')} cards, synchronous=FULL (goal p99 < 3 ms)`, one, floorTx);
    const g1 = await groupStats();
    const eight = await interleave(
      client,
      [
        { ...bare, concurrency: 8 },
        { name: floorTx, url: `${server.base}/bench/tx`, bodies: small, concurrency: 8 },
        { name: 'POST /v1/receipts', url: `${server.base}/v1/receipts`, bodies: () => receipts('eight'), concurrency: 8 },
      ],
      { n: N, warmup: WARMUP },
    );
    printBlocks(`Receipt close, 8 tills at once, ${size.toLocaleString('en')} cards (goal ≥ 1,500 receipts/s)`, eight, floorTx);
    const g8 = await groupStats();
    console.log(`receipts per group commit (incl. warmup): 1 till ${perGroup(g0, g1)}, 8 tills ${perGroup(g1, g8)} (largest ${g8.largest})`);
    const r1 = one.find((r) => r.name === 'POST /v1/receipts')!;
    const r8 = eight.find((r) => r.name === 'POST /v1/receipts')!;
    console.log(
      `receipts/s (min / median over repeats): 1 till ${min(r1.rate).toFixed(0)} / ${median(r1.rate).toFixed(0)}, 8 tills ${min(r8.rate).toFixed(0)} / ${median(r8.rate).toFixed(0)}`,
    );

    // The raw fsync'd transaction inside the server, no HTTP: 3 runs of 500.
    const p50: number[] = [];
    const p99: number[] = [];
    for (let r = 0; r < 3; r++) {
      const { samples } = (await (await fetch(`${server.base}/bench/tx-loop?n=500`)).json()) as { samples: number[] };
      const sorted = samples.map((s) => s * 1000).sort((a, b) => a - b);
      p50.push(percentile(sorted, 50));
      p99.push(percentile(sorted, 99));
    }
    console.log(
      `raw fsync'd libSQL transaction in the server (no HTTP), 3 × 500: p50 ${fmtUs(min(p50))} / ${fmtUs(median(p50))}, p99 ${fmtUs(min(p99))} / ${fmtUs(median(p99))} (min / median)`,
    );
    printRss(`of the server after receipts at ${size.toLocaleString('en')}`, server.rss());
  } finally {
    await client.close();
    await server.stop();
    removeDb(db);
  }
}
