import { customerTypesPage, putCustomerTypes } from '../engine/customers/customer-types.js';
import type { App, ApiDeps } from './env.js';
import { decodeCursor, nextCursorHeader, pageQuery, stringKey, toPage } from './page.js';
import { body, json, jsonPage, route } from './route-helpers.js';
import { problemResponses } from './schemas/common.js';
import { customerTypesBody } from './schemas/customer.js';
import { customerTypeList, customerTypesRecord } from './schemas/customer-views.js';

/** CUST-12 (seed 003 "Klienditüübid"): the customer-type list, read a page at a time, replaced whole. */
export function customerTypeRoutes(app: App, { ctx }: ApiDeps): void {
  app.openapi(
    route({
      method: 'get',
      path: '/v1/admin/customer-types',
      tags: ['Master data'],
      summary: 'The customer-type list by code, one page (CUST-12)',
      operationId: 'listCustomerTypes',
      request: { query: pageQuery },
      responses: { 200: jsonPage(customerTypeList), ...problemResponses },
    }),
    (c) => {
      const { limit, cursor } = c.req.valid('query');
      const page = toPage(customerTypesPage(ctx, decodeCursor(cursor, stringKey), limit + 1), limit, (t) => t.code);
      nextCursorHeader(c, page.nextCursor);
      return c.json(page, 200);
    },
  );
  app.openapi(
    route({
      method: 'put',
      path: '/v1/admin/customer-types',
      tags: ['Master data'],
      summary: 'Replace the customer-type list; a type still used by a customer cannot be dropped (CUST-12)',
      operationId: 'putCustomerTypes',
      request: body(customerTypesBody),
      responses: { 200: json(customerTypesRecord), ...problemResponses },
    }),
    (c) => c.json(putCustomerTypes(ctx, c.req.valid('json').items), 200),
  );
}
