import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/api/app.js';
import { deviceApiRoutes } from '../../src/api/printers.js';
import { silentLogger } from '../../src/common/logger.js';
import { deviceSchema, type DeviceConfig } from '../../src/config/devices-schema.js';
import { DeviceHub } from '../../src/drivers/hub.js';
import { typeText } from '../../src/drivers/magstripe/evdev.js';
import { storePrintJournal } from '../../src/bridges/print-journal.js';
import { engineFixture, testConfig, type EngineFixture } from '../helpers/engine-fixture.js';
import { assertMatchesOpenApi } from '../helpers/openapi-validator.js';
import { tcpPrinter } from '../helpers/tcp-printer.js';
import { waitFor } from '../helpers/wait-for.js';

describe('device, event and printer routes (GW-1..3, CUST-9)', () => {
  let f: EngineFixture;
  let hub: DeviceHub;
  let app: App;
  let printer: Awaited<ReturnType<typeof tcpPrinter>>;
  let fifoFd: number;
  const swipe = (s: string) => writeSync(fifoFd, typeText(s));

  const req = (method: string, path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const env = { incoming: { socket: { remoteAddress: '127.0.0.1' } } };
    // Every response is checked against the served /v1/openapi.json (status, content type, body schema).
    return Promise.resolve(app.request(path, { method, headers, body }, env)).then(async (res) => {
      const doc = await (await app.request('/v1/openapi.json', {}, env)).text();
      await assertMatchesOpenApi(doc, method, path, res);
      return res;
    });
  };

  beforeAll(async () => {
    f = engineFixture();
    printer = await tcpPrinter();
    const port = printer.port;
    const fifo = join(f.dir, 'event0');
    execFileSync('mkfifo', [fifo]);
    fifoFd = openSync(fifo, constants.O_RDWR);
    hub = new DeviceHub({
      devices: [
        deviceSchema.parse({ id: 'p1', kind: 'printer', transport: { type: 'tcp', host: '127.0.0.1', port } }),
        deviceSchema.parse({ id: 'kbd', kind: 'magstripe', transport: { type: 'evdev', path: fifo } }),
      ] as DeviceConfig[],
      cardSchemes: f.ctx.config.cardSchemes,
      logger: silentLogger(),
      journal: storePrintJournal(f.ctx.store.db),
      resolveCard: (n) => ({ number: n, type: 'discount' }),
      backoff: { minMs: 50, maxMs: 300 },
    });
    await hub.start();
    app = createApp({ ctx: f.ctx, api: testConfig().api, logger: silentLogger(), version: 'test', startedAt: new Date(), extraRoutes: deviceApiRoutes(hub) });
    await waitFor(() => hub.list().every((d) => d.state === 'ready'), 'devices ready');
  });

  afterAll(async () => {
    await hub?.stop();
    closeSync(fifoFd);
    await printer?.close();
    f?.close();
  });

  it('GW-1: GET /v1/devices lists every configured device with state, reason and since; printers add paper', async () => {
    const res = await req('GET', '/v1/devices');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>[];
    expect(body.map((d) => [d.id, d.kind, d.state])).toEqual([
      ['p1', 'printer', 'ready'],
      ['kbd', 'magstripe', 'ready'],
    ]);
    expect(body[0]).toMatchObject({ transport: expect.stringMatching(/^tcp 127\.0\.0\.1:/), paper: 'ok', coverOpen: false, since: expect.any(String) });
    expect((await req('GET', '/v1/devices/nope')).status).toBe(404);
  });

  it('GW-3: POST /v1/printers/{id}/jobs needs an Idempotency-Key; a retry returns the same job, printed once', async () => {
    const doc = { lines: [{ text: 'Aitäh!', align: 'center' }, { cut: true }] };
    expect((await req('POST', '/v1/printers/p1/jobs', { body: doc })).status).toBe(400);
    const first = await req('POST', '/v1/printers/p1/jobs', { body: doc, headers: { 'idempotency-key': 'till-1-rcpt-9' } });
    expect(first.status).toBe(202);
    const job = (await first.json()) as { jobId: string; state: string };
    expect(job.state).toBe('queued');
    await waitFor(() => hub.jobStatus('p1', job.jobId).state === 'done', 'done');
    const again = await req('POST', '/v1/printers/p1/jobs', { body: doc, headers: { 'idempotency-key': 'till-1-rcpt-9' } });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toMatchObject({ jobId: job.jobId, state: 'done' });
    const got = await req('GET', `/v1/printers/p1/jobs/${job.jobId}`);
    expect(await got.json()).toMatchObject({ jobId: job.jobId, printerId: 'p1', state: 'done' });
    expect((await req('GET', '/v1/printers/p1/jobs/unknown')).status).toBe(404);
    const bad = await req('POST', '/v1/printers/p1/jobs', { body: { lines: [{ barcode: '123', type: 'EAN13' }] }, headers: { 'idempotency-key': 'k-bad' } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('GW-3: preview renders a PNG (the test page without a document); the drawer opens', async () => {
    for (const res of [await req('GET', '/v1/printers/p1/preview'), await req('POST', '/v1/printers/p1/preview', { body: { lines: [{ qr: 'x' }] } })]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(
        Buffer.from(await res.arrayBuffer())
          .subarray(0, 8)
          .toString('hex'),
      ).toBe('89504e470d0a1a0a');
    }
    expect((await req('POST', '/v1/printers/p1/drawer', { body: {} })).status).toBe(200);
    expect((await req('POST', '/v1/printers/kbd/drawer', { body: {} })).status).toBe(404);
  });

  it('GW-2: long-poll returns a card read resolved to its card; a cursor-less poll only learns the current sequence', async () => {
    const start = (await (await req('GET', '/v1/events/poll')).json()) as { events: unknown[]; lastSeq: number };
    expect(start.events).toEqual([]);
    const pending = req('GET', `/v1/events/poll?after=${start.lastSeq}&timeout=10`);
    swipe(';6009000000000001?\n'.replace('6009000000000001', luhnNumber('600900000000000')));
    const got = (await (await pending).json()) as { events: { seq: number; type: string; data: Record<string, unknown> }[]; lastSeq: number };
    const read = got.events.find((e) => e.type === 'card.read')!;
    expect(read.data).toMatchObject({ deviceId: 'kbd', source: 'magstripe', scheme: 'loyalty', card: { type: 'discount' } });
    expect(got.lastSeq).toBeGreaterThan(start.lastSeq);
    const empty = (await (await req('GET', `/v1/events/poll?after=${got.lastSeq}&timeout=0`)).json()) as { events: unknown[] };
    expect(empty.events).toEqual([]);
  });

  it('GW-2: SSE sends events with ids, and Last-Event-ID replays what was missed', async () => {
    const seq = hub.events.lastSeq;
    swipe(';4111111111111111=2512?\n'); // a bank card: rejected, no number
    await waitFor(() => hub.events.lastSeq > seq, 'rejection logged');
    const ac = new AbortController();
    const res = await app.request(
      '/v1/events',
      { headers: { 'last-event-id': String(seq) }, signal: ac.signal },
      { incoming: { socket: { remoteAddress: '127.0.0.1' } } },
    );
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    ac.abort();
    await reader.cancel().catch(() => undefined);
    expect(text).toContain(`id: ${seq + 1}`);
    expect(text).toContain('event: card.rejected');
    expect(text).not.toContain('4111111111111111');
  });

  it('CUST-9: the id-card route refuses a device that is not a smart-card reader', async () => {
    const res = await req('GET', '/v1/devices/p1/id-card');
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'id_card_not_supported' });
  });
});

function luhnNumber(payload: string): string {
  let sum = 0;
  let dbl = true;
  for (let i = payload.length - 1; i >= 0; i--) {
    let d = Number(payload[i]);
    if (dbl) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    dbl = !dbl;
  }
  return payload + ((10 - (sum % 10)) % 10);
}
