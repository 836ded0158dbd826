import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { fetchRetryingResets } from '../../bench/lib/chain.js';
import { startChainCentral, startChainStore, type ChainCentral, type ChainStore } from '../helpers/chain.js';
import { startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres.js';
import { requireStack, STACKS } from '../helpers/require-stack.js';
import { terminate, waitFor } from '../helpers/wait-for.js';

const hasStack = requireStack(STACKS.privatePostgres);
/** Top-ups and card-paid receipts written at the store while it pushes (one event each, at least). */
const OPS = 1500;
const CARD = '6009999999900021';
/** The store stays in online mode through the outage: the test is about central, not offline caps. */
const STORE_YAML = 'offline: { afterS: 3600, cardSpendCap: { money: 100000, bonus: 5000, visits: 5 }, storeBudget: 1000000 }\n';

describe.skipIf(!hasStack)('PostgreSQL restarted under load: central and a pushing store recover by themselves (GW-6, SYNC-2, SYNC-10)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tillgate-pg-restart-'));
  let pgsrv: PrivatePostgres | undefined;
  let central: ChainCentral | undefined;
  let store: ChainStore | undefined;
  afterAll(async () => {
    try {
      await terminate(store?.daemon.proc ?? null);
      await store?.proxy.close();
      await central?.proc.stop();
    } finally {
      pgsrv?.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  /** One short-lived connection per question: the server is restarted under the test's feet. */
  async function ask<R extends object>(sql: string, params: unknown[] = []): Promise<R[]> {
    const c = new pg.Client({ connectionString: central!.fresh.url });
    c.on('error', () => {});
    await c.connect();
    try {
      return (await c.query<R>(sql, params)).rows;
    } finally {
      await c.end().catch(() => {});
    }
  }
  const acked = async () => Number((await ask<{ acked_seq: string }>('SELECT acked_seq FROM stores WHERE id = $1', [store!.id]))[0]?.acked_seq ?? 0);

  it('GW-6/SYNC-2/SYNC-10: PostgreSQL restarted mid-push; central answers 5xx meanwhile, stays the same process, and every store event lands once, contiguous, balance = ledger sum', async () => {
    pgsrv = await startPrivatePostgres();
    central = await startChainCentral(dir, '', await pgsrv.database('tillgate_pg_restart'));
    const centralProc = central.proc.proc;
    let centralExited = false;
    centralProc.once('exit', () => (centralExited = true));
    store = await startChainStore(central, 'pgr-1', STORE_YAML);
    let key = 0;
    const k = () => `pgr-${++key}`;
    const s = store;
    const c = await s.req('POST', '/v1/customers', { kind: 'person', firstName: 'Pia', lastName: 'Pärn', phone: '+372 5000 0101' }, k());
    expect(c.status).toBe(201);
    expect((await s.req('POST', `/v1/customers/${c.body.id as string}/cards`, { number: CARD, type: 'credit', luhn: true }, k())).status).toBe(201);

    // The till keeps selling while the store pushes: top-ups and card-paid receipts, bounded.
    const failures: string[] = [];
    const writes = (async () => {
      for (let i = 0; i < OPS; i++) {
        const r =
          i % 2 === 0
            ? await s.req('POST', `/v1/cards/${CARD}/topups`, { amount: 10 }, k())
            : await s.req(
                'POST',
                '/v1/receipts',
                {
                  tillId: 't1',
                  receiptNo: `r${i}`,
                  at: new Date().toISOString(),
                  card: CARD,
                  lines: [{ sku: 'X', qty: 1, unitPrice: 3 }],
                  payments: [{ method: 'card', amount: 3 }],
                },
                k(),
              );
        if (r.status !== 201) failures.push(`${i}: ${r.status} ${JSON.stringify(r.body)}`);
      }
    })();
    // Restart PostgreSQL in the middle of the pushes.
    await waitFor(async () => (await acked()) >= 200, 'the first pushes ingested', 120_000);
    pgsrv.stop();
    const during = await fetchRetryingResets(`${central.proc.base}/health`, { signal: AbortSignal.timeout(15_000) });
    expect(during.status).toBeGreaterThanOrEqual(500);
    expect(during.status).toBeLessThan(600);
    pgsrv.start();
    await writes;
    expect(failures).toEqual([]);

    // Central recovered by itself: same process, healthy, its LISTEN connection reopened.
    await waitFor(async () => (await fetch(`${central!.proc.base}/health`)).status === 200, 'central healthy again', 60_000);
    await waitFor(
      async () => (await ask("SELECT 1 FROM pg_stat_activity WHERE application_name = 'tillgate-central-listen'")).length === 1,
      'central LISTENing again',
      60_000,
    );
    const outbox = s.read<{ store_seq: number; event_id: string }>('SELECT store_seq, event_id FROM outbox ORDER BY store_seq');
    expect(outbox.length).toBeGreaterThanOrEqual(OPS + 2);
    const last = outbox[outbox.length - 1]!.store_seq;
    await waitFor(async () => (await acked()) === last, 'every event ingested after the restart', 120_000);
    await waitFor(
      async () => ((await s.req('GET', '/v1/health')).body.sync as { pendingEvents: number }).pendingEvents === 0,
      'store has nothing pending',
      60_000,
    );
    expect(centralExited).toBe(false);
    expect(centralProc.exitCode).toBeNull();

    const events = await ask<{ store_seq: string; event_id: string }>('SELECT store_seq, event_id FROM events WHERE store_id = $1 ORDER BY store_seq', [s.id]);
    expect(events.map((e) => Number(e.store_seq))).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    expect(events.map((e) => e.event_id)).toEqual(outbox.map((o) => o.event_id));
    const [ledger] = s.read<{ total: number }>("SELECT SUM(delta) AS total FROM ledger WHERE card_number = ? AND asset = 'money'", CARD);
    expect(ledger!.total).toBe((OPS / 2) * 10 - (OPS / 2) * 3);
    const [bal] = await ask<{ amount: string }>("SELECT amount FROM balances WHERE owner = $1 AND asset = 'money'", [CARD]);
    expect(Number(bal?.amount)).toBe(ledger!.total);
  }, 420_000);
});
