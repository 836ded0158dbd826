import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Db } from '../../../src/engine/store/db.js';
import { enterGateInWorker, leaveGate } from '../../../src/engine/store/writer-gate.js';

/** Issue 14: main-thread writes and a campaign worker's slices take turns at the writer gate. */
describe('WriterGate', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tillgate-gate-'));
    db = new Db(join(dir, 'store.db'));
    db.raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const turns = async (n: number) => {
    for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
  };

  it('VOUCH-6: a grouped write (receipt close) waits off the event loop while a worker holds the gate, then commits; the worker then takes it again', async () => {
    enterGateInWorker(db.gate.buffer); // as the campaign worker does around a slice
    let settled = false;
    const write = db.txGrouped(() => db.prepare('INSERT INTO t (id) VALUES (1)').run()).finally(() => (settled = true));
    await turns(5); // the event loop keeps turning: nothing holds it
    expect(settled).toBe(false);
    expect(db.prepare('SELECT COUNT(*) AS n FROM t').get()).toMatchObject({ n: 0 });
    leaveGate(db.gate.buffer);
    await write;
    expect(db.prepare('SELECT COUNT(*) AS n FROM t').get()).toMatchObject({ n: 1 });
    // The write left the gate free: the worker's next slice gets it, and a plain tx() after it.
    enterGateInWorker(db.gate.buffer);
    expect(db.gate.tryEnter()).toBe(false);
    leaveGate(db.gate.buffer);
    db.tx(() => db.prepare('INSERT INTO t (id) VALUES (2)').run());
    expect(db.gate.tryEnter()).toBe(true);
    db.gate.leave();
  });
});
