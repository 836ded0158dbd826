import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../common/errors.js';
import { maskDigits } from '../common/logger.js';
import { adminOpsRoutes } from './admin-ops.js';
import { authMiddleware } from './auth.js';
import { cardOrderRoutes } from './card-orders.js';
import { cardRoutes } from './cards.js';
import { customerRoutes } from './customers.js';
import { docsRoutes } from './docs.js';
import type { ApiDeps, App, AppEnv } from './env.js';
import { healthRoutes } from './health.js';
import { masterDataRoutes } from './master-data.js';
import { receiptRoutes } from './receipts.js';
import { reportRoutes } from './reports.js';
import { voucherRoutes } from './vouchers.js';
import { errorHandler, problemResponse, validationError } from './problem.js';

export type { ApiDeps, App } from './env.js';

const JSON_TYPE = /^application\/([\w.-]+\+)?json(;|$)/i;

/** The till-facing HTTP API (API.md). Routes never run SQL: they call engine use cases. */
export function createApp(deps: ApiDeps): App {
  const app: App = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, (result as { data?: unknown }).data);
    },
  });
  app.onError(errorHandler(deps.logger));
  app.notFound(() => problemResponse(new AppError('not_found')));

  // Public: the OpenAPI document and its human page (no secrets in either).
  app.doc31('/v1/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Tillgate till API', version: deps.version, description: 'Store-local till gateway. See API.md for semantics.' },
  });
  docsRoutes(app);

  app.use('*', async (c, next) => {
    const t0 = performance.now();
    await next();
    const ms = Math.round((performance.now() - t0) * 100) / 100;
    const line = { method: c.req.method, path: maskDigits(c.req.path), status: c.res.status, ms };
    if (c.res.status >= 500) deps.logger.error(line, 'request failed');
    else deps.logger.debug(line, 'request');
  });
  // A Content-Length body is checked from its header: node's parser never reads past it, and not
  // touching `req.body` keeps @hono/node-server's fast path for json() (about 0.2 ms per till
  // request, measured in bench/receipts). Chunked bodies are counted by Hono's bodyLimit.
  const tooLarge = () => problemResponse(new AppError('payload_too_large'));
  const chunkedLimit = bodyLimit({ maxSize: deps.api.maxBodyBytes, onError: tooLarge });
  app.use('/v1/*', async (c, next) => {
    const len = c.req.header('content-length');
    if (c.req.header('transfer-encoding') !== undefined) return chunkedLimit(c, next);
    if (len !== undefined && Number(len) > deps.api.maxBodyBytes) return tooLarge();
    await next(); // with neither header there is no body (RFC 9112 6.3)
  });
  app.use('/v1/*', async (c, next) => {
    const m = c.req.method;
    if ((m === 'POST' || m === 'PUT' || m === 'PATCH') && hasBody(c.req.raw) && !JSON_TYPE.test(c.req.header('content-type') ?? '')) {
      throw new AppError('unsupported_media_type', 'send the body as application/json', [{ path: 'Content-Type', message: 'must be application/json' }]);
    }
    await next();
  });
  app.use('/v1/*', async (c, next) => {
    if (c.req.path === '/v1/health' || c.req.path === '/v1/openapi.json') return next();
    return authMiddleware(deps)(c, next);
  });

  healthRoutes(app, deps);
  customerRoutes(app, deps);
  cardRoutes(app, deps);
  cardOrderRoutes(app, deps);
  masterDataRoutes(app, deps);
  adminOpsRoutes(app, deps);
  receiptRoutes(app, deps);
  reportRoutes(app, deps);
  voucherRoutes(app, deps);
  for (const register of deps.extraRoutes ?? []) register(app, deps);
  return app;
}

function hasBody(req: Request): boolean {
  const len = req.headers.get('content-length');
  return (len !== null && len !== '0') || req.headers.has('transfer-encoding');
}
