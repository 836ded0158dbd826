import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_CONFIG_YAML } from '../helpers/engine-fixture.js';
import { FakePrinter } from '../helpers/fake-printer.js';
import { requireStack, STACKS } from '../helpers/require-stack.js';
import { PtyPair } from '../helpers/socat-pty.js';
import { spawnDaemon, writeDaemonConfig, type SpawnedDaemon } from '../helpers/spawn-daemon.js';
import { waitFor } from '../helpers/wait-for.js';

interface Device {
  id: string;
  state: string;
  since: string;
  name?: string;
}
interface Batch {
  events: { seq: number; type: string; data: { deviceId?: string } }[];
  lastSeq: number;
}

const dir = mkdtempSync(join(tmpdir(), 'tg-reload-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Log lines (pino JSON) with this message, parsed. */
const logged = (d: SpawnedDaemon, msg: string) => d.logs.map((l) => JSON.parse(l) as Record<string, unknown> & { msg?: string }).filter((r) => r.msg === msg);

describe.skipIf(!requireStack(STACKS.socat))('config reload without dropping tills (GW-4)', () => {
  it('GW-4: SIGHUP and POST reload add and restart only the devices that changed, a bad file keeps the old config and reports its errors, and tills never see a refused connection or a 5xx', async () => {
    const printerPair = new PtyPair(join(dir, 'p1'), join(dir, 'p1-dev'));
    const readerPair = new PtyPair(join(dir, 'msr'), join(dir, 'msr-dev'));
    await printerPair.plug();
    await readerPair.plug();
    const printer = new FakePrinter(printerPair.b);
    await printer.open();
    const base = TEST_CONFIG_YAML.replace('./unused.db', './store.db');
    const devices = (msrName: string, extra = '') =>
      `devices:\n  - { id: p1, kind: printer, transport: { type: serial, path: ${printerPair.a} } }\n` +
      `  - { id: msr, kind: magstripe, name: ${msrName}, transport: { type: serial, path: ${readerPair.a} } }\n${extra}`;
    const { file } = writeDaemonConfig(base + devices('Front'), dir);
    const d = await spawnDaemon(file);
    const device = async (id: string) => (await (await d.fetch(`/v1/devices/${id}`)).json()) as Device;

    // Tills keep calling throughout (bounded: until told to stop, at most 20 000 calls).
    const failures: string[] = [];
    let calls = 0;
    let stop = false;
    const tills = Promise.all(
      Array.from({ length: 3 }, async () => {
        while (!stop && calls < 20_000) {
          calls++;
          try {
            const res = await fetch(`${d.base}/v1/devices`);
            if (res.status >= 500) failures.push(`status ${res.status}`);
            await res.arrayBuffer();
          } catch (e) {
            failures.push(String((e as Error).cause ?? e));
          }
        }
      }),
    );
    try {
      await waitFor(async () => (await device('p1')).state === 'ready' && (await device('msr')).state === 'ready', 'both devices ready');
      const p1Before = await device('p1');
      const cursor = ((await (await d.fetch('/v1/events/poll?after=0&timeout=1')).json()) as Batch).lastSeq;

      // Add a device, change one (its name), leave the printer alone: SIGHUP.
      writeFileSync(
        file,
        base +
          devices('Back', '  - { id: p2, kind: printer, transport: { type: file, path: ' + join(dir, 'p2.out') + ', readable: false } }\n') +
          'logging: { level: debug }\n',
      );
      d.proc.kill('SIGHUP');
      await waitFor(() => logged(d, 'config reloaded').length === 1, 'the SIGHUP reload');
      expect(logged(d, 'config reloaded')[0]?.changes).toEqual({
        devices: { added: ['p2'], removed: [], restarted: ['msr'] },
        other: ['logging.level'],
        restartRequired: [],
      });
      expect((await device('msr')).name).toBe('Back');
      await waitFor(async () => (await device('msr')).state === 'ready', 'msr ready again');
      // The unchanged printer kept its connection: same state since the same moment, no event about it.
      expect(await device('p1')).toEqual(p1Before);
      const since = (await (await d.fetch(`/v1/events/poll?after=${cursor}&timeout=1`)).json()) as Batch;
      expect(since.events.filter((e) => e.data.deviceId === 'p1')).toEqual([]);

      // The same file again through the API: nothing changes.
      const again = await d.fetch('/v1/admin/config/reload', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ reloaded: true, changes: { devices: { added: [], removed: [], restarted: [] }, other: [], restartRequired: [] } });

      // A broken file: 422 with every problem, and SIGHUP logs them; the config in force stays.
      const good = readFileSync(file, 'utf8');
      writeFileSync(file, good.replace('currency: EUR', 'currency: euro') + 'api: [oops\n');
      const bad = await d.fetch('/v1/admin/config/reload', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(bad.status).toBe(422);
      const problem = (await bad.json()) as { code: string; errors: { path: string; line: number; message: string }[] };
      expect(problem.code).toBe('config_invalid');
      expect(problem.errors.length).toBeGreaterThan(0);
      expect(problem.errors.every((e) => e.line > 0)).toBe(true);
      d.proc.kill('SIGHUP');
      await waitFor(() => logged(d, 'config reload refused: the file has errors; the config in force is kept').length === 2, 'the refused SIGHUP reload');
      expect(((await (await d.fetch('/v1/devices')).json()) as Device[]).map((x) => x.id).sort()).toEqual(['msr', 'p1', 'p2']);
      expect(await device('p1')).toEqual(p1Before);
    } finally {
      stop = true;
      await tills;
      d.proc.kill('SIGTERM');
      await d.exited;
      await printer.close();
      await printerPair.unplug();
      await readerPair.unplug();
    }
    expect(calls).toBeGreaterThan(0);
    expect(failures).toEqual([]);
    expect((await d.exited).code).toBe(0);
  }, 90_000);
});
