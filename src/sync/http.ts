import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** Largest response body the client reads from central (a pull page is well below). */
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export interface CentralEndpoint {
  url: string;
  token: string;
  /** Longest one call may take (a long-poll adds its wait). */
  timeoutMs: number;
}

export interface CentralAnswer {
  status: number;
  body: unknown;
}

/**
 * One HTTP call to central: bearer token, JSON (gzip-compressed on the way up, on the thread
 * pool), bounded by a timeout and by `signal` (stop() aborts calls in flight). Throws on network
 * errors and timeouts; any HTTP answer, even 4xx/5xx, resolves.
 */
export async function callCentral(
  ep: CentralEndpoint,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  signal: AbortSignal,
  extraTimeoutMs = 0,
): Promise<CentralAnswer> {
  const headers: Record<string, string> = { authorization: `Bearer ${ep.token}`, accept: 'application/json' };
  const init: RequestInit = { method, headers, signal: AbortSignal.any([signal, AbortSignal.timeout(ep.timeoutMs + extraTimeoutMs)]) };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-encoding'] = 'gzip';
    init.body = await gzipAsync(Buffer.from(JSON.stringify(body)));
  }
  const res = await fetch(new URL(path, ep.url.endsWith('/') ? ep.url : `${ep.url}/`), init);
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > MAX_RESPONSE_BYTES) {
    await res.body?.cancel();
    return { status: res.status, body: null };
  }
  const text = await res.text();
  if (text.length > MAX_RESPONSE_BYTES) return { status: res.status, body: null };
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return { status: res.status, body: parsed };
}
