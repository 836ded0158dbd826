import { createRoute, z } from '@hono/zod-openapi';
import { toCsv } from '../../api/csv.js';
import { body, json } from '../../api/route-helpers.js';
import { anyJson, problemResponses } from '../../api/schemas/common.js';
import { AppError } from '../../common/errors.js';
import type { CentralApp, CentralDeps } from '../env.js';

const STATUSES = ['ordered', 'sent', 'produced', 'delivered'] as const;

interface OrderRow {
  id: string;
  store_id: string;
  customer_id: string;
  card_number: string;
  template_id: string | null;
  valid_until: string | null;
  comment: string | null;
  schedule: string;
  ordered_at: Date;
  dispatch_date: string;
  status: (typeof STATUSES)[number];
  status_at: Date;
}

const view = (r: OrderRow) => ({
  id: r.id,
  storeId: r.store_id,
  customerId: r.customer_id,
  cardNumber: r.card_number,
  templateId: r.template_id,
  validUntil: r.valid_until,
  comment: r.comment,
  schedule: r.schedule,
  orderedAt: r.ordered_at.toISOString(),
  dispatchDate: r.dispatch_date,
  status: r.status,
  statusAt: r.status_at.toISOString(),
});

const listQuery = z.object({
  status: z.enum(STATUSES).optional(),
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});

const csvOrJson = {
  200: { description: 'JSON, or CSV with ?format=csv', content: { 'application/json': { schema: anyJson }, 'text/csv': { schema: z.string() } } },
  ...problemResponses,
};

/** SYNC-9 (seed 002): card orders from every store; CSV for the card maker; status moves forward only. */
export function cardOrderRoutes(app: CentralApp, { db }: CentralDeps): void {
  app.openapi(
    createRoute({ method: 'get', path: '/v1/admin/card-orders', tags: ['Card orders'], request: { query: listQuery }, responses: csvOrJson }),
    async (c) => {
      const { status, format, limit } = c.req.valid('query');
      const rows = await db.query<OrderRow>('SELECT * FROM card_orders WHERE ($1::text IS NULL OR status = $1) ORDER BY ordered_at, id LIMIT $2', [
        status ?? null,
        limit,
      ]);
      const items = rows.map(view);
      if (format === 'csv') {
        // The route documents two media types; the typed helpers know one at a time.
        return c.body(toCsv(items), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="card-orders.csv"',
        }) as never;
      }
      return c.json({ items }, 200) as never;
    },
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/admin/card-orders/{id}',
      tags: ['Card orders'],
      request: { params: z.object({ id: z.string().max(64) }), ...body(z.strictObject({ status: z.enum(['sent', 'produced', 'delivered']) })) },
      responses: { 200: json(anyJson), ...problemResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { status } = c.req.valid('json');
      const row = await db.tx(async (q) => {
        const [cur] = await q.query<OrderRow>('SELECT * FROM card_orders WHERE id = $1 FOR UPDATE', [id]);
        if (!cur) throw new AppError('card_order_not_found', `no card order ${id}`);
        if (cur.status === status) return cur; // a retried PATCH changes nothing
        if (STATUSES.indexOf(status) < STATUSES.indexOf(cur.status)) {
          throw new AppError('card_order_status_invalid', `the order is ${cur.status}; it cannot go back to ${status}`, [
            { path: 'status', message: `already ${cur.status}` },
          ]);
        }
        const [next] = await q.query<OrderRow>('UPDATE card_orders SET status = $2, status_at = now() WHERE id = $1 RETURNING *', [id, status]);
        return next ?? cur;
      });
      return c.json(view(row), 200);
    },
  );
}
