import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/api/app.js';
import { allowedHostNames } from '../../src/api/host-origin.js';
import { parseConfig, type ConfigError } from '../../src/config/load.js';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';
import { TEST_CONFIG_YAML, testConfig } from '../helpers/engine-fixture.js';

const withApi = (lines: string) => parseConfig(TEST_CONFIG_YAML.replace('api:\n', `api:\n${lines}`), 't.yaml');
const FORM = 'application/x-www-form-urlencoded';
const EVIL = 'http://evil.example';

describe('HTTP hardening: Host header (GW-5, DNS rebinding)', () => {
  let f: ApiFixture;
  beforeEach(() => (f = apiFixture(withApi('  allowedHosts: [till-box.lan]\n'))));
  afterEach(() => f.close());

  it('GW-5: a foreign Host gets 421 host_not_allowed on every path (API, admin, health, docs, OpenAPI, unknown paths)', async () => {
    for (const host of ['evil.example', 'evil.example:8700', '127.0.0.1.evil.example', 'localhost.evil.example:80']) {
      for (const path of ['/v1/customers?q=Tamm', '/v1/admin/discounts', '/v1/health', '/docs', '/v1/openapi.json', '/metrics', '/console']) {
        const r = await f.req('GET', path, { headers: { host } });
        expect(r.status, `${host} ${path}`).toBe(421);
        expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(await r.json()).toMatchObject({ status: 421, code: 'host_not_allowed', errors: [{ path: 'Host' }] });
      }
    }
  });

  it('GW-5: localhost, 127.0.0.1, [::1] and api.allowedHosts are answered, with or without port; app.request() without Host is localhost', async () => {
    for (const host of ['localhost', 'localhost:8700', '127.0.0.1', '127.0.0.1:8700', '[::1]', '[::1]:8700', 'till-box.lan', 'TILL-BOX.LAN:8700']) {
      expect((await f.req('GET', '/v1/health', { headers: { host } })).status, host).toBe(200);
    }
    expect((await f.req('GET', '/v1/health')).status).toBe(200);
  });

  it('GW-5: a malformed Host is refused like a foreign one', async () => {
    for (const host of ['127.0.0.1:8700:1', 'localhost/evil', '[::1', 'user@localhost']) {
      expect((await f.req('GET', '/v1/health', { headers: { host } })).status, host).toBe(421);
    }
  });

  it("GW-5: the listen address is answered; a wildcard listen answers to the box's own addresses", async () => {
    f.close();
    f = apiFixture(withApi('  listen: 192.0.2.5\n'));
    expect((await f.req('GET', '/v1/health', { headers: { host: '192.0.2.5:8700' } })).status).toBe(200);
    expect((await f.req('GET', '/v1/health', { headers: { host: '192.0.2.6:8700' } })).status).toBe(421);
    const wild = allowedHostNames(withApi('  listen: 0.0.0.0\n').api, () => ['10.1.2.3', 'fe80::1']);
    expect([...wild]).toEqual(expect.arrayContaining(['localhost', '127.0.0.1', '::1', '10.1.2.3', 'fe80::1']));
    expect(wild.has('0.0.0.0')).toBe(false);
  });
});

describe('HTTP hardening: cross-site requests (GW-5)', () => {
  let f: ApiFixture;
  let app: App;
  let opened = 0;
  beforeEach(() => {
    const cfg = testConfig();
    f = apiFixture(cfg);
    opened = 0;
    // the drawer route as the device hub registers it, counting what would reach the printer
    const drawer = (a: App) => a.post('/v1/printers/:id/drawer', (c) => (opened++, c.json({ opened: true })));
    app = createApp({ ctx: f.ctx, api: cfg.api, logger: f.ctx.logger, version: 'test', startedAt: new Date(), extraRoutes: [drawer] });
  });
  afterEach(() => f.close());
  const send = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    Promise.resolve(
      app.request(
        path,
        { method, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(body.length) } : {}) }, body },
        { incoming: { socket: { remoteAddress: '127.0.0.1' } } },
      ),
    );

  it('GW-5: a cross-site form post to the drawer or to tier recompute is 403 origin_not_allowed and does nothing', async () => {
    for (const path of ['/v1/printers/p1/drawer', '/v1/admin/tiers/recompute']) {
      const r = await send('POST', path, { origin: EVIL, 'content-type': FORM }, 'x=1');
      expect(r.status, path).toBe(403);
      expect(await r.json()).toMatchObject({ code: 'origin_not_allowed', errors: [{ path: 'Origin' }] });
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
    }
    expect(opened).toBe(0);
  });

  it('GW-5: writes need Content-Type application/json, also with an empty body (415 unsupported_media_type)', async () => {
    for (const [headers, body] of [
      [{}, undefined],
      [{ 'content-type': FORM }, 'x=1'],
      [{ 'content-type': 'text/plain' }, '{}'],
      [{ 'content-type': 'multipart/form-data; boundary=x' }, ''],
    ] as const) {
      const r = await send('POST', '/v1/printers/p1/drawer', headers, body);
      expect(r.status, JSON.stringify(headers)).toBe(415);
      expect(await r.json()).toMatchObject({ code: 'unsupported_media_type', errors: [{ path: 'Content-Type' }] });
      expect((await send('POST', '/v1/admin/tiers/recompute', headers, body)).status).toBe(415);
    }
    expect((await send('DELETE', '/v1/admin/discounts/d1', {})).status).toBe(415);
    expect(opened).toBe(0);
    expect((await send('POST', '/v1/printers/p1/drawer', { 'content-type': 'application/json' }, '{}')).status).toBe(200);
    expect((await send('POST', '/v1/admin/tiers/recompute', { 'content-type': 'application/json' }, '{}')).status).toBe(200);
    expect(opened).toBe(1);
  });

  it("GW-5: the daemon's own origin passes; any other Origin (another port, null, also on GET) is 403; no CORS headers by default", async () => {
    const own = await send(
      'POST',
      '/v1/printers/p1/drawer',
      { host: '127.0.0.1:8700', origin: 'http://127.0.0.1:8700', 'content-type': 'application/json' },
      '{}',
    );
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBeNull();
    for (const [host, origin] of [
      ['localhost:8700', 'http://localhost:3000'],
      ['127.0.0.1:8700', 'http://localhost:8700'],
      ['127.0.0.1:8700', 'null'],
      ['127.0.0.1:8700', EVIL],
    ]) {
      const r = await send('GET', '/v1/customers?q=Tamm', { host: host!, origin: origin! });
      expect(r.status, `${host} ${origin}`).toBe(403);
    }
    const preflight = await send('OPTIONS', '/v1/printers/p1/drawer', { origin: EVIL, 'access-control-request-method': 'POST' });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('HTTP hardening: configured origins get CORS (GW-5)', () => {
  let f: ApiFixture;
  beforeEach(() => (f = apiFixture(withApi('  allowedOrigins: ["https://office.example"]\n'))));
  afterEach(() => f.close());

  it('GW-5: an origin in api.allowedOrigins gets CORS, including preflight; others stay 403', async () => {
    const pre = await f.req('OPTIONS', '/v1/customers', {
      headers: { origin: 'https://office.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://office.example');
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const get = await f.req('GET', '/v1/customers?q=Tamm', { headers: { origin: 'https://office.example' } });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBe('https://office.example');
    expect((await f.req('GET', '/v1/customers?q=Tamm', { headers: { origin: 'https://other.example' } })).status).toBe(403);
  });

  it('GW-5: allowedHosts and allowedOrigins are validated (no port in a host, no path in an origin)', () => {
    const bad = (lines: string) => {
      try {
        withApi(lines);
        return [];
      } catch (e) {
        return (e as ConfigError).problems.map((i) => i.path);
      }
    };
    expect(bad('  allowedHosts: ["evil.example:80"]\n')).toEqual(['api.allowedHosts.0']);
    expect(bad('  allowedOrigins: ["https://office.example/app"]\n')).toEqual(['api.allowedOrigins.0']);
    expect(bad('  allowedOrigins: ["office.example"]\n')).toEqual(['api.allowedOrigins.0']);
    expect(bad('  allowedHosts: [till-box.lan, "[fe80::1]", 192.168.1.20]\n  allowedOrigins: ["http://till-box.lan:8700"]\n')).toEqual([]);
  });
});
