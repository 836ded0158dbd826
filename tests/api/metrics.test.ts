import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/api/app.js';
import { deviceApiRoutes } from '../../src/api/printers.js';
import { ApiMetrics } from '../../src/api/metrics.js';
import { silentLogger } from '../../src/common/logger.js';
import { deviceSchema, type DeviceConfig } from '../../src/config/devices-schema.js';
import { DeviceHub } from '../../src/drivers/hub.js';
import { storePrintJournal } from '../../src/bridges/print-journal.js';
import { engineFixture, testConfig, type EngineFixture } from '../helpers/engine-fixture.js';
import { assertMatchesOpenApi } from '../helpers/openapi-validator.js';
import { find, parsePrometheusText, value, type Exposition } from '../helpers/prometheus-text.js';
import { tcpPrinter } from '../helpers/tcp-printer.js';
import { waitFor } from '../helpers/wait-for.js';

const CARD = '6009000000000016';
const AT = '2026-11-23T10:15:00+02:00';

describe('GET /metrics (GW-7)', () => {
  let f: EngineFixture;
  let hub: DeviceHub;
  let app: App;
  let printer: Awaited<ReturnType<typeof tcpPrinter>>;
  let doc: string;

  const req = async (method: string, path: string, opts: { body?: unknown; headers?: Record<string, string>; addr?: string } = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await app.request(path, { method, headers, body }, { incoming: { socket: { remoteAddress: opts.addr ?? '127.0.0.1' } } });
    await assertMatchesOpenApi(doc, method, path, res);
    return res;
  };
  const scrape = async (): Promise<Exposition> => {
    const res = await req('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(await res.text());
  };

  beforeAll(async () => {
    f = engineFixture();
    f.clock.set('2026-11-23T08:15:00Z');
    printer = await tcpPrinter();
    hub = new DeviceHub({
      devices: [
        deviceSchema.parse({ id: 'p1', kind: 'printer', transport: { type: 'tcp', host: '127.0.0.1', port: printer.port } }),
        deviceSchema.parse({ id: 'gone', kind: 'printer', transport: { type: 'file', path: `${f.dir}/no-lp0` } }),
      ] as DeviceConfig[],
      cardSchemes: f.ctx.config.cardSchemes,
      logger: silentLogger(),
      journal: storePrintJournal(f.ctx.store.db),
      backoff: { minMs: 50, maxMs: 300 },
    });
    await hub.start();
    app = createApp({
      ctx: f.ctx,
      api: testConfig().api,
      logger: silentLogger(),
      version: 'test',
      startedAt: new Date(),
      extraRoutes: deviceApiRoutes(hub),
      metrics: new ApiMetrics({ ctx: f.ctx, version: 'test' }, { devices: () => hub.list(), deviceEvents: hub.events }),
    });
    doc = await (await app.request('/v1/openapi.json')).text();
    await waitFor(() => hub.get('p1').state === 'ready', 'printer ready');
  });

  afterAll(async () => {
    await hub?.stop();
    await printer?.close();
    f?.close();
  });

  it('GW-7: after requests, every family is there in Prometheus text with sensible values; routes are patterns, never card numbers', async () => {
    expect((await req('GET', '/v1/health')).status).toBe(200);
    expect((await req('GET', `/v1/cards/${CARD}`)).status).toBe(404);
    const lines = [{ sku: 'COLA', qty: 2, unitPrice: 250 }];
    expect((await req('POST', '/v1/baskets/evaluate', { body: { at: AT, lines } })).status).toBe(200);
    const receipt = { tillId: 't1', receiptNo: 'r1', at: AT, lines, payments: [{ method: 'cash', amount: 500 }] };
    expect((await req('POST', '/v1/receipts', { body: receipt, headers: { 'idempotency-key': 'm-1' } })).status).toBe(201);
    // A replay answers from the idempotency record: a request, but no second receipt close.
    expect((await req('POST', '/v1/receipts', { body: receipt, headers: { 'idempotency-key': 'm-1' } })).status).toBe(201);
    const job = await req('POST', '/v1/printers/p1/jobs', { body: { lines: [{ text: 'Aitäh!' }, { cut: true }] }, headers: { 'idempotency-key': 'j-1' } });
    expect(job.status).toBe(202);
    const { jobId } = (await job.json()) as { jobId: string };
    await waitFor(() => hub.jobStatus('p1', jobId).state === 'done', 'job printed');

    const res = await req('GET', '/metrics');
    const text = await res.text();
    expect(text).not.toContain(CARD);
    const m = parsePrometheusText(text);

    // Requests: a histogram per method, route pattern and status; _count is the request count.
    expect(m.types.get('tillgate_http_request_duration_seconds')).toBe('histogram');
    const count = (route: string, method: string, status: string) => value(m, 'tillgate_http_request_duration_seconds_count', { route, method, status });
    expect(count('/v1/health', 'GET', '200')).toBe(1);
    expect(count('/v1/cards/:number', 'GET', '404')).toBe(1);
    expect(count('/v1/baskets/evaluate', 'POST', '200')).toBe(1);
    expect(count('/v1/receipts', 'POST', '201')).toBe(2);
    expect(count('/v1/printers/:id/jobs', 'POST', '202')).toBe(1);
    const routes = new Set(find(m, 'tillgate_http_request_duration_seconds_count').map((s) => s.labels.route));
    for (const r of routes) expect(r).not.toMatch(/\d{8}/);
    const inf = value(m, 'tillgate_http_request_duration_seconds_bucket', { route: '/v1/receipts', method: 'POST', status: '201', le: '+Inf' });
    expect(inf).toBe(2);
    expect(value(m, 'tillgate_http_request_duration_seconds_sum', { route: '/v1/receipts', method: 'POST', status: '201' })).toBeGreaterThan(0);

    // The use cases alone: one evaluation, one receipt closed (the replay closed nothing).
    expect(m.types.get('tillgate_evaluate_duration_seconds')).toBe('histogram');
    expect(value(m, 'tillgate_evaluate_duration_seconds_count')).toBe(1);
    expect(value(m, 'tillgate_evaluate_duration_seconds_sum')).toBeGreaterThan(0);
    expect(value(m, 'tillgate_receipt_close_duration_seconds_count')).toBe(1);

    // Outbox and sync: the receipt waits in the outbox; a standalone store has no lag and no central.
    expect(value(m, 'tillgate_outbox_pending_events')).toBe(f.ctx.store.outbox.pending());
    expect(value(m, 'tillgate_outbox_pending_events')).toBeGreaterThan(0);
    expect(value(m, 'tillgate_sync_lag_seconds')).toBe(0);
    expect(value(m, 'tillgate_sync_central_reachable')).toBe(0);

    // Devices: one gauge per device and state, 1 for the current one.
    expect(value(m, 'tillgate_device_state', { device: 'p1', kind: 'printer', state: 'ready' })).toBe(1);
    expect(value(m, 'tillgate_device_state', { device: 'p1', state: 'disconnected' })).toBe(0);
    expect(value(m, 'tillgate_device_state', { device: 'gone', state: 'disconnected' })).toBe(1);
    expect(value(m, 'tillgate_device_state', { device: 'gone', state: 'ready' })).toBe(0);

    // Print jobs by outcome, every outcome present for every printer.
    expect(m.types.get('tillgate_print_jobs_total')).toBe('counter');
    expect(value(m, 'tillgate_print_jobs_total', { printer: 'p1', outcome: 'done' })).toBe(1);
    expect(value(m, 'tillgate_print_jobs_total', { printer: 'p1', outcome: 'failed' })).toBe(0);
    expect(value(m, 'tillgate_print_jobs_total', { printer: 'gone', outcome: 'in_doubt' })).toBe(0);

    // Database and WAL: the sizes of the real files.
    expect(value(m, 'tillgate_database_size_bytes')).toBeGreaterThan(0);
    expect(value(m, 'tillgate_database_wal_size_bytes')).toBeGreaterThanOrEqual(0);
    expect(value(m, 'tillgate_database_writable')).toBe(1);

    // Event-loop lag (perf_hooks monitorEventLoopDelay, prom-client default metrics).
    expect(m.types.get('nodejs_eventloop_lag_p99_seconds')).toBe('gauge');
    const p99 = value(m, 'nodejs_eventloop_lag_p99_seconds');
    expect(p99).toBeGreaterThanOrEqual(0);
    expect(p99).toBeLessThan(60);
    expect(value(m, 'tillgate_build_info', { version: 'test' })).toBe(1);
  });

  it('GW-7: a path no route has is counted as `unmatched`, not by its text', async () => {
    expect((await req('GET', `/v1/nope/${CARD}`)).status).toBe(404);
    const m = await scrape();
    expect(value(m, 'tillgate_http_request_duration_seconds_count', { route: 'unmatched', method: 'GET', status: '404' })).toBeGreaterThanOrEqual(1);
  });

  it('GW-5, GW-7: /metrics is an admin read: loopback free, else an admin token; Host is checked', async () => {
    const remote = '192.0.2.7';
    expect((await req('GET', '/metrics', { addr: remote })).status).toBe(401);
    expect((await req('GET', '/metrics', { addr: remote, headers: { authorization: 'Bearer till-token-0123456789' } })).status).toBe(403);
    expect((await req('GET', '/metrics', { addr: remote, headers: { authorization: 'Bearer admin-token-0123456789' } })).status).toBe(200);
    expect((await req('GET', '/metrics', { headers: { host: 'evil.example' } })).status).toBe(421);
    expect((await req('GET', '/metrics', { headers: { origin: 'http://evil.example' } })).status).toBe(403);
  });

  it('GW-7: the OpenAPI document types /metrics as text/plain', () => {
    const op = (JSON.parse(doc) as { paths: Record<string, { get: { responses: Record<string, { content: Record<string, unknown> }> } }> }).paths['/metrics'];
    expect(Object.keys(op!.get.responses['200']!.content)).toEqual(['text/plain']);
  });
});
