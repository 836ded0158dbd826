import { z } from '@hono/zod-openapi';
import { daysBetween } from '../common/calendar.js';
import { invoicePayers, invoicesFor } from '../engine/reports/invoices.js';
import { accountsReport, cardUsageReport, customerCardsReport, discountSalesReport } from '../engine/reports/reports.js';
import { jsonOrCsv } from './csv.js';
import type { App, ApiDeps } from './env.js';
import { cursorParam, decodeCursor, encodeCursor, limitParam, nextCursorHeader, stringKey, toPage } from './page.js';
import { jsonPage, route } from './route-helpers.js';
import { id, nextCursorHeaderDoc, problemResponses, ymd } from './schemas/common.js';
import {
  accountsReport as accountsView,
  cardUsageReport as cardUsageView,
  customerCardsReport as customerCardsView,
  discountSalesReport as discountSalesView,
  invoices,
} from './schemas/report-views.js';
import { csvText } from './schemas/voucher-views.js';

/** The longest report period: a year (leap years included). Longer periods are asked for in parts. */
export const MAX_REPORT_DAYS = 366;

const range = z
  .object({ from: ymd, to: ymd, limit: limitParam(), cursor: cursorParam })
  .refine((r) => r.from <= r.to, { path: ['to'], message: 'must not be before from' })
  .refine((r) => r.from > r.to || daysBetween(r.from, r.to) + 1 <= MAX_REPORT_DAYS, { path: ['to'], message: `at most ${MAX_REPORT_DAYS} days after from` });
const csvOrJson = <T extends z.ZodType>(schema: T) => ({
  200: {
    description: 'One page: JSON, or CSV of the rows with Accept: text/csv (next page in X-Next-Cursor)',
    headers: nextCursorHeaderDoc,
    content: { 'application/json': { schema }, 'text/csv': { schema: csvText } },
  },
  ...problemResponses,
});

/**
 * CARD-12 reports and consolidated invoices (admin scope). Each answers one page (README
 * "Lists"): `{from, to, rows, nextCursor}`; periods are at most a year.
 */
export function reportRoutes(app: App, { ctx }: ApiDeps): void {
  app.openapi(
    route({
      method: 'get',
      path: '/v1/admin/reports/card-usage',
      tags: ['Reports'],
      summary: 'Card usage with opening and closing balances per money-moving card, one page (CARD-12)',
      operationId: 'reportCardUsage',
      request: { query: range },
      responses: csvOrJson(cardUsageView),
    }),
    (c) => {
      const q = c.req.valid('query');
      const page = toPage(cardUsageReport(ctx, q.from, q.to, decodeCursor(q.cursor, stringKey), q.limit + 1), q.limit, (r) => r.cardNumber);
      nextCursorHeader(c, page.nextCursor);
      return jsonOrCsv(c, { from: q.from, to: q.to, rows: page.items, nextCursor: page.nextCursor }, `card-usage-${q.from}-${q.to}`) as never;
    },
  );
  app.openapi(
    route({
      method: 'get',
      path: '/v1/admin/reports/discount-sales',
      tags: ['Reports'],
      summary: 'Sales per discount in a period (CARD-12)',
      operationId: 'reportDiscountSales',
      request: { query: range },
      responses: csvOrJson(discountSalesView),
    }),
    async (c) => {
      const q = c.req.valid('query');
      const rows = await discountSalesReport(ctx, q.from, q.to, decodeCursor(q.cursor, stringKey), q.limit + 1);
      const page = toPage(rows, q.limit, (r) => r.discountId);
      nextCursorHeader(c, page.nextCursor);
      return jsonOrCsv(c, { from: q.from, to: q.to, rows: page.items, nextCursor: page.nextCursor }, `discount-sales-${q.from}-${q.to}`) as never;
    },
  );
  app.openapi(
    route({
      method: 'get',
      path: '/v1/admin/reports/accounts',
      tags: ['Reports'],
      summary: 'Customer accounts: opening balance, deposits, charges and closing balance per customer, one page (CUST-10, CARD-12)',
      operationId: 'reportAccounts',
      request: { query: range },
      responses: csvOrJson(accountsView),
    }),
    (c) => {
      const q = c.req.valid('query');
      const page = toPage(accountsReport(ctx, q.from, q.to, decodeCursor(q.cursor, stringKey), q.limit + 1), q.limit, (r) => r.customerId);
      nextCursorHeader(c, page.nextCursor);
      return jsonOrCsv(c, { from: q.from, to: q.to, rows: page.items, nextCursor: page.nextCursor }, `accounts-${q.from}-${q.to}`) as never;
    },
  );
  app.openapi(
    route({
      method: 'get',
      path: '/v1/admin/reports/customer-cards',
      tags: ['Reports'],
      summary: "Each customer's cards with balances and turnover (CARD-12)",
      operationId: 'reportCustomerCards',
      description: 'Pages by customer: `limit` customers with all their cards; `cursor` (or the older `after`, a customer id) continues',
      request: { query: z.object({ customerId: id.optional(), after: id.optional(), cursor: cursorParam, limit: limitParam(200) }) },
      responses: csvOrJson(customerCardsView),
    }),
    (c) => {
      const q = c.req.valid('query');
      const after = decodeCursor(q.cursor, stringKey) ?? q.after;
      const report = customerCardsReport(ctx, { limit: q.limit, ...(q.customerId ? { customerId: q.customerId } : {}), ...(after ? { after } : {}) });
      const nextCursor = report.next === null ? null : encodeCursor(report.next);
      nextCursorHeader(c, nextCursor);
      return jsonOrCsv(c, { ...report, nextCursor }, 'customer-cards') as never;
    },
  );
  app.openapi(
    route({
      method: 'get',
      path: '/v1/admin/invoices',
      tags: ['Reports'],
      summary: 'Consolidated invoices of discount_payment cards for a month, one page of payers (CUST-7)',
      operationId: 'listInvoices',
      description: 'One page of payers, each with its invoice for the month: `{period, invoices, nextCursor}`',
      request: { query: z.object({ period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM'), limit: limitParam(), cursor: cursorParam }) },
      responses: { 200: jsonPage(invoices), ...problemResponses },
    }),
    (c) => {
      const q = c.req.valid('query');
      const page = toPage(invoicePayers(ctx, q.period, decodeCursor(q.cursor, stringKey), q.limit + 1), q.limit, (payer) => payer);
      nextCursorHeader(c, page.nextCursor);
      return c.json({ period: q.period, invoices: invoicesFor(ctx, q.period, page.items), nextCursor: page.nextCursor }, 200);
    },
  );
}
