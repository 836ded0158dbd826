import type { DispatchSchedule } from '../model/working-days.js';
import type { Db } from './db.js';

/** One ordered physical card (ORDER-2, ORDER-4). */
export interface CardOrder {
  orderId: string;
  customerId: string;
  cardNumber: string;
  templateId: string | null;
  validUntil: string | null;
  comment: string | null;
  schedule: DispatchSchedule;
  orderedAt: string;
  localDate: string;
  dispatchDate: string;
}

const COLS = 'id, customer_id, card_number, template_id, valid_until, comment, schedule, ordered_at, local_date, dispatch_date, store_seq';

function fromRow(r: Record<string, unknown>): CardOrder & { storeSeq: number } {
  return {
    orderId: r.id as string,
    customerId: r.customer_id as string,
    cardNumber: r.card_number as string,
    templateId: (r.template_id as string | null) ?? null,
    validUntil: (r.valid_until as string | null) ?? null,
    comment: (r.comment as string | null) ?? null,
    schedule: r.schedule as DispatchSchedule,
    orderedAt: r.ordered_at as string,
    localDate: r.local_date as string,
    dispatchDate: r.dispatch_date as string,
    storeSeq: r.store_seq as number,
  };
}

/** Card orders of this store (migration 0004). */
export class CardOrdersRepo {
  constructor(private readonly db: Db) {}

  insert(o: CardOrder, storeSeq: number): void {
    this.db
      .prepare(`INSERT INTO card_orders (${COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(o.orderId, o.customerId, o.cardNumber, o.templateId, o.validUntil, o.comment, o.schedule, o.orderedAt, o.localDate, o.dispatchDate, storeSeq);
  }

  get(orderId: string): (CardOrder & { storeSeq: number }) | null {
    const r = this.db.prepare(`SELECT ${COLS} FROM card_orders WHERE id = ?`).get(orderId) as Record<string, unknown> | undefined;
    return r ? fromRow(r) : null;
  }
}
