import { createRoute, z } from '@hono/zod-openapi';
import { AppError } from '../common/errors.js';
import type { DeviceHub } from '../drivers/hub.js';
import { printDocumentSchema } from '../drivers/printer/document.js';
import { deviceRoutes } from './devices.js';
import { eventRoutes } from './events.js';
import type { App } from './env.js';
import { idempotencyKey } from './idempotent.js';
import { body, json } from './route-helpers.js';
import { anyJson, id, idempotencyHeader, problemResponses } from './schemas/common.js';

const job = z
  .object({
    jobId: z.string(),
    printerId: z.string(),
    state: z.enum(['queued', 'printing', 'done', 'failed', 'in_doubt']),
    detail: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('PrintJob');
const printerParam = z.object({ id });
const jobParam = z.object({ id, jobId: z.string().min(1).max(64) });
const offline = { 503: json(anyJson, 'Printer offline or out of paper') };

/**
 * Receipt printers (GW-3): structured documents only. The Idempotency-Key is the job key in the
 * print journal, so a retry returns the job as it is now (done, in_doubt …) and never prints twice.
 */
export function printerRoutes(hub: DeviceHub) {
  return (app: App): void => {
    app.openapi(
      createRoute({
        method: 'post', path: '/v1/printers/{id}/jobs', tags: ['Printers'],
        request: { params: printerParam, headers: idempotencyHeader, ...body(printDocumentSchema) },
        responses: { 202: json(job, 'Queued (or the existing job for this key)'), ...problemResponses, ...offline },
      }),
      (c) => {
        const key = idempotencyKey(c);
        const { replayed, ...view } = hub.print(c.req.valid('param').id, c.req.valid('json'), key);
        if (replayed) c.header('Idempotent-Replayed', 'true');
        return c.json(view, 202);
      },
    );

    app.openapi(
      createRoute({ method: 'get', path: '/v1/printers/{id}/jobs/{jobId}', tags: ['Printers'], request: { params: jobParam }, responses: { 200: json(job), ...problemResponses } }),
      (c) => {
        const p = c.req.valid('param');
        return c.json(hub.jobStatus(p.id, p.jobId), 200);
      },
    );

    app.openapi(
      createRoute({ method: 'post', path: '/v1/printers/{id}/drawer', tags: ['Printers'], request: { params: printerParam }, responses: { 200: json(z.object({ opened: z.literal(true) })), ...problemResponses, ...offline } }),
      async (c) => {
        await hub.openDrawer(c.req.valid('param').id);
        return c.json({ opened: true as const }, 200);
      },
    );

    // PNG preview: GET renders ?doc=<JSON> (the test page without it); POST takes the document as the body.
    app.get('/v1/printers/:id/preview', (c) => {
      const raw = c.req.query('doc');
      let doc: unknown;
      if (raw !== undefined) {
        try {
          doc = JSON.parse(raw);
        } catch {
          throw new AppError('validation_failed', 'doc must be a JSON document', [{ path: 'doc', message: 'not valid JSON' }]);
        }
      }
      return png(hub.preview(c.req.param('id'), doc));
    });
    app.post('/v1/printers/:id/preview', async (c) => {
      let doc: unknown;
      try {
        doc = await c.req.json();
      } catch {
        throw new AppError('malformed_json');
      }
      return png(hub.preview(c.req.param('id'), doc));
    });
  };
}

function png(bytes: Buffer): Response {
  return new Response(new Uint8Array(bytes), { status: 200, headers: { 'content-type': 'image/png', 'cache-control': 'no-store' } });
}

/** All device route groups (devices, events, printers), for `ApiDeps.extraRoutes`. */
export function deviceApiRoutes(hub: DeviceHub): ((app: App) => void)[] {
  return [deviceRoutes(hub), eventRoutes(hub.events), printerRoutes(hub)];
}
