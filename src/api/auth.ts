import type { Context, MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../common/errors.js';
import type { ApiDeps, AppEnv, Scope } from './env.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function isLoopback(addr: string | undefined): boolean {
  return addr !== undefined && LOOPBACK.test(addr);
}

/** The Node socket's remote address (absent under app.request() without an env). */
export function socketAddress(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * GW-5 / API.md "Auth": loopback callers need no token unless config says so (they act as a
 * till; admin routes from loopback are allowed, as the technician on the box). Any other
 * address needs `Authorization: Bearer <token>`; `/v1/admin` needs an admin token.
 */
export function authMiddleware(deps: ApiDeps): MiddlewareHandler<AppEnv> {
  const address = deps.clientAddress ?? socketAddress;
  return async (c, next) => {
    const header = c.req.header('authorization');
    const isAdminRoute = c.req.path.startsWith('/v1/admin');
    let scope: Scope | null = null;
    let principal = 'anonymous';
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      const tok = m ? deps.api.tokens.find((t) => sameSecret(t.token, m[1] ?? '')) : undefined;
      if (!tok) throw new AppError('unauthorized', 'unknown or malformed bearer token');
      scope = tok.scope;
      principal = tok.name;
    } else if (isLoopback(address(c)) && !deps.api.requireTokenOnLoopback) {
      scope = 'till';
      principal = 'loopback';
    } else {
      throw new AppError('unauthorized');
    }
    if (isAdminRoute && scope !== 'admin' && principal !== 'loopback') throw new AppError('forbidden', 'admin scope required');
    c.set('scope', scope);
    c.set('principal', principal);
    await next();
  };
}
