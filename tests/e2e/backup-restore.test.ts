import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/engine/store/store.js';
import { TEST_CONFIG_YAML } from '../helpers/engine-fixture.js';
import { runCli } from '../helpers/run-cli.js';
import { postJson, spawnDaemon, writeDaemonConfig } from '../helpers/spawn-daemon.js';

describe('backups (whole processes)', () => {
  it('GW-7: a backup taken with `tillgate backup` under load restores (refused while the daemon runs) and holds every receipt acknowledged before it started; ledger = balances', async () => {
    const { dir, file } = writeDaemonConfig(TEST_CONFIG_YAML.replace('./unused.db', './store.db'));
    const backupFile = join(dir, 'backups', 'under-load.db');
    const d = await spawnDaemon(file);
    const customer = (await postJson(d, '/v1/customers', { kind: 'person', firstName: 'B', lastName: 'Ackup', phone: '+372 5000 0007' })).body;
    const number = String((await postJson(d, `/v1/customers/${String(customer.id)}/cards`, { type: 'credit' })).body.number);
    expect((await postJson(d, `/v1/cards/${number}/topups`, { amount: 10_000_000 }, 'load')).status).toBe(201);

    const at = new Date().toISOString();
    const acked = new Map<string, string>(); // idempotency key → receipt id, for every 201
    let n = 0;
    let stop = false;
    const worker = async () => {
      // Bounded: stops when told, or after 1000 receipts in all.
      while (!stop && n < 1000) {
        const i = n++;
        const res = await postJson(
          d,
          '/v1/receipts',
          {
            tillId: 'till-7',
            receiptNo: `B${i}`,
            at,
            card: number,
            lines: [{ sku: 'X', qty: 1, unitPrice: 100 + (i % 5) }],
            payments: [{ method: 'card', amount: 100 + (i % 5) }],
          },
          `backup-${i}`,
        );
        expect(res.status).toBe(201);
        acked.set(`backup-${i}`, String(res.body.receiptId));
      }
    };
    let backup: Awaited<ReturnType<typeof runCli>> | undefined;
    let ackedBefore = new Map<string, string>();
    let ackedAfter = 0;
    const load = Promise.all(Array.from({ length: 4 }, worker));
    try {
      while (acked.size < 100 && n < 1000) await new Promise((r) => setTimeout(r, 20));
      ackedBefore = new Map(acked);
      backup = await runCli(['backup', backupFile, '--config', file]);
      ackedAfter = acked.size;
      // Restore refuses while the daemon holds the database, naming the holder (exit 75).
      const refused = await runCli(['restore', backupFile, '--config', file]);
      expect(refused.code).toBe(75);
      expect(refused.stderr).toMatch(/in use by another Tillgate \(pid \d+\)/);
    } finally {
      stop = true;
      await load;
      d.proc.kill('SIGTERM');
      await d.exited;
    }
    expect(backup?.stderr).toBe('');
    expect(backup?.code).toBe(0);
    expect(backup?.stdout).toMatch(/integrity ok/);
    expect(ackedAfter).toBeGreaterThan(ackedBefore.size); // tills kept being served during the backup

    // Restore into a fresh place and start a daemon on it: it accepts the restored file.
    const fresh = join(dir, 'fresh');
    mkdirSync(fresh);
    const restored = writeDaemonConfig(TEST_CONFIG_YAML.replace('./unused.db', './store.db'), fresh);
    const r = await runCli(['restore', backupFile, '--config', restored.file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const d2 = await spawnDaemon(restored.file);
    try {
      expect((await d2.fetch(`/v1/cards/${number}`)).status).toBe(200);
    } finally {
      d2.proc.kill('SIGTERM');
      expect((await d2.exited).code).toBe(0);
    }

    const store = openStore(join(fresh, 'store.db'), 'test-store');
    try {
      for (const id of ackedBefore.values()) expect(store.receipts.get(id), id).not.toBeNull();
      expect(store.ledger.cacheMismatches()).toEqual([]);
      const receipts = store.db.prepare('SELECT COUNT(*) AS n FROM receipts').get() as { n: number };
      expect(receipts.n).toBeGreaterThanOrEqual(ackedBefore.size);
      const spent = store.db.prepare("SELECT COALESCE(SUM(card_paid), 0) AS s FROM receipts WHERE till_id = 'till-7'").get() as { s: number };
      expect(store.ledger.balance(number, 'money')).toBe(10_000_000 - spent.s);
    } finally {
      store.close();
    }
  }, 120_000);
});
