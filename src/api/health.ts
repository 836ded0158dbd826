import { z } from '@hono/zod-openapi';
import { databaseHealth } from '../engine/store-health.js';
import type { App, ApiDeps } from './env.js';
import { json, PUBLIC, route } from './route-helpers.js';

const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    version: z.string(),
    uptimeS: z.number(),
    db: z.object({
      ok: z.boolean(),
      schemaVersion: z.number().nullable(),
      fault: z
        .object({ code: z.string(), reason: z.string(), since: z.string() })
        .nullable()
        .describe('Why writes fail right now (disk full, read-only file, I/O error); writes answer 503 storage_unavailable meanwhile'),
    }),
    sync: z
      .object({
        pendingEvents: z.number().describe('Outbox events central has not acknowledged'),
        lagS: z.number().describe('Age in seconds of the oldest event central has not acknowledged (0 when none waits)'),
        lastPushAt: z.string().nullable(),
        lastPullAt: z.string().nullable(),
        centralReachable: z.boolean().describe('Central answered the last call and within offline.afterS (false on a standalone store)'),
        offlineSince: z
          .string()
          .nullable()
          .describe(
            'SYNC-5: when central last answered, while it has not for offline.afterS (the offline caps apply); null while online and on a standalone store',
          ),
      })
      .describe('GW-6: replication with central'),
    devices: z.object({ total: z.number(), ready: z.number() }),
  })
  .openapi('Health');

/** GET /v1/health: liveness plus what a technician checks first. */
export function healthRoutes(app: App, deps: ApiDeps): void {
  const { ctx } = deps;
  app.openapi(
    route({
      method: 'get',
      path: '/v1/health',
      tags: ['Operations'],
      summary: 'Liveness, version, database (with any storage fault), sync and device summary',
      operationId: 'getHealth',
      security: PUBLIC,
      responses: { 200: json(healthSchema) },
    }),
    (c) => {
      // O(1): the store answers from a counter row, never a scan (GW-7; src/api runs no SQL).
      const { ok: dbOk, schemaVersion, outboxPending: pending, fault } = databaseHealth(ctx);
      const sync = deps.health?.sync?.() ?? {
        pendingEvents: pending,
        lagS: 0,
        lastPushAt: null,
        lastPullAt: null,
        centralReachable: false,
        offlineSince: null,
      };
      return c.json(
        {
          status: dbOk ? ('ok' as const) : ('degraded' as const),
          version: deps.version,
          uptimeS: Math.round((Date.now() - deps.startedAt.getTime()) / 1000),
          db: { ok: dbOk, schemaVersion, fault },
          sync,
          devices: deps.health?.devices?.() ?? { total: 0, ready: 0 },
        },
        200,
      );
    },
  );
}
