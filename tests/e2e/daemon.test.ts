import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_CONFIG_YAML } from '../helpers/engine-fixture.js';
import { spawnDaemon, writeDaemonConfig } from '../helpers/spawn-daemon.js';
import { spawnSync } from 'node:child_process';

describe('whole process', () => {
  it('GW-7: the daemon serves /v1/health on 127.0.0.1 and exits 0 on SIGTERM; card numbers in logs are masked', async () => {
    const { dir, file } = writeDaemonConfig(TEST_CONFIG_YAML.replace('./unused.db', './data/store.db'));
    const d = await spawnDaemon(file);
    try {
      const health = (await (await d.fetch('/v1/health')).json()) as Record<string, unknown>;
      expect(health).toMatchObject({ status: 'ok', version: expect.any(String), db: { ok: true } });
      const lookup = await d.fetch('/v1/cards/6009000000000016');
      expect(lookup.status).toBe(404);
      // an unknown route with a long number in it (a till typo) is logged masked, if at all
      await d.fetch('/v1/nope/6009000000000016');
      // a known path with another method: 405 with Allow (every response here is checked against /v1/openapi.json)
      const wrong = await d.fetch('/v1/health', { method: 'DELETE', headers: { 'content-type': 'application/json' } });
      expect([wrong.status, wrong.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    } finally {
      d.proc.kill('SIGTERM');
    }
    const exit = await d.exited;
    expect(exit.code).toBe(0);
    expect(d.logs.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
    expect(d.logs.join('\n')).not.toContain('6009000000000016');
    expect(join(dir, 'data', 'store.db')).toBeTruthy();
  });

  it('GW-1: a configured device that is not there is shown disconnected and tills are still served', async () => {
    const { file } = writeDaemonConfig(
      TEST_CONFIG_YAML.replace('./unused.db', './store.db') +
        'devices:\n  - { id: receipt, kind: printer, transport: { type: file, path: /nonexistent/usb/lp0 } }\n',
    );
    const d = await spawnDaemon(file);
    try {
      const devices = (await (await d.fetch('/v1/devices')).json()) as { id: string; state: string }[];
      expect(devices).toEqual([expect.objectContaining({ id: 'receipt', state: 'disconnected' })]);
      expect((await d.fetch('/v1/health')).status).toBe(200);
      expect((await d.fetch('/v1/cards/6009000000000016')).status).toBe(404);
    } finally {
      d.proc.kill('SIGTERM');
    }
    expect((await d.exited).code).toBe(0);
  });

  it('GW-4: a bad config file stops the daemon with exit code 78 and names line and field', () => {
    const { file } = writeDaemonConfig(TEST_CONFIG_YAML.replace('timeZone: Europe/Tallinn', 'timeZone: Nowhere/Land'));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'start', '--config', file], { encoding: 'utf8' });
    expect(r.status).toBe(78);
    expect(r.stderr).toMatch(/tillgate\.yaml:2:\d+ store\.timeZone: unknown IANA time zone/);
  });
});
