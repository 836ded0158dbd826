import { spawnSync } from 'node:child_process';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_CONFIG_YAML } from '../helpers/engine-fixture.js';
import { daemonArgv, spawnDaemon, writeDaemonConfig } from '../helpers/spawn-daemon.js';

const ROOT = resolve(import.meta.dirname, '../..');

function startSync(file: string): { status: number | null; stderr: string } {
  const [cmd, args] = daemonArgv(file);
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', timeout: 30_000, env: { ...process.env, NOTIFY_SOCKET: '' } });
  return { status: r.status, stderr: r.stderr };
}

describe('database identity at start (whole process, issue 9 item 11)', () => {
  it('GW-7 item 11: a deleted database exits 65 and is not recreated; --init starts empty; a corrupt file exits 74 naming it; another store id exits 65; one line each', async () => {
    const { dir, file } = writeDaemonConfig(TEST_CONFIG_YAML.replace('./unused.db', './store.db'));
    const db = join(dir, 'store.db');
    let d = await spawnDaemon(file);
    d.proc.kill('SIGTERM');
    expect((await d.exited).code).toBe(0);

    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    const deleted = startSync(file);
    expect(deleted.status).toBe(65);
    expect(deleted.stderr.trim().split('\n')).toEqual([expect.stringContaining(`tillgate: database ${db} is missing or empty`)]);

    d = await spawnDaemon(file, 20_000, { args: ['--init'] });
    d.proc.kill('SIGTERM');
    expect((await d.exited).code).toBe(0);

    const other = writeDaemonConfig(TEST_CONFIG_YAML.replace('./unused.db', db).replace('id: test-store', 'id: other-store'));
    const swapped = startSync(other.file);
    expect(swapped.status).toBe(65);
    expect(swapped.stderr).toContain(`belongs to store "test-store", but config store.id is "other-store"`);

    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.from('this is not a SQLite file at all'), 0, 32, 0);
    closeSync(fd);
    const corrupt = startSync(file);
    expect(corrupt.status).toBe(74);
    expect(corrupt.stderr.trim().split('\n')).toEqual([expect.stringContaining(`tillgate: database ${db} is corrupt or unreadable`)]);
  }, 90_000);
});
