/**
 * Issue 11 benchmark (`npm run bench -- sync`), against the real PostgreSQL on 127.0.0.1:5432
 * (a fresh database per run, dropped at the end).
 * 1. Central ingest events/s on one node and on two (separate `tillgate central` processes; this
 *    process is the client), stores pushing batches of 500 events in sequence, several stores at
 *    once. Baseline in the same run: the same rows inserted raw with
 *    `INSERT … SELECT FROM jsonb_to_recordset … ON CONFLICT (event_id) DO NOTHING` through pg at
 *    the same concurrency (the floor: what the events table alone costs). 3 repeats, min/median.
 * 2. 200 simulated stores pushing at once (one batch of 100 events each): events/s and batch p50/p99.
 */
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freshDatabase } from './lib/central-db.js';
import { ADMIN_TOKEN, pushBody, StoreStream } from './lib/store-stream.js';
import { spawnCentral, type SpawnedCentral } from './lib/spawn-central.js';
import { summarize } from './lib/stats.js';

const BATCH = 500;
const STORES = 8;
const BATCHES_PER_STORE = 5; // 8 × 5 × 500 = 20,000 events per repeat
const REPEATS = 3;
const CARDS = 10_000;

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function post(base: string, token: string, path: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      base + path,
      { method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface StoreLoad {
  id: string;
  token: string;
  bodies: string[];
  rows: string[]; // the same events as raw rows, for the baseline
}

let storeNo = 0;

/** Pre-build the batches (not timed): top-ups and card payments spread over CARDS cards. */
async function prepareStores(base: string, count: number, batches: number, size: number): Promise<StoreLoad[]> {
  const out: StoreLoad[] = [];
  for (let i = 0; i < count; i++) {
    const id = `bench${++storeNo}`;
    const r = await post(base, ADMIN_TOKEN, '/v1/admin/stores', JSON.stringify({ id, name: id }));
    if (r.status !== 201) throw new Error(`create store ${r.status} ${r.text}`);
    const token = (JSON.parse(r.text) as { token: string }).token;
    const s = new StoreStream(id);
    const bodies: string[] = [];
    const rows: string[] = [];
    for (let b = 0; b < batches; b++) {
      const events = Array.from({ length: size }, (_, k) => {
        const card = String(60090000 + ((i * 7919 + b * 104729 + k * 31) % CARDS));
        return k % 3 === 2 ? s.spend(card, 100) : s.topup(card, 150);
      });
      bodies.push(JSON.stringify(pushBody(id, events)));
      rows.push(JSON.stringify(events.map((e) => ({ event_id: e.eventId, store_seq: e.storeSeq, kind: e.kind, at: e.at, hlc: e.hlc, payload: e.payload }))));
    }
    out.push({ id, token, bodies, rows });
  }
  return out;
}

/** Every store pushes its batches in order; stores run concurrently, spread over the nodes. */
async function ingest(nodes: SpawnedCentral[], stores: StoreLoad[]): Promise<{ seconds: number; batchMs: number[] }> {
  const batchMs: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    stores.map(async (s, i) => {
      for (let b = 0; b < s.bodies.length; b++) {
        const node = nodes[(i + b) % nodes.length]!;
        const t = performance.now();
        const r = await post(node.base, s.token, '/sync/v1/push', s.bodies[b]!);
        batchMs.push(performance.now() - t);
        if (r.status !== 200) throw new Error(`push ${r.status} ${r.text.slice(0, 300)}`);
      }
    }),
  );
  return { seconds: (performance.now() - t0) / 1000, batchMs };
}

/** The floor: the same rows straight into a copy of the events table, same batch size and concurrency. */
async function rawInsert(pool: pg.Pool, stores: StoreLoad[]): Promise<number> {
  const t0 = performance.now();
  await Promise.all(
    stores.map(async (s) => {
      for (const rows of s.rows) {
        await pool.query(
          `INSERT INTO bench_events (event_id, store_id, store_seq, kind, at, hlc, payload)
           SELECT event_id, $2, store_seq, kind, at, hlc, payload
           FROM jsonb_to_recordset($1::jsonb) AS x(event_id uuid, store_seq bigint, kind text, at timestamptz, hlc text, payload jsonb)
           ON CONFLICT (event_id) DO NOTHING`,
          [rows, s.id],
        );
      }
    }),
  );
  return (performance.now() - t0) / 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const fmt = (n: number) => Math.round(n).toLocaleString('en');

export async function run(): Promise<void> {
  const fresh = await freshDatabase('tillgate_bench');
  const dir = mkdtempSync(join(tmpdir(), 'tillgate-bench-sync-'));
  const file = join(dir, 'central.yaml');
  writeFileSync(
    file,
    `listen: 127.0.0.1\nport: 0\ndatabase: { url: "${fresh.url}" }\nadminTokens: [{ name: bench, token: ${ADMIN_TOKEN} }]\nlogging: { level: info }\n`,
  );
  const pool = new pg.Pool({ connectionString: fresh.url, max: STORES });
  const nodes: SpawnedCentral[] = [];
  try {
    nodes.push(await spawnCentral(file));
    nodes.push(await spawnCentral(file));
    await pool.query('CREATE TABLE bench_events (LIKE events INCLUDING ALL)');
    const perRepeat = STORES * BATCHES_PER_STORE * BATCH;
    const rates: Record<string, number[]> = { raw: [], one: [], two: [] };
    for (let r = 0; r < REPEATS; r++) {
      const a = await prepareStores(nodes[0]!.base, STORES, BATCHES_PER_STORE, BATCH);
      rates.raw!.push(perRepeat / (await rawInsert(pool, a)));
      rates.one!.push(perRepeat / (await ingest(nodes.slice(0, 1), a)).seconds);
      const b = await prepareStores(nodes[0]!.base, STORES, BATCHES_PER_STORE, BATCH);
      rates.two!.push(perRepeat / (await ingest(nodes, b)).seconds);
    }
    const base = median(rates.raw!);
    console.log(
      `\n## Central ingest, ${STORES} stores × ${BATCHES_PER_STORE} batches × ${BATCH} events = ${fmt(perRepeat)} events per repeat, ${REPEATS} repeats (goal ≥ 10,000/s per node)`,
    );
    console.log('| case | min events/s | median events/s | median ÷ raw insert |');
    console.log('|---|---|---|---|');
    for (const [name, key] of [
      ['raw INSERT … ON CONFLICT DO NOTHING of the same rows (floor, pg)', 'raw'],
      ['central ingest, 1 node', 'one'],
      ['central ingest, 2 nodes (one database)', 'two'],
    ] as const) {
      const xs = rates[key]!;
      console.log(`| ${name} | ${fmt(Math.min(...xs))} | ${fmt(median(xs))} | ${(median(xs) / base).toFixed(2)}× |`);
    }

    const many = await prepareStores(nodes[0]!.base, 200, 1, 100);
    const burst = await ingest(nodes, many);
    const st = summarize('batch', burst.batchMs, 'ms');
    console.log('\n## 200 stores pushing at once (one batch of 100 events each, 2 nodes)');
    console.log('| events | seconds | events/s | batch p50 | batch p99 |');
    console.log('|---|---|---|---|---|');
    console.log(`| ${fmt(200 * 100)} | ${burst.seconds.toFixed(2)} | ${fmt(20_000 / burst.seconds)} | ${st.p50.toFixed(0)} ms | ${st.p99.toFixed(0)} ms |`);
  } finally {
    agent.destroy();
    await pool.end();
    await Promise.all(nodes.map((n) => n.stop()));
    await fresh.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
