import { z } from '@hono/zod-openapi';
import { isAppError } from '../common/errors.js';
import type { DeviceHub } from '../drivers/hub.js';
import { printDocumentSchema } from '../drivers/printer/document.js';
import { consoleEventRoutes } from './console-events.js';
import { deviceRoutes } from './devices.js';
import { eventRoutes } from './events.js';
import type { App } from './env.js';
import { idempotencyKey } from './idempotent.js';
import { PREVIEW_RETRY_AFTER_S } from './preview/limits.js';
import { PreviewRunner } from './preview/runner.js';
import { problemResponse } from './problem.js';
import { body, json, problemJson, route } from './route-helpers.js';
import { id, idempotencyHeader, problemResponses, retryAfterHeaderDoc } from './schemas/common.js';
import { printJob } from './schemas/device-views.js';

const printerParam = z.object({ id });
const jobParam = z.object({ id, jobId: z.string().min(1).max(64) });
const offline = { 503: problemJson('`printer_offline` or `paper_out`') };
/** What a preview can refuse besides bad input (README "Receipt preview"). */
const previewErrors = {
  413: problemJson('`preview_too_large`: the document is over the preview size cap (or `payload_too_large` for the body)'),
  422: problemJson('`preview_too_tall`, `preview_timeout`, `barcode_too_wide`, or another rule the document breaks'),
  429: {
    ...problemJson('`preview_busy`: another preview is rendering; retry after Retry-After seconds (or `too_many_requests` after failed authentications)'),
    headers: retryAfterHeaderDoc,
  },
  503: problemJson('`preview_unavailable` (the renderer could not start), `printer_offline`, `storage_unavailable` or `shutting_down`'),
};
const pngResponse = {
  200: { description: 'The document rendered as the printer would print it', content: { 'image/png': { schema: z.string().openapi({ format: 'binary' }) } } },
};

/**
 * Receipt printers (GW-3): structured documents only. The Idempotency-Key is the job key in the
 * print journal, so a retry returns the job as it is now (done, in_doubt …) and never prints twice.
 */
export function printerRoutes(hub: DeviceHub, previews = new PreviewRunner()) {
  return (app: App): void => {
    app.openapi(
      route({
        method: 'post',
        path: '/v1/printers/{id}/jobs',
        tags: ['Printers'],
        summary: 'Print a structured document, at most once per Idempotency-Key (GW-3)',
        operationId: 'createPrintJob',
        request: { params: printerParam, headers: idempotencyHeader, ...body(printDocumentSchema) },
        responses: { 202: json(printJob, 'Queued (or the existing job for this key)'), ...problemResponses, ...offline },
      }),
      (c) => {
        const key = idempotencyKey(c);
        const { replayed, ...view } = hub.print(c.req.valid('param').id, c.req.valid('json'), key);
        if (replayed) c.header('Idempotent-Replayed', 'true');
        return c.json(view, 202);
      },
    );

    app.openapi(
      route({
        method: 'get',
        path: '/v1/printers/{id}/jobs/{jobId}',
        tags: ['Printers'],
        summary: "A print job's state",
        operationId: 'getPrintJob',
        request: { params: jobParam },
        responses: { 200: json(printJob), ...problemResponses },
      }),
      (c) => {
        const p = c.req.valid('param');
        return c.json(hub.jobStatus(p.id, p.jobId), 200);
      },
    );

    // GW-4: `tillgate print-test` asks the running daemon, which already holds the printer's link
    // (single-session TCP printers, locked serial ports), instead of opening the device itself.
    app.openapi(
      route({
        method: 'post',
        path: '/v1/printers/{id}/test-page',
        tags: ['Printers'],
        summary: 'Print the built-in test page, at most once per Idempotency-Key (GW-4)',
        operationId: 'printTestPage',
        description: 'Print the built-in test page (code-page letters, styles, columns, barcodes, QR, cut). The body is ignored (send `{}`).',
        request: { params: printerParam, headers: idempotencyHeader },
        responses: { 202: json(printJob, 'Queued (or the existing job for this key)'), ...problemResponses, ...offline },
      }),
      (c) => {
        const key = idempotencyKey(c);
        const { replayed, ...view } = hub.printTestPage(c.req.valid('param').id, key);
        if (replayed) c.header('Idempotent-Replayed', 'true');
        return c.json(view, 202);
      },
    );

    app.openapi(
      route({
        method: 'post',
        path: '/v1/printers/{id}/drawer',
        tags: ['Printers'],
        summary: 'Open the cash drawer on the printer',
        operationId: 'openDrawer',
        request: { params: printerParam },
        responses: { 200: json(z.object({ opened: z.literal(true) }).openapi('DrawerOpened')), ...problemResponses, ...offline },
      }),
      async (c) => {
        await hub.openDrawer(c.req.valid('param').id);
        return c.json({ opened: true as const }, 200);
      },
    );

    // PNG preview: GET renders ?doc=<JSON> (the test page without it); POST takes the document as
    // the body. Rendered in a worker thread, one at a time, within PREVIEW_LIMITS (GW-3, GW-5).
    app.openAPIRegistry.registerPath(
      route({
        method: 'get',
        path: '/v1/printers/{id}/preview',
        tags: ['Printers'],
        summary: 'Render a document (or the test page) as PNG',
        operationId: 'previewDocument',
        request: {
          params: printerParam,
          query: z.object({ doc: z.string().optional().openapi({ description: 'The print document as JSON; absent = the test page' }) }),
        },
        responses: { ...pngResponse, ...problemResponses, ...previewErrors },
      }),
    );
    app.openAPIRegistry.registerPath(
      route({
        method: 'post',
        path: '/v1/printers/{id}/preview',
        tags: ['Printers'],
        summary: 'Render a posted document as PNG',
        operationId: 'previewPostedDocument',
        request: { params: printerParam, ...body(printDocumentSchema) },
        responses: { ...pngResponse, ...problemResponses, ...previewErrors },
      }),
    );
    app.get('/v1/printers/:id/preview', async (c) => {
      const cfg = hub.printerConfig(c.req.param('id'));
      return preview(() => previews.render(cfg, c.req.query('doc') ?? null, 'doc'));
    });
    app.post('/v1/printers/:id/preview', async (c) => {
      const cfg = hub.printerConfig(c.req.param('id'));
      const len = c.req.header('content-length');
      if (len !== undefined) previews.checkSize(Number(len), '(body)'); // refuse before reading it
      return preview(async () => previews.render(cfg, await c.req.text(), '(body)'));
    });
  };
}

/** The PNG, or for `preview_busy` the problem with Retry-After; other errors go to onError. */
async function preview(render: () => Promise<Buffer>): Promise<Response> {
  try {
    const bytes = await render();
    return new Response(new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength), {
      status: 200,
      headers: { 'content-type': 'image/png', 'cache-control': 'no-store' },
    });
  } catch (e) {
    if (!isAppError(e) || e.code !== 'preview_busy') throw e;
    const res = problemResponse(e);
    res.headers.set('retry-after', String(PREVIEW_RETRY_AFTER_S));
    return res;
  }
}

/** All device route groups (devices, events, the console's masked events, printers), for `ApiDeps.extraRoutes`. */
export function deviceApiRoutes(hub: DeviceHub, previews?: PreviewRunner): ((app: App) => void)[] {
  return [deviceRoutes(hub), eventRoutes(hub.events), consoleEventRoutes(hub.events), printerRoutes(hub, previews)];
}
