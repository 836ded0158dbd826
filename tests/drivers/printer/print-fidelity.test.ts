import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/api/app.js';
import { deviceApiRoutes } from '../../../src/api/printers.js';
import { silentLogger } from '../../../src/common/logger.js';
import { deviceSchema, type DeviceConfig, type PrinterConfig } from '../../../src/config/devices-schema.js';
import { DeviceHub } from '../../../src/drivers/hub.js';
import { layoutDocument } from '../../../src/drivers/printer/layout.js';
import { testPage } from '../../../src/drivers/printer/test-page.js';
import { storePrintJournal } from '../../../src/bridges/print-journal.js';
import { engineFixture, testConfig, type EngineFixture } from '../../helpers/engine-fixture.js';
import { waitFor } from '../../helpers/wait-for.js';

const require = createRequire(import.meta.url);
const { PNG } = require('pngjs') as { PNG: { sync: { read(b: Buffer): { width: number; height: number; data: Buffer } } } };

/** Bytes a job put on the wire, without the driver's DLE EOT status requests. */
function jobBytes(all: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < all.length; i++) {
    if (all[i] === 0x10 && all[i + 1] === 0x04 && [1, 2, 3, 4].includes(all[i + 2] ?? -1)) {
      i += 2;
      continue;
    }
    out.push(all[i]!);
  }
  return Buffer.from(out);
}

describe('what is printed is what the document says (GW-3)', () => {
  let f: EngineFixture;
  let hub: DeviceHub;
  let app: App;
  let server: Server;
  let received = Buffer.alloc(0);
  let cfg: PrinterConfig;

  const post = (path: string, body: unknown, key: string) => {
    const text = JSON.stringify(body);
    const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), 'idempotency-key': key };
    return Promise.resolve(app.request(path, { method: 'POST', headers, body: text }, { incoming: { socket: { remoteAddress: '127.0.0.1' } } }));
  };
  /** Print through the API on a real TCP link; resolves with the job's bytes as the printer got them. */
  async function printed(doc: unknown, key: string): Promise<Buffer> {
    const from = received.length;
    const res = await post('/v1/printers/p1/jobs', doc, key);
    expect(res.status).toBe(202);
    const { jobId } = (await res.json()) as { jobId: string };
    await waitFor(() => hub.jobStatus('p1', jobId).state === 'done', 'job done');
    return jobBytes(received.subarray(from));
  }
  const preview = (lines: unknown[]) => PNG.sync.read(hub.preview('p1', { lines }));

  beforeAll(async () => {
    f = engineFixture();
    server = createServer((s) => {
      s.on('error', () => undefined);
      s.on('data', (c: Buffer) => {
        received = Buffer.concat([received, c]);
        for (let i = 0; i + 2 < c.length; i++) if (c[i] === 0x10 && c[i + 1] === 0x04) s.write(Buffer.from([0x12]));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    cfg = deviceSchema.parse({ id: 'p1', kind: 'printer', transport: { type: 'tcp', host: '127.0.0.1', port } }) as PrinterConfig;
    hub = new DeviceHub({
      devices: [cfg] as DeviceConfig[],
      cardSchemes: [],
      logger: silentLogger(),
      journal: storePrintJournal(f.ctx.store.db),
      backoff: { minMs: 50, maxMs: 300 },
    });
    await hub.start();
    app = createApp({ ctx: f.ctx, api: testConfig().api, logger: silentLogger(), version: 'test', startedAt: new Date(), extraRoutes: deviceApiRoutes(hub) });
    await waitFor(() => hub.get('p1').state === 'ready', 'printer ready');
  });

  afterAll(async () => {
    await hub?.stop();
    server?.close();
    f?.close();
  });

  it('GW-3: multiple and leading spaces print as laid out, and the test page keeps its alignment', async () => {
    const bytes = await printed({ lines: [{ text: 'Qty  Item          Price' }, { text: '   indented  twice' }] }, 'spaces');
    expect(bytes.toString('latin1')).toContain('Qty  Item          Price\n');
    expect(bytes.toString('latin1')).toContain('   indented  twice\n');
    const page = layoutDocument(testPage(cfg), 48, cfg.codePages).items.flatMap((i) => (i.kind === 'text' ? [i.text] : []));
    expect(page).toContain('Eesti:    Õ õ Ä ä Ö ö Ü ü Š š Ž ž');
    expect(page).toContain('Deutsch:  Ä ä Ö ö Ü ü ß');
    // A line too long still wraps at a space, and that space does not start the next line.
    expect(layoutDocument({ lines: [{ text: 'aaaa  bbbb    cccc' }] }, 10).items.map((i) => (i.kind === 'text' ? i.text : ''))).toEqual(['aaaa  bbbb', 'cccc']);
  });

  it("GW-3: the preview shows what the code pages print (Ő as O, ΐ as ι), and Intl's narrow no-break space prints as a space", async () => {
    const same = (a: unknown[], b: unknown[]) => expect(preview(a).data.equals(preview(b).data)).toBe(true);
    same([{ text: 'Ő' }], [{ text: 'O' }]);
    same([{ text: 'ΐ' }], [{ text: 'ι' }]);
    const fr = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2 }).format(1234.56);
    expect(fr).toContain('\u202f');
    same([{ text: fr }], [{ text: '1 234,56' }]);
    same([{ columns: ['Total', fr] }], [{ columns: ['Total', '1 234,56'] }]);
    const bytes = await printed({ lines: [{ text: `${fr} €` }, { text: 'Ő ΐ' }] }, 'fr');
    expect(bytes.includes(Buffer.from('1 234,56 ', 'latin1'))).toBe(true);
    expect(bytes.includes(Buffer.from('O ', 'latin1'))).toBe(true);
    expect(bytes.toString('latin1')).not.toContain('?');
  });

  it('GW-3: a CODE128 or QR wider than the paper is refused with 422 barcode_too_wide naming the width in dots', async () => {
    const wide = await post('/v1/printers/p1/jobs', { lines: [{ barcode: 'A'.repeat(30), type: 'CODE128' }] }, 'wide-128');
    expect(wide.status).toBe(422);
    expect(wide.headers.get('content-type')).toMatch(/problem\+json/);
    expect(await wide.json()).toMatchObject({
      code: 'barcode_too_wide',
      widthDots: 730,
      paperDots: 576,
      errors: [{ path: 'lines.0.barcode', message: expect.stringMatching(/730 dots.*576/) }],
    });
    const qr = await post('/v1/printers/p1/jobs', { lines: [{ text: 'x' }, { qr: 'q'.repeat(600), size: 8 }] }, 'wide-qr');
    expect(qr.status).toBe(422);
    expect(await qr.json()).toMatchObject({ code: 'barcode_too_wide', errors: [{ path: 'lines.1.qr', message: expect.stringMatching(/^\d+ dots wide/) }] });
    expect((await post('/v1/printers/p1/preview', { lines: [{ barcode: 'A'.repeat(30), type: 'CODE128' }] }, 'pv')).status).toBe(422);
    // What fits still prints.
    const fits = await printed({ lines: [{ barcode: 'A'.repeat(20), type: 'CODE128' }, { qr: 'Q'.repeat(100) }] }, 'fits');
    expect(fits.length).toBeGreaterThan(100);
  });

  it('GW-3: documents never smuggle printer commands: control bytes in a QR are refused, elsewhere stripped', async () => {
    const pulse = '\x10\x14\x01\x00\x05'; // DLE DC4: real-time drawer pulse
    const bad = await post('/v1/printers/p1/jobs', { lines: [{ qr: `https://x.test/${pulse}` }] }, 'qr-pulse');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'lines.0.qr' }] });
    const bytes = await printed(
      { lines: [{ text: `a${pulse}b\x1b@\x1dV1` }, { columns: [`c${pulse}`, `\x1bd9d`] }, { rule: true, char: '\x10' }, { qr: 'line 1\r\nline\t2' }] },
      'stripped',
    );
    expect(bytes.includes(Buffer.from([0x10]))).toBe(false);
    expect(bytes.toString('latin1')).toContain('ab@V1\n');
    expect(bytes.toString('latin1')).toContain('line 1\r\nline\t2');
  });
});
