import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deviceSchema, type PrinterConfig } from '../../../src/config/devices-schema.js';
import { MemoryPrintJournal } from '../../../src/drivers/print-journal.js';
import { PrinterDevice } from '../../../src/drivers/printer/printer-device.js';
import { SerialTransport } from '../../../src/drivers/transport/serial.js';
import { TcpTransport } from '../../../src/drivers/transport/tcp.js';
import { FakePrinter } from '../../helpers/fake-printer.js';
import { requireStack, STACKS } from '../../helpers/require-stack.js';
import { PtyPair } from '../../helpers/socat-pty.js';
import { waitFor } from '../../helpers/wait-for.js';
import { testContext } from '../test-context.js';

const dir = mkdtempSync(join(tmpdir(), 'tg-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DOC = { lines: [{ text: 'Aitäh!' }, { cut: true as const }] };
const ESC_INIT = Buffer.from([0x1b, 0x40]);

/**
 * A TCP 9100 printer that answers every DLE EOT with "all fine" and, while `dropNextJob` is set,
 * drops the link as soon as a job starts arriving (the cable pulled mid-receipt).
 */
async function droppingPrinter(): Promise<{ port: number; jobsSeen: () => number; dropNextJob: boolean; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let jobs = 0;
  const state = {
    port: 0,
    dropNextJob: true,
    jobsSeen: () => jobs,
    close: () => new Promise<void>((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))),
  };
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    s.on('data', (c: Buffer) => {
      if (c.includes(ESC_INIT)) {
        jobs++;
        if (state.dropNextJob) {
          state.dropNextJob = false;
          s.destroy();
          return;
        }
      }
      for (let i = 0; i + 2 < c.length; i++) if (c[i] === 0x10 && c[i + 1] === 0x04) s.write(Buffer.from([0x12]));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  state.port = (server.address() as { port: number }).port;
  return state;
}

function printerCfg(extra: Record<string, unknown>): PrinterConfig {
  return deviceSchema.parse({ id: 'p1', kind: 'printer', ...extra }) as PrinterConfig;
}

describe('printer faults on real links (GW-1, GW-3)', () => {
  it('GW-3: after a link drop the job in flight is in_doubt and the jobs queued behind it print by themselves on reconnect', async () => {
    const printer = await droppingPrinter();
    const cfg = printerCfg({ transport: { type: 'tcp', host: '127.0.0.1', port: printer.port }, statusIntervalMs: 60_000 });
    const journal = new MemoryPrintJournal();
    const dev = new PrinterDevice(cfg, new TcpTransport('127.0.0.1', printer.port), journal, testContext());
    dev.start();
    try {
      await waitFor(() => dev.info().state === 'ready', 'ready');
      const jobs = ['a', 'b', 'c'].map((k) => dev.submit(DOC, k));
      await waitFor(() => dev.job(jobs[0]!.jobId).state === 'in_doubt', 'first job in_doubt');
      // No new job arrives: the queue must resume by itself once the link is back.
      await waitFor(() => jobs.every((j) => dev.job(j.jobId).state !== 'queued' && dev.job(j.jobId).state !== 'printing'), 'queue drained');
      expect(jobs.map((j) => dev.job(j.jobId).state)).toEqual(['in_doubt', 'done', 'done']);
      expect(printer.jobsSeen()).toBe(3);
      expect(dev.info().state).toBe('ready');
    } finally {
      await dev.stop();
      await printer.close();
    }
  });

  describe.skipIf(!requireStack(STACKS.socat))('serial printer (socat pty)', () => {
    async function serialPrinter(n: string, extra: Record<string, unknown> = {}) {
      const pair = new PtyPair(join(dir, `a${n}`), join(dir, `b${n}`));
      await pair.plug();
      const fake = new FakePrinter(pair.b);
      await fake.open();
      const cfg = printerCfg({ transport: { type: 'serial', path: pair.a }, statusIntervalMs: 200, ...extra });
      const ctx = testContext();
      const dev = new PrinterDevice(cfg, new SerialTransport({ path: pair.a, baudRate: 9600 }), new MemoryPrintJournal(), ctx);
      dev.start();
      await waitFor(() => dev.info().state === 'ready', 'printer ready');
      return {
        fake,
        dev,
        ctx,
        async close() {
          await dev.stop();
          await fake.close();
          await pair.unplug();
        },
      };
    }

    it('GW-3: a printer reporting offline with its error bits (cutter jam) is `error`, the job ends failed with the reason, and it recovers', async () => {
      const p = await serialPrinter('err');
      try {
        // The cutter jams while the job prints: DLE EOT 1 offline, 2 error occurred, 3 autocutter error.
        p.fake.onData = (c) => {
          if (c.includes(ESC_INIT)) p.fake.status = { printer: 0x12 | 0x08, offline: 0x12 | 0x40, error: 0x12 | 0x04, paper: 0x12 };
        };
        const job = p.dev.submit(DOC, 'k1');
        await waitFor(() => !['queued', 'printing'].includes(p.dev.job(job.jobId).state), 'job finished');
        expect(p.dev.job(job.jobId)).toMatchObject({ state: 'failed', detail: expect.stringMatching(/autocutter error/) });
        expect(p.dev.info()).toMatchObject({ state: 'error', detail: expect.stringMatching(/autocutter error.*offline/), online: false });
        expect(() => p.dev.submit(DOC, 'k2')).toThrow(expect.objectContaining({ code: 'printer_offline' }));
        p.fake.onData = null;
        p.fake.status = { printer: 0x12, offline: 0x12, error: 0x12 | 0x08, paper: 0x12 };
        await waitFor(() => p.dev.info().detail.includes('unrecoverable'), 'unrecoverable error decoded');
        expect(p.dev.info().state).toBe('error');
        p.fake.status = { printer: 0x12, offline: 0x12, error: 0x12, paper: 0x12 };
        await waitFor(() => p.dev.info().state === 'ready', 'ready once the error clears');
        const again = p.dev.submit(DOC, 'k3');
        await waitFor(() => p.dev.job(again.jobId).state === 'done', 'prints again');
      } finally {
        await p.close();
      }
    });

    it('GW-1: a serial printer that stops reading: the write times out, the job is in_doubt and the device not ready', async () => {
      const p = await serialPrinter('stall', { writeTimeoutMs: 300, statusIntervalMs: 60_000 });
      try {
        p.fake.stall();
        const big = { lines: Array.from({ length: 300 }, (_, i) => ({ text: `${i} ${'x'.repeat(1900)}` })) };
        const job = p.dev.submit(big, 'big');
        await waitFor(() => p.dev.job(job.jobId).state === 'in_doubt', 'job in_doubt');
        expect(p.dev.job(job.jobId).detail).toMatch(/stopped taking data/);
        expect(p.dev.info().state).not.toBe('ready');
        expect(p.ctx.events.some((e) => e.type === 'device.state' && (e.data as { state: string }).state === 'disconnected')).toBe(true);
      } finally {
        await p.close();
      }
    });
  });
});
