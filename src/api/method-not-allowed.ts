import type { Context } from 'hono';
import { AppError } from '../common/errors.js';
import type { App } from './env.js';
import { problemResponse } from './problem.js';

interface PathMethods {
  pattern: RegExp;
  methods: Set<string>;
}

/** `/v1/cards/:number` → a RegExp matching one concrete path (a parameter is one segment). */
function patternOf(path: string): RegExp {
  const parts = path.split('/').map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${parts.join('/')}/?$`);
}

/**
 * The app's notFound: a path some route serves, requested with another method, is 405
 * `method_not_allowed` with `Allow` listing the methods it has; anything else is 404. The route
 * table is read on first use, after every route (including the device routes) is registered.
 */
export function notFoundOrMethodNotAllowed(app: App): (c: Context) => Response {
  let table: PathMethods[] | null = null;
  const build = (): PathMethods[] => {
    const byPath = new Map<string, Set<string>>();
    for (const r of app.routes) {
      if (r.method === 'ALL' || r.path.includes('*')) continue; // middleware
      const set = byPath.get(r.path) ?? new Set<string>();
      set.add(r.method.toUpperCase());
      if (r.method.toUpperCase() === 'GET') set.add('HEAD');
      byPath.set(r.path, set);
    }
    return [...byPath].map(([path, methods]) => ({ pattern: patternOf(path), methods }));
  };
  return function notFound(c) {
    table ??= build();
    const allow = new Set<string>();
    for (const t of table) if (t.pattern.test(c.req.path)) for (const m of t.methods) allow.add(m);
    if (allow.size === 0 || allow.has(c.req.method)) return problemResponse(new AppError('not_found'));
    const list = [...allow].sort().join(', ');
    const res = problemResponse(new AppError('method_not_allowed', `${c.req.method} is not allowed here; use ${list}`));
    res.headers.set('allow', list);
    return res;
  };
}
