import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/common/logger.js';
import { deviceSchema } from '../../../src/config/devices-schema.js';
import { DeviceHub } from '../../../src/drivers/hub.js';
import { MemoryPrintJournal } from '../../../src/drivers/print-journal.js';
import { PCSC_NOT_INSTALLED, PcscService } from '../../../src/drivers/smartcard/pcsc-service.js';
import { TEST_CONFIG_YAML } from '../../helpers/engine-fixture.js';
import { TestPcscd, freePortPair } from '../../helpers/pcscd.js';
import { requireStack, STACKS } from '../../helpers/require-stack.js';
import { spawnDaemon, writeDaemonConfig } from '../../helpers/spawn-daemon.js';
import { VirtualCard, uidCard } from '../../helpers/virtual-card.js';
import { waitFor } from '../../helpers/wait-for.js';

const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Run the CLI as its own process; resolves with its exit code and output once it exits by itself.
 * Bounded: a process still running after 20 s is killed and reported as `hung`.
 */
function runCli(args: string[]): Promise<{ code: number | null; out: string; hung: boolean }> {
  const p = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/index.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let hung = false;
  p.stdout.on('data', (d: Buffer) => (out += d.toString()));
  p.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const bound = setTimeout(() => {
    hung = true;
    p.kill('SIGKILL');
  }, 20_000);
  return new Promise((res) =>
    p.once('exit', (code) => {
      clearTimeout(bound);
      res({ code, out, hung });
    }),
  );
}

describe('smart-card support not installed (GW-1)', () => {
  it('GW-1: without the pcsclite module the readers say how to install it, not "pcscd unavailable"', async () => {
    const svc = new PcscService({ changed: () => undefined, inserted: () => undefined, removed: () => undefined }, silentLogger(), undefined, () => {
      // the error Node gives for an optional native module that was never built
      throw Object.assign(new Error("Cannot find module 'pcsclite'"), { code: 'MODULE_NOT_FOUND' });
    });
    svc.start();
    expect(svc.unavailable).toBe(PCSC_NOT_INSTALLED);
    expect(PCSC_NOT_INSTALLED).toBe('smart-card support not installed: install libpcsclite-dev and run npm rebuild pcsclite');
    await svc.stop();
  });
});

describe.skipIf(!requireStack(STACKS.pcsclite, STACKS.pcscd, STACKS.vpcd, STACKS.unshare))(
  'PC/SC lifecycle and UID numbers on a real pcscd (GW-1, GW-2, GW-4)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-pcsc-life-'));
    let pcscd: TestPcscd;
    let port: number;

    beforeAll(async () => {
      port = await freePortPair();
      pcscd = new TestPcscd(dir, port);
      pcscd.useInThisProcess();
      await pcscd.start();
    });

    afterAll(async () => {
      await pcscd?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('GW-4: `tillgate devices` lists the readers pcscd has and exits by itself', async () => {
      const { file } = writeDaemonConfig(
        `${TEST_CONFIG_YAML}devices:\n  - { id: nfc, kind: smartcard, reader: "Virtual PCD 00 00" }\n`,
        mkdtempSync(join(dir, 'cfg-')),
      );
      const r = await runCli(['devices', '--config', file]);
      expect(r.out).toMatch(/PC\/SC readers:\n {2}Virtual PCD 00 00 {2}← nfc/);
      expect(r.hung).toBe(false);
      expect(r.code).toBe(0);
    });

    it('GW-7: SIGTERM with smart-card readers configured stops the daemon cleanly (exit 0, not forced)', async () => {
      const { file } = writeDaemonConfig(
        `${TEST_CONFIG_YAML.replace('./unused.db', './store.db')}devices:\n  - { id: nfc, kind: smartcard, reader: "Virtual PCD 00 00" }\n`,
        mkdtempSync(join(dir, 'd-')),
      );
      const d = await spawnDaemon(file);
      try {
        await waitFor(async () => ((await (await fetch(`${d.base}/v1/devices/nfc`)).json()) as { state: string }).state === 'ready', 'reader ready');
      } finally {
        d.proc.kill('SIGTERM');
      }
      expect((await d.exited).code).toBe(0);
      expect(d.logs.join('\n')).not.toContain('shutdown took longer');
    });

    // UID 04 12 34 56: a 4-byte NFC UID with a leading zero byte.
    const UID = Buffer.from('04123456', 'hex');
    const cases: { number: Record<string, unknown>; expected: string }[] = [
      { number: { method: 'uid', format: 'hex' }, expected: '04123456' },
      { number: { method: 'uid', format: 'hex-reversed' }, expected: '56341204' },
      { number: { method: 'uid', format: 'decimal' }, expected: '0068301910' },
      { number: { method: 'uid', format: 'decimal-reversed' }, expected: '1446253060' },
      { number: { method: 'uid', format: 'decimal', digits: 12 }, expected: '000068301910' },
    ];
    for (const c of cases) {
      it(`GW-2: UID 04123456 read with ${JSON.stringify(c.number)} is ${c.expected}`, async () => {
        const hub = new DeviceHub({
          devices: [deviceSchema.parse({ id: 'nfc', kind: 'smartcard', reader: 'Virtual PCD 00 00', number: c.number })],
          cardSchemes: [{ id: 'any', prefix: '', length: c.expected.length, luhn: false }],
          logger: silentLogger(),
          journal: new MemoryPrintJournal(),
          backoff: { minMs: 100, maxMs: 500 },
        });
        await hub.start();
        const card = new VirtualCard(port, uidCard(UID));
        try {
          await waitFor(() => hub.get('nfc').state === 'ready', 'reader ready');
          await card.insert();
          await waitFor(() => hub.events.since(0).some((e) => e.type === 'card.read' || e.type === 'card.rejected'), 'card seen');
          const read = hub.events.since(0).find((e) => e.type === 'card.read');
          expect(read?.data).toMatchObject({ cardNumber: c.expected });
        } finally {
          await card.remove();
          // pcscd must have seen the card go before the next case inserts its own
          await waitFor(() => hub.events.since(0).some((e) => e.type === 'card.removed'), 'card removed');
          await hub.stop();
        }
      });
    }
  },
);
