import { createServer, type Server, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { printTestCommand } from '../../src/cli/print-test.js';
import { TEST_CONFIG_YAML } from '../helpers/engine-fixture.js';
import { spawnDaemon, writeDaemonConfig } from '../helpers/spawn-daemon.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * A network printer that serves one session at a time, like most TCP 9100 printers: a second
 * connection is accepted by the kernel but never read nor answered while the first is open.
 */
async function singleSessionPrinter(): Promise<{ port: number; printed: () => Buffer; sessions: () => number; close(): Promise<void> }> {
  let active: Socket | null = null;
  let printed = Buffer.alloc(0);
  let sessions = 0;
  const all = new Set<Socket>();
  const server: Server = createServer((s) => {
    all.add(s);
    s.on('error', () => undefined);
    s.on('close', () => {
      all.delete(s);
      if (active === s) active = null;
    });
    if (active) return; // busy: the newcomer hangs
    active = s;
    sessions++;
    s.on('data', (c: Buffer) => {
      for (let i = 0; i < c.length; i++) {
        if (c[i] === 0x10 && c[i + 1] === 0x04) {
          s.write(Buffer.from([0x12]));
          i += 2;
          continue;
        }
        printed = Buffer.concat([printed, c.subarray(i, i + 1)]);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as { port: number }).port,
    printed: () => printed,
    sessions: () => sessions,
    close: () => new Promise<void>((r) => (all.forEach((s) => s.destroy()), server.close(() => r()))),
  };
}

function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
}

describe('print-test while the daemon runs (GW-4)', () => {
  it('GW-4: `tillgate print-test` asks the running daemon (POST /v1/printers/{id}/test-page) instead of opening a single-session printer', async () => {
    const printer = await singleSessionPrinter();
    const apiPort = await freePort();
    const yaml = `${TEST_CONFIG_YAML.replace('./unused.db', './store.db').replace('api:\n', `api:\n  port: ${apiPort}\n`)}devices:\n  - { id: receipt, kind: printer, transport: { type: tcp, host: 127.0.0.1, port: ${printer.port} } }\n`;
    const { file } = writeDaemonConfig(yaml);
    const d = await spawnDaemon(file, 20_000, { port: apiPort });
    try {
      await waitFor(
        async () => ((await (await fetch(`${d.base}/v1/devices/receipt`)).json()) as { state: string }).state === 'ready',
        'daemon has the printer',
      );
      const lines: string[] = [];
      const code = await printTestCommand(file, ['receipt'], { out: (l) => lines.push(l), connectTimeoutMs: 3000, printTimeoutMs: 15_000 });
      expect(lines.join('\n')).toMatch(/printing through it[\s\S]*receipt: test page done/);
      expect(code).toBe(0);
      expect(printer.sessions()).toBe(1);
      expect(printer.printed().toString('latin1')).toContain('TILLGATE TEST PAGE');
      const unknown: string[] = [];
      expect(await printTestCommand(file, ['nope'], { out: (l) => unknown.push(l) })).toBe(64);
      // The route itself: an Idempotency-Key is required, and a retry prints once.
      const post = (key?: string) =>
        fetch(`${d.base}/v1/printers/receipt/test-page`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
          body: '{}',
        });
      expect((await post()).status).toBe(400);
      const a = (await (await post('tp-1')).json()) as { jobId: string };
      const b = await post('tp-1');
      expect(b.headers.get('idempotent-replayed')).toBe('true');
      expect(((await b.json()) as { jobId: string }).jobId).toBe(a.jobId);
    } finally {
      d.proc.kill('SIGTERM');
      await d.exited;
      await printer.close();
    }
  });
});
