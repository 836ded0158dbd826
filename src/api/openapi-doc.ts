import type { App } from './env.js';

const DESCRIPTION = `The HTTP API a till (point-of-sale software) uses on the store box: card and customer lookup,
basket evaluation, receipts, vouchers, devices and printing. The integrator's guide
(docs/api.md in the Tillgate repository) explains the conventions; in short:

- JSON in and out; money in integer minor units, percentages in basis points, times ISO 8601 with offset.
- Writes that move value or print need an \`Idempotency-Key\`: a retry with the same key and body
  returns the first response and does nothing twice.
- Every error is \`application/problem+json\` (the Problem schema) with a stable \`code\`; bad input
  names each field in \`errors[]\`.
- A path requested with a method it does not have is \`405 method_not_allowed\` (a Problem) with an
  \`Allow\` header listing the methods the path has; this holds for every path below.
- Callers on loopback need no token unless the store's config says so; any other caller sends
  \`Authorization: Bearer <token>\` (scope \`till\`, or \`admin\` for \`/v1/admin\`).`;

/** GET /v1/openapi.json: the OpenAPI 3.1 document built from the route definitions. */
export function openApiDocument(app: App, version: string): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'A token from the store config (`api.tokens`, scope `till` or `admin`). Not needed from loopback unless `api.requireTokenOnLoopback`.',
  });
  app.doc31('/v1/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Tillgate till API', version, description: DESCRIPTION },
    servers: [{ url: 'http://127.0.0.1:8700', description: 'The store box (address and port from api.listen / api.port)' }],
    tags: TAGS,
  });
}

const TAGS = [
  { name: 'Operations', description: 'Health, Prometheus metrics, balance resets and tier recomputation' },
  { name: 'Customers', description: 'Customer search, create, edit, detail and history (CUST-1..8)' },
  { name: 'Cards', description: 'Card lookup, issue, edit, top-ups and visits (CARD-1..9)' },
  { name: 'Card orders', description: 'Ordering physical cards (ORDER-1..5)' },
  { name: 'Baskets', description: 'Pure loyalty evaluation of a basket (CARD-3..6)' },
  { name: 'Receipts', description: 'Closing sales and refunds, exactly once' },
  { name: 'Vouchers', description: 'Vouchers, ranges and campaigns (VOUCH-1..7)' },
  { name: 'Master data', description: 'Discounts, tiers, stamp programs, privileges, rules, card templates (admin)' },
  { name: 'Reports', description: 'Card usage, discount sales, customer cards and invoices (CARD-12)' },
  { name: 'Devices', description: 'Card readers, printers and their events (GW-1, GW-2, CUST-9)' },
  { name: 'Printers', description: 'Structured print jobs, drawer and preview (GW-3)' },
];
