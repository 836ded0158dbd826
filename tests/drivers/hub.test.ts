import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/common/logger.js';
import { deviceSchema, type DeviceConfig, type PrinterConfig } from '../../src/config/devices-schema.js';
import { DeviceHub } from '../../src/drivers/hub.js';
import { MemoryPrintJournal } from '../../src/drivers/print-journal.js';
import { checkDocument } from '../../src/drivers/printer/document-check.js';
import { encodeForPrinter } from '../../src/drivers/printer/printer-device.js';
import { FakeUsb } from '../helpers/fake-usb.js';
import { waitFor } from '../helpers/wait-for.js';

const dir = mkdtempSync(join(tmpdir(), 'tg-hub-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DOC = { lines: [{ text: 'Aitäh!' }, { cut: true as const }] };

function hubWith(devices: unknown[], usb?: FakeUsb): DeviceHub {
  return new DeviceHub({
    devices: devices.map((d) => deviceSchema.parse(d)) as DeviceConfig[],
    cardSchemes: [],
    logger: silentLogger(),
    journal: new MemoryPrintJournal(),
    backoff: { minMs: 50, maxMs: 300 },
    statusTimeoutMs: 1000,
    ...(usb ? { usb } : {}),
  });
}

/** A network printer on loopback: records bytes, answers DLE EOT. */
function tcpPrinter(port = 0): Promise<{ server: Server; port: number; bytes: () => Buffer; close: () => Promise<void> }> {
  let got = Buffer.alloc(0);
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    s.on('data', (c: Buffer) => {
      got = Buffer.concat([got, c]);
      for (let i = 0; i + 2 < c.length; i++) if (c[i] === 0x10 && c[i + 1] === 0x04) s.write(Buffer.from([0x12]));
    });
  });
  return new Promise((res) =>
    server.listen(port, '127.0.0.1', () =>
      res({
        server,
        port: (server.address() as { port: number }).port,
        bytes: () => got,
        close: () => new Promise((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))),
      }),
    ),
  );
}

describe('device hub (GW-1, GW-3)', () => {
  it('GW-1: configured devices that are absent show disconnected with a reason and never crash the daemon', async () => {
    const old = process.env.PCSCLITE_CSOCK_NAME;
    process.env.PCSCLITE_CSOCK_NAME = join(dir, 'no-pcscd.comm');
    const closed = await tcpPrinter();
    await closed.close();
    const hub = hubWith(
      [
        { id: 'ser', kind: 'printer', transport: { type: 'serial', path: join(dir, 'no-tty') } },
        { id: 'net', kind: 'printer', transport: { type: 'tcp', host: '127.0.0.1', port: closed.port } },
        { id: 'lp', kind: 'printer', transport: { type: 'file', path: join(dir, 'no-lp0') } },
        { id: 'usb', kind: 'printer', transport: { type: 'usb', vendorId: '04b8' } },
        { id: 'kbd', kind: 'magstripe', transport: { type: 'evdev', path: join(dir, 'no-event') } },
      ],
      new FakeUsb(undefined),
    );
    (hub as unknown as { usbBinding: FakeUsb }).usbBinding.plugged = false;
    await hub.start();
    try {
      await waitFor(() => hub.list().every((d) => d.state === 'disconnected' && d.detail !== 'not started'), 'all disconnected with reasons');
      const byId = Object.fromEntries(hub.list().map((d) => [d.id, d.detail]));
      expect(byId.ser).toMatch(/no-tty|ENOENT|No such file/);
      expect(byId.net).toMatch(/ECONNREFUSED/);
      expect(byId.usb).toMatch(/no USB printer/);
      expect(() => hub.print('ser', DOC, 'k')).toThrow(expect.objectContaining({ code: 'printer_offline' }));
      expect(() => hub.print('nope', DOC, 'k')).toThrow(expect.objectContaining({ code: 'device_not_found' }));
      expect(hub.summary()).toEqual({ total: 5, ready: 0 });
    } finally {
      await hub.stop();
      if (old === undefined) delete process.env.PCSCLITE_CSOCK_NAME;
      else process.env.PCSCLITE_CSOCK_NAME = old;
    }
  });

  it('GW-1: a TCP 9100 printer prints, and reconnects after the printer restarts', async () => {
    let printer = await tcpPrinter();
    const port = printer.port;
    const hub = hubWith([{ id: 'net', kind: 'printer', transport: { type: 'tcp', host: '127.0.0.1', port }, statusIntervalMs: 200 }]);
    await hub.start();
    try {
      await waitFor(() => hub.get('net').state === 'ready', 'ready');
      const job = hub.print('net', DOC, 'k1');
      await waitFor(() => hub.jobStatus('net', job.jobId).state === 'done', 'done');
      const cfg = deviceSchema.parse({ id: 'net', kind: 'printer', transport: { type: 'tcp', host: '127.0.0.1', port } }) as PrinterConfig;
      expect(printer.bytes().includes(encodeForPrinter(cfg, checkDocument(DOC)))).toBe(true);
      await printer.close();
      await waitFor(() => hub.get('net').state === 'disconnected', 'disconnected');
      printer = await tcpPrinter(port);
      await waitFor(() => hub.get('net').state === 'ready', 'ready again');
    } finally {
      await hub.stop();
      await printer.close();
    }
  });

  it('GW-1: a device-file printer (/dev/usb/lp0 style; a FIFO here) gets the job bytes', async () => {
    const fifo = join(dir, 'lp0');
    execFileSync('mkfifo', [fifo]);
    let got = Buffer.alloc(0);
    const rs = createReadStream(fifo);
    rs.on('data', (c) => (got = Buffer.concat([got, c as Buffer])));
    const hub = hubWith([{ id: 'lp', kind: 'printer', transport: { type: 'file', path: fifo, readable: false }, status: false }]);
    await hub.start();
    try {
      await waitFor(() => hub.get('lp').state === 'ready', 'ready');
      const job = hub.print('lp', DOC, 'k1');
      await waitFor(() => hub.jobStatus('lp', job.jobId).state === 'done', 'done');
      const cfg = deviceSchema.parse({ id: 'lp', kind: 'printer', transport: { type: 'file', path: fifo } }) as PrinterConfig;
      await waitFor(() => got.equals(encodeForPrinter(cfg, checkDocument(DOC))), 'bytes through the FIFO');
    } finally {
      await hub.stop();
      rs.destroy();
    }
  });

  it('GW-1: a USB printer (test binding) prints over bulk OUT, reads status on bulk IN, and comes back after replug', async () => {
    const usb = new FakeUsb();
    const hub = hubWith([{ id: 'usb', kind: 'printer', transport: { type: 'usb', vendorId: '04b8', productId: '0x0e15' }, statusIntervalMs: 200 }], usb);
    await hub.start();
    try {
      await waitFor(() => hub.get('usb').state === 'ready', 'ready');
      expect(hub.get('usb')).toMatchObject({ transport: 'usb 04b8:0e15', paper: 'ok' });
      const job = hub.print('usb', DOC, 'k1');
      await waitFor(() => hub.jobStatus('usb', job.jobId).state === 'done', 'done');
      await hub.openDrawer('usb');
      expect(usb.out.includes(Buffer.from([0x1b, 0x70, 0x00, 25, 250]))).toBe(true);
      usb.unplug();
      await waitFor(() => hub.get('usb').state === 'disconnected', 'unplugged');
      await expect(hub.openDrawer('usb')).rejects.toMatchObject({ code: 'printer_offline' });
      usb.plugged = true;
      await waitFor(() => hub.get('usb').state === 'ready', 'replugged');
    } finally {
      await hub.stop();
    }
  });
});

describe('device hub reconfigure (GW-4)', () => {
  it('GW-4: reconfigure starts added devices, stops removed ones, restarts changed ones and leaves the unchanged printer connected without an event', async () => {
    const a = await tcpPrinter();
    const b = await tcpPrinter();
    const tcp = (id: string, port: number, name?: string) => ({
      id,
      kind: 'printer',
      transport: { type: 'tcp', host: '127.0.0.1', port },
      ...(name ? { name } : {}),
    });
    const hub = hubWith([tcp('keep', a.port), tcp('change', b.port), tcp('drop', b.port)]);
    await hub.start();
    try {
      await waitFor(() => hub.list().every((d) => d.state === 'ready'), 'three printers ready');
      const kept = hub.get('keep');
      const seq = hub.events.lastSeq;
      const next = [tcp('keep', a.port), tcp('change', b.port, 'Renamed'), tcp('new', b.port)].map((d) => deviceSchema.parse(d)) as DeviceConfig[];
      expect(await hub.reconfigure(next, [])).toEqual({ added: ['new'], removed: ['drop'], restarted: ['change'] });
      expect(hub.list().map((d) => d.id)).toEqual(['keep', 'change', 'new']);
      expect(hub.get('change').name).toBe('Renamed');
      await waitFor(() => hub.list().every((d) => d.state === 'ready'), 'printers ready after the reload');
      expect(hub.get('keep')).toEqual(kept);
      expect(hub.events.since(seq).filter((e) => (e.data as { deviceId?: string }).deviceId === 'keep')).toEqual([]);
      // The same config again changes nothing.
      expect(await hub.reconfigure(next, [])).toEqual({ added: [], removed: [], restarted: [] });
    } finally {
      await hub.stop();
      await a.close();
      await b.close();
    }
  });
});
