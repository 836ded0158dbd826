import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { networkInterfaces } from 'node:os';
import { AppError } from '../common/errors.js';
import type { Config } from '../config/schema.js';
import type { AppEnv } from './env.js';

/**
 * GW-5 hardening against browsers. Loopback is not a trust boundary for a browser on the box: a
 * page whose domain re-resolves to 127.0.0.1 (DNS rebinding) reaches us with its own name in
 * Host, and any page can send a cross-site form post. So: answer only to Host names that are
 * ours (421 otherwise), and refuse any request whose Origin is neither ours nor configured.
 */

const WILDCARD = new Set(['0.0.0.0', '::', '[::]']);
const HOST = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9_.-]+))(?::\d{1,5})?$/;

/** The host name in a Host header value, lower case, IPv6 without brackets; null when malformed. */
export function hostNameOf(header: string): string | null {
  const m = HOST.exec(header.toLowerCase());
  return m ? (m[1] ?? m[2] ?? null) : null;
}

function bare(name: string): string {
  return name.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

/** Host names this daemon answers to: loopback names, the listen address (its interfaces' addresses for 0.0.0.0/::) and api.allowedHosts. */
export function allowedHostNames(api: Config['api'], interfaces: () => string[] = localAddresses): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '::1', ...api.allowedHosts.map(bare)]);
  if (WILDCARD.has(api.listen)) for (const a of interfaces()) names.add(bare(a));
  else names.add(bare(api.listen));
  return names;
}

function localAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
}

/**
 * The Host the client sent. From a real socket it is the raw header (absent on an HTTP/1.0
 * request: undefined, which is refused; @hono/node-server would otherwise substitute the listen
 * address). Under app.request() it is the Host header or the URL's host (`localhost`).
 */
export function requestHost(c: Context): string | undefined {
  const incoming = (c.env as { incoming?: { headers?: Record<string, string | string[] | undefined> } } | undefined)?.incoming;
  if (incoming?.headers) {
    const h = incoming.headers.host;
    return typeof h === 'string' ? h : undefined;
  }
  return c.req.header('host') ?? new URL(c.req.url).host;
}

/** 421 host_not_allowed unless Host names this daemon. Runs first, on every path. */
export function hostCheck(api: Config['api']): MiddlewareHandler<AppEnv> {
  const allowed = allowedHostNames(api);
  return async function hostCheck(c, next) {
    const host = requestHost(c);
    const name = host === undefined ? null : hostNameOf(host);
    if (name === null || !allowed.has(name)) {
      throw new AppError(
        'host_not_allowed',
        host === undefined ? 'the request has no Host header' : 'this Host is not one the daemon answers to (api.allowedHosts)',
        [{ path: 'Host', message: 'not an allowed host' }],
      );
    }
    await next();
  };
}

/**
 * 403 origin_not_allowed for a request carrying an Origin that is neither in api.allowedOrigins
 * nor the daemon's own (`http://` + the Host it was reached by, already checked by hostCheck).
 */
export function originCheck(api: Config['api']): MiddlewareHandler<AppEnv> {
  const allowed = new Set(api.allowedOrigins);
  return async function originCheck(c, next) {
    const origin = c.req.header('origin');
    if (origin !== undefined && !allowed.has(origin) && origin.toLowerCase() !== `http://${(requestHost(c) ?? '').toLowerCase()}`) {
      throw new AppError('origin_not_allowed', 'cross-site requests from this origin are refused (api.allowedOrigins)', [
        { path: 'Origin', message: 'not an allowed origin' },
      ]);
    }
    await next();
  };
}

/** CORS (with preflight) for the configured origins only; none configured: no CORS headers at all. */
export function corsFor(api: Config['api']): MiddlewareHandler<AppEnv> | null {
  if (api.allowedOrigins.length === 0) return null;
  return cors({
    origin: [...api.allowedOrigins],
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID'],
    exposeHeaders: ['Idempotent-Replayed', 'Retry-After', 'X-Request-Id'],
    maxAge: 600,
  });
}
