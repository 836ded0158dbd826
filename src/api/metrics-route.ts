import { z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { maskDigits, type Logger } from '../common/logger.js';
import type { App, AppEnv } from './env.js';
import type { ApiMetrics, TimedUseCase } from './metrics.js';
import { route } from './route-helpers.js';

export const METRICS_PATH = '/metrics';

/**
 * The route pattern that answers (or would have answered) this request: the first matched
 * handler registered for a method (middleware is registered for ALL). OpenAPI routes give
 * `/v1/cards/:number`, never the number itself. A path no route has is `unmatched`.
 */
export function routePattern(c: Context): string {
  for (const r of matchedRoutes(c)) if (r.method !== 'ALL') return r.path;
  return 'unmatched';
}

/**
 * Every request, timed once: into tillgate_http_request_duration_seconds and one log line (5xx
 * error, 4xx info — support finds a refused request by the till's X-Request-Id — else debug).
 * Handlers time their use case through `timed`. The app's own warm-up request
 * (src/api/warm-up.ts) is not a till's: neither counted nor logged.
 */
export function observeRequests(metrics: ApiMetrics, logger: Logger): MiddlewareHandler<AppEnv> {
  return async function observeRequests(c, next) {
    if ((c.env as { warmUp?: boolean } | undefined)?.warmUp) return next();
    const t0 = performance.now();
    c.set('metrics', metrics);
    await next();
    const ms = performance.now() - t0;
    const status = c.res.status;
    metrics.observeRequest(c.req.method, routePattern(c), status, ms / 1000);
    const line = { method: c.req.method, path: maskDigits(c.req.path), status, ms: Math.round(ms * 100) / 100 };
    if (status >= 500) logger.error(line, 'request failed');
    else if (status >= 400) logger.info(line, 'request');
    else logger.debug(line, 'request');
  };
}

/** Run a use case timed into its histogram (evaluate, receipt close); just runs it when the app has no metrics. */
export function timed<T>(c: Context<AppEnv>, useCase: TimedUseCase, fn: () => T): T {
  const m = c.get('metrics') as ApiMetrics | undefined;
  return m ? m.time(useCase, fn) : fn();
}

/** GET /metrics: Prometheus text exposition (API.md "Operations"). Auth as admin reads (app.ts). */
export function metricsRoutes(app: App, metrics: ApiMetrics): void {
  app.openapi(
    route({
      method: 'get',
      path: METRICS_PATH,
      tags: ['Operations'],
      summary: 'Prometheus metrics: requests, evaluate and receipt latency, outbox and sync, devices, print jobs, database, event loop',
      operationId: 'getMetrics',
      description:
        'Prometheus text format 0.0.4; the families are listed in docs/operations.md. From loopback no token is needed (unless `api.requireTokenOnLoopback`); any other caller needs an admin token.',
      responses: {
        200: { description: 'The metrics, read now', content: { 'text/plain': { schema: z.string() } } },
      },
    }),
    async (c) => c.text(await metrics.scrape(), 200, { 'content-type': metrics.contentType }),
  );
}
