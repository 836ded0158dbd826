/**
 * Issue 11 benchmark, store side (`npm run bench -- sync`), real PostgreSQL on 127.0.0.1:5432
 * (fresh database, dropped at the end), every party a separate process: `tillgate central` and
 * store daemons (`tillgate start`) whose sync clients talk to central through a forwarding TCP
 * proxy (the tests' fault proxy). This process is only the till.
 * 1. Propagation while online: a top-up at store A until store B's GET /v1/cards/{n} shows it
 *    (A's push → central ingest → B's long-poll → B applies). Goal p95 < 1 s. Baseline in the
 *    same run: the till's own round trip for the top-up at A.
 * 2. Catch-up after a simulated outage: 20,000 events written at store C while its link is cut,
 *    then the link restored: time until central acknowledged all of them, and until store B
 *    shows the resulting balance. Goal < 30 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { fixedClock } from '../src/common/clock.js';
import { luhnCheckDigit } from '../src/common/check-digits.js';
import { silentLogger } from '../src/common/logger.js';
import { createCard, topUp } from '../src/engine/cards/cards.js';
import type { EngineContext } from '../src/engine/context.js';
import { createCustomer } from '../src/engine/customers/customers.js';
import { openCheckedStore } from '../src/engine/store/identity.js';
import { benchConfig } from './lib/bench-config.js';
import { startChainCentral, startChainStore, type ChainStore } from './lib/chain.js';
import { summarize } from './lib/stats.js';

const SAMPLES = 60;
const OUTAGE_EVENTS = 20_000;
const POLL_MS = 5;

const number = (serial: number) => {
  const p = `6009${String(serial).padStart(11, '0')}`;
  return `${p}${luhnCheckDigit(p)}`;
};

async function waitUntil(cond: () => Promise<boolean>, limitMs: number): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('bench condition not reached in time');
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

async function cardAt(s: ChainStore, n: string): Promise<void> {
  const c = await s.req('POST', '/v1/customers', { kind: 'person', firstName: 'Bench', lastName: 'Card', phone: '+372 5000 0000' });
  const r = await s.req('POST', `/v1/customers/${c.body.id as string}/cards`, { number: n, type: 'credit', luhn: true });
  if (r.status !== 201) throw new Error(`card at ${s.id}: ${r.status}`);
}

const money = async (s: ChainStore, n: string) => ((await s.req('GET', `/v1/cards/${n}`)).body.balances as { money: number }).money;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tillgate-bench-prop-'));
  const central = await startChainCentral(dir);
  const stores: ChainStore[] = [];
  const pool = new pg.Pool({ connectionString: central.fresh.url, max: 2 });
  try {
    const a = await startChainStore(central, 'bench-a');
    const b = await startChainStore(central, 'bench-b');
    stores.push(a, b);
    const card = number(1);
    await cardAt(a, card);
    await cardAt(b, card);
    const till: number[] = [];
    const prop: number[] = [];
    let key = 0;
    for (let i = 0; i < SAMPLES + 5; i++) {
      const before = await money(b, card);
      const t0 = performance.now();
      const r = await a.req('POST', `/v1/cards/${card}/topups`, { amount: 1 }, `bench-${++key}`);
      if (r.status !== 201) throw new Error(`top-up: ${r.status}`);
      const t1 = performance.now();
      await waitUntil(async () => (await money(b, card)) === before + 1, 30_000);
      if (i >= 5) {
        till.push(t1 - t0);
        prop.push(performance.now() - t0);
      }
    }
    const p = summarize('propagation', prop, 'ms');
    const t = summarize('till', till, 'ms');
    console.log(`\n## Propagation store A → central → store B while online, ${SAMPLES} top-ups (goal p95 < 1 s)`);
    console.log('| case | p50 | p95 | p99 | max |');
    console.log('|---|---|---|---|---|');
    const pct = (xs: number[], q: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
    console.log(
      `| till round trip of the top-up at A (baseline) | ${t.p50.toFixed(1)} ms | ${pct(till, 0.95).toFixed(1)} ms | ${t.p99.toFixed(1)} ms | ${Math.max(...till).toFixed(1)} ms |`,
    );
    console.log(
      `| top-up at A visible at B | ${p.p50.toFixed(0)} ms | ${pct(prop, 0.95).toFixed(0)} ms | ${p.p99.toFixed(0)} ms | ${Math.max(...prop).toFixed(0)} ms |`,
    );

    // Catch-up: store C wrote 20,000 events while cut off (one transaction, before its daemon starts).
    const outageCard = number(2);
    await cardAt(b, outageCard);
    const c = await startChainStore(central, 'bench-c', '', (dbPath, id) => {
      const s = openCheckedStore(dbPath, id);
      try {
        const cfg = benchConfig();
        const ctx: EngineContext = {
          store: s,
          clock: fixedClock(new Date().toISOString()),
          logger: silentLogger(),
          config: { ...cfg, store: { ...cfg.store, id } },
        };
        s.db.tx(() => {
          const cust = createCustomer(ctx, { kind: 'person', firstName: 'Out', lastName: 'Age', phone: '+372 5000 0002' });
          createCard(ctx, cust.id, { type: 'credit', number: outageCard, luhn: true });
          for (let i = 0; i < OUTAGE_EVENTS; i++) topUp(ctx, outageCard, { amount: 1 });
        });
      } finally {
        s.close();
      }
    });
    stores.push(c);
    c.proxy.setMode('blackhole');
    const acked = async () => Number((await pool.query<{ acked_seq: string }>('SELECT acked_seq FROM stores WHERE id = $1', ['bench-c'])).rows[0]?.acked_seq);
    const t0 = performance.now();
    c.proxy.setMode('forward');
    await waitUntil(async () => (await acked()) === OUTAGE_EVENTS, 120_000);
    const ingested = performance.now() - t0;
    await waitUntil(async () => (await money(b, outageCard)) === OUTAGE_EVENTS, 120_000);
    const atB = performance.now() - t0;
    console.log(`\n## Catch-up after a simulated outage of ${OUTAGE_EVENTS.toLocaleString('en')} events at one store (goal < 30 s)`);
    console.log('| link restored → | seconds | events/s |');
    console.log('|---|---|---|');
    console.log(`| central acknowledged all | ${(ingested / 1000).toFixed(2)} | ${Math.round(OUTAGE_EVENTS / (ingested / 1000)).toLocaleString('en')} |`);
    console.log(`| another store shows the balance | ${(atB / 1000).toFixed(2)} | – |`);
  } finally {
    for (const s of stores) {
      s.daemon.proc.kill('SIGTERM');
      await s.daemon.exited;
      await s.proxy.close();
    }
    await pool.end();
    await central.proc.stop();
    await central.fresh.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
