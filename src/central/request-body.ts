import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../common/errors.js';
import type { CentralEnv } from './env.js';

const gunzipAsync = promisify(gunzip);
const JSON_TYPE = /^application\/([\w.-]+\+)?json(;|$)/i;

/**
 * Request bodies: at most `maxBytes` on the wire AND after gzip (stores push gzip, issue 11 item
 * 3); JSON only. Decompression runs on libuv's thread pool, never on the event loop.
 */
export function requestBody(maxBytes: number): MiddlewareHandler<CentralEnv> {
  // Counts the bytes of a chunked body as they arrive (a Content-Length body is checked up front).
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError('payload_too_large');
    },
  });
  return async (c, next) => {
    const m = c.req.method;
    if (m !== 'POST' && m !== 'PUT' && m !== 'PATCH') return next();
    const len = c.req.header('content-length');
    if ((len === undefined || len === '0') && c.req.header('transfer-encoding') === undefined) return next(); // no body (RFC 9112 6.3)
    return limit(c, () => decode(c, next));
  };

  async function decode(c: Parameters<MiddlewareHandler<CentralEnv>>[0], next: () => Promise<void>): Promise<void> {
    const m = c.req.method;
    if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) {
      throw new AppError('unsupported_media_type', 'send the body as application/json', [{ path: 'Content-Type', message: 'must be application/json' }]);
    }
    const encoding = (c.req.header('content-encoding') ?? 'identity').toLowerCase();
    if (encoding === 'identity') return next();
    if (encoding !== 'gzip')
      throw new AppError('unsupported_media_type', `Content-Encoding ${encoding} is not supported`, [{ path: 'Content-Encoding', message: 'gzip or none' }]);
    const raw = Buffer.from(await c.req.raw.arrayBuffer());
    if (raw.length > maxBytes) throw new AppError('payload_too_large');
    let plain: Buffer;
    try {
      plain = await gunzipAsync(raw, { maxOutputLength: maxBytes });
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new AppError('payload_too_large', 'the body is too large once decompressed');
      throw new AppError('malformed_json', 'the gzip body does not decompress', [{ path: '(body)', message: 'not valid gzip' }]);
    }
    const headers = new Headers(c.req.raw.headers);
    headers.delete('content-encoding');
    headers.set('content-length', String(plain.length));
    c.req.raw = new Request(c.req.raw.url, { method: m, headers, body: new Uint8Array(plain) });
    await next();
  }
}
