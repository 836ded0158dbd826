/**
 * The compiled catalog is kept current record by record after master-data writes (CARD-5,
 * CARD-10, CARD-11 stamp programs): whatever was written, the cached catalog must equal a whole
 * compile of what is committed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileCatalog } from '../../../src/engine/model/catalog.js';
import type { Discount, StampProgram } from '../../../src/engine/model/types.js';
import { masterSnapshot } from '../../../src/engine/receipts/catalog-cache.js';
import { engineFixture, type EngineFixture } from '../../helpers/engine-fixture.js';

const AT = '2026-11-22T10:00:00Z';

describe('catalog cache: compiled once, then record by record', () => {
  let f: EngineFixture;
  beforeEach(() => {
    f = engineFixture();
    for (let i = 0; i < 20; i++) f.ctx.store.master.put('discounts', `d${i}`, { name: `D${i}`, percent: 100 * i, covers: { all: true } }, AT);
    f.ctx.store.master.put('stamp-programs', 'p1', { name: 'P1', covers: { groups: ['pizza'] }, threshold: 6 }, AT);
  });
  afterEach(() => f.close());

  /** A whole compile of what the database holds now. */
  function whole() {
    const m = f.ctx.store.master;
    return compileCatalog(
      m.list<Omit<Discount, 'id'>>('discounts').map((r) => ({ ...r.body, id: r.id })),
      m.list<Omit<StampProgram, 'id'>>('stamp-programs').map((r) => ({ ...r.body, id: r.id })),
    );
  }

  it('CARD-5: a discount changed, added or deleted after the compile is in the next snapshot; the others are the very same compiled objects', () => {
    const first = masterSnapshot(f.ctx);
    expect(first.catalog).toEqual(whole());
    const m = f.ctx.store.master;
    m.put('discounts', 'd3', { name: 'Three', percent: 3300, covers: { skus: ['A'] } }, AT);
    m.put('discounts', 'new', { name: 'New', percent: 500, covers: { groups: ['g'] }, validity: { timeFrom: '08:00', timeTo: '12:00' } }, AT);
    m.delete('discounts', 'd7', AT);
    m.put('stamp-programs', 'p2', { name: 'P2', covers: { all: true }, threshold: 10 }, AT);
    m.put('tiers', 'default', { mode: 'online', levels: [{ turnover: 1000, discountId: 'd1' }] }, AT);
    const next = masterSnapshot(f.ctx);
    expect(next.catalog).toEqual(whole());
    expect(next.catalog.discounts.get('d3')?.percent).toBe(3300);
    expect(next.catalog.discounts.has('d7')).toBe(false);
    expect(next.catalog.stampPrograms.map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(next.tiers?.levels).toEqual([{ turnover: 1000, discountId: 'd1' }]);
    expect(next.catalog.discounts.get('d4')).toBe(first.catalog.discounts.get('d4')); // not compiled again
    expect(masterSnapshot(f.ctx)).toBe(next); // no write since: the same snapshot
  });

  it('CARD-5: a master-data write rolled back leaves the snapshot of what is committed, even when a snapshot was taken inside that transaction', () => {
    masterSnapshot(f.ctx);
    expect(() =>
      f.ctx.store.db.tx(() => {
        f.ctx.store.master.put('discounts', 'd2', { name: 'Rolled back', percent: 9900, covers: { all: true } }, AT);
        expect(masterSnapshot(f.ctx).catalog.discounts.get('d2')?.percent).toBe(9900);
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(masterSnapshot(f.ctx).catalog.discounts.get('d2')?.percent).toBe(200);
    expect(masterSnapshot(f.ctx).catalog).toEqual(whole());
  });

  it('CARD-5: more writes than the change log holds compile the catalog whole again', () => {
    masterSnapshot(f.ctx);
    f.ctx.store.db.tx(() => {
      for (let i = 0; i < 1500; i++) f.ctx.store.master.put('discounts', `d${i % 30}`, { name: `D${i}`, percent: i % 10_000, covers: { all: true } }, AT);
    });
    expect(masterSnapshot(f.ctx).catalog).toEqual(whole());
  });

  it('SYNC-3: a discount pulled from central is in the next snapshot', () => {
    masterSnapshot(f.ctx);
    f.ctx.store.db.tx(() => f.ctx.store.pulled.applyPulledMasterData('discounts', 'd5', 9, { name: 'Pulled', percent: 4200, covers: { all: true } }, AT));
    expect(masterSnapshot(f.ctx).catalog.discounts.get('d5')?.percent).toBe(4200);
    expect(masterSnapshot(f.ctx).catalog).toEqual(whole());
  });
});
