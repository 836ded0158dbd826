import { EMPTY_CUSTOMER } from '../../../src/engine/model/customer-defaults.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { describe, expect, it } from 'vitest';
import { Db } from '../../../src/engine/store/db.js';
import { openStore } from '../../../src/engine/store/store.js';

const SETUP = "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three');";
const SQL = 'SELECT id, v FROM t WHERE id >= ? ORDER BY id';

describe('libsql 0.5.29 known traps (ARCHITECTURE.md)', () => {
  it('the trap itself: raw libsql get() after all() on one statement returns the previous row', () => {
    const raw = new Database(':memory:');
    raw.exec(SETUP);
    const s = raw.prepare(SQL);
    expect(s.all(1)).toHaveLength(3);
    // If this starts failing, libsql fixed the trap: keep the guard below anyway.
    expect((s.get(2) as { id: number }).id).toBe(1);
    raw.close();
  });

  it('regression: Db.prepare() statements never return a stale row after all() or iterate()', () => {
    const db = new Db(join(mkdtempSync(join(tmpdir(), 'tg-trap-')), 's.db'));
    db.raw.exec(SETUP);
    const s = db.prepare(SQL);
    expect(s.all(1)).toHaveLength(3);
    expect(s.get(2)).toMatchObject({ id: 2, v: 'two' });
    for (const _ of s.iterate(1)) void _;
    expect(s.get(3)).toMatchObject({ id: 3, v: 'three' });
    db.close();
  });

  it('repositories map rows explicitly: no _metadata key leaks into domain objects', () => {
    const store = openStore(join(mkdtempSync(join(tmpdir(), 'tg-trap-')), 's.db'), 's');
    const at = '2026-01-01T00:00:00.000Z';
    store.customers.insert({
      ...EMPTY_CUSTOMER,
      id: 'c1',
      kind: 'person',
      firstName: 'A',
      lastName: 'B',
      phone: '5551234',
      createdAt: at,
      updatedAt: at,
    });
    expect(Object.keys(store.customers.get('c1') ?? {})).not.toContain('_metadata');
    expect(Object.keys(store.customers.search('B', 5)[0] ?? {})).not.toContain('_metadata');
    store.close();
  });
});
