/**
 * The chain-sized store every HTTP bench runs on, seeded once per size and cached in
 * bench/.data/chain-<size>.db (git-ignored): <size> customers, <size> cards of every paying type
 * with 3–5 of 1,000 discounts, 8 stamp programs, 10,000 SKUs in 200 groups, and <size> vouchers
 * from a random 10-digit range (issued by the campaign use case, so the codes and indexes are the
 * real ones). Benches work on a fresh copy (`workCopy`) so what they write never piles up in the seed.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../src/common/clock.js';
import { silentLogger } from '../../src/common/logger.js';
import type { Config } from '../../src/config/schema.js';
import { numberFromSerial } from '../../src/engine/cards/card-numbers.js';
import type { EngineContext } from '../../src/engine/context.js';
import { openStore, type Store } from '../../src/engine/store/store.js';
import { runCampaign } from '../../src/engine/vouchers/voucher-campaigns.js';
import { createRange } from '../../src/engine/vouchers/voucher-ranges.js';
import { benchConfig } from './bench-config.js';
import { rng } from './rng.js';
import { seedCustomer, seedCustomers } from './seed-customers.js';

export const DATA = join(dirname(fileURLToPath(import.meta.url)), '..', '.data');
export const CARD_TYPES = ['discount', 'discount', 'bonus', 'stamp', 'credit', 'discount_payment'] as const;
export type SeededCardType = (typeof CARD_TYPES)[number];

const rand = rng(3);
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
export const SKUS = Array.from({ length: 10_000 }, (_, i) => ({ sku: `SKU-${i}`, group: `G-${i % 200}`, price: 50 + ((i * 7919) % 4951) }));

/** Card number of seeded card `i` (0-based) and its type. */
export function seededCard(config: Config, i: number): { number: string; type: SeededCardType } {
  return { number: numberFromSerial(config.cardSchemes[0]!, i + 1), type: CARD_TYPES[i % CARD_TYPES.length]! };
}

function seedMaster(store: Store): void {
  const at = '2026-01-01T00:00:00.000Z';
  store.db.tx(() => {
    for (let i = 0; i < 1000; i++) {
      const k = i % 3;
      const covers =
        k === 0
          ? { all: true }
          : k === 1
            ? { skus: Array.from({ length: int(20, 300) }, () => `SKU-${int(0, 9999)}`) }
            : { groups: Array.from({ length: int(1, 15) }, () => `G-${int(0, 199)}`) };
      store.master.put(
        'discounts',
        `D${i}`,
        { name: `Discount ${i}`, percent: int(1, 40) * 50, covers, ...(i % 5 === 0 ? { validity: { timeFrom: '08:00', timeTo: '22:00' } } : {}) },
        at,
      );
    }
    for (let i = 0; i < 8; i++)
      store.master.put('stamp-programs', `P${i}`, { name: `P${i}`, covers: { groups: [`G-${i * 7}`, `G-${i * 7 + 1}`] }, threshold: int(5, 10) }, at);
    store.master.put('privileges', 'p-seed', { name: 'seed', voucher: { value: 500, validDays: 365 } }, at);
  });
}

function seedCards(store: Store, config: Config, size: number): void {
  const at = '2026-01-01T00:00:00.000Z';
  const insert = store.db.prepare(
    `INSERT INTO cards (number, customer_id, type, status, luhn, discounts, daily_limit, credit_limit, created_at, updated_at)
     VALUES (?, ?, ?, 'active', 1, ?, ?, ?, ?, ?)`,
  );
  for (let s = 0; s < size; s += 50_000) {
    store.db.tx(() => {
      for (let i = s; i < Math.min(size, s + 50_000); i++) {
        const discounts = Array.from({ length: int(3, 5) }, () => ({ discountId: `D${int(0, 999)}` }));
        const { number, type } = seededCard(config, i);
        insert.run(
          number,
          seedCustomer(i).id,
          type,
          JSON.stringify(discounts),
          type === 'discount_payment' ? 1_000_000 : null,
          type === 'credit' ? 1_000_000 : 0,
          at,
          at,
        );
      }
    });
  }
}

async function seed(path: string, size: number): Promise<void> {
  const config = benchConfig();
  const store = openStore(path, 'bench');
  const ctx: EngineContext = { store, clock: systemClock, logger: silentLogger(), config };
  seedMaster(store);
  seedCustomers(store, size);
  seedCards(store, config, size);
  const range = createRange(ctx, { code: 'SEED', digits: 10, from: 0, to: 999_999_999, random: true, checkDigit: true });
  // Big chunks: this is seeding, not the measured campaign.
  await runCampaign(ctx, { rangeId: range.id, privilegeId: 'p-seed', count: size }, null, 20_000);
  store.db.raw.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  store.close();
}

/** The cached seed for `size`, seeding it first when missing (minutes at 1M on a 2-core box). */
export async function seededChain(size: number): Promise<string> {
  mkdirSync(DATA, { recursive: true });
  const path = join(DATA, `chain-${size}.db`);
  if (existsSync(path)) return path;
  const t0 = Date.now();
  const tmp = `${path}.seeding`;
  for (const ext of ['', '-wal', '-shm']) rmSync(tmp + ext, { force: true });
  await seed(tmp, size);
  renameSync(tmp, path); // only a complete seed is ever cached
  for (const ext of ['-wal', '-shm']) rmSync(tmp + ext, { force: true });
  console.log(`seeded ${size.toLocaleString('en')} customers, cards and vouchers in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return path;
}

/** A fresh copy of the seed for one bench run (`name` keeps concurrent benches apart). */
export async function workCopy(size: number, name: string): Promise<string> {
  const seeded = await seededChain(size);
  const work = join(DATA, `work-${name}-${size}.db`);
  removeDb(work);
  copyFileSync(seeded, work);
  return work;
}

export function removeDb(path: string): void {
  for (const ext of ['', '-wal', '-shm', '.identity']) rmSync(path + ext, { force: true });
}

/** Store size for this run: BENCH_SIZE (e.g. 10000, 100000), 1,000,000 by default. */
export function benchSize(): number {
  const n = Number(process.env.BENCH_SIZE ?? 1_000_000);
  if (!Number.isInteger(n) || n < 1000) throw new Error(`BENCH_SIZE must be an integer ≥ 1000, got ${process.env.BENCH_SIZE}`);
  return n;
}
