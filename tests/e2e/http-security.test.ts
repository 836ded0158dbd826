import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CONFIG_YAML } from '../helpers/engine-fixture.js';
import { spawnDaemon, writeDaemonConfig, type SpawnedDaemon } from '../helpers/spawn-daemon.js';

interface Raw {
  status: number;
  type: string | undefined;
  body: Record<string, unknown>;
}

/** node:http with explicit headers: fetch() does not let a test set Host. */
function send(d: SpawnedDaemon, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: d.port, method, path, headers, setHost: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** An HTTP/1.0 request with no Host header at all, over a raw socket; resolves with the status line. */
function http10WithoutHost(d: SpawnedDaemon, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(d.port, '127.0.0.1', () => s.write(`GET ${path} HTTP/1.0\r\n\r\n`));
    let text = '';
    s.setEncoding('utf8');
    s.on('data', (c: string) => (text += c));
    s.on('end', () => resolve(text.split('\r\n')[0] ?? ''));
    s.on('error', reject);
  });
}

describe('HTTP hardening through a real daemon on 127.0.0.1 (GW-5)', () => {
  let d: SpawnedDaemon;
  beforeAll(async () => {
    const { file } = writeDaemonConfig(TEST_CONFIG_YAML.replace('./unused.db', './store.db'));
    d = await spawnDaemon(file);
  });
  afterAll(async () => {
    d.proc.kill('SIGTERM');
    await d.exited;
  });

  it('GW-5: a raw `Host: evil.example` (DNS rebinding) gets 421 host_not_allowed as problem+json on API, health and docs', async () => {
    for (const path of ['/v1/customers?q=Tamm', '/v1/health', '/docs', '/v1/openapi.json']) {
      for (const host of ['evil.example', `evil.example:${d.port}`]) {
        const r = await send(d, 'GET', path, { host });
        expect(r.status, `${host} ${path}`).toBe(421);
        expect(r.type).toMatch(/^application\/problem\+json/);
        expect(r.body).toMatchObject({ status: 421, code: 'host_not_allowed' });
      }
    }
    expect((await send(d, 'GET', '/v1/health', { host: `127.0.0.1:${d.port}` })).status).toBe(200);
    expect((await send(d, 'GET', '/v1/health', { host: `localhost:${d.port}` })).status).toBe(200);
  });

  it('GW-5: a request without any Host (HTTP/1.0) is refused, not taken for the listen address', async () => {
    expect(await http10WithoutHost(d, '/v1/health')).toMatch(/^HTTP\/1\.[01] 421 /);
  });

  it('GW-5: a cross-site form post is 403 origin_not_allowed; a write without application/json is 415', async () => {
    const host = `127.0.0.1:${d.port}`;
    const form = { host, 'content-type': 'application/x-www-form-urlencoded' };
    expect((await send(d, 'POST', '/v1/admin/tiers/recompute', { ...form, origin: 'http://evil.example' }, 'x=1')).body).toMatchObject({
      status: 403,
      code: 'origin_not_allowed',
    });
    expect((await send(d, 'POST', '/v1/admin/tiers/recompute', form, 'x=1')).body).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    expect((await send(d, 'POST', '/v1/admin/tiers/recompute', { host })).body).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    const own = await send(d, 'POST', '/v1/admin/tiers/recompute', { host, origin: `http://${host}`, 'content-type': 'application/json' }, '{}');
    expect(own.status).toBe(200);
  });
});
