import { OpenAPIHono } from '@hono/zod-openapi';
import { docsRoutes } from '../api/docs.js';
import type { App } from '../api/env.js';
import { errorHandler, problemResponse, validationError } from '../api/problem.js';
import { AppError } from '../common/errors.js';
import { maskDigits } from '../common/logger.js';
import { adminAuth, storeAuth } from './auth.js';
import type { CentralApp, CentralDeps, CentralEnv } from './env.js';
import { requestBody } from './request-body.js';
import { cardOrderRoutes } from './routes/card-orders.js';
import { chainRoutes } from './routes/chain.js';
import { mailRoutes } from './routes/mail.js';
import { masterDataRoutes } from './routes/master-data.js';
import { storeRoutes } from './routes/stores.js';
import { syncRoutes } from './routes/sync.js';

/**
 * Central's HTTP API (API.md "Central and sync"): the sync protocol for stores (store token) and
 * head office's admin API (admin token). Same problem+json errors, validation and /docs page as
 * the store's API. Stateless: every request reads and writes PostgreSQL only.
 */
export function createCentralApp(deps: CentralDeps): CentralApp {
  const app: CentralApp = new OpenAPIHono<CentralEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, (result as { data?: unknown }).data);
    },
  });
  app.onError(errorHandler(deps.logger));
  app.notFound(() => problemResponse(new AppError('not_found')));
  app.openAPIRegistry.registerComponent('securitySchemes', 'storeToken', {
    type: 'http',
    scheme: 'bearer',
    description: '"<storeId>.<secret>" from POST /v1/admin/stores',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'From adminTokens in the central config',
  });
  app.doc31('/v1/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Tillgate central API', version: deps.version, description: 'Chain central: sync for stores, admin for head office. See docs/central.md.' },
    security: [{ adminToken: [] }],
  });
  // The store's Swagger page works unchanged: it only registers GET routes on the app.
  docsRoutes(app as unknown as App);

  app.get('/health', async (c) => {
    await deps.db.query('SELECT 1');
    return c.json({ status: 'ok', version: deps.version, db: deps.db.kind }, 200);
  });
  app.use('*', async (c, next) => {
    const t0 = performance.now();
    await next();
    const line = { method: c.req.method, path: maskDigits(c.req.path), status: c.res.status, ms: Math.round((performance.now() - t0) * 100) / 100 };
    if (c.res.status >= 500) deps.logger.error(line, 'request failed');
    else deps.logger.debug(line, 'request');
  });
  const body = requestBody(deps.config.sync.maxBodyBytes);
  app.use('/sync/*', body, storeAuth(deps.db));
  app.use('/v1/*', async (c, next) => (c.req.path === '/v1/openapi.json' ? next() : body(c, next)));
  const admin = adminAuth(deps.config.adminTokens);
  app.use('/v1/*', async (c, next) => (c.req.path === '/v1/openapi.json' ? next() : admin(c, next)));

  syncRoutes(app, deps);
  storeRoutes(app, deps);
  masterDataRoutes(app, deps);
  cardOrderRoutes(app, deps);
  chainRoutes(app, deps);
  mailRoutes(app, deps);
  return app;
}
