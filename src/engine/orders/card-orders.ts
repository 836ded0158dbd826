import { localTime } from '../../common/clock.js';
import { AppError, fieldError } from '../../common/errors.js';
import { newId } from '../../common/ids.js';
import { DEFAULT_ORDER_INFO, type CardOrdersConfig } from '../../config/card-orders-schema.js';
import { nextFreeNumber } from '../cards/card-numbers.js';
import { createCard } from '../cards/cards.js';
import { nowIso, type EngineContext } from '../context.js';
import type { CardDiscountRef, CardType, Validity } from '../model/types.js';
import { dispatchDate, WorkingCalendar, type DispatchSchedule } from '../model/working-days.js';
import type { CardOrder } from '../store/card-orders-repo.js';

/** A card template as stored in master data (kind 'card-templates'). */
interface CardTemplateBody {
  name: string;
  validityRequired?: boolean;
}

export interface CardOrderInput {
  customerId: string;
  templateId?: string | undefined;
  /** Last day the card may be used (YYYY-MM-DD, store-local). Limits the card, not its programs. */
  validUntil?: string | undefined;
  comment?: string | undefined;
  /** CARD-15: the usage type (bonus, credit …) and discounts of the ordered card; else the card defaults. */
  type?: CardType | undefined;
  discounts?: CardDiscountRef[] | undefined;
}

export interface CardOrderResult extends CardOrder {
  status: 'ordered';
}

/** What the till can show before ordering (GET /v1/card-templates). */
export type CardTemplatesView =
  | { orderService: false; info: string; items: [] }
  | {
      orderService: true;
      schedule: DispatchSchedule;
      validityRequired: boolean;
      /** When a card ordered now would be dispatched. */
      dispatchDate: string;
      items: { id: string; name: string; validityRequired: boolean }[];
    };

type Enabled = CardOrdersConfig & { enabled: true };

function service(ctx: EngineContext): Enabled | null {
  const cfg = ctx.config.cardOrders;
  return cfg?.enabled ? (cfg as Enabled) : null;
}

function infoText(ctx: EngineContext): string {
  return ctx.config.cardOrders?.info ?? DEFAULT_ORDER_INFO;
}

/** ORDER-1: ordering needs a configured, enabled order service; otherwise the till gets the info text. */
function requireService(ctx: EngineContext): Enabled {
  const svc = service(ctx);
  if (!svc) {
    throw new AppError('order_service_not_configured', 'Card ordering is not set up for this store', undefined, { info: infoText(ctx) });
  }
  return svc;
}

function today(ctx: EngineContext): string {
  return localTime(ctx.clock.now(), ctx.config.store.timeZone).date;
}

/** ORDER-4: the dispatch date of an order placed today (store-local). */
function dispatchFor(ctx: EngineContext, svc: Enabled): string {
  return dispatchDate(today(ctx), svc.schedule, new WorkingCalendar(svc.holidays));
}

/**
 * ORDER-1: the templates a till may order, or the information to show when it cannot order. One
 * page of templates by id after `after` (`limit` of them; the caller asks for one more).
 */
export function listCardTemplates(ctx: EngineContext, after: string | null = null, limit = 101): CardTemplatesView {
  const svc = service(ctx);
  if (!svc) return { orderService: false, info: infoText(ctx), items: [] };
  const items = ctx.store.master.page<CardTemplateBody>('card-templates', after, limit).map((r) => ({
    id: r.id,
    name: r.body.name,
    validityRequired: svc.validityRequired || r.body.validityRequired === true,
  }));
  return { orderService: true, schedule: svc.schedule, validityRequired: svc.validityRequired, dispatchDate: dispatchFor(ctx, svc), items };
}

/** ORDER-2: the template named, or the only one; with several, the order must name one. */
function pickTemplate(ctx: EngineContext, templateId: string | undefined): { id: string; body: CardTemplateBody } | null {
  if (templateId !== undefined) {
    const t = ctx.store.master.get<CardTemplateBody>('card-templates', templateId);
    if (!t) throw new AppError('reference_not_found', `no card template ${templateId}`, [{ path: 'templateId', message: 'no such card template' }]);
    return t;
  }
  const some = ctx.store.master.page<CardTemplateBody>('card-templates', null, 21); // enough to name them
  if (some.length > 1)
    throw fieldError(
      'templateId',
      `required: choose one of ${some
        .slice(0, 20)
        .map((t) => t.id)
        .join(', ')}${some.length > 20 ? ', …' : ''}`,
    );
  return some[0] ?? null;
}

/**
 * ORDER-1..4: order a physical card. In one transaction: the card is registered to the customer
 * with status `ordered` (ORDER-3), the order row is written with its dispatch date (ORDER-4), and
 * a `card.ordered` outbox event carries the order to central. Loyalty programs can then be added
 * to the card like to any other (ORDER-5).
 */
export function orderCard(ctx: EngineContext, input: CardOrderInput): CardOrderResult {
  const svc = requireService(ctx);
  return ctx.store.db.tx(() => {
    if (!ctx.store.customers.exists(input.customerId)) {
      throw new AppError('customer_not_found', `no customer ${input.customerId}`, [{ path: 'customerId', message: 'no such customer' }]);
    }
    const template = pickTemplate(ctx, input.templateId);
    const validUntil = input.validUntil ?? null;
    const localDate = today(ctx);
    if (validUntil === null && (svc.validityRequired || template?.body.validityRequired === true)) {
      throw fieldError('validUntil', 'required by the card order service');
    }
    if (validUntil !== null && validUntil < localDate) throw fieldError('validUntil', 'must not be in the past');

    const { number, luhn } = nextFreeNumber(ctx, svc.scheme ?? ctx.config.cardDefaults.scheme);
    const validity: Validity | undefined = validUntil === null ? undefined : { ...(ctx.config.cardDefaults.validity ?? {}), to: validUntil };
    createCard(ctx, input.customerId, {
      number,
      luhn,
      status: 'ordered',
      templateId: template?.id ?? null,
      ...(validity ? { validity } : {}),
      ...(input.type ? { type: input.type } : {}),
      ...(input.discounts ? { discounts: input.discounts } : {}),
    });

    const comment = input.comment?.trim();
    const order: CardOrder = {
      orderId: newId(),
      customerId: input.customerId,
      cardNumber: number,
      templateId: template?.id ?? null,
      validUntil,
      comment: comment ? comment : null,
      schedule: svc.schedule,
      orderedAt: nowIso(ctx),
      localDate,
      dispatchDate: dispatchFor(ctx, svc),
    };
    const { storeSeq } = ctx.store.ledger.append({
      type: 'card.ordered',
      at: order.orderedAt,
      docType: 'card_order',
      docId: order.orderId,
      entries: [],
      data: { ...order },
    });
    ctx.store.cardOrders.insert(order, storeSeq);
    return { ...order, status: 'ordered' };
  });
}
