import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCard, topUp } from '../../../src/engine/cards/cards.js';
import { pruneAckedOutbox } from '../../../src/engine/outbox-prune.js';
import { Db } from '../../../src/engine/store/db.js';
import { listMigrations, migrate } from '../../../src/engine/store/migrate.js';
import { OutboxRepo } from '../../../src/engine/store/outbox-repo.js';
import { apiFixture, type ApiFixture } from '../../helpers/api-fixture.js';
import { aPerson } from '../../helpers/factories.js';

function count(db: Db, where = 'acked_at IS NULL'): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE ${where}`).get() as { n: number }).n;
}

describe('outbox counter and pruning (issue 9 item 13)', () => {
  let f: ApiFixture;
  let card: string;
  beforeEach(() => {
    f = apiFixture();
    card = createCard(f.ctx, aPerson(f.ctx).id, { type: 'credit' }).number;
  });
  afterEach(() => f.close());

  const topUps = (n: number) => {
    for (let i = 0; i < n; i++) topUp(f.ctx, card, { amount: 100 + i });
  };

  it('GW-7 item 13: pending events come from a counter kept in the same transaction as inserts, acks and deletes', async () => {
    const { store } = f.ctx;
    topUps(5); // store_seq 3..7 (1 and 2: the customer and card created in beforeEach, SYNC-1)
    expect(store.outbox.pending()).toBe(7);
    store.db.tx(() => store.outbox.ackUpTo(5, '2026-01-01T00:00:00Z'));
    expect(store.outbox.pending()).toBe(count(store.db));
    expect(store.outbox.pending()).toBe(2);
    // a failed write rolls the counter back with it
    expect(() =>
      store.db.tx(() => {
        store.outbox.ackUpTo(7, '2026-01-02T00:00:00Z');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.outbox.pending()).toBe(2);
    store.db.tx(() => store.db.prepare('DELETE FROM outbox WHERE store_seq = 7').run());
    expect(store.outbox.pending()).toBe(count(store.db));
    const health = await f.json<{ sync: { pendingEvents: number }; db: { ok: boolean; schemaVersion: number } }>('GET', '/v1/health');
    expect(health.body.sync.pendingEvents).toBe(1);
    expect(health.body.db).toMatchObject({ ok: true, schemaVersion: Math.max(...listMigrations().map((m) => m.version)) });
  });

  it('GW-7 item 13: the store counts the pending events with a key lookup, never an outbox scan', () => {
    const plan = (f.ctx.store.db.prepare("EXPLAIN QUERY PLAN SELECT value FROM counters WHERE name = 'outbox_pending'").all() as { detail: string }[])
      .map((r) => r.detail)
      .join(' ');
    expect(plan).toMatch(/USING (INDEX|PRIMARY KEY)|SEARCH/);
    expect(plan).not.toMatch(/outbox/);
  });

  it('GW-6/GW-7 item 13: acked rows older than keepAckedDays are pruned chunk by chunk; unacked, recent and the newest row stay; the ledger and store_seq go on', async () => {
    const { store } = f.ctx;
    topUps(30); // store_seq 3..32 (1, 2: customer and card)
    store.db.tx(() => store.outbox.ackUpTo(22, '2026-10-01T00:00:00Z')); // 52 days before the fixture's clock
    store.db.tx(() => store.outbox.ackUpTo(27, '2026-11-20T00:00:00Z')); // 2 days before
    const r = await pruneAckedOutbox(f.ctx, 14, undefined, 7);
    expect(r).toEqual({ pruned: 22, stopped: false });
    expect((store.db.prepare('SELECT MIN(store_seq) AS s FROM outbox').get() as { s: number }).s).toBe(23);
    expect(count(store.db, '1')).toBe(10);
    expect(store.outbox.pending()).toBe(5);
    expect((store.db.prepare('SELECT COUNT(*) AS n FROM ledger').get() as { n: number }).n).toBe(30);
    expect(store.ledger.cacheMismatches()).toEqual([]);

    // the rest acked long ago: all of them go but the newest row, and the next event continues the sequence
    store.db.tx(() => store.outbox.ackUpTo(32, '2026-10-01T00:00:00Z'));
    expect((await pruneAckedOutbox(f.ctx, 14)).pruned).toBe(4);
    expect((store.db.prepare('SELECT store_seq FROM outbox').all() as { store_seq: number }[]).map((x) => x.store_seq)).toEqual([23, 24, 25, 26, 27, 32]);
    topUps(1);
    expect((store.db.prepare('SELECT MAX(store_seq) AS s FROM outbox').get() as { s: number }).s).toBe(33);
  });

  it('GW-7 item 13/14: pruning stops between chunks when the stop signal aborts; the next run continues', async () => {
    const { store } = f.ctx;
    topUps(12); // store_seq 3..14
    store.db.tx(() => store.outbox.ackUpTo(14, '2026-10-01T00:00:00Z'));
    const ac = new AbortController();
    ac.abort();
    expect(await pruneAckedOutbox(f.ctx, 14, ac.signal, 5)).toEqual({ pruned: 0, stopped: true });
    expect((await pruneAckedOutbox(f.ctx, 14, undefined, 5)).pruned).toBe(13);
  });
});

describe('migration store_hardening on a store with data (issue 9 item 13)', () => {
  it('GW-7 item 13: the counter starts from the existing unacked rows and the rebuilt ledger keeps every entry', () => {
    const db = new Db(join(mkdtempSync(join(tmpdir(), 'tillgate-mig6-')), 's.db'));
    const all = listMigrations();
    const mine = all.find((m) => m.name === 'store_hardening')!.version;
    migrate(
      db,
      all.filter((m) => m.version < mine),
    );
    // rows as the ledger of that schema wrote them (today's Ledger also writes the later `hlc` column)
    for (let i = 1; i <= 4; i++) {
      db.tx(() => {
        db.prepare("INSERT INTO outbox (store_seq, event_id, type, payload, created_at) VALUES (?, ?, 'card.topup', '{}', '2026-01-01T00:00:00Z')").run(
          i,
          `e${i}`,
        );
        db.prepare(
          "INSERT INTO ledger (event_id, store_seq, at, kind, asset, card_number, delta) VALUES (?, ?, '2026-01-01T00:00:00Z', 'topup', 'money', 'C1', 10)",
        ).run(`e${i}`, i);
      });
    }
    db.prepare("UPDATE outbox SET acked_at = '2026-01-02T00:00:00Z' WHERE store_seq = 1").run();
    expect(migrate(db, all)).toContain(mine);
    expect(new OutboxRepo(db).pending()).toBe(3);
    expect(db.prepare('SELECT COUNT(*) AS n, SUM(delta) AS s FROM ledger').get() as { n: number; s: number }).toMatchObject({ n: 4, s: 40 });
    expect(() => db.prepare('DELETE FROM ledger').run()).toThrow(/append-only/);
    // the ledger no longer references the outbox: an acked outbox row can go
    db.tx(() => db.prepare('DELETE FROM outbox WHERE store_seq = 1').run());
    expect((db.prepare('PRAGMA foreign_key_check').all() as unknown[]).length).toBe(0);
    db.close();
  });
});
