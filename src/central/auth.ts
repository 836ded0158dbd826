import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../common/errors.js';
import type { CentralConfig } from './config.js';
import type { Database } from './db/database.js';
import type { CentralEnv } from './env.js';

export const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Compared hashes always have the same length, so timingSafeEqual never throws. */
function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function bearer(header: string | undefined): string {
  const m = header ? /^Bearer\s+(\S{1,512})$/i.exec(header) : null;
  if (!m?.[1]) throw new AppError('unauthorized', 'send Authorization: Bearer <token>');
  return m[1];
}

/** A new store token: "<storeId>.<secret>"; only sha256(secret) is stored, the token is shown once. */
export function newStoreToken(storeId: string): { token: string; hash: Buffer } {
  const secret = randomBytes(32).toString('base64url');
  return { token: `${storeId}.${secret}`, hash: sha256(secret) };
}

/** Admin routes: a token from `adminTokens`, compared as hashes in constant time (every one is checked). */
export function adminAuth(tokens: CentralConfig['adminTokens']): MiddlewareHandler<CentralEnv> {
  const known = tokens.map((t) => ({ name: t.name, hash: sha256(t.token) }));
  return async (c, next) => {
    const given = sha256(bearer(c.req.header('authorization')));
    let who: string | null = null;
    for (const k of known) if (sameHash(given, k.hash) && who === null) who = k.name;
    if (who === null) throw new AppError('unauthorized', 'unknown admin token');
    c.set('principal', who);
    await next();
  };
}

const DUMMY = sha256('no such store');

/** Sync routes: a store token; the store row holds sha256 of its secret. */
export function storeAuth(db: Database): MiddlewareHandler<CentralEnv> {
  return async (c, next) => {
    const token = bearer(c.req.header('authorization'));
    const dot = token.indexOf('.');
    const storeId = dot > 0 ? token.slice(0, dot) : '';
    const [row] = storeId ? await db.query<{ token_hash: Buffer }>('SELECT token_hash FROM stores WHERE id = $1', [storeId]) : [];
    const ok = sameHash(sha256(token.slice(dot + 1)), row ? Buffer.from(row.token_hash) : DUMMY) && row !== undefined;
    if (!ok) throw new AppError('unauthorized', 'unknown store token');
    c.set('storeId', storeId);
    c.set('principal', `store:${storeId}`);
    await next();
  };
}
