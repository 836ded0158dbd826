import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/api/app.js';
import { requestIdFor } from '../../src/api/request-id.js';
import { createLogger, type Logger } from '../../src/common/logger.js';
import { engineFixture, testConfig, type EngineFixture } from '../helpers/engine-fixture.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('X-Request-Id (GW-7)', () => {
  let f: EngineFixture;
  let app: App;
  let logger: Logger;
  const lines: Record<string, unknown>[] = [];

  beforeAll(() => {
    f = engineFixture();
    const dest = new Writable({
      write(chunk: Buffer, _enc, cb) {
        for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
        cb();
      },
    });
    logger = createLogger({ level: 'debug' }, dest);
    app = createApp({ ctx: { ...f.ctx, logger }, api: testConfig().api, logger, version: 'test', startedAt: new Date() });
  });
  afterAll(() => f?.close());

  const get = (path: string, headers: Record<string, string> = {}, addr = '127.0.0.1') =>
    Promise.resolve(app.request(path, { headers }, { incoming: { socket: { remoteAddress: addr } } }));

  it('GW-7: a sane incoming id is kept; anything else (too long, odd characters, a card-number-like digit run) is replaced by a UUIDv7', () => {
    for (const ok of ['till-7.r42', 'a', '0b7c:1f', 'x'.repeat(128), '1234567-x']) expect(requestIdFor(ok)).toBe(ok);
    for (const bad of [undefined, '', 'x'.repeat(129), 'has space', 'semi;colon', 'ütf', 'id\nnext', 'r-6009000000000016', '12345678'])
      expect(requestIdFor(bad)).toMatch(UUID);
    expect(requestIdFor(undefined)).not.toBe(requestIdFor(undefined));
  });

  it('GW-7: every answer carries X-Request-Id — 2xx, problem+json 4xx, refused before auth — and the request log line carries it as reqId', async () => {
    const ok = await get('/v1/health', { 'x-request-id': 'till-7.r42' });
    expect([ok.status, ok.headers.get('x-request-id')]).toEqual([200, 'till-7.r42']);
    const notFound = await get('/v1/cards/6009000000000016', { 'x-request-id': 'till-7.r43' });
    expect([notFound.status, notFound.headers.get('x-request-id')]).toEqual([404, 'till-7.r43']);
    const unauth = await get('/v1/cards/6009000000000016', {}, '192.0.2.7');
    expect(unauth.status).toBe(401);
    const generated = unauth.headers.get('x-request-id')!;
    expect(generated).toMatch(UUID);
    const badHost = await get('/v1/health', { host: 'evil.example', 'x-request-id': 'till-7.r44' });
    expect([badHost.status, badHost.headers.get('x-request-id')]).toEqual([421, 'till-7.r44']);

    const byId = (id: string) => lines.filter((l) => l.reqId === id);
    expect(byId('till-7.r42')).toEqual([expect.objectContaining({ msg: 'request', status: 200, path: '/v1/health' })]);
    expect(byId('till-7.r43')).toEqual([expect.objectContaining({ msg: 'request', status: 404 })]);
    expect(byId(generated)).toEqual([expect.objectContaining({ msg: 'request', status: 401 })]);
    // Lines written outside any request carry no reqId.
    logger.info('between requests');
    expect(lines.at(-1)).not.toHaveProperty('reqId');
    expect(JSON.stringify(lines)).not.toContain('6009000000000016');
  });

  it('GW-7: concurrent requests keep their own ids through every await', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `conc-${i}`);
    const res = await Promise.all(ids.map((id) => get(`/v1/customers?q=${id}`, { 'x-request-id': id })));
    expect(res.map((r) => r.headers.get('x-request-id'))).toEqual(ids);
    for (const id of ids) expect(lines.filter((l) => l.reqId === id).map((l) => l.path)).toEqual([`/v1/customers`]);
  });
});
