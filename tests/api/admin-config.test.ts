import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminConfigRoutes } from '../../src/api/admin-config.js';
import { createApp, type App } from '../../src/api/app.js';
import { silentLogger } from '../../src/common/logger.js';
import { ConfigReloader } from '../../src/config-reload.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { engineFixture, TEST_CONFIG_YAML, type EngineFixture } from '../helpers/engine-fixture.js';
import { assertMatchesOpenApi } from '../helpers/openapi-validator.js';

describe('POST /v1/admin/config/reload (GW-4)', () => {
  let f: EngineFixture;
  let file: string;
  let current: Config;
  let applied: Config[];
  let app: App;
  const send = async (opts: { addr?: string; token?: string } = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) };
    const env = { incoming: { socket: { remoteAddress: opts.addr ?? '127.0.0.1' } } };
    const res = await app.request('/v1/admin/config/reload', { method: 'POST', headers, body: '{}' }, env);
    const doc = await (await app.request('/v1/openapi.json', {}, env)).text();
    await assertMatchesOpenApi(doc, 'POST', '/v1/admin/config/reload', res.clone());
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeEach(() => {
    f = engineFixture();
    file = join(f.dir, 'tillgate.yaml');
    writeFileSync(file, TEST_CONFIG_YAML + 'devices:\n  - { id: p1, kind: printer, transport: { type: file, path: /dev/null } }\n');
    current = loadConfig(file);
    applied = [];
    const reloader = new ConfigReloader({
      file,
      current: () => current,
      logger: silentLogger(),
      // The daemon's apply reconfigures the hub; here the device diff is by id, to see what the route reports.
      apply: async (inForce) => {
        const before = new Map(current.devices.map((d) => [d.id, JSON.stringify(d)]));
        const after = new Map(inForce.devices.map((d) => [d.id, JSON.stringify(d)]));
        applied.push(inForce);
        current = inForce;
        return {
          added: [...after.keys()].filter((id) => !before.has(id)),
          removed: [...before.keys()].filter((id) => !after.has(id)),
          restarted: [...after.keys()].filter((id) => before.has(id) && before.get(id) !== after.get(id)),
        };
      },
    });
    app = createApp({
      ctx: f.ctx,
      api: current.api,
      logger: silentLogger(),
      version: 'test',
      startedAt: new Date(),
      extraRoutes: [adminConfigRoutes(() => reloader.reload())],
    });
  });
  afterEach(() => f.close());

  it('GW-4: 200 with the changes: live paths, restart-required paths, devices by id', async () => {
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('/dev/null', '/dev/zero') +
        '  - { id: msr, kind: magstripe, transport: { type: serial, path: /dev/ttyS9 } }\nlogging: { level: debug }\n',
    );
    writeFileSync(file, readFileSync(file, 'utf8').replace('database: { path: ./unused.db }', 'database: { path: ./other.db }'));
    const r = await send();
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      reloaded: true,
      changes: { devices: { added: ['msr'], removed: [], restarted: ['p1'] }, other: ['logging.level'], restartRequired: ['database.path'] },
    });
    expect(applied.at(-1)?.database.path).toMatch(/unused\.db$/);
    // Reading the same file again changes nothing (idempotent); the path still waiting for a restart is reported again.
    expect((await send()).body).toEqual({
      reloaded: true,
      changes: { devices: { added: [], removed: [], restarted: [] }, other: [], restartRequired: ['database.path'] },
    });
  });

  it('GW-4: a bad file is 422 config_invalid listing every problem with path and line; nothing is applied', async () => {
    writeFileSync(file, TEST_CONFIG_YAML.replace('currency: EUR', 'currency: euro') + 'logging: { level: loud }\n');
    const r = await send();
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'config_invalid' });
    const errors = r.body.errors as { path: string; line: number; message: string }[];
    expect(errors.map((e) => e.path)).toEqual(['store.currency', 'logging.level']);
    expect(errors.every((e) => e.line > 0 && e.message.length > 0)).toBe(true);
    expect(applied).toEqual([]);
  });

  it('GW-4: concurrent reloads run one at a time and each answers', async () => {
    const results = await Promise.all([send(), send(), send()]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(applied).toHaveLength(3);
  });

  it('GW-4: the route is admin-only: a till token is 403, the admin token and loopback are let through', async () => {
    expect((await send({ addr: '10.0.0.5', token: 'till-token-0123456789' })).status).toBe(403);
    expect((await send({ addr: '10.0.0.5' })).status).toBe(401);
    expect((await send({ addr: '10.0.0.5', token: 'admin-token-0123456789' })).status).toBe(200);
  });
});
