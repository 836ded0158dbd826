import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { devicesCommand } from '../../src/cli/devices.js';
import { printTestCommand } from '../../src/cli/print-test.js';
import { FakePrinter } from '../helpers/fake-printer.js';
import { FakeUsb } from '../helpers/fake-usb.js';
import { TEST_CONFIG_YAML } from '../helpers/engine-fixture.js';
import { requireStack, STACKS } from '../helpers/require-stack.js';
import { PtyPair } from '../helpers/socat-pty.js';

const dir = mkdtempSync(join(tmpdir(), 'tg-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configWith(devices: string): string {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `${TEST_CONFIG_YAML}\ndevices:\n${devices}`);
  return file;
}

describe.skipIf(!requireStack(STACKS.socat))('technician commands (GW-4)', () => {
  it('GW-4: `tillgate devices` lists serial ports, USB devices and PC/SC readers and names the configured device of each', async () => {
    const old = process.env.PCSCLITE_CSOCK_NAME;
    process.env.PCSCLITE_CSOCK_NAME = join(dir, 'no-pcscd');
    const pair = new PtyPair(join(dir, 'ttyA'), join(dir, 'ttyB'));
    await pair.plug();
    try {
      const file = configWith(`
  - { id: receipt, kind: printer, transport: { type: serial, path: ${pair.a} } }
  - { id: usb-printer, kind: printer, transport: { type: usb, vendorId: "04b8" } }
  - { id: gone, kind: magstripe, transport: { type: evdev, path: ${join(dir, 'no-event')} } }
  - { id: nfc, kind: smartcard, reader: ACR122 }
`);
      const lines: string[] = [];
      expect(await devicesCommand(file, [], { out: (l) => lines.push(l), usb: new FakeUsb(), pcscWaitMs: 300 })).toBe(0);
      const text = lines.join('\n');
      expect(text).toMatch(/Serial ports:/);
      expect(text).toMatch(/USB devices:\n {2}04b8:0e15 {2}EPSON TM-T20 {2}\[printer class\] {2}bus 1:4 {2}← usb-printer/);
      expect(text).toMatch(/PC\/SC readers:\n {2}\(pcscd unavailable/);
      expect(text).toContain(`receipt  printer  serial ${pair.a} @9600  → found`);
      expect(text).toMatch(/gone {2}magstripe .* → NOT FOUND/);
      expect(text).toMatch(/nfc {2}smartcard {2}reader matching "ACR122" {2}→ NOT FOUND/);
    } finally {
      await pair.unplug();
      if (old === undefined) delete process.env.PCSCLITE_CSOCK_NAME;
      else process.env.PCSCLITE_CSOCK_NAME = old;
    }
  });

  it('GW-4: `tillgate print-test` prints the test page with Estonian, German, French and Greek letters', async () => {
    const pair = new PtyPair(join(dir, 'ttyP'), join(dir, 'ttyQ'));
    await pair.plug();
    const fake = new FakePrinter(pair.b);
    await fake.open();
    try {
      const file = configWith(`  - { id: receipt, kind: printer, transport: { type: serial, path: ${pair.a} } }\n`);
      const lines: string[] = [];
      expect(await printTestCommand(file, ['receipt'], { out: (l) => lines.push(l), port: 1 })).toBe(0); // port 1: no daemon answers
      expect(lines.join('\n')).toMatch(/receipt: test page done/);
      const hex = fake.printed.toString('hex');
      expect(hex).toContain('1b7413e5'); // ESC t 19 then Õ (PC858)
      expect(hex).toContain('1b740e'); // Greek via PC737
      expect(hex).toContain('1d5601'); // partial cut
      expect(await printTestCommand(file, ['nope'], { out: () => undefined })).toBe(64);
    } finally {
      await fake.close();
      await pair.unplug();
    }
  });
});
