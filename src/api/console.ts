import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App } from './env.js';

/** The console's static files: src/console when run from source, dist/console after `npm run build`. */
const DIR = fileURLToPath(new URL('../console/', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Strict: no inline script or style, nothing from elsewhere. The preview PNG is fetched with the
 * token and shown from a blob: URL.
 */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Every servable file of the console, read once at start (a few KB; no path from the request ever reaches the file system). */
function loadAssets(): Map<string, { body: string; type: string }> {
  const assets = new Map<string, { body: string; type: string }>();
  for (const name of readdirSync(DIR)) {
    const type = TYPES[extname(name)];
    if (type) assets.set(name, { body: readFileSync(join(DIR, name), 'utf8'), type });
  }
  return assets;
}

/**
 * GET /console: the technician console (GW-4, GW-7), static files served from the box (no CDN).
 * The page holds no data: everything it shows comes from /v1 routes, so the same auth applies
 * (loopback without a token, otherwise an admin token typed into the page and sent as Bearer).
 */
export function consoleRoutes(app: App): void {
  const assets = loadAssets();
  const serve = (name: string) => {
    const a = assets.get(name);
    if (!a) return null;
    return new Response(a.body, {
      status: 200,
      headers: {
        'content-type': a.type,
        'content-security-policy': CONSOLE_CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-cache',
      },
    });
  };
  app.get('/console', (c) => serve('index.html') ?? c.notFound());
  app.get('/console/', (c) => c.redirect('/console', 301));
  app.get('/console/:file', (c) => serve(c.req.param('file')) ?? c.notFound());
}
