import { DAY_MS, daysBetween } from '../../common/calendar.js';
import { createRoute, z } from '@hono/zod-openapi';
import { json } from '../../api/route-helpers.js';
import { anyJson, cardNumber, problemResponses, ymd } from '../../api/schemas/common.js';
import { AppError } from '../../common/errors.js';
import type { CentralApp, CentralDeps } from '../env.js';

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/**
 * Head office's chain-wide views (admin token): customer search, card lookup, exceptions and a
 * per-store report. Everything here is read-only.
 */
export function chainRoutes(app: CentralApp, { db }: CentralDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/customers',
      tags: ['Chain'],
      request: { query: z.object({ q: z.string().trim().min(1).max(100), limit: z.coerce.number().int().min(1).max(500).default(20) }) },
      responses: { 200: json(anyJson), ...problemResponses },
    }),
    async (c) => {
      const { q, limit } = c.req.valid('query');
      const rows = await db.query<{ id: string; fields: Record<string, unknown> }>(
        "SELECT id, fields FROM customers WHERE search LIKE '%' || $1 || '%' ORDER BY id LIMIT $2",
        [likeEscape(q.toLowerCase()), limit],
      );
      return c.json({ items: rows.map((r) => ({ id: r.id, ...r.fields })) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/cards/{number}',
      tags: ['Chain'],
      request: { params: z.object({ number: cardNumber }) },
      responses: { 200: json(anyJson), ...problemResponses },
    }),
    async (c) => {
      const { number } = c.req.valid('param');
      const [card] = await db.query<{ number: string; customer_id: string; fields: Record<string, unknown> }>(
        'SELECT number, customer_id, fields FROM cards WHERE number = $1',
        [number],
      );
      if (!card) throw new AppError('card_not_found', undefined, [{ path: 'number', message: 'unknown card' }]);
      const [customer] = await db.query<{ id: string; fields: Record<string, unknown> }>('SELECT id, fields FROM customers WHERE id = $1', [card.customer_id]);
      const balances = await db.query<{ asset: string; program_id: string; amount: number }>(
        'SELECT asset, program_id, amount FROM balances WHERE owner = $1 ORDER BY asset, program_id',
        [number],
      );
      return c.json(
        {
          number: card.number,
          ...card.fields,
          customerId: card.customer_id,
          customer: customer ? { id: customer.id, ...customer.fields } : null,
          balances: balances.map((b) => ({ asset: b.asset, programId: b.program_id, amount: b.amount })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/admin/exceptions',
      tags: ['Chain'],
      request: {
        query: z.object({ kind: z.enum(['overdraft', 'voucher_double_redeemed']).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
      },
      responses: { 200: json(anyJson), ...problemResponses },
    }),
    async (c) => {
      const { kind, limit } = c.req.valid('query');
      const rows = await db.query<{
        id: string;
        kind: string;
        owner: string;
        store_id: string;
        event_id: string;
        detail: Record<string, unknown>;
        at: Date;
        created_at: Date;
      }>('SELECT * FROM exceptions WHERE ($1::text IS NULL OR kind = $1) ORDER BY created_at DESC, id LIMIT $2', [kind ?? null, limit]);
      return c.json(
        {
          items: rows.map((r) => ({
            id: r.id,
            kind: r.kind,
            owner: r.owner,
            storeId: r.store_id,
            eventId: r.event_id,
            at: r.at.toISOString(),
            createdAt: r.created_at.toISOString(),
            ...r.detail,
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/admin/reports/chain',
      tags: ['Chain'],
      request: { query: z.object({ from: ymd, to: ymd }) },
      responses: { 200: json(anyJson), ...problemResponses },
    }),
    async (c) => {
      const { from, to } = c.req.valid('query');
      const days = daysBetween(from, to) + 1;
      const start = Date.parse(`${from}T00:00:00Z`);
      const end = start + days * DAY_MS;
      if (days < 1 || days > 366)
        throw new AppError('validation_failed', 'to: from..to must be 1-366 days', [{ path: 'to', message: 'from..to must span 1-366 days' }]);
      const rows = await db.query<{ store_id: string; receipts: number; refunds: number; net_sales: number; topups: number; events: number }>(
        `SELECT store_id,
                count(*) FILTER (WHERE kind = 'receipt.closed')::bigint AS receipts,
                count(*) FILTER (WHERE kind = 'receipt.refunded')::bigint AS refunds,
                COALESCE(sum((payload #>> '{data,totals,net}')::bigint) FILTER (WHERE kind = 'receipt.closed'), 0)::bigint AS net_sales,
                count(*) FILTER (WHERE kind = 'card.topup')::bigint AS topups,
                count(*)::bigint AS events
         FROM events WHERE at >= $1 AND at < $2 GROUP BY store_id ORDER BY store_id`,
        [new Date(start).toISOString(), new Date(end).toISOString()],
      );
      return c.json(
        {
          from,
          to,
          stores: rows.map((r) => ({
            storeId: r.store_id,
            receipts: r.receipts,
            refunds: r.refunds,
            netSales: r.net_sales,
            topups: r.topups,
            events: r.events,
          })),
        },
        200,
      );
    },
  );
}
