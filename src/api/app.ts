import { OpenAPIHono } from '@hono/zod-openapi';
import { adminOpsRoutes } from './admin-ops.js';
import { authMiddleware } from './auth.js';
import { bodySizeCheck, jsonWritesOnly } from './body-checks.js';
import { cardOrderRoutes } from './card-orders.js';
import { cardRoutes } from './cards.js';
import { configViewRoutes } from './config-view.js';
import { consoleRoutes } from './console.js';
import { customerRoutes } from './customers.js';
import { docsRoutes } from './docs.js';
import type { ApiDeps, App, AppEnv } from './env.js';
import { healthRoutes } from './health.js';
import { ApiMetrics } from './metrics.js';
import { METRICS_PATH, metricsRoutes, observeRequests } from './metrics-route.js';
import { customerTypeRoutes } from './customer-types.js';
import { managedByCentral } from './managed-by-central.js';
import { corsFor, hostCheck, originCheck } from './host-origin.js';
import { masterDataRoutes } from './master-data.js';
import { notFoundOrMethodNotAllowed } from './method-not-allowed.js';
import { openApiDocument } from './openapi-doc.js';
import { receiptRoutes } from './receipts.js';
import { requestId } from './request-id.js';
import { reportRoutes } from './reports.js';
import { voucherRoutes } from './vouchers.js';
import { errorHandler, validationError } from './problem.js';

export type { ApiDeps, App } from './env.js';

/** The till-facing HTTP API (API.md). Routes never run SQL: they call engine use cases. */
export function createApp(deps: ApiDeps): App {
  const app: App = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, (result as { data?: unknown }).data);
    },
  });
  app.onError(errorHandler(deps.logger));
  app.notFound(notFoundOrMethodNotAllowed(app));
  const metrics = deps.metrics ?? new ApiMetrics(deps);

  // Outermost: the request id (X-Request-Id; `reqId` on every log line of the request), then
  // timing and the request's log line.
  app.use('*', requestId());
  app.use('*', observeRequests(metrics, deps.logger));
  // GW-5, in this order on every path: Host (421), Origin (403), CORS for configured origins,
  // auth (401/403/429), and only then body size and type (413/415), so an unauthenticated
  // client learns nothing about limits or types.
  app.use('*', hostCheck(deps.api));
  app.use('*', originCheck(deps.api));
  const corsMw = corsFor(deps.api);
  if (corsMw) app.use('*', corsMw);
  const auth = authMiddleware(deps);
  app.use('/v1/*', async (c, next) => {
    if (c.req.path === '/v1/health' || c.req.path === '/v1/openapi.json') return next();
    return auth(c, next);
  });
  app.use(METRICS_PATH, auth); // an admin read: loopback free, else an admin token
  app.use('*', bodySizeCheck(deps.api.maxBodyBytes));
  app.use('*', jsonWritesOnly());
  app.use('/v1/admin/*', managedByCentral(deps)); // SYNC-3: a chain's master data is read-only here

  // Public: the OpenAPI document and its human page (no secrets in either).
  openApiDocument(app, deps.version);
  docsRoutes(app);
  consoleRoutes(app); // the technician console's static page (its data comes from /v1)

  healthRoutes(app, deps);
  metricsRoutes(app, metrics);
  customerRoutes(app, deps);
  cardRoutes(app, deps);
  cardOrderRoutes(app, deps);
  masterDataRoutes(app, deps);
  adminOpsRoutes(app, deps);
  configViewRoutes(app, deps);
  receiptRoutes(app, deps);
  reportRoutes(app, deps);
  voucherRoutes(app, deps);
  customerTypeRoutes(app, deps);
  for (const register of deps.extraRoutes ?? []) register(app, deps);
  return app;
}
