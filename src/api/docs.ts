import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { App } from './env.js';

const require = createRequire(import.meta.url);
const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-32x32.png']);
const TYPES: Record<string, string> = { css: 'text/css', js: 'text/javascript', png: 'image/png' };

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tillgate API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/v1/openapi.json', dom_id: '#ui' });</script>
</body></html>`;

/** /docs: Swagger UI served from the local swagger-ui-dist package (the box is offline). */
export function docsRoutes(app: App): void {
  const dir = dirname(require.resolve('swagger-ui-dist/package.json'));
  app.get('/docs', (c) => c.html(PAGE));
  app.get('/docs/assets/:file', async (c) => {
    const file = c.req.param('file');
    if (!ASSETS.has(file)) return c.notFound();
    const data = await readFile(join(dir, file));
    return c.body(data, 200, { 'content-type': TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream', 'cache-control': 'max-age=86400' });
  });
}
