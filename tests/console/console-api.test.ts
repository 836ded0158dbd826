import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { CONSOLE_CSP } from '../../src/api/console.js';
import { consoleCardNumber, consoleView } from '../../src/api/console-events.js';
import { deviceApiRoutes } from '../../src/api/printers.js';
import { storePrintJournal } from '../../src/bridges/print-journal.js';
import { silentLogger } from '../../src/common/logger.js';
import { redactSecrets } from '../../src/config/redact.js';
import { DeviceHub } from '../../src/drivers/hub.js';
import { engineFixture, TEST_CONFIG_YAML, testConfig } from '../helpers/engine-fixture.js';
import { assertMatchesOpenApi } from '../helpers/openapi-validator.js';

const ADMIN = 'admin-token-0123456789';
const TILL = 'till-token-0123456789';
const LAN = '192.0.2.10';

/** The daemon's app as main.ts builds it (device routes included), started from a config file in the fixture's dir. */
function consoleApp() {
  const config = testConfig();
  const f = engineFixture(config);
  const configFile = join(f.dir, 'tillgate.yaml');
  writeFileSync(configFile, TEST_CONFIG_YAML);
  const hub = new DeviceHub({
    devices: [],
    cardSchemes: config.cardSchemes,
    logger: silentLogger(),
    journal: storePrintJournal(f.ctx.store.db),
    resolveCard: () => null,
  });
  const app = createApp({
    ctx: f.ctx,
    api: config.api,
    logger: silentLogger(),
    version: 'test',
    startedAt: new Date(),
    configFile,
    extraRoutes: deviceApiRoutes(hub),
  });
  let doc: Promise<string> | undefined;
  const req = async (path: string, opts: { addr?: string; headers?: Record<string, string>; signal?: AbortSignal } = {}) => {
    const env = { incoming: { socket: { remoteAddress: opts.addr ?? '127.0.0.1' } } };
    const res = await app.request(path, { headers: opts.headers ?? {}, signal: opts.signal }, env);
    doc ??= Promise.resolve(app.request('/v1/openapi.json', {}, { incoming: { socket: { remoteAddress: '127.0.0.1' } } })).then((r) => r.text());
    if (path.startsWith('/v1/')) await assertMatchesOpenApi(await doc, 'GET', path.split('?')[0]!, res);
    return res;
  };
  return { f, hub, configFile, req };
}

describe('technician console: page, config view and masked events (GW-4, GW-7)', () => {
  const t = consoleApp();
  afterAll(() => t.f.close());

  it('GW-7: /console is served from local files with a strict CSP (no inline script, nothing from elsewhere)', async () => {
    const page = await t.req('/console');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).toContain("default-src 'self'");
    expect(CONSOLE_CSP).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/); // every script is a file
    expect(html).not.toMatch(/\sstyle=|<style|https?:\/\//); // no inline style, nothing from a CDN
    for (const asset of ['main.js', 'api.js', 'devices.js', 'status.js', 'preview.js', 'dom.js', 'console.css', 'favicon.svg']) {
      const res = await t.req(`/console/${asset}`);
      expect(res.status, asset).toBe(200);
      expect(res.headers.get('content-security-policy'), asset).toBe(CONSOLE_CSP);
    }
    expect((await t.req('/console/main.js')).headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await t.req('/console/tsconfig.json')).status).toBe(404);
    expect((await t.req('/console/..%2Fapi%2Fconsole.ts')).status).toBe(404);
  });

  it("GW-5: the console page answers only to this daemon's Host names, like every route", async () => {
    const res = await t.req('/console', { headers: { host: 'evil.example' } });
    expect(res.status).toBe(421);
    expect(await res.json()).toMatchObject({ code: 'host_not_allowed' });
  });

  it('GW-7: GET /v1/admin/config shows the running config with every secret hidden and the file on disk checked', async () => {
    const res = await t.req('/v1/admin/config');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(ADMIN);
    expect(text).not.toContain(TILL);
    const body = JSON.parse(text) as {
      config: { api: { tokens: { name: string; token: string }[]; requireTokenOnLoopback: boolean }; store: { id: string } };
      file: unknown;
    };
    expect(body.config.api.tokens).toEqual([
      expect.objectContaining({ name: 'till-1', token: '***' }),
      expect.objectContaining({ name: 'office', token: '***' }),
    ]);
    expect(body.config.api.requireTokenOnLoopback).toBe(false);
    expect(body.config.store.id).toBe('test-store');
    expect(body.file).toMatchObject({ path: t.configFile, ok: true, errors: [] });
  });

  it('GW-4: a broken file on disk is reported with line and field while the running config stays as it is', async () => {
    writeFileSync(
      t.configFile,
      TEST_CONFIG_YAML.replace('search: { tillMinLength: 4, maxResults: 500 }', 'search: { tillMinLength: four, maxResults: 500 }\nbogus: 1'),
    );
    try {
      const body = (await (await t.req('/v1/admin/config')).json()) as {
        config: { store: { id: string } };
        file: { ok: boolean; errors: { path: string; line: number }[] };
      };
      expect(body.config.store.id).toBe('test-store');
      expect(body.file.ok).toBe(false);
      expect(body.file.errors).toEqual([
        expect.objectContaining({ path: 'search.tillMinLength', line: 12 }),
        expect.objectContaining({ path: 'bogus', line: 13, message: 'unknown field' }),
      ]);
    } finally {
      writeFileSync(t.configFile, TEST_CONFIG_YAML);
    }
  });

  it("GW-7: from another machine the console's data needs an admin token: none is 401, a till token 403, the admin token 200", async () => {
    const none = await t.req('/v1/admin/config', { addr: LAN });
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/problem\+json/);
    expect(await none.json()).toMatchObject({ code: 'unauthorized' });
    const till = await t.req('/v1/admin/config', { addr: LAN, headers: { authorization: `Bearer ${TILL}` } });
    expect(till.status).toBe(403);
    expect(await till.json()).toMatchObject({ code: 'forbidden' });
    expect((await t.req('/v1/admin/config', { addr: LAN, headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(200);
    expect((await t.req('/v1/admin/console/events', { addr: LAN, headers: { authorization: `Bearer ${TILL}` } })).status).toBe(403);
  });

  it('GW-2: the console event stream replays what is held with card numbers masked and nothing else about the card', async () => {
    t.hub.events.append('device.state', { deviceId: 'nfc', state: 'ready', detail: 'connected', since: '2026-11-22T10:00:00Z' });
    t.hub.events.append('card.read', {
      deviceId: 'nfc',
      source: 'smartcard',
      cardNumber: '6009123456780021',
      scheme: 'loyalty',
      card: { number: '6009123456780021', customerId: 'c-1' },
    });
    const ac = new AbortController();
    const res = await t.req('/v1/admin/console/events?after=0', { signal: ac.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    while (!/event: card\.read\ndata: .*\n/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    ac.abort();
    await reader.cancel().catch(() => undefined);
    expect(text).toContain('event: device.state');
    expect(text).not.toContain('6009123456780021');
    expect(text).not.toContain('customerId');
    const data = JSON.parse(/event: card\.read\ndata: (.*)\n/.exec(text)![1]!) as { data: unknown };
    expect(data.data).toEqual({ deviceId: 'nfc', source: 'smartcard', scheme: 'loyalty', cardNumber: '6009 •••• •••• 0021', known: true });
  });
});

describe('console masking and secret hiding (GW-2, GW-7)', () => {
  it('GW-2: card numbers are grouped by four with all but the last four hidden (and the first four when 12+ digits)', () => {
    expect(consoleCardNumber('6009123456780021')).toBe('6009 •••• •••• 0021');
    expect(consoleCardNumber('77000001')).toBe('•••• 0001');
    expect(consoleCardNumber('2712345678')).toBe('•• •••• 5678');
    expect(consoleView({ seq: 1, type: 'job.done', at: 'x', data: { jobId: 'j' } })).toEqual({ seq: 1, type: 'job.done', at: 'x', data: { jobId: 'j' } });
  });

  it('GW-7: every token, password and secret is "***", passwords in URLs too; booleans named after tokens stay', () => {
    expect(
      redactSecrets({
        central: { url: 'https://store:hunter2@central.example/', token: 'x'.repeat(20) },
        mail: { smtp: { password: 'pw', user: 'u' } },
        api: { requireTokenOnLoopback: true, tokens: [{ name: 'a', token: 'secret-token-value' }] },
        n: 3,
      }),
    ).toEqual({
      central: { url: 'https://***@central.example/', token: '***' },
      mail: { smtp: { password: '***', user: 'u' } },
      api: { requireTokenOnLoopback: true, tokens: [{ name: 'a', token: '***' }] },
      n: 3,
    });
  });
});
