import { LruCache } from '../../common/lru.js';
import type { EvalCustomer } from '../model/evaluation-types.js';
import type { Customer } from '../model/types.js';
import type { Db, Statement } from './db.js';

/** Customer fields that map 1:1 to text columns. */
const TEXT_FIELDS = [
  ['firstName', 'first_name'],
  ['lastName', 'last_name'],
  ['companyName', 'company_name'],
  ['phone', 'phone'],
  ['email', 'email'],
  ['birthDate', 'birth_date'],
  ['gender', 'gender'],
  ['personalCode', 'personal_code'],
  ['address', 'address'],
  ['city', 'city'],
  ['district', 'district'],
  ['postcode', 'postcode'],
  ['country', 'country'],
  ['language', 'language'],
  ['citizenship', 'citizenship'],
  ['customerType', 'customer_type'],
  ['info1', 'info1'],
  ['info2', 'info2'],
  ['info3', 'info3'],
  ['photo', 'photo'],
  ['fax', 'fax'],
  ['invoiceDelivery', 'invoice_delivery'],
] as const satisfies readonly (readonly [keyof Customer, string])[];

const FLAG_FIELDS = [
  ['marketingAllowed', 'marketing_allowed'],
  ['emailReceipts', 'email_receipts'],
  ['autoTierOptOut', 'auto_tier_opt_out'],
] as const satisfies readonly (readonly [keyof Customer, string])[];

const COLUMNS = [
  'id',
  'kind',
  ...TEXT_FIELDS.map((f) => f[1]),
  ...FLAG_FIELDS.map((f) => f[1]),
  'credit_limit',
  'billing_customer_id',
  'tier_level',
  'created_at',
  'updated_at',
];
export const CUSTOMER_COLUMNS = COLUMNS.join(', ');

type Row = Record<string, unknown>;

/** A search hit: the customer without the photo (a list never embeds photos), and whether it has one. */
export type CustomerSummary = Omit<Customer, 'photo'> & { hasPhoto: boolean };

/** Fields a search word may match. */
const SEARCHED = ['first_name', 'last_name', 'company_name', 'email', 'phone', 'phone_digits'];

/**
 * One search hit as a JSON object built by SQLite, from the same field tables as customerFromRow
 * (same keys, flags as booleans): a page of 20 hits costs one string instead of 20 rows of 33
 * columns turned into objects, mapped and stringified again. The photo is never read.
 */
const SUMMARY_JSON = `json_object('id', id, 'kind', kind, ${TEXT_FIELDS.filter(([f]) => f !== 'photo')
  .map(([f, col]) => `'${f}', ${col}`)
  .join(', ')}, ${FLAG_FIELDS.map(([f, col]) => `'${f}', json(CASE WHEN ${col} = 1 THEN 'true' ELSE 'false' END)`).join(', ')},
  'creditLimit', credit_limit, 'billingCustomerId', billing_customer_id, 'tierLevel', tier_level, 'createdAt', created_at, 'updatedAt', updated_at,
  'hasPhoto', json(CASE WHEN photo IS NOT NULL THEN 'true' ELSE 'false' END))`;

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
    c.id,
    c.kind,
    ...TEXT_FIELDS.map(([f]) => c[f]),
    ...FLAG_FIELDS.map(([f]) => (c[f] ? 1 : 0)),
    c.creditLimit,
    c.billingCustomerId,
    c.tierLevel,
    c.createdAt,
    c.updatedAt,
  ];
}

/**
 * Customers. Every write of a customer row goes through this class (a test checks that no other
 * SQL writes the table), and each write drops the customer from the hot-row cache in the same transaction, so `forEvaluation` never returns an older row.
 */
export class CustomersRepo {
  private readonly hot: LruCache<string, Readonly<EvalCustomer>>;
  private evalStmt: Statement | null = null;

  /** `cachedRows`: how many customers `forEvaluation` keeps in memory (0 = none). */
  constructor(
    private readonly db: Db,
    cachedRows = 0,
  ) {
    this.hot = new LruCache(cachedRows);
  }

  insert(c: Customer): void {
    this.hot.delete(c.id);
    this.db.prepare(`INSERT INTO customers (${CUSTOMER_COLUMNS}) VALUES (${COLUMNS.map(() => '?').join(', ')})`).run(...values(c));
  }

  /** Customer ids in creation order after `seq` (keyset chunks for batch jobs). */
  idsAfterSeq(seq: number, limit: number): { seq: number; id: string }[] {
    return this.db.prepare('SELECT seq, id FROM customers WHERE seq > ? ORDER BY seq LIMIT ?').all(seq, limit) as { seq: number; id: string }[];
  }

  update(c: Customer): void {
    this.hot.delete(c.id);
    const sets = COLUMNS.slice(1)
      .map((col) => `${col} = ?`)
      .join(', ');
    this.db.prepare(`UPDATE customers SET ${sets} WHERE id = ?`).run(...values(c).slice(1), c.id);
  }

  get(id: string): Customer | null {
    const r = this.db.prepare(`SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE id = ?`).get(id) as Row | undefined;
    return r ? customerFromRow(r) : null;
  }

  /**
   * The customer as basket evaluation reads it (GW-8): 5 of ~30 columns (never the photo),
   * through a bounded cache of hot customers. Only committed rows enter the cache (see
   * CardsRepo.forEvaluation). The returned object is shared: never mutate it.
   */
  forEvaluation(id: string): Readonly<EvalCustomer> | null {
    const hit = this.hot.get(id);
    if (hit !== undefined) return hit;
    const r = (this.evalStmt ??= this.db.prepare('SELECT id, birth_date, credit_limit, billing_customer_id, tier_level FROM customers WHERE id = ?')).get(
      id,
    ) as { id: string; birth_date: string | null; credit_limit: number; billing_customer_id: string | null; tier_level: number | null } | undefined;
    if (r === undefined) return null;
    const c: EvalCustomer = {
      id: r.id,
      birthDate: r.birth_date ?? null,
      creditLimit: r.credit_limit,
      billingCustomerId: r.billing_customer_id ?? null,
      tierLevel: r.tier_level ?? null,
    };
    if (!this.db.inTransaction) this.hot.set(id, c);
    return c;
  }

  exists(id: string): boolean {
    return this.db.prepare('SELECT 1 AS x FROM customers WHERE id = ?').get(id) !== undefined;
  }

  /** CUST-12: the web-booking password hash; kept out of Customer so it is never returned. */
  setWebPasswordHash(id: string, hash: string | null): void {
    this.hot.delete(id);
    this.db.prepare('UPDATE customers SET web_password_hash = ? WHERE id = ?').run(hash, id);
  }

  webPasswordHash(id: string): string | null {
    const r = this.db.prepare('SELECT web_password_hash AS h FROM customers WHERE id = ?').get(id) as { h: string | null } | undefined;
    return r?.h ?? null;
  }

  /** Whether any customer has this customer type (indexed). */
  customerTypeUsed(code: string): boolean {
    return this.db.prepare('SELECT 1 AS x FROM customers WHERE customer_type = ? LIMIT 1').get(code) !== undefined;
  }

  setTierLevel(id: string, level: number | null, at: string): void {
    this.hot.delete(id);
    this.db.prepare('UPDATE customers SET tier_level = ?, updated_at = ? WHERE id = ?').run(level, at, id);
  }

  /**
   * CUST-5 till search. The query is split into words that must all match, each in any of
   * first/last/company name, e-mail or phone ("Dupont Jean" finds Jean Dupont). A query of
   * only digits and phone punctuation matches by its digits (the phone's digits whatever its
   * spacing: "0612" finds "06 12 34 56 78"), or as typed. Words of 3+ characters use the trigram FTS index; when
   * there are none the scan is bounded by `scanLimit` rows so a one-letter query can never
   * stall the store. Results carry no photo, only `hasPhoto`.
   */
  search(q: string, limit: number, scanLimit = 200_000): CustomerSummary[] {
    return JSON.parse(this.searchJson(q, limit, scanLimit)) as CustomerSummary[];
  }

  /** `search` as the JSON text of the array of hits, in creation order (what the API sends as is). */
  searchJson(q: string, limit: number, scanLimit = 200_000): string {
    const needle = q.trim();
    const phoneLike = /^[\d\s+().-]+$/.test(needle) && /\d/.test(needle);
    const terms = phoneLike ? [needle.replace(/\D/g, '')] : needle.split(/\s+/).filter((w) => w !== '');
    const long = terms.filter((t) => [...t].length >= 3);
    const short = terms.filter((t) => [...t].length < 3);
    const likeParams: string[] = [];
    const likeWhere = short.map((t) => {
      const like = '%' + t.replace(/[\\%_]/g, (m) => '\\' + m) + '%';
      likeParams.push(...SEARCHED.map(() => like));
      return '(' + SEARCHED.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ') + ')';
    });
    const hits = (from: string, params: unknown[]) =>
      (this.db.prepare(`SELECT json_group_array(${SUMMARY_JSON} ORDER BY seq) AS j FROM (${from})`).get(...params) as { j: string }).j;
    if (long.length > 0) {
      const phrase = (t: string) => '"' + t.replace(/"/g, '""') + '"';
      // A phone-like query: its digits anywhere (phone_digits is a column too), or the text as typed.
      const match = phoneLike && needle !== long[0] ? `${phrase(long[0]!)} OR ${phrase(needle)}` : long.map(phrase).join(' AND ');
      // Short words filter the FTS candidates, so take more of them (still bounded).
      const candidates = short.length ? Math.min(limit * 50, 10_000) : limit;
      return hits(
        `SELECT * FROM customers WHERE seq IN (
           SELECT rowid FROM customers_fts WHERE customers_fts MATCH ? LIMIT ?) ${likeWhere.map((w) => `AND ${w}`).join(' ')}
         ORDER BY seq LIMIT ?`,
        [match, candidates, ...likeParams, limit],
      );
    }
    return hits(`SELECT * FROM (SELECT * FROM customers ORDER BY seq LIMIT ?) AS c WHERE ${likeWhere.join(' AND ') || '1'} LIMIT ?`, [
      scanLimit,
      ...likeParams,
      limit,
    ]);
  }
}
