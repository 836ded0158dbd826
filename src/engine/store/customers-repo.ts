import type { Customer } from '../model/types.js';
import type { Db } from './db.js';

/** Customer fields that map 1:1 to text columns. */
const TEXT_FIELDS = [
  ['firstName', 'first_name'], ['lastName', 'last_name'], ['companyName', 'company_name'],
  ['phone', 'phone'], ['email', 'email'], ['birthDate', 'birth_date'], ['gender', 'gender'],
  ['personalCode', 'personal_code'], ['address', 'address'], ['city', 'city'], ['district', 'district'],
  ['postcode', 'postcode'], ['country', 'country'], ['language', 'language'], ['citizenship', 'citizenship'],
  ['customerType', 'customer_type'], ['info1', 'info1'], ['info2', 'info2'], ['info3', 'info3'], ['photo', 'photo'],
] as const satisfies readonly (readonly [keyof Customer, string])[];

const FLAG_FIELDS = [
  ['marketingAllowed', 'marketing_allowed'], ['emailReceipts', 'email_receipts'], ['autoTierOptOut', 'auto_tier_opt_out'],
] as const satisfies readonly (readonly [keyof Customer, string])[];

const COLUMNS = [
  'id', 'kind', ...TEXT_FIELDS.map((f) => f[1]), ...FLAG_FIELDS.map((f) => f[1]),
  'credit_limit', 'billing_customer_id', 'tier_level', 'created_at', 'updated_at',
];
export const CUSTOMER_COLUMNS = COLUMNS.join(', ');

type Row = Record<string, unknown>;

/** Map a libsql row (which carries an extra `_metadata` key) to a Customer, field by field. */
export function customerFromRow(r: Row): Customer {
  const c: Record<string, unknown> = { id: r.id, kind: r.kind };
  for (const [f, col] of TEXT_FIELDS) c[f] = (r[col] as string | null) ?? null;
  for (const [f, col] of FLAG_FIELDS) c[f] = r[col] === 1;
  c.creditLimit = r.credit_limit;
  c.billingCustomerId = r.billing_customer_id ?? null;
  c.tierLevel = r.tier_level ?? null;
  c.createdAt = r.created_at;
  c.updatedAt = r.updated_at;
  return c as unknown as Customer;
}

function values(c: Customer): unknown[] {
  return [
    c.id, c.kind, ...TEXT_FIELDS.map(([f]) => c[f]), ...FLAG_FIELDS.map(([f]) => (c[f] ? 1 : 0)),
    c.creditLimit, c.billingCustomerId, c.tierLevel, c.createdAt, c.updatedAt,
  ];
}

export class CustomersRepo {
  constructor(private readonly db: Db) {}

  insert(c: Customer): void {
    this.db.prepare(`INSERT INTO customers (${CUSTOMER_COLUMNS}) VALUES (${COLUMNS.map(() => '?').join(', ')})`).run(...values(c));
  }

  update(c: Customer): void {
    const sets = COLUMNS.slice(1).map((col) => `${col} = ?`).join(', ');
    this.db.prepare(`UPDATE customers SET ${sets} WHERE id = ?`).run(...values(c).slice(1), c.id);
  }

  get(id: string): Customer | null {
    const r = this.db.prepare(`SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE id = ?`).get(id) as Row | undefined;
    return r ? customerFromRow(r) : null;
  }

  exists(id: string): boolean {
    return this.db.prepare('SELECT 1 AS x FROM customers WHERE id = ?').get(id) !== undefined;
  }

  setTierLevel(id: string, level: number | null, at: string): void {
    this.db.prepare('UPDATE customers SET tier_level = ?, updated_at = ? WHERE id = ?').run(level, at, id);
  }

  /**
   * CUST-5 substring search over first/last/company name, e-mail and phone. Three characters
   * or more use the trigram FTS index; shorter (admin) queries scan with LIKE, bounded by
   * `scanLimit` rows so a one-letter query can never stall the store.
   */
  search(q: string, limit: number, scanLimit = 200_000): Customer[] {
    const needle = q.trim();
    if (needle.length >= 3) {
      const phrase = '"' + needle.replace(/"/g, '""') + '"';
      const rows = this.db
        .prepare(
          `SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE seq IN (
             SELECT rowid FROM customers_fts WHERE customers_fts MATCH ? LIMIT ?) ORDER BY seq`,
        )
        .all(phrase, limit) as Row[];
      return rows.map(customerFromRow);
    }
    const like = '%' + needle.replace(/[\\%_]/g, (m) => '\\' + m) + '%';
    const rows = this.db
      .prepare(
        `SELECT ${CUSTOMER_COLUMNS} FROM (SELECT * FROM customers ORDER BY seq LIMIT ?1) AS c
         WHERE first_name LIKE ?2 ESCAPE '\\' OR last_name LIKE ?2 ESCAPE '\\' OR company_name LIKE ?2 ESCAPE '\\'
            OR email LIKE ?2 ESCAPE '\\' OR phone LIKE ?2 ESCAPE '\\'
         LIMIT ?3`,
      )
      .all(scanLimit, like, limit) as Row[];
    return rows.map(customerFromRow);
  }
}
