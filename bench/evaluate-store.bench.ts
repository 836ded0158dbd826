/**
 * Issue 14 (GW-8): basket evaluation in-process including the 3–6 database reads a real request
 * does (card, customer, balances, payer's account, spent today — `loadAndEvaluate`), on the chain
 * store (BENCH_SIZE cards, 1,000,000 by default), each call for a card drawn across the whole
 * store rather than a warm few. Floor in the same run, interleaved in blocks (3 repeats): the raw
 * card row by primary key for the same cards. No HTTP here: see http-evaluate.bench.ts.
 */
import { systemClock } from '../src/common/clock.js';
import { silentLogger } from '../src/common/logger.js';
import type { EngineContext } from '../src/engine/context.js';
import { loadAndEvaluate } from '../src/engine/receipts/evaluate.js';
import { openStore } from '../src/engine/store/store.js';
import { benchConfig } from './lib/bench-config.js';
import { basketMaker } from './lib/baskets.js';
import { fmtUs, median, min } from './lib/blocks.js';
import { benchSize, removeDb, workCopy } from './lib/chain-store.js';
import { percentile, timeSync } from './lib/stats.js';

const N = 5000;

export async function run(): Promise<void> {
  const size = benchSize();
  const config = benchConfig();
  const db = await workCopy(size, 'evaluate-store');
  const store = openStore(db, 'bench');
  const ctx: EngineContext = { store, clock: systemClock, logger: silentLogger(), config: { ...config, database: { ...config.database, path: db } } };
  try {
    const { basket, anyCard } = basketMaker(config, size, 41);
    const t0 = performance.now();
    loadAndEvaluate(ctx, basket(anyCard()));
    console.log(`first loadAndEvaluate (compiles the catalog): ${(performance.now() - t0).toFixed(1)} ms`);
    const raw = store.db.prepare('SELECT number, customer_id, type, status FROM cards WHERE number = ?');
    const cases = {
      'floor: raw card row by number': (bs: ReturnType<typeof basket>[]) => timeSync((i) => raw.get(bs[i]!.card), N, 200),
      'loadAndEvaluate (DB reads + engine)': (bs: ReturnType<typeof basket>[]) => timeSync((i) => loadAndEvaluate(ctx, bs[i]!), N, 200),
    };
    const res = new Map<string, { p50: number[]; p99: number[] }>();
    for (let r = 0; r < 3; r++) {
      for (const [name, fn] of Object.entries(cases)) {
        // New cards for every block, so no block reads what an earlier one warmed.
        const sorted = fn(Array.from({ length: N }, () => basket(anyCard())))
          .map((x) => x * 1000)
          .sort((a, b) => a - b);
        const row = res.get(name) ?? { p50: [], p99: [] };
        row.p50.push(percentile(sorted, 50));
        row.p99.push(percentile(sorted, 99));
        res.set(name, row);
      }
    }
    const floor = res.get('floor: raw card row by number')!;
    console.log(`\n## In-process evaluation incl. DB reads, ${size.toLocaleString('en')} cards across the store (goal p99 < 250 µs)`);
    console.log('3 repeats of interleaved blocks; min / median over the repeats');
    console.log('| case | p50 min / median | p99 min / median | p50 ÷ floor |');
    console.log('|---|---|---|---|');
    for (const [name, r] of res)
      console.log(
        `| ${name} | ${fmtUs(min(r.p50))} / ${fmtUs(median(r.p50))} | ${fmtUs(min(r.p99))} / ${fmtUs(median(r.p99))} | ${(median(r.p50) / median(floor.p50)).toFixed(2)}× |`,
      );
  } finally {
    store.close();
    removeDb(db);
  }
}
