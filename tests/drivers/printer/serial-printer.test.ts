import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deviceSchema, type PrinterConfig } from '../../../src/config/devices-schema.js';
import { MemoryPrintJournal } from '../../../src/drivers/print-journal.js';
import { encodeForPrinter, PrinterDevice } from '../../../src/drivers/printer/printer-device.js';
import { checkDocument } from '../../../src/drivers/printer/document-check.js';
import { SerialTransport } from '../../../src/drivers/transport/serial.js';
import { FakePrinter } from '../../helpers/fake-printer.js';
import { requireStack, STACKS } from '../../helpers/require-stack.js';
import { PtyPair } from '../../helpers/socat-pty.js';
import { waitFor } from '../../helpers/wait-for.js';
import { testContext } from '../test-context.js';

const hasSocat = requireStack(STACKS.socat);
const dir = mkdtempSync(join(tmpdir(), 'tg-printer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DOC = { lines: [{ text: 'Tänan ostu eest!', align: 'center' as const }, { columns: ['Kohv', '2.50'] }, { cut: true as const }] };

describe.skipIf(!hasSocat)('serial receipt printer through a socat pty pair (GW-1, GW-3)', () => {
  let pair: PtyPair;
  let fake: FakePrinter;
  let dev: PrinterDevice;
  let ctx: ReturnType<typeof testContext>;
  let journal: MemoryPrintJournal;
  let n = 0;

  beforeEach(async () => {
    n++;
    pair = new PtyPair(join(dir, `till${n}`), join(dir, `printer${n}`));
    await pair.plug();
    fake = new FakePrinter(pair.b);
    await fake.open();
    const cfg = deviceSchema.parse({ id: 'p1', kind: 'printer', transport: { type: 'serial', path: pair.a }, statusIntervalMs: 200 }) as PrinterConfig;
    ctx = testContext();
    journal = new MemoryPrintJournal();
    dev = new PrinterDevice(cfg, new SerialTransport({ path: pair.a, baudRate: 9600 }), journal, ctx);
    dev.start();
    await waitFor(() => dev.info().state === 'ready', 'printer ready');
  });

  afterEach(async () => {
    await dev.stop();
    await fake.close();
    await pair.unplug();
  });

  it('GW-3: a job is printed byte-exactly, reported done, and its status read via DLE EOT', async () => {
    const job = dev.submit(DOC, 'k1');
    expect(job.state).toBe('queued');
    await waitFor(() => dev.job(job.jobId).state === 'done', 'job done');
    const expected = encodeForPrinter(dev.cfg, checkDocument(DOC));
    expect(fake.printed.equals(expected)).toBe(true);
    expect(dev.info()).toMatchObject({ state: 'ready', paper: 'ok', coverOpen: false, online: true });
    expect(ctx.events.some((e) => e.type === 'job.done' && (e.data as { state: string }).state === 'done')).toBe(true);
  });

  it('GW-3: the same job key returns the same job and prints once', async () => {
    const a = dev.submit(DOC, 'same-key');
    await waitFor(() => dev.job(a.jobId).state === 'done', 'job done');
    const b = dev.submit(DOC, 'same-key');
    expect(b.jobId).toBe(a.jobId);
    expect(b.state).toBe('done');
    expect(() => dev.submit({ lines: [{ text: 'other' }] }, 'same-key')).toThrow(expect.objectContaining({ code: 'idempotency_key_reused' }));
    expect(fake.printed.equals(encodeForPrinter(dev.cfg, checkDocument(DOC)))).toBe(true);
  });

  it('GW-3: paper out and cover open are reported as status events and refuse new jobs', async () => {
    fake.status = { printer: 0x12, offline: 0x12 | 0x04 | 0x20, error: 0x12, paper: 0x12 | 0x60 };
    await waitFor(() => dev.info().paper === 'out', 'paper out seen');
    expect(dev.info()).toMatchObject({ coverOpen: true, paper: 'out' });
    expect(ctx.events.some((e) => e.type === 'printer.status' && (e.data as { paper: string }).paper === 'out')).toBe(true);
    expect(() => dev.submit(DOC, 'k-out')).toThrow(expect.objectContaining({ code: 'paper_out' }));
    fake.status = { printer: 0x12 | 0x04, offline: 0x12, error: 0x12, paper: 0x12 | 0x0c };
    await waitFor(() => dev.info().paper === 'near_end', 'near end seen');
    expect(dev.info()).toMatchObject({ coverOpen: false, drawerOpen: true });
  });

  it('GW-1: unplugging (socat killed) shows disconnected; replugging brings the printer back by itself', async () => {
    await fake.close();
    await pair.unplug();
    await waitFor(() => dev.info().state === 'disconnected', 'disconnected');
    expect(() => dev.submit(DOC, 'k-off')).toThrow(expect.objectContaining({ code: 'printer_offline' }));
    await pair.plug();
    fake = new FakePrinter(pair.b);
    await fake.open();
    await waitFor(() => dev.info().state === 'ready', 'ready again after replug');
    const job = dev.submit(DOC, 'k-back');
    await waitFor(() => dev.job(job.jobId).state === 'done', 'printed after replug');
    const states = ctx.events.filter((e) => e.type === 'device.state').map((e) => (e.data as { state: string }).state);
    expect(states).toEqual(expect.arrayContaining(['ready', 'disconnected']));
  });

  it('GW-3: a printer that stops answering DLE EOT is shown disconnected with the reason', async () => {
    fake.mute = true;
    await waitFor(() => dev.info().state === 'disconnected', 'silent printer noticed');
    expect(dev.info().detail).toMatch(/does not answer/);
    fake.mute = false;
    await waitFor(() => dev.info().state === 'ready', 'answers again');
  });
});
