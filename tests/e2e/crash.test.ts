import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/engine/store/store.js';
import { TEST_CONFIG_YAML } from '../helpers/engine-fixture.js';
import { postJson, spawnDaemon, writeDaemonConfig } from '../helpers/spawn-daemon.js';

type J = Record<string, unknown>;

describe('durability (whole process)', () => {
  // 8 tills at once: their receipts share group commits (Db.txGrouped), and every 10th pays the
  // wrong amount, so the kill also lands on groups in which one receipt rolled back alone.
  it('GW-6: kill -9 mid-way through concurrent receipts (group commits of 8 tills, some refused): every 2xx receipt exists exactly once, none partially, ledger = balances, retries change nothing', async () => {
    const { dir, file } = writeDaemonConfig(TEST_CONFIG_YAML.replace('./unused.db', './store.db'));
    let d = await spawnDaemon(file);
    const customer = (await postJson(d, '/v1/customers', { kind: 'person', firstName: 'K', lastName: 'Nine', phone: '+372 5000 0009' })).body;
    const card = (await postJson(d, `/v1/customers/${String(customer.id)}/cards`, { type: 'credit' })).body;
    const number = String(card.number);
    await postJson(d, `/v1/cards/${number}/topups`, { amount: 1_000_000 }, 'load');

    const TOTAL = 300;
    const at = new Date().toISOString(); // the daemon runs on the real clock and refuses far-off times
    const refused = (i: number) => i % 10 === 7;
    const requests = Array.from({ length: TOTAL }, (_, i) => ({
      key: `crash-${i}`,
      refused: refused(i),
      body: {
        tillId: 'till-9',
        receiptNo: `R${i}`,
        at,
        card: number,
        lines: [{ sku: 'X', qty: 1 + (i % 3), unitPrice: 100 }],
        payments: [{ method: 'card', amount: 100 * (1 + (i % 3)) + (refused(i) ? 1 : 0) }],
      },
    }));
    const ok = new Map<string, J>();
    const answers: { refused: boolean; status: number; code: unknown }[] = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < TOTAL && !killed) {
        const r = requests[next++]!;
        let res: { status: number; body: J };
        try {
          res = await postJson(d, '/v1/receipts', r.body, r.key);
        } catch {
          continue; // connection dropped by the kill: the till does not know the outcome
        }
        answers.push({ refused: r.refused, status: res.status, code: res.body.code });
        if (res.status === 201) ok.set(r.key, res.body);
        if (ok.size >= TOTAL / 3 && !killed) {
          killed = true;
          d.proc.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await d.exited;
    expect(killed).toBe(true);
    expect(answers.some((a) => a.refused)).toBe(true);
    for (const a of answers)
      expect(a).toEqual(a.refused ? { refused: true, status: 422, code: 'payments_do_not_match' } : { refused: false, status: 201, code: undefined });
    expect(ok.size).toBeGreaterThan(0);

    d = await spawnDaemon(file);
    try {
      // Retry everything with the same keys, as tills do: answered ones replay, the rest close once.
      for (const r of requests) {
        const res = await postJson(d, '/v1/receipts', r.body, r.key);
        expect(res.status).toBe(r.refused ? 422 : 201);
        const first = ok.get(r.key);
        if (first) expect(res.body).toEqual(first);
      }
    } finally {
      d.proc.kill('SIGTERM');
      await d.exited;
    }

    const store = openStore(join(dir, 'store.db'), 'test-store');
    try {
      const receipts = store.db.prepare('SELECT till_id, receipt_no, COUNT(*) AS n FROM receipts GROUP BY 1, 2').all() as { n: number }[];
      const accepted = requests.filter((r) => !r.refused);
      expect(receipts).toHaveLength(accepted.length);
      expect(receipts.every((r) => r.n === 1)).toBe(true);
      for (const body of ok.values()) expect(store.receipts.get(String(body.receiptId))).not.toBeNull();
      // no partial receipt: each has its lines, its outbox event and its ledger entries
      const orphans = store.db
        .prepare(
          `SELECT r.id FROM receipts r WHERE NOT EXISTS (SELECT 1 FROM receipt_lines l WHERE l.receipt_id = r.id)
            OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.store_seq = r.store_seq)
            OR NOT EXISTS (SELECT 1 FROM ledger g WHERE g.doc_id = r.id)`,
        )
        .all();
      expect(orphans).toEqual([]);
      const strayLedger = store.db
        .prepare("SELECT COUNT(*) AS n FROM ledger g WHERE g.doc_type = 'receipt' AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.id = g.doc_id)")
        .get();
      expect(strayLedger).toMatchObject({ n: 0 });
      expect(store.ledger.cacheMismatches()).toEqual([]);
      const spent = accepted.reduce((s, r) => s + r.body.payments[0]!.amount, 0);
      expect(store.ledger.balance(number, 'money')).toBe(1_000_000 - spent);
      const seqs = (store.db.prepare('SELECT store_seq FROM outbox ORDER BY store_seq').all() as { store_seq: number }[]).map((r) => r.store_seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    } finally {
      store.close();
    }
  }, 120_000);
});
