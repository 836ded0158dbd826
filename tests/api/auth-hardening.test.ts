import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthFailureLimiter } from '../../src/api/auth-rate-limit.js';
import { matchToken } from '../../src/api/auth.js';
import { apiFixture, type ApiFixture } from '../helpers/api-fixture.js';
import { testConfig } from '../helpers/engine-fixture.js';

const LAN = '192.0.2.10';
const TILL = { authorization: 'Bearer till-token-0123456789' };
const WRONG = { authorization: 'Bearer wrong-token-000000000' };

describe('auth hardening (GW-5)', () => {
  let f: ApiFixture;
  beforeEach(() => (f = apiFixture()));
  afterEach(() => f.close());

  it('GW-5: tokens are matched by digest against every configured token; prefixes, extensions and case changes do not match', () => {
    const digest = (s: string) => createHash('sha256').update(s).digest();
    const tokens = ['short-token-0000', 'a-much-longer-admin-token-0123456789', 'short-token-0001'].map((t, i) => ({
      name: `t${i}`,
      scope: 'till' as const,
      digest: digest(t),
    }));
    expect(matchToken(tokens, 'short-token-0000')?.name).toBe('t0');
    expect(matchToken(tokens, 'a-much-longer-admin-token-0123456789')?.name).toBe('t1');
    expect(matchToken(tokens, 'short-token-0001')?.name).toBe('t2');
    for (const wrong of ['', 'short-token-000', 'short-token-00000', 'SHORT-TOKEN-0000', 'a-much-longer-admin-token'])
      expect(matchToken(tokens, wrong), wrong).toBeUndefined();
  });

  it('GW-5: an unauthenticated client gets 401 before 413 or 415, and a till token on an admin route 403 before 415', async () => {
    const big = 'x'.repeat(testConfig().api.maxBodyBytes + 1);
    const tooBig = await f.json('POST', '/v1/customers', { addr: LAN, rawBody: big, headers: { 'content-type': 'application/json' } });
    expect(tooBig).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
    const form = await f.json('POST', '/v1/customers', { addr: LAN, rawBody: 'kind=person', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
    const tillOnAdmin = await f.json('POST', '/v1/admin/tiers/recompute', { addr: LAN, headers: TILL });
    expect(tillOnAdmin).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    // authenticated, the same requests reach the body checks
    expect((await f.json('POST', '/v1/customers', { addr: LAN, rawBody: big, headers: { ...TILL, 'content-type': 'application/json' } })).status).toBe(413);
    expect((await f.json('POST', '/v1/customers', { addr: LAN, rawBody: 'kind=person', headers: { ...TILL, 'content-type': 'text/plain' } })).status).toBe(415);
  });

  it('GW-5: Host is checked first of all, then Origin, then auth', async () => {
    const r = await f.json('POST', '/v1/customers', {
      addr: LAN,
      headers: { host: 'evil.example', origin: 'http://evil.example', 'content-type': 'text/plain' },
    });
    expect(r.body).toMatchObject({ code: 'host_not_allowed' });
    const o = await f.json('POST', '/v1/customers', { addr: LAN, headers: { origin: 'http://evil.example', 'content-type': 'text/plain' } });
    expect(o.body).toMatchObject({ code: 'origin_not_allowed' });
  });

  it('GW-5: after 10 failed authentications in a minute an address gets 429 too_many_requests with Retry-After, even with a valid token; others are unaffected', async () => {
    for (let i = 0; i < 9; i++) expect((await f.req('GET', '/v1/customers?q=Tamm', { addr: LAN, headers: WRONG })).status).toBe(401);
    expect((await f.req('GET', '/v1/customers?q=Tamm', { addr: LAN })).status).toBe(401); // no token from the LAN counts too
    const blocked = await f.json('GET', '/v1/customers?q=Tamm', { addr: LAN, headers: TILL });
    expect(blocked).toMatchObject({ status: 429, body: { code: 'too_many_requests' } });
    expect(blocked.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(blocked.headers.get('retry-after'))).toBe(60);
    expect((await f.req('GET', '/v1/customers?q=Tamm', { addr: '192.0.2.11', headers: TILL })).status).toBe(200);
    expect((await f.req('GET', '/v1/customers?q=Tamm')).status).toBe(200); // loopback till

    f.clock.set('2026-11-22T10:00:30Z');
    expect(Number((await f.req('GET', '/v1/customers?q=Tamm', { addr: LAN, headers: TILL })).headers.get('retry-after'))).toBe(30);
    f.clock.set('2026-11-22T10:01:01Z');
    expect((await f.req('GET', '/v1/customers?q=Tamm', { addr: LAN, headers: TILL })).status).toBe(200);
  });

  it('GW-5: failures spread over more than a minute do not block; a valid token is not a failure', async () => {
    for (let i = 0; i < 9; i++) await f.req('GET', '/v1/customers?q=Tamm', { addr: LAN, headers: WRONG });
    for (let i = 0; i < 20; i++) expect((await f.req('GET', '/v1/customers?q=Tamm', { addr: LAN, headers: TILL })).status).toBe(200);
    f.clock.set('2026-11-22T10:01:00Z');
    for (let i = 0; i < 9; i++) expect((await f.req('GET', '/v1/customers?q=Tamm', { addr: LAN, headers: WRONG })).status).toBe(401);
    expect((await f.req('GET', '/v1/customers?q=Tamm', { addr: LAN, headers: TILL })).status).toBe(200);
  });

  it('GW-5: the failed-auth tracker keeps at most maxClients addresses, forgetting the least recently failed', () => {
    let now = 0;
    const limiter = new AuthFailureLimiter(() => now, { maxFailures: 2, windowMs: 60_000, maxClients: 3 });
    for (let i = 0; i < 1000; i++) limiter.fail(`10.0.${i >> 8}.${i & 255}`);
    expect(limiter.size).toBe(3);
    limiter.fail('a');
    limiter.fail('b');
    limiter.fail('a');
    expect(limiter.retryAfterS('a')).toBe(60);
    limiter.fail('c');
    limiter.fail('d'); // evicts b (least recently failed), not a
    expect(limiter.size).toBe(3);
    expect(limiter.retryAfterS('a')).toBe(60);
    now = 60_000;
    expect(limiter.retryAfterS('a')).toBe(0);
    expect(limiter.size).toBe(2);
  });
});
