import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';
import { fullApp } from '../helpers/openapi-app.js';
import { OpenApiValidator } from '../helpers/openapi-validator.js';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

interface Op {
  summary?: string;
  operationId?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: { name: string; in: string }[];
  responses: Record<
    string,
    { headers?: Record<string, unknown>; content?: Record<string, { schema?: { $ref?: string; type?: string; properties?: object } }> }
  >;
}
type Doc = {
  info: { description: string };
  paths: Record<string, Record<string, Op>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};

describe('the OpenAPI contract (/v1/openapi.json)', () => {
  let text: string;
  let doc: Doc;
  let dir: string;
  let close: () => void;

  beforeAll(async () => {
    const full = fullApp();
    close = full.close;
    const res = await full.app.request('/v1/openapi.json');
    expect(res.status).toBe(200);
    text = await res.text();
    doc = JSON.parse(text) as Doc;
    dir = mkdtempSync(join(tmpdir(), 'tillgate-openapi-'));
  });
  afterAll(() => {
    close?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('GW-5: the served document passes `redocly lint` (recommended ruleset, redocly.yaml) with 0 errors', async () => {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, text);
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
    const r = await run(join(ROOT, 'node_modules/.bin/redocly'), ['lint', '--config', join(ROOT, 'redocly.yaml'), '--format', 'stylish', file], {
      env,
      timeout: 60_000,
    }).then(
      (ok) => ({ code: 0, out: ok.stdout + ok.stderr }),
      (err: { code?: number; stdout?: string; stderr?: string }) => ({ code: err.code ?? 1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` }),
    );
    expect(r.code, r.out).toBe(0);
  });

  it('GW-5: every operation has a summary, a unique operationId, tags, security, a typed 2xx and the shared Problem for each error', () => {
    const ids = new Set<string>();
    const problemRef = '#/components/schemas/Problem';
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(op.summary, where).toBeTruthy();
        expect(op.operationId, where).toMatch(/^[a-z][A-Za-z0-9]+$/);
        expect(ids.has(op.operationId!), `${where}: duplicate operationId`).toBe(false);
        ids.add(op.operationId!);
        expect(op.tags?.length, where).toBeGreaterThan(0);
        expect(op.security, where).toBeDefined();
        const isPublic = JSON.stringify(op.security) === '[{}]';
        for (const code of ['403', '413', '421', '503', ...(isPublic ? [] : ['401', '429'])]) expect(op.responses[code], `${where} ${code}`).toBeDefined();
        for (const [status, resp] of Object.entries(op.responses)) {
          if (/^[45]/.test(status)) {
            expect(resp.content?.['application/problem+json']?.schema?.$ref, `${where} ${status}`).toBe(problemRef);
          } else if (resp.content?.['application/json']) {
            // Typed: a named schema, an array or an object with properties — never a bare `{type: object}`.
            const s = resp.content['application/json'].schema ?? {};
            expect(s.$ref !== undefined || s.type === 'array' || s.properties !== undefined, `${where} ${status} is untyped`).toBe(true);
          }
        }
      }
    }
    expect(ids.size).toBeGreaterThan(50);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.info.description).toMatch(/docs\/api\.md/);
    expect(doc.info.description).not.toMatch(/shared|API\.md/);
    expect(text).not.toContain('../shared');
  });

  it('GW-2, GW-3: SSE /v1/events is text/event-stream and /v1/printers/{id}/preview is image/png (GET and POST)', () => {
    expect(Object.keys(doc.paths['/v1/events']!.get!.responses['200']!.content!)).toEqual(['text/event-stream']);
    expect(Object.keys(doc.paths['/v1/printers/{id}/preview']!.get!.responses['200']!.content!)).toEqual(['image/png']);
    expect(Object.keys(doc.paths['/v1/printers/{id}/preview']!.post!.responses['200']!.content!)).toEqual(['image/png']);
  });

  it('GW-5: every list that takes a cursor answers nextCursor and documents X-Next-Cursor; 409 and 429 document Retry-After', () => {
    type Obj = { $ref?: string; properties?: object; anyOf?: { properties?: object }[] };
    const schemas = doc.components.schemas as Record<string, Obj>;
    // The properties of a response schema (each branch of a union), following one $ref.
    const props = (s: Obj | undefined): object[] => {
      const named = s?.$ref ? schemas[s.$ref.split('/').pop()!] : s;
      return [named?.properties ?? {}, ...(named?.anyOf ?? []).map((a) => a.properties ?? {})].filter((p) => Object.keys(p).length > 0 || !named?.anyOf);
    };
    const lists: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const where = `${method.toUpperCase()} ${path}`;
        if (op.parameters?.some((p) => p.in === 'query' && p.name === 'cursor')) {
          lists.push(where);
          const ok = op.responses['200']!;
          expect(ok.headers?.['X-Next-Cursor'], where).toBeDefined();
          for (const p of props(ok.content?.['application/json']?.schema)) expect(p, where).toHaveProperty('nextCursor');
        }
        if (op.responses['409']) expect(op.responses['409'].headers?.['Retry-After'], `${where} 409`).toBeDefined();
        if (op.responses['429']) expect(op.responses['429'].headers?.['Retry-After'], `${where} 429`).toBeDefined();
      }
    }
    for (const l of [
      'GET /v1/admin/discounts',
      'GET /v1/admin/voucher-ranges',
      'GET /v1/card-templates',
      'GET /v1/admin/voucher-campaigns/{id}/codes',
      'GET /v1/admin/reports/card-usage',
      'GET /v1/admin/invoices',
      'GET /v1/customers/{id}/transactions',
    ]) {
      expect(lists).toContain(l);
    }
    // The campaign answer carries the first page of codes and the cursor for the rest.
    expect(props(doc.paths['/v1/admin/voucher-campaigns']!.post!.responses['200']!.content!['application/json']!.schema)[0]).toHaveProperty('nextCursor');
    expect(doc.paths['/v1/printers/{id}/test-page']?.post?.operationId).toBe('printTestPage');
  });

  it('CARD-3: balances.stamps has one shape, the card-lookup list, in every response that carries balances', () => {
    const s = doc.components.schemas;
    expect(s.CardBalances).toMatchObject({ properties: { stamps: { type: 'array', items: { $ref: '#/components/schemas/StampBalance' } } } });
    for (const name of ['CardLookup', 'ReceiptResult', 'RefundResult', 'TopupResult', 'VisitResult']) {
      expect(JSON.stringify(s[name]), name).toContain('#/components/schemas/CardBalances');
    }
  });

  it('GW-5: the response validator rejects a body that does not match, an undocumented status and a 405 without Allow', () => {
    const v = new OpenApiValidator(doc as unknown as Record<string, unknown>);
    const json = new Headers({ 'content-type': 'application/json' });
    const problem = new Headers({ 'content-type': 'application/problem+json' });
    const good = {
      number: '6009000000000017',
      type: 'discount',
      status: 'active',
      customer: null,
      balances: { money: 0, bonus: 0, visits: 0, stamps: [] },
      message: null,
      validNow: true,
      dailyLimit: null,
      dailyRemaining: null,
    };
    const at = { method: 'GET', path: '/v1/cards/6009000000000017' };
    expect(v.check({ ...at, status: 200, headers: json, body: JSON.stringify(good) })).toEqual([]);
    // the old receipt shape of stamps (an object) is refused
    expect(
      v.check({ ...at, status: 200, headers: json, body: JSON.stringify({ ...good, balances: { ...good.balances, stamps: { pizza6: 5 } } }) }).join(),
    ).toMatch(/stamps/);
    expect(v.check({ ...at, status: 200, headers: json, body: JSON.stringify({ ...good, type: 'gold' }) })).not.toEqual([]);
    expect(v.check({ ...at, status: 418, headers: json, body: '{}' }).join()).toMatch(/not documented/);
    const p = JSON.stringify({ type: 'x', title: 't', status: 405, code: 'method_not_allowed', detail: 'd' });
    expect(v.check({ method: 'PUT', path: at.path, status: 405, headers: problem, body: p }).join()).toMatch(/Allow/);
    expect(
      v.check({ method: 'PUT', path: at.path, status: 405, headers: new Headers({ 'content-type': 'application/problem+json', allow: 'GET' }), body: p }),
    ).toEqual([]);
    expect(v.check({ ...at, status: 404, headers: problem, body: JSON.stringify({ title: 't' }) })).not.toEqual([]);
  });
});

describe('405 method_not_allowed', () => {
  let f: ApiFixture;
  beforeAll(() => {
    f = apiFixture();
  });
  afterAll(() => f?.close());

  it('GW-5: a known path requested with another method is 405 with Allow; an unknown path stays 404', async () => {
    const put = await f.json('PUT', '/v1/cards/6009000000000017', { body: {} });
    expect(put.status).toBe(405);
    expect(put.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(put.body).toMatchObject({ code: 'method_not_allowed', status: 405 });
    expect(put.headers.get('allow')).toBe('GET, HEAD, PATCH');
    const del = await f.json('DELETE', '/v1/receipts', { body: {} });
    expect([del.status, del.headers.get('allow')]).toEqual([405, 'POST']);
    const unknown = await f.json('GET', '/v1/nothing-here');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'not_found']);
    // auth still comes first: from the network without a token it is 401, not 405
    expect((await f.json('PUT', '/v1/cards/6009000000000017', { body: {}, addr: '10.0.0.9' })).status).toBe(401);
  });
});
