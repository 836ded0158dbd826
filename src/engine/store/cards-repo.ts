import { LruCache } from '../../common/lru.js';
import type { EvalCard } from '../model/evaluation-types.js';
import type { Card } from '../model/types.js';
import type { Db, Statement } from './db.js';

const COLUMNS = [
  'number',
  'customer_id',
  'type',
  'status',
  'luhn',
  'validity',
  'discounts',
  'birthday_window',
  'message',
  'daily_limit',
  'credit_limit',
  'stamp_programs',
  'template_id',
  'created_at',
  'updated_at',
];
const COLS = COLUMNS.join(', ');
/** What evaluation reads: the row without template and timestamps. */
const EVAL_COLS = COLUMNS.filter((c) => c !== 'template_id' && c !== 'created_at' && c !== 'updated_at').join(', ');

type Row = Record<string, unknown>;

function json<T>(v: unknown): T | null {
  return typeof v === 'string' ? (JSON.parse(v) as T) : null;
}

/** Map a libsql row (which carries an extra `_metadata` key) to a Card, field by field. */
export function cardFromRow(r: Row): Card {
  return {
    ...evalCardFromRow(r),
    templateId: (r.template_id as string | null) ?? null,
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  };
}

function evalCardFromRow(r: Row): EvalCard {
  return {
    number: r.number as string,
    customerId: r.customer_id as string,
    type: r.type as Card['type'],
    status: r.status as Card['status'],
    luhn: r.luhn === 1,
    validity: json<Card['validity']>(r.validity),
    discounts: json<Card['discounts']>(r.discounts) ?? [],
    birthdayWindow: json<Card['birthdayWindow']>(r.birthday_window),
    message: (r.message as string | null) ?? null,
    dailyLimit: (r.daily_limit as number | null) ?? null,
    creditLimit: r.credit_limit as number,
    stampPrograms: json<string[]>(r.stamp_programs),
  };
}

function values(c: Card): unknown[] {
  const j = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  return [
    c.number,
    c.customerId,
    c.type,
    c.status,
    c.luhn ? 1 : 0,
    j(c.validity),
    JSON.stringify(c.discounts),
    j(c.birthdayWindow),
    c.message,
    c.dailyLimit,
    c.creditLimit,
    j(c.stampPrograms),
    c.templateId,
    c.createdAt,
    c.updatedAt,
  ];
}

/**
 * Cards. Every write of a card row goes through `insert`/`update` here (a test checks that no
 * other SQL writes the table), and each drops the card from the hot-row cache in the same
 * transaction, so `forEvaluation` never returns a card older than the last write.
 */
export class CardsRepo {
  private readonly hot: LruCache<string, Readonly<EvalCard>>;
  private evalStmt: Statement | null = null;

  /** `cachedRows`: how many cards `forEvaluation` keeps in memory (0 = none). */
  constructor(
    private readonly db: Db,
    cachedRows = 0,
  ) {
    this.hot = new LruCache(cachedRows);
  }

  insert(c: Card): void {
    this.hot.delete(c.number);
    this.db.prepare(`INSERT INTO cards (${COLS}) VALUES (${COLUMNS.map(() => '?').join(', ')})`).run(...values(c));
  }

  update(c: Card): void {
    this.hot.delete(c.number);
    const sets = COLUMNS.slice(1)
      .map((col) => `${col} = ?`)
      .join(', ');
    this.db.prepare(`UPDATE cards SET ${sets} WHERE number = ?`).run(...values(c).slice(1), c.number);
  }

  /**
   * The card as basket evaluation reads it (GW-8): the columns it needs, through a bounded cache
   * of hot cards (a till evaluates the same card at every scan). Only what is committed enters
   * the cache: inside a transaction the row may be that transaction's own write, which a
   * rollback would undo. The returned object is shared: never mutate it.
   */
  forEvaluation(number: string): Readonly<EvalCard> | null {
    const hit = this.hot.get(number);
    if (hit !== undefined) return hit;
    const r = (this.evalStmt ??= this.db.prepare(`SELECT ${EVAL_COLS} FROM cards WHERE number = ?`)).get(number) as Row | undefined;
    if (r === undefined) return null;
    const card = evalCardFromRow(r);
    if (!this.db.inTransaction) this.hot.set(number, card);
    return card;
  }

  get(number: string): Card | null {
    const r = this.db.prepare(`SELECT ${COLS} FROM cards WHERE number = ?`).get(number) as Row | undefined;
    return r ? cardFromRow(r) : null;
  }

  exists(number: string): boolean {
    return this.db.prepare('SELECT 1 AS x FROM cards WHERE number = ?').get(number) !== undefined;
  }

  /**
   * CUST-12 card filter (seed 003 "Filter"): cards by usage type, status and holder, in number
   * order after the keyset cursor `after`.
   */
  list(f: { type?: Card['type'] | undefined; status?: Card['status'] | undefined; customerId?: string | undefined }, limit: number, after = ''): Card[] {
    const where = ['number > ?'];
    const params: unknown[] = [after];
    for (const [col, v] of [
      ['type', f.type],
      ['status', f.status],
      ['customer_id', f.customerId],
    ] as const) {
      if (v === undefined) continue;
      where.push(`${col} = ?`);
      params.push(v);
    }
    const rows = this.db.prepare(`SELECT ${COLS} FROM cards WHERE ${where.join(' AND ')} ORDER BY number LIMIT ?`).all(...params, limit) as Row[];
    return rows.map(cardFromRow);
  }

  /** Ids of customers holding cards, after `after` in id order (keyset page). */
  customerIdsWithCards(after: string, limit: number): string[] {
    return (
      this.db.prepare('SELECT DISTINCT customer_id FROM cards WHERE customer_id > ? ORDER BY customer_id LIMIT ?').all(after, limit) as {
        customer_id: string;
      }[]
    ).map((r) => r.customer_id);
  }

  byCustomer(customerId: string): Card[] {
    const rows = this.db.prepare(`SELECT ${COLS} FROM cards WHERE customer_id = ? ORDER BY created_at, number`).all(customerId) as Row[];
    return rows.map(cardFromRow);
  }

  /** Card numbers of one usage type (or all), for balance resets. */
  numbersByType(type: Card['type'] | null): string[] {
    const rows = (
      type
        ? this.db.prepare('SELECT number FROM cards WHERE type = ? ORDER BY number').all(type)
        : this.db.prepare('SELECT number FROM cards ORDER BY number').all()
    ) as { number: string }[];
    return rows.map((r) => r.number);
  }
}
