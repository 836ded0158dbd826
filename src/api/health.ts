import { createRoute, z } from '@hono/zod-openapi';
import type { App, ApiDeps } from './env.js';
import { json } from './route-helpers.js';

const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    version: z.string(),
    uptimeS: z.number(),
    db: z.object({ ok: z.boolean(), schemaVersion: z.number().nullable() }),
    sync: z.object({ pendingEvents: z.number(), lastPushAt: z.string().nullable(), lastPullAt: z.string().nullable(), centralReachable: z.boolean() }),
    devices: z.object({ total: z.number(), ready: z.number() }),
  })
  .openapi('Health');

/** GET /v1/health: liveness plus what a technician checks first. */
export function healthRoutes(app: App, deps: ApiDeps): void {
  const { ctx } = deps;
  app.openapi(createRoute({ method: 'get', path: '/v1/health', tags: ['Operations'], responses: { 200: json(healthSchema) } }), (c) => {
    let dbOk = true;
    let schemaVersion: number | null = null;
    try {
      schemaVersion = (ctx.store.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v;
    } catch {
      dbOk = false;
    }
    const pending = (ctx.store.db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE acked_at IS NULL').get() as { n: number }).n;
    const sync = deps.health?.sync?.() ?? { pendingEvents: pending, lastPushAt: null, lastPullAt: null, centralReachable: false };
    return c.json(
      {
        status: dbOk ? ('ok' as const) : ('degraded' as const),
        version: deps.version,
        uptimeS: Math.round((Date.now() - deps.startedAt.getTime()) / 1000),
        db: { ok: dbOk, schemaVersion },
        sync,
        devices: deps.health?.devices?.() ?? { total: 0, ready: 0 },
      },
      200,
    );
  });
}
