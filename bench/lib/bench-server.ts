/**
 * The measured server, run as its own process by server-process.ts (`node --import tsx
 * bench/lib/bench-server.ts <db>`): the daemon's API built as src/main.ts builds it (createApp
 * with the same deps, `listen()` from src/listen.ts, pino at the config's level, synchronous=FULL)
 * on 127.0.0.1, plus the floors under /bench/*, registered through createApp's `extraRoutes` so
 * they pass the same middleware (host/origin checks, auth, body checks) on the same server:
 *   POST /bench/bare          a constant JSON body (reads nothing): the HTTP + Hono floor
 *   POST /bench/tx            one raw fsync'd libSQL transaction (one INSERT): the durable-write floor
 *   GET  /bench/tx-loop?n=    n raw fsync'd transactions timed inside the server (no HTTP): ms samples
 *   GET  /bench/group-stats   what group commit did so far (groups, writes, largest): not a floor
 *   GET  /bench/card/:number  the raw card row by primary key: the till card-lookup floor
 *   GET  /bench/fts?q=        the raw trigram FTS query (rowids, LIMIT 20): the search floor
 *   POST /bench/raw-vouchers  {count}: raw INSERTs into a voucher-shaped table in the campaign's
 *                             time-bounded chunks (same step, slice and cap), yielding between
 *                             them like it: the campaign floor
 * No device hub, sync or scheduled jobs: nothing else runs on the loop while a block is measured.
 * BENCH_REQUEST_CONTEXT=off runs every request without its AsyncLocalStorage context (no reqId
 * on log lines; the X-Request-Id header stays): the floor of request-context.bench.ts.
 * It answers the parent over IPC with {port} once it listens and exits when the parent disconnects.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { setImmediate as yieldLoop } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { createApp, type App } from '../../src/api/app.js';
import { systemClock } from '../../src/common/clock.js';
import { createLogger } from '../../src/common/logger.js';
import type { EngineContext } from '../../src/engine/context.js';
import { CAMPAIGN_CHUNK, CAMPAIGN_SLICE_MS, CAMPAIGN_STEP } from '../../src/engine/vouchers/voucher-campaigns.js';
import { masterSnapshot } from '../../src/engine/receipts/catalog-cache.js';
import { openStore, type Store } from '../../src/engine/store/store.js';
import { listen } from '../../src/listen.js';
import { warmUp } from '../../src/api/warm-up.js';
import { benchConfig } from './bench-config.js';
import { rng } from './rng.js';

const BARE = { ok: true, store: 'bench', note: 'a constant' };

function floorRoutes(store: Store): (app: App) => void {
  const db = store.db;
  db.raw.exec('CREATE TABLE IF NOT EXISTS bench_floor (id INTEGER PRIMARY KEY, at TEXT NOT NULL, v TEXT NOT NULL)');
  db.raw.exec(`CREATE TABLE IF NOT EXISTS bench_vouchers (code TEXT PRIMARY KEY, privilege_id TEXT NOT NULL, value INTEGER,
    status TEXT NOT NULL, source TEXT NOT NULL, issued_at TEXT NOT NULL, valid_until TEXT NOT NULL)`);
  const txInsert = db.prepare('INSERT INTO bench_floor (at, v) VALUES (?, ?)');
  const card = db.prepare('SELECT number, customer_id, type, status FROM cards WHERE number = ?');
  const fts = db.prepare('SELECT rowid FROM customers_fts WHERE customers_fts MATCH ? LIMIT 20');
  const voucher = db.prepare("INSERT OR IGNORE INTO bench_vouchers VALUES (?, 'p', 500, 'issued', 'campaign', ?, '2027-12-31')");
  const rand = rng(99);
  const oneTx = () => db.tx(() => txInsert.run(new Date().toISOString(), 'x'.repeat(200)));
  return (app) => {
    app.post('/bench/bare', (c) => c.json(BARE));
    app.post('/bench/tx', (c) => {
      oneTx();
      return c.json(BARE);
    });
    app.get('/bench/tx-loop', (c) => {
      const n = Math.min(2000, Number(c.req.query('n') ?? 200));
      const samples: number[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        oneTx();
        samples.push(performance.now() - t0);
      }
      return c.json({ samples });
    });
    app.get('/bench/group-stats', (c) => c.json({ ...db.groupStats }));
    app.get('/bench/card/:number', (c) => {
      const r = card.get(c.req.param('number')) as { number: string; customer_id: string; type: string; status: string } | undefined;
      return r ? c.json({ number: r.number, customerId: r.customer_id, type: r.type, status: r.status }) : c.json({ code: 'card_not_found' }, 404);
    });
    app.get('/bench/fts', (c) => {
      const q = c.req.query('q') ?? '';
      const rows = fts.all('"' + q.replace(/"/g, '""') + '"') as { rowid: number }[];
      return c.json({ ids: rows.map((r) => r.rowid) });
    });
    app.post('/bench/raw-vouchers', async (c) => {
      const { count } = await c.req.json<{ count: number }>();
      const at = new Date().toISOString();
      const t0 = performance.now();
      for (let done = 0; done < count; ) {
        const start = done;
        db.tx(() => {
          const t1 = performance.now();
          do {
            for (const end = Math.min(count, done + CAMPAIGN_STEP); done < end; done++) voucher.run(String(Math.floor(rand() * 1e10)).padStart(10, '0'), at);
          } while (done < count && done - start < CAMPAIGN_CHUNK && performance.now() - t1 < CAMPAIGN_SLICE_MS);
        });
        await yieldLoop();
      }
      return c.json({ count, ms: performance.now() - t0 });
    });
  };
}

if (process.env.BENCH_REQUEST_CONTEXT === 'off') {
  // Before any request: run() then never enables the async hooks AsyncLocalStorage needs.
  AsyncLocalStorage.prototype.run = function run<R, A extends unknown[]>(_store: unknown, fn: (...args: A) => R, ...args: A): R {
    return fn(...args);
  };
}

const path = process.argv[2];
if (!path) throw new Error('usage: bench-server.ts <database>');
const base = benchConfig();
const config = { ...base, database: { ...base.database, path } };
const logger = createLogger({ level: config.logging.level });
const store = openStore(path, config.store.id, { cachedRows: config.database.cachedRows });
const ctx: EngineContext = { store, clock: systemClock, logger, config };
masterSnapshot(ctx); // as src/main.ts does before it listens
const app = createApp({ ctx, api: config.api, logger, version: 'bench', startedAt: new Date(), extraRoutes: [floorRoutes(store)] });
await warmUp(app, config.api); // as src/main.ts does before it listens
const server = await listen(app.fetch, '127.0.0.1', 0);
const addr = server.address();
process.send?.({ port: typeof addr === 'object' && addr ? addr.port : 0 });
process.on('disconnect', () => {
  server.close();
  store.close();
  process.exit(0);
});
