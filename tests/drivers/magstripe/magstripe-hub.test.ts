import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { SerialPort } from 'serialport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../../../src/common/event-log.js';
import { createLogger } from '../../../src/common/logger.js';
import { deviceSchema } from '../../../src/config/devices-schema.js';
import { DeviceHub } from '../../../src/drivers/hub.js';
import { typeText } from '../../../src/drivers/magstripe/evdev.js';
import { MemoryPrintJournal } from '../../../src/drivers/print-journal.js';
import { requireStack, STACKS } from '../../helpers/require-stack.js';
import { PtyPair } from '../../helpers/socat-pty.js';
import { waitFor } from '../../helpers/wait-for.js';

const hasSocat = requireStack(STACKS.socat);
const BANK_PAN = '4111111111111111';
const BANK = `%B${BANK_PAN}^DOE/JOHN^25121010000000000000?;${BANK_PAN}=25121010000000000000?\r`;
const LOYALTY = '%B2712345678^TAMM/MARI^2912?;2712345678=2912?\r';

describe.skipIf(!hasSocat)('magstripe readers through the hub: serial (socat) and evdev (FIFO) (GW-1, GW-2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tg-msr-'));
  const pair = new PtyPair(join(dir, 'till'), join(dir, 'reader'));
  const fifo = join(dir, 'event0');
  let hub: DeviceHub;
  let logs = '';
  let reader: SerialPort;
  let fifoFd: number;
  const events = (type: string): LoggedEvent[] => hub.events.since(0).filter((e) => e.type === type);

  const openReader = async () => {
    reader = new SerialPort({ path: pair.b, baudRate: 9600, autoOpen: false });
    await new Promise<void>((res, rej) => reader.open((e) => (e ? rej(e) : res())));
    reader.on('error', () => undefined);
  };
  const swipe = (s: string) => new Promise<void>((res) => reader.write(s, () => reader.drain(() => res())));

  beforeAll(async () => {
    execFileSync('mkfifo', [fifo]);
    fifoFd = openSync(fifo, constants.O_RDWR); // keeps the FIFO open like a plugged-in device
    await pair.plug();
    await openReader();
    const sink = new Writable({ write: (c, _e, cb) => ((logs += c.toString()), cb()) });
    hub = new DeviceHub({
      devices: [
        deviceSchema.parse({ id: 'msr', kind: 'magstripe', transport: { type: 'serial', path: pair.a } }),
        deviceSchema.parse({ id: 'kbd', kind: 'magstripe', transport: { type: 'evdev', path: fifo } }),
      ],
      cardSchemes: [{ id: 'loyalty', prefix: '27', length: 10, luhn: false }],
      logger: createLogger({ level: 'debug' }, sink),
      journal: new MemoryPrintJournal(),
      resolveCard: (n) => ({ number: n }),
      backoff: { minMs: 50, maxMs: 300 },
    });
    await hub.start();
    await waitFor(() => hub.list().every((d) => d.state === 'ready'), 'readers ready');
  });

  afterAll(async () => {
    await hub?.stop();
    reader?.close();
    closeSync(fifoFd);
    await pair.unplug();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GW-2: a loyalty swipe on a serial reader becomes card.read with the resolved card', async () => {
    await swipe(LOYALTY.slice(0, 7));
    await swipe(LOYALTY.slice(7));
    await waitFor(() => events('card.read').length === 1, 'card.read');
    expect(events('card.read')[0]!.data).toEqual({
      deviceId: 'msr',
      source: 'magstripe',
      cardNumber: '2712345678',
      scheme: 'loyalty',
      card: { number: '2712345678' },
    });
  });

  it('GW-2: a bank card becomes card.rejected; its number is in no event and no log line', async () => {
    await swipe(BANK);
    await swipe('%E?;E?\r');
    await waitFor(() => events('card.rejected').length === 2, 'two rejections');
    expect(events('card.rejected').map((e) => e.data)).toEqual([
      { deviceId: 'msr', source: 'magstripe', reason: 'unknown_scheme' },
      { deviceId: 'msr', source: 'magstripe', reason: 'bad_read' },
    ]);
    expect(JSON.stringify(hub.events.since(0))).not.toContain(BANK_PAN);
    expect(logs).not.toContain(BANK_PAN);
    expect(logs).not.toContain('411111');
    expect(logs).toContain('card rejected');
  });

  it('GW-2: a reader that ends each track with CR gives one card.read per swipe', async () => {
    const before = events('card.read').length;
    await swipe('%B2700000001^LEPP/JAAN^2912?\r;2700000001=2912?\r');
    await swipe('%B2700000002^KASK/ANU^2912?\r;2700000002=2912?\r');
    await waitFor(() => events('card.read').some((e) => (e.data as { cardNumber: string }).cardNumber === '2700000002'), 'second swipe read');
    expect(
      events('card.read')
        .slice(before)
        .map((e) => (e.data as { cardNumber: string }).cardNumber),
    ).toEqual(['2700000001', '2700000002']);
  });

  it('GW-1: a USB HID keyboard-style reader (input_event records through a FIFO) reads a swipe', async () => {
    const records = typeText(LOYALTY.replace('\r', '\n'));
    const before = events('card.read').length;
    writeSync(fifoFd, records.subarray(0, 100));
    writeSync(fifoFd, records.subarray(100));
    await waitFor(() => events('card.read').length === before + 1, 'evdev card.read');
    expect(events('card.read').at(-1)!.data).toMatchObject({ deviceId: 'kbd', cardNumber: '2712345678' });
  });

  it('GW-1: the serial reader comes back by itself after socat restarts', async () => {
    reader.close();
    await pair.unplug();
    await waitFor(() => hub.get('msr').state === 'disconnected', 'disconnected');
    await pair.plug();
    await openReader();
    await waitFor(() => hub.get('msr').state === 'ready', 'ready again');
    const before = events('card.read').length;
    await swipe(LOYALTY);
    await waitFor(() => events('card.read').length === before + 1, 'read after replug');
  });
});
