/**
 * Issue 2 benchmark: customer search (CUST-5) and card lookup at 1,000,000 customers.
 * The seeded database is cached in bench/.data/ (gitignored) so reruns skip the ~1 min load.
 * Baseline in the same run: a primary-key point read on the same table.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../src/common/clock.js';
import { silentLogger } from '../src/common/logger.js';
import { parseConfig } from '../src/config/load.js';
import { findCard, cardBalances } from '../src/engine/cards.js';
import { searchCustomers } from '../src/engine/customers.js';
import type { EngineContext } from '../src/engine/context.js';
import { openStore, type Store } from '../src/engine/store/store.js';
import { numberFromSerial } from '../src/engine/card-numbers.js';
import { seedCustomer, seedCustomers } from '../tests/fixtures/seed-customers.js';
import { TEST_CONFIG_YAML } from '../tests/helpers/engine-fixture.js';
import { report, summarize, timeSync } from './lib/stats.js';

const N = 1_000_000;
const DATA = join(dirname(fileURLToPath(import.meta.url)), '.data');

function seedCards(store: Store, config: ReturnType<typeof parseConfig>): void {
  const scheme = config.cardSchemes[0];
  if (!scheme) throw new Error('no scheme');
  const at = '2026-01-01T00:00:00.000Z';
  const insert = store.db.prepare(
    `INSERT INTO cards (number, customer_id, type, status, luhn, discounts, credit_limit, created_at, updated_at)
     VALUES (?, ?, 'discount', 'active', 1, '[]', 0, ?, ?)`,
  );
  for (let s = 0; s < N; s += 50_000) {
    store.db.tx(() => {
      for (let i = s; i < Math.min(N, s + 50_000); i++) insert.run(numberFromSerial(scheme, i + 1), seedCustomer(i).id, at, at);
    });
  }
}

export async function run(): Promise<void> {
  mkdirSync(DATA, { recursive: true });
  const path = join(DATA, `customers-${N}.db`);
  const fresh = !existsSync(path);
  const config = parseConfig(TEST_CONFIG_YAML, 'bench.yaml');
  const store = openStore(path, 'bench');
  if (fresh) {
    const t0 = Date.now();
    seedCustomers(store, N);
    seedCards(store, config);
    console.log(`seeded ${N} customers and cards in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const ctx: EngineContext = { store, clock: systemClock, logger: silentLogger(), config };
  const scheme = config.cardSchemes[0];
  if (!scheme) throw new Error('no scheme');

  let r = 12345;
  const rnd = (n: number) => (r = (r * 1103515245 + 12345) % 2147483648) % n;
  const pick = () => seedCustomer(rnd(N));
  const queries = {
    'first name (4 chars)': () => (pick().firstName ?? 'Mari').slice(0, 4),
    'e-mail (8 chars)': () => (pick().email ?? '').slice(2, 10),
    'phone (6 digits)': () => (pick().phone ?? '').slice(-6),
  };
  const n = 2000;
  const rows = [summarize('baseline: customer by id', timeSync(() => store.customers.get(pick().id), n))];
  for (const [name, q] of Object.entries(queries)) rows.push(summarize(`search ${name}`, timeSync(() => searchCustomers(ctx, q(), 'till', 20), n)));
  report(`CUST-5 search, ${N.toLocaleString('en')} customers, limit 20 (target p99 < 5 ms)`, rows, 'baseline: customer by id');

  const cardRows = [
    summarize('baseline: SELECT by primary key', timeSync(() => store.db.prepare('SELECT number FROM cards WHERE number = ?').get(numberFromSerial(scheme, rnd(N) + 1)), n * 5)),
    summarize('card lookup (check digit + row + balances)', timeSync(() => {
      const c = findCard(ctx, numberFromSerial(scheme, rnd(N) + 1));
      return cardBalances(ctx, c.number);
    }, n * 5)),
  ];
  report(`Card lookup, ${N.toLocaleString('en')} cards`, cardRows, 'baseline: SELECT by primary key');
  store.close();
}
