import { body, json, jsonPage, route } from './route-helpers.js';
import { idempotent, idempotentIfKeyed } from './idempotent.js';
import { recordDeposit } from '../engine/customers/account.js';
import { createCustomer, getCustomer, searchCustomersJson, updateCustomer, type CustomerSecrets } from '../engine/customers/customers.js';
import { hashWebPassword } from '../engine/customers/web-password.js';
import { customerDetail, customerTransactions } from '../engine/customers/customer-views.js';
import type { App, ApiDeps } from './env.js';
import { decodeCursor, encodeCursor, intKey, nextCursorHeader } from './page.js';
import { idempotencyHeader, problemResponses } from './schemas/common.js';
import { customer, customerDetail as customerDetailView, customerList, depositResult, transactionPage } from './schemas/customer-views.js';
import { customerCreate, customerIdParam, customerPatch, customerSearchQuery, depositBody, transactionsQuery } from './schemas/customer.js';

/** CUST-12: hash a web password off the event loop (scrypt on the thread pool); null clears it. */
async function webPasswordSecrets(pw: string | null | undefined): Promise<CustomerSecrets> {
  if (pw === undefined) return {};
  return { webPasswordHash: pw === null ? null : await hashWebPassword(pw) };
}

/** What the idempotency hash sees: never the password itself (its hash would be brute-forceable). */
function requestBody<T extends object>(input: T, pw: string | null | undefined): T | (T & { webPassword: string | null }) {
  return pw === undefined ? input : { ...input, webPassword: pw === null ? null : '(set)' };
}

/** Customers: search (CUST-5), create/patch (CUST-1..4, 7, 12), deposits (CUST-10), detail (CUST-6), history. */
export function customerRoutes(app: App, { ctx }: ApiDeps): void {
  app.openapi(
    route({
      method: 'get',
      path: '/v1/customers',
      tags: ['Customers'],
      summary: "Search customers by name, e-mail or phone: every word, or a phone's digits (CUST-5)",
      operationId: 'searchCustomers',
      request: { query: customerSearchQuery },
      responses: { 200: json(customerList), ...problemResponses },
    }),
    (c) => {
      const { q, limit } = c.req.valid('query');
      // The hits arrive as JSON text built by the store (customerList's items): sent as they are.
      const items = searchCustomersJson(ctx, q, c.get('scope'), limit);
      return c.body(`{"items":${items}}`, 200, { 'content-type': 'application/json' }) as never; // checked against customerList in tests
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/v1/customers',
      tags: ['Customers'],
      summary: 'Create a person or company customer, optionally with an opening account balance (CUST-1..4, 7, 10, 12)',
      operationId: 'createCustomer',
      description: 'With a non-zero `openingBalance` the Idempotency-Key header is required (it moves value)',
      request: body(customerCreate),
      responses: { 201: json(customer, 'Created'), ...problemResponses },
    }),
    async (c) => {
      const { webPassword, ...input } = c.req.valid('json');
      const secrets = await webPasswordSecrets(webPassword);
      const hashed = requestBody(input, webPassword);
      // An opening balance moves value (CUST-10): then the Idempotency-Key is required.
      if (input.openingBalance) return idempotent(c, ctx, hashed, () => ({ status: 201 as const, body: createCustomer(ctx, input, secrets) }));
      return idempotentIfKeyed(c, ctx, hashed, 201, () => createCustomer(ctx, input, secrets));
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/v1/customers/{id}/deposits',
      tags: ['Customers'],
      summary: 'Fund a customer account or pay its invoice (CUST-10)',
      operationId: 'recordDeposit',
      request: { params: customerIdParam, headers: idempotencyHeader, ...body(depositBody) },
      responses: { 201: json(depositResult, 'Booked'), ...problemResponses },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      return idempotent(c, ctx, input, () => ({ status: 201 as const, body: recordDeposit(ctx, id, input) }));
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/v1/customers/{id}',
      tags: ['Customers'],
      summary: 'A customer with cards, balances, account and tier (CUST-6)',
      operationId: 'getCustomer',
      request: { params: customerIdParam },
      responses: { 200: json(customerDetailView), ...problemResponses },
    }),
    (c) => c.json(customerDetail(ctx, getCustomer(ctx, c.req.valid('param').id)), 200),
  );

  app.openapi(
    route({
      method: 'patch',
      path: '/v1/customers/{id}',
      tags: ['Customers'],
      summary: 'Change some fields of a customer',
      operationId: 'updateCustomer',
      request: { params: customerIdParam, ...body(customerPatch) },
      responses: { 200: json(customer), ...problemResponses },
    }),
    async (c) => {
      const { webPassword, ...patch } = c.req.valid('json');
      return c.json(updateCustomer(ctx, c.req.valid('param').id, patch, await webPasswordSecrets(webPassword)), 200);
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/v1/customers/{id}/transactions',
      tags: ['Customers'],
      summary: "The customer's ledger entries, newest first (CUST-6)",
      operationId: 'listCustomerTransactions',
      request: { params: customerIdParam, query: transactionsQuery },
      responses: { 200: jsonPage(transactionPage), ...problemResponses },
    }),
    (c) => {
      const q = c.req.valid('query');
      const page = customerTransactions(ctx, c.req.valid('param').id, q.limit, decodeCursor(q.cursor, intKey) ?? q.before);
      // `next` (an id for `before`) is the documented cursor; nextCursor is the same place as an opaque cursor.
      const nextCursor = page.next === null ? null : encodeCursor(page.next);
      nextCursorHeader(c, nextCursor);
      return c.json({ ...page, nextCursor }, 200);
    },
  );
}
