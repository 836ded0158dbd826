import { createApp, type App } from '../../src/api/app.js';
import { engineFixture, testConfig, type EngineFixture } from './engine-fixture.js';
import type { Config } from '../../src/config/schema.js';
import { assertMatchesOpenApi } from './openapi-validator.js';

export interface ApiFixture extends EngineFixture {
  app: App;
  /** A request as if from `addr` (default loopback), through app.request(); the response is checked against /v1/openapi.json. */
  req(method: string, path: string, opts?: { body?: unknown; rawBody?: string; headers?: Record<string, string>; addr?: string }): Promise<Response>;
  json<T = Record<string, unknown>>(
    method: string,
    path: string,
    opts?: Parameters<ApiFixture['req']>[2],
  ): Promise<{ status: number; body: T; headers: Headers }>;
}

export function apiFixture(config: Config = testConfig()): ApiFixture {
  const f = engineFixture(config);
  const app = createApp({ ctx: f.ctx, api: config.api, logger: f.ctx.logger, version: 'test', startedAt: new Date() });
  let doc: Promise<string> | undefined;
  const servedDoc = () =>
    (doc ??= Promise.resolve(app.request('/v1/openapi.json', {}, { incoming: { socket: { remoteAddress: '127.0.0.1' } } })).then((r) => r.text()));
  const send: ApiFixture['req'] = (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    let body: string | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const env = { incoming: { socket: { remoteAddress: opts.addr ?? '127.0.0.1' } } };
    return Promise.resolve(app.request(path, { method, headers, body }, env));
  };
  // Every response of every API test must match the served document (status, type, body schema).
  const req: ApiFixture['req'] = async (method, path, opts) => {
    const res = await send(method, path, opts);
    await assertMatchesOpenApi(await servedDoc(), method, path, res);
    return res;
  };
  return {
    ...f,
    app,
    req,
    async json(method, path, opts) {
      const res = await req(method, path, opts);
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as never, headers: res.headers };
    },
  };
}
