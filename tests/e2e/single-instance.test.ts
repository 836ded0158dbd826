import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_CONFIG_YAML } from '../helpers/engine-fixture.js';
import { daemonArgv, spawnDaemon, writeDaemonConfig } from '../helpers/spawn-daemon.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** Run `tillgate start` to completion (it is expected to refuse); returns status and stderr. */
function startSync(file: string, extra: string[] = []): { status: number | null; stderr: string } {
  const [cmd, args] = daemonArgv(file, extra);
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', timeout: 30_000, env: { ...process.env, NOTIFY_SOCKET: '' } });
  return { status: r.status, stderr: r.stderr };
}

const STACK_LINE = /^\s+at /m;

describe('one daemon per database, start-up errors (issue 9 item 12)', () => {
  it("GW-7 item 12: a second daemon on the same database exits 75 naming the holder's pid; after kill -9 of the holder a new one starts at once", async () => {
    const { dir, file } = writeDaemonConfig(TEST_CONFIG_YAML.replace('./unused.db', './store.db'));
    const first = await spawnDaemon(file);
    try {
      const second = startSync(file);
      expect(second.status).toBe(75);
      expect(second.stderr).toContain(`in use by another Tillgate (pid ${first.proc.pid})`);
      expect(second.stderr).toContain(join(dir, 'store.db'));
      expect(second.stderr).not.toMatch(STACK_LINE);
      expect((await first.fetch(`/v1/health`)).status).toBe(200);
    } finally {
      first.proc.kill('SIGKILL');
    }
    await first.exited;
    // the kernel released the lock with the process; the stale pid file does not matter
    const next = await spawnDaemon(file);
    expect(readFileSync(join(dir, 'store.db.pid'), 'utf8').trim()).toBe(String(next.proc.pid));
    next.proc.kill('SIGTERM');
    expect((await next.exited).code).toBe(0);
    expect(existsSync(join(dir, 'store.db.pid'))).toBe(false);
  }, 90_000);

  it('GW-7 item 12: a port in use gives one line naming host:port and exit 75, no stack trace, and releases the database', async () => {
    const blocker: Server = createServer();
    const port = await new Promise<number>((res) => blocker.listen(0, '127.0.0.1', () => res((blocker.address() as { port: number }).port)));
    try {
      const { file } = writeDaemonConfig(TEST_CONFIG_YAML.replace('./unused.db', './store.db'));
      const r = startSync(file, ['--port', String(port)]);
      expect(r.status).toBe(75);
      expect(r.stderr.trim()).toBe(`tillgate: 127.0.0.1:${port} is already in use by another program (another Tillgate?); stop it or change api.port`);
      // nothing was left holding the database
      const d = await spawnDaemon(file);
      d.proc.kill('SIGTERM');
      expect((await d.exited).code).toBe(0);
    } finally {
      blocker.close();
    }
  }, 60_000);

  it('GW-7 item 12: the systemd unit does not restart-loop on start-up refusals', () => {
    const unit = readFileSync(join(ROOT, 'systemd/tillgate.service'), 'utf8');
    const codes = /^RestartPreventExitStatus=(.*)$/m.exec(unit)?.[1]?.split(/\s+/) ?? [];
    expect(codes).toEqual(expect.arrayContaining(['65', '74', '75', '78']));
  });
});
