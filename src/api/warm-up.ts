import type { ApiDeps, App } from './env.js';

/**
 * GW-8: one basket evaluation (no card: reads nothing but the compiled catalog, writes nothing)
 * through the whole app before the server listens, so the first till request does not pay for
 * building the router and the first run of the middleware, the validators and the engine
 * (~50–500 ms measured at the first request on a busy box). A loopback caller, like a till on
 * the box; with `api.requireTokenOnLoopback` it sends the first configured token, so it is never
 * counted as a failed authentication; nor is it counted in /metrics (the `warmUp` binding, which
 * no request from a socket can carry). Returns the status (200), or null when it could not try.
 */
export async function warmUp(app: App, api: ApiDeps['api']): Promise<number | null> {
  const token = api.tokens[0]?.token;
  if (api.requireTokenOnLoopback && token === undefined) return null;
  const headers: Record<string, string> = { host: '127.0.0.1', 'content-type': 'application/json' };
  if (api.requireTokenOnLoopback && token !== undefined) headers.authorization = `Bearer ${token}`;
  const body = JSON.stringify({ lines: [{ sku: 'warm-up', qty: 1, unitPrice: 0 }] });
  headers['content-length'] = String(Buffer.byteLength(body));
  const res = await app.request(
    '/v1/baskets/evaluate',
    { method: 'POST', headers, body },
    { incoming: { socket: { remoteAddress: '127.0.0.1' } }, warmUp: true },
  );
  await res.arrayBuffer();
  return res.status;
}
