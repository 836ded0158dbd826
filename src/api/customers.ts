import { createRoute } from '@hono/zod-openapi';
import { body, json } from './route-helpers.js';
import { idempotentIfKeyed } from './idempotent.js';
import { createCustomer, getCustomer, searchCustomers, updateCustomer } from '../engine/customers.js';
import { customerDetail, customerTransactions } from '../engine/customer-views.js';
import type { App, ApiDeps } from './env.js';
import { anyJson, problemResponses } from './schemas/common.js';
import { customerCreate, customerIdParam, customerPatch, customerSearchQuery, transactionsQuery } from './schemas/customer.js';


/** Customers: search (CUST-5), create/patch (CUST-1..4, 7), detail (CUST-6), history. */
export function customerRoutes(app: App, { ctx }: ApiDeps): void {
  app.openapi(
    createRoute({ method: 'get', path: '/v1/customers', tags: ['Customers'], request: { query: customerSearchQuery }, responses: { 200: json(anyJson), ...problemResponses } }),
    (c) => {
      const { q, limit } = c.req.valid('query');
      const items = searchCustomers(ctx, q, c.get('scope'), limit);
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/v1/customers', tags: ['Customers'], request: body(customerCreate), responses: { 201: json(anyJson, 'Created'), ...problemResponses } }),
    (c) => {
      const input = c.req.valid('json');
      return idempotentIfKeyed(c, ctx, input, 201, () => createCustomer(ctx, input));
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/v1/customers/{id}', tags: ['Customers'], request: { params: customerIdParam }, responses: { 200: json(anyJson), ...problemResponses } }),
    (c) => c.json(customerDetail(ctx, getCustomer(ctx, c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({ method: 'patch', path: '/v1/customers/{id}', tags: ['Customers'], request: { params: customerIdParam, ...body(customerPatch) }, responses: { 200: json(anyJson), ...problemResponses } }),
    (c) => c.json(updateCustomer(ctx, c.req.valid('param').id, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/customers/{id}/transactions', tags: ['Customers'],
      request: { params: customerIdParam, query: transactionsQuery }, responses: { 200: json(anyJson), ...problemResponses },
    }),
    (c) => {
      const { limit, before } = c.req.valid('query');
      return c.json(customerTransactions(ctx, c.req.valid('param').id, limit, before), 200);
    },
  );
}
