import { createRoute, z } from '@hono/zod-openapi';
import { invoicesForPeriod } from '../engine/invoices.js';
import { cardUsageReport, customerCardsReport, discountSalesReport } from '../engine/reports.js';
import { jsonOrCsv } from './csv.js';
import type { App, ApiDeps } from './env.js';
import { json } from './route-helpers.js';
import { anyJson, id, problemResponses, ymd } from './schemas/common.js';

const range = z.object({ from: ymd, to: ymd }).refine((r) => r.from <= r.to, { path: ['to'], message: 'must not be before from' });
const csvOrJson = { 200: { description: 'JSON, or CSV with Accept: text/csv', content: { 'application/json': { schema: anyJson }, 'text/csv': { schema: z.string() } } }, ...problemResponses };

/** CARD-12 reports and consolidated invoices (admin scope). */
export function reportRoutes(app: App, { ctx }: ApiDeps): void {
  app.openapi(createRoute({ method: 'get', path: '/v1/admin/reports/card-usage', tags: ['Reports'], request: { query: range }, responses: csvOrJson }), (c) => {
    const q = c.req.valid('query');
    return jsonOrCsv(c, cardUsageReport(ctx, q.from, q.to), `card-usage-${q.from}-${q.to}`) as never;
  });
  app.openapi(createRoute({ method: 'get', path: '/v1/admin/reports/discount-sales', tags: ['Reports'], request: { query: range }, responses: csvOrJson }), (c) => {
    const q = c.req.valid('query');
    return jsonOrCsv(c, discountSalesReport(ctx, q.from, q.to), `discount-sales-${q.from}-${q.to}`) as never;
  });
  app.openapi(
    createRoute({
      method: 'get', path: '/v1/admin/reports/customer-cards', tags: ['Reports'],
      request: { query: z.object({ customerId: id.optional(), after: id.optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) }) },
      responses: csvOrJson,
    }),
    (c) => jsonOrCsv(c, customerCardsReport(ctx, c.req.valid('query')), 'customer-cards') as never,
  );
  app.openapi(
    createRoute({
      method: 'get', path: '/v1/admin/invoices', tags: ['Reports'],
      request: { query: z.object({ period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM') }) },
      responses: { 200: json(anyJson), ...problemResponses },
    }),
    (c) => c.json(invoicesForPeriod(ctx, c.req.valid('query').period), 200),
  );
}
