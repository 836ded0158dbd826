import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_CONFIG_YAML } from '../helpers/engine-fixture.js';
import { openNotifySocket, type NotifyDatagram, type NotifySocket } from '../helpers/notify-socket.js';
import { requireStack, STACKS } from '../helpers/require-stack.js';
import { spawnDaemon, writeDaemonConfig } from '../helpers/spawn-daemon.js';
import { waitFor } from '../helpers/wait-for.js';

const ready = requireStack(STACKS.systemdNotify, STACKS.python3);

describe.skipIf(!ready)('whole process: Type=notify against a real datagram socket (GW-7)', () => {
  let socket: NotifySocket | undefined;
  afterEach(async () => {
    await socket?.close();
    socket = undefined;
  });

  it('GW-7: the daemon sends READY=1 with its MAINPID once it listens, WATCHDOG=1 pings, and STOPPING=1 on SIGTERM; every barrier is answered', async () => {
    const { dir, file } = writeDaemonConfig(TEST_CONFIG_YAML.replace('./unused.db', './store.db'));
    socket = await openNotifySocket(dir);
    const sock = socket;
    const d = await spawnDaemon(file, 20_000, { env: { NOTIFY_SOCKET: sock.path, WATCHDOG_USEC: '2000000' } });
    const pid = d.proc.pid!;
    const texts = () => sock.datagrams.map((g) => g.text);
    try {
      await waitFor(() => texts().some((t) => t.split('\n').includes('READY=1')), 'READY=1');
      const readyMsg = sock.datagrams.find((g) => g.text.split('\n').includes('READY=1'))!;
      expect(readyMsg.text.split('\n')).toContain(`MAINPID=${pid}`);
      // Sent by a child of the daemon (systemd-notify), which is why the unit says NotifyAccess=all.
      // Run as root (CAP_SYS_ADMIN), systemd-notify sends with the daemon's credentials instead;
      // under the unit (no capabilities) they are the child's own.
      const fromDaemon = (g: NotifyDatagram) => g.pid === pid || g.ppid === pid;
      expect(fromDaemon(readyMsg)).toBe(true);
      expect((await d.fetch('/v1/health')).status).toBe(200);

      // WATCHDOG_USEC=2 s: a ping every second; two prove it repeats.
      await waitFor(() => texts().filter((t) => t === 'WATCHDOG=1').length >= 2, 'two WATCHDOG=1 pings');
      for (const g of sock.datagrams.filter((x) => x.text === 'WATCHDOG=1')) expect(fromDaemon(g)).toBe(true);
    } finally {
      d.proc.kill('SIGTERM');
    }
    await waitFor(() => texts().includes('STOPPING=1'), 'STOPPING=1 after SIGTERM');
    expect((await d.exited).code).toBe(0);
    // Each message is followed by systemd-notify's BARRIER=1 (one fd), which the socket answered;
    // a barrier left unanswered would show up as ERRNO= after its timeout.
    expect(texts().filter((t) => t.startsWith('ERRNO='))).toEqual([]);
    expect(sock.datagrams.filter((g) => g.text === 'BARRIER=1').every((g) => g.fds === 1)).toBe(true);
  });

  it('GW-7: without systemd-notify on the PATH the daemon still starts, serves and stops, and warns once on stderr (the journal)', async () => {
    const { dir, file } = writeDaemonConfig(TEST_CONFIG_YAML.replace('./unused.db', './store.db'));
    socket = await openNotifySocket(dir);
    const emptyPath = mkdtempSync(join(tmpdir(), 'tillgate-nopath-'));
    const d = await spawnDaemon(file, 20_000, { env: { NOTIFY_SOCKET: socket.path, WATCHDOG_USEC: '2000000', PATH: emptyPath } });
    try {
      expect((await d.fetch('/v1/health')).status).toBe(200);
      await waitFor(() => d.stderr().includes('SystemdNotifyWarning'), 'the warning about systemd-notify');
      expect(d.stderr()).toContain('READY=1');
    } finally {
      d.proc.kill('SIGTERM');
    }
    expect((await d.exited).code).toBe(0);
    // READY=1 failed first; later failures (STOPPING=1, a watchdog ping if one was due) add no second warning.
    expect(d.stderr().match(/SystemdNotifyWarning/g)).toHaveLength(1);
    expect(socket.datagrams).toEqual([]);
  });
});
