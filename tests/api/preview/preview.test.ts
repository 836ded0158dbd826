import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/api/app.js';
import { PREVIEW_LIMITS } from '../../../src/api/preview/limits.js';
import { previewHeight } from '../../../src/api/preview/render-job.js';
import { PreviewRunner } from '../../../src/api/preview/runner.js';
import { deviceApiRoutes } from '../../../src/api/printers.js';
import { silentLogger } from '../../../src/common/logger.js';
import { deviceSchema, type DeviceConfig, type PrinterConfig } from '../../../src/config/devices-schema.js';
import { DeviceHub } from '../../../src/drivers/hub.js';
import { layoutDocument } from '../../../src/drivers/printer/layout.js';
import { storePrintJournal } from '../../../src/bridges/print-journal.js';
import { engineFixture, testConfig, type EngineFixture } from '../../helpers/engine-fixture.js';
import { assertMatchesOpenApi } from '../../helpers/openapi-validator.js';
import { waitFor } from '../../helpers/wait-for.js';

const printer = deviceSchema.parse({ id: 'p1', kind: 'printer', transport: { type: 'tcp', host: '127.0.0.1', port: 9 } }) as PrinterConfig;
/** PNG height from the IHDR chunk. */
const pngHeight = (b: Buffer) => b.readUInt32BE(20);
/** A long receipt just under the height cap: double-size lines (48 dots each). */
const bigDoc = { lines: Array.from({ length: 80 }, (_, i) => ({ text: `Line ${i} ÄÖÜ õ € WWWWW`, size: 'double' as const, bold: true })) };

describe('receipt preview off the event loop (GW-3, GW-5)', () => {
  let f: EngineFixture;
  let hub: DeviceHub;
  let app: App;
  // The time cap is tested on its own below; here a loaded test machine must not trip it.
  const previews = new PreviewRunner({ ...PREVIEW_LIMITS, timeoutMs: 60_000 });

  const req = (method: string, path: string, body?: string) => {
    const headers: Record<string, string> = {};
    if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
    const env = { incoming: { socket: { remoteAddress: '127.0.0.1' } } };
    // Every response is checked against the served /v1/openapi.json (status, content type, body schema).
    return Promise.resolve(app.request(path, { method, headers, body }, env)).then(async (res) => {
      const doc = await (await app.request('/v1/openapi.json', {}, env)).text();
      await assertMatchesOpenApi(doc, method, path, res);
      return res;
    });
  };
  const postDoc = (doc: unknown) => req('POST', '/v1/printers/p1/preview', JSON.stringify(doc));

  beforeAll(async () => {
    f = engineFixture();
    hub = new DeviceHub({
      devices: [printer] as DeviceConfig[],
      cardSchemes: f.ctx.config.cardSchemes,
      logger: silentLogger(),
      journal: storePrintJournal(f.ctx.store.db),
      backoff: { minMs: 1000, maxMs: 5000 },
    });
    await hub.start();
    app = createApp({
      ctx: f.ctx,
      api: testConfig().api,
      logger: silentLogger(),
      version: 'test',
      startedAt: new Date(),
      extraRoutes: deviceApiRoutes(hub, previews),
    });
    const warm = await req('GET', '/v1/printers/p1/preview'); // starts the worker (tsx compiles it once)
    expect(warm.status).toBe(200);
  });

  afterAll(async () => {
    await previews.stop();
    await hub?.stop();
    f?.close();
  });

  it('GW-5, GW-3: /v1/health answers while a big preview renders in the worker (health resolves first)', async () => {
    const order: string[] = [];
    const big = postDoc(bigDoc).then((r) => (order.push('preview'), r));
    await waitFor(() => previews.inFlight, 'preview in flight');
    const health = await req('GET', '/v1/health');
    order.push('health');
    expect(health.status).toBe(200);
    const res = await big;
    expect(res.status).toBe(200);
    expect(order).toEqual(['health', 'preview']);
    const png = Buffer.from(await res.arrayBuffer());
    expect(pngHeight(png)).toBeGreaterThan(3800);
    expect(pngHeight(png)).toBeLessThanOrEqual(PREVIEW_LIMITS.maxRows);
  });

  it('GW-5, GW-3: two previews at once: the second is 429 preview_busy with Retry-After, the first still renders', async () => {
    const first = postDoc(bigDoc);
    await waitFor(() => previews.inFlight, 'preview in flight');
    const second = await postDoc({ lines: [{ text: 'hello' }] });
    expect(second.status).toBe(429);
    expect(second.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(second.headers.get('retry-after')).toBe('1');
    expect(await second.json()).toMatchObject({ code: 'preview_busy' });
    expect((await first).status).toBe(200);
    expect((await postDoc({ lines: [{ text: 'hello' }] })).status).toBe(200); // free again
  });

  it('GW-5, GW-3: a document over 64 KiB is 413 preview_too_large, by body and by ?doc=, without rendering', async () => {
    const huge = JSON.stringify({ lines: Array.from({ length: 40 }, () => ({ text: 'x'.repeat(1700) })) });
    expect(Buffer.byteLength(huge)).toBeGreaterThan(PREVIEW_LIMITS.maxDocBytes);
    const byBody = await req('POST', '/v1/printers/p1/preview', huge);
    expect(byBody.status).toBe(413);
    expect(await byBody.json()).toMatchObject({ code: 'preview_too_large', errors: [{ path: '(body)' }] });
    const byQuery = await req('GET', `/v1/printers/p1/preview?doc=${encodeURIComponent(huge)}`);
    expect(byQuery.status).toBe(413);
    expect(await byQuery.json()).toMatchObject({ code: 'preview_too_large', errors: [{ path: 'doc' }] });
  });

  it('GW-5: a small document that would render taller than 4000 dots is 422 preview_too_tall', async () => {
    const tall = { lines: Array.from({ length: 1000 }, () => ({ feed: 20 })) }; // ~10 KB, 480,000 dots
    const res = await postDoc(tall);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'preview_too_tall', errors: [{ path: 'lines' }] });
  });

  it('GW-3: bad documents are still 400s naming the field, from inside the worker', async () => {
    const bad = await postDoc({ lines: [{ barcode: '123', type: 'EAN13' }] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'lines.0.barcode' }] });
    const notJson = await req('GET', '/v1/printers/p1/preview?doc=%7Bnope');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ code: 'malformed_json', errors: [{ path: 'doc' }] });
    expect((await req('GET', '/v1/printers/nope/preview')).status).toBe(404);
  });

  it('GW-5: a render over the time cap stops the worker (422 preview_timeout); the next preview works', async () => {
    const limits = { ...PREVIEW_LIMITS, timeoutMs: 1 };
    const strict = new PreviewRunner(limits);
    try {
      await expect(strict.render(printer, JSON.stringify(bigDoc), '(body)')).rejects.toMatchObject({ code: 'preview_timeout', status: 422 });
      expect(strict.inFlight).toBe(false);
      limits.timeoutMs = 60_000;
      expect(pngHeight(await strict.render(printer, JSON.stringify({ lines: [{ text: 'again' }] }), '(body)'))).toBeGreaterThan(0);
    } finally {
      await strict.stop();
    }
  });

  it('GW-3: the height estimate used for the cap is the height the renderer draws', async () => {
    const doc = {
      lines: [
        { text: 'Tall', size: 'tall' },
        { text: 'Normal and a long line that wraps over the paper width twice at least, yes' },
        { columns: ['A', '1.00'] },
        { qr: 'TILLGATE', size: 4 },
        { barcode: '4740000000001', type: 'EAN13', hri: true },
        { barcode: 'ABC', type: 'CODE128', hri: false, height: 40 },
        { feed: 2 },
        { rule: true },
        { cut: true },
      ],
    };
    const png = await previews.render(printer, JSON.stringify(doc), '(body)');
    expect(pngHeight(png)).toBe(previewHeight(layoutDocument(doc as never, 48)));
  });
});
