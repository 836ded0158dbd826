import Database from 'libsql';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/common/errors.js';
import { Db, MAX_GROUP } from '../../../src/engine/store/db.js';

/** Issue 14: group commit of hot writes (receipt close) — one durable COMMIT for the writes of one turn. */
describe('Db.txGrouped (group commit)', () => {
  let dir: string;
  let db: Db;
  let other: InstanceType<typeof Database>;
  const ids = (): number[] => (other.prepare('SELECT id FROM t ORDER BY id').all() as { id: number }[]).map((r) => r.id);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tillgate-group-'));
    db = new Db(join(dir, 'store.db'));
    db.raw.exec('CREATE TABLE parent (id INTEGER PRIMARY KEY)');
    db.raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, p INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)');
    // A second connection sees only what was committed.
    other = new Database(join(dir, 'store.db'));
  });
  afterEach(() => {
    other.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert =
    (id: number, p: number | null = null) =>
    () => {
      db.prepare('INSERT INTO t (id, p) VALUES (?, ?)').run(id, p);
      return id;
    };

  it('GW-6: writes queued in one turn share one transaction; each answer comes after the COMMIT; a throwing write rolls back alone', async () => {
    const before = db.groupStats.groups;
    const settled: number[][] = [];
    const ps = [1, 2, 3, 4, 5].map((id) =>
      db
        .txGrouped(() => {
          insert(id)();
          if (id === 3) throw new AppError('payments_do_not_match', 'the third one is wrong', [{ path: 'payments', message: 'wrong' }]);
          return id;
        })
        .then((v) => {
          settled.push(ids()); // what another connection sees when this write is answered
          return v;
        }),
    );
    expect(ids()).toEqual([]); // nothing ran yet: the group commits in a later turn
    const rs = await Promise.allSettled(ps);
    expect(rs.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((rs[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'payments_do_not_match' });
    expect(ids()).toEqual([1, 2, 4, 5]);
    // every answered write was already committed, visible to another connection, when it was answered
    for (const seen of settled) expect(seen).toEqual([1, 2, 4, 5]);
    expect(db.groupStats.groups - before).toBe(1);
    expect(db.groupStats.largest).toBe(5);
  });

  it('GW-6: a failing COMMIT rejects every write of its group and saves none of them; the next group works', async () => {
    const rs = await Promise.allSettled([db.txGrouped(insert(1)), db.txGrouped(insert(2, 99)), db.txGrouped(insert(3))]); // 99: no such parent, checked at COMMIT
    expect(rs.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(ids()).toEqual([]);
    expect(db.inTransaction).toBe(false);
    await expect(db.txGrouped(insert(4))).resolves.toBe(4);
    expect(ids()).toEqual([4]);
  });

  it(`GW-6: more than ${MAX_GROUP} queued writes commit in groups of at most ${MAX_GROUP}, in order`, async () => {
    const before = { ...db.groupStats };
    const n = MAX_GROUP * 2 + 3;
    const order: number[] = [];
    await Promise.all(Array.from({ length: n }, (_, i) => db.txGrouped(insert(i + 1)).then((v) => order.push(v))));
    expect(order).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(db.groupStats.groups - before.groups).toBe(3);
    expect(db.groupStats.members - before.members).toBe(n);
  });

  it('GW-6: inside tx() a grouped write joins the enclosing transaction; a plain tx() between groups is unaffected', async () => {
    let inner: Promise<number> | undefined;
    db.tx(() => {
      insert(1)();
      inner = db.txGrouped(insert(2));
    });
    await expect(inner).resolves.toBe(2);
    const grouped = db.txGrouped(insert(3));
    db.tx(insert(4)); // runs now, before the queued group
    await grouped;
    expect(ids()).toEqual([1, 2, 3, 4]);
  });
});
