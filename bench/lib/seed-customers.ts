import { EMPTY_CUSTOMER } from '../../src/engine/model/customer-defaults.js';
import type { Customer } from '../../src/engine/model/types.js';
import type { Store } from '../../src/engine/store/store.js';

const FIRST = [
  'Mari',
  'Jaan',
  'Kati',
  'Peeter',
  'Liis',
  'Andres',
  'Ülle',
  'Jürgen',
  'Sophie',
  'Élodie',
  'Γιώργος',
  'Μαρία',
  'Heike',
  'Tõnu',
  'Kristjan',
  'Anna',
];
const LAST = ['Tamm', 'Saar', 'Sepp', 'Mägi', 'Kask', 'Müller', 'Schäfer', 'Dubois', 'Lefèvre', 'Παπαδόπουλος', 'Õunapuu', 'Kuusk', 'Rebane', 'Ilves'];
const COMPANIES = ['Kohvik', 'Ehitus', 'Pagariäri', 'Transport', 'Bäckerei', 'Boulangerie'];

/** Deterministic customer number i (0-based): every field derivable from i, for checking search results. */
export function seedCustomer(i: number): Customer {
  const at = '2026-01-01T00:00:00.000Z';
  const company = i % 10 === 9;
  const first = FIRST[i % FIRST.length] ?? 'X';
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length] ?? 'Y';
  return {
    ...EMPTY_CUSTOMER,
    id: `seed-${String(i).padStart(8, '0')}`,
    kind: company ? 'company' : 'person',
    firstName: company ? null : first,
    lastName: company ? null : last,
    companyName: company ? `${COMPANIES[i % COMPANIES.length]} ${i} OÜ` : null,
    phone: `+372 5${String(i).padStart(7, '0')}`,
    email: company ? `info${i}@firma.ee` : `${first.toLowerCase()}.${i}@example.ee`,
    createdAt: at,
    updatedAt: at,
  };
}

/** Insert customers [from, to) in large transactions (fast bulk load for tests and benchmarks). */
export function seedCustomers(store: Store, to: number, from = 0, batch = 20_000): void {
  for (let s = from; s < to; s += batch) {
    store.db.tx(() => {
      for (let i = s; i < Math.min(to, s + batch); i++) store.customers.insert(seedCustomer(i));
    });
  }
}
