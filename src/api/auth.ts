import type { Context, MiddlewareHandler } from 'hono';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '../common/errors.js';
import { AuthFailureLimiter } from './auth-rate-limit.js';
import type { ApiDeps, AppEnv, Scope } from './env.js';
import { METRICS_PATH } from './metrics-route.js';
import { problemResponse } from './problem.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function isLoopback(addr: string | undefined): boolean {
  return addr !== undefined && LOOPBACK.test(addr);
}

/** The Node socket's remote address (absent under app.request() without an env). */
export function socketAddress(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

interface KnownToken {
  name: string;
  scope: Scope;
  digest: Buffer;
}

const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * The configured token matching `presented`, comparing SHA-256 digests (equal length whatever
 * was sent) with timingSafeEqual against EVERY token, so neither the length nor the position of
 * a configured token shows in the response time.
 */
export function matchToken(tokens: readonly KnownToken[], presented: string): KnownToken | undefined {
  const d = sha256(presented);
  let found: KnownToken | undefined;
  for (const t of tokens) {
    const same = timingSafeEqual(d, t.digest);
    found = same && found === undefined ? t : found;
  }
  return found;
}

export interface AuthOptions {
  limiter?: AuthFailureLimiter;
}

/**
 * GW-5 / API.md "Auth": loopback callers need no token unless config says so (they act as a
 * till; admin routes from loopback are allowed, as the technician on the box). Any other
 * address needs `Authorization: Bearer <token>`; `/v1/admin` and `/metrics` need an admin token. Failed
 * attempts are rate-limited per address (429 with Retry-After).
 */
export function authMiddleware(deps: ApiDeps, opts: AuthOptions = {}): MiddlewareHandler<AppEnv> {
  const address = deps.clientAddress ?? socketAddress;
  const tokens: KnownToken[] = deps.api.tokens.map((t) => ({ name: t.name, scope: t.scope, digest: sha256(t.token) }));
  const limiter = opts.limiter ?? new AuthFailureLimiter(() => deps.ctx.clock.now().getTime());
  return async function auth(c, next) {
    const addr = address(c);
    const key = addr ?? 'unknown';
    const wait = limiter.retryAfterS(key);
    if (wait > 0) {
      const res = problemResponse(
        new AppError('too_many_requests', `too many failed authentications from this address; retry in ${wait} s`, undefined, { retryAfterS: wait }),
      );
      res.headers.set('retry-after', String(wait));
      return res;
    }
    const header = c.req.header('authorization');
    const isAdminRoute = c.req.path.startsWith('/v1/admin') || c.req.path === METRICS_PATH;
    let scope: Scope | null = null;
    let principal = 'anonymous';
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      const tok = m ? matchToken(tokens, m[1] ?? '') : undefined;
      if (!tok) {
        limiter.fail(key);
        throw new AppError('unauthorized', 'unknown or malformed bearer token');
      }
      scope = tok.scope;
      principal = tok.name;
    } else if (isLoopback(addr) && !deps.api.requireTokenOnLoopback) {
      scope = 'till';
      principal = 'loopback';
    } else {
      limiter.fail(key);
      throw new AppError('unauthorized');
    }
    if (isAdminRoute && scope !== 'admin' && principal !== 'loopback') throw new AppError('forbidden', 'admin scope required');
    c.set('scope', scope);
    c.set('principal', principal);
    await next();
  };
}
