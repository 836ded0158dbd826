import { createRoute, type RouteConfig, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { validationError } from './problem.js';
import { nextCursorHeaderDoc, problemResponses, retryAfterHeaderDoc } from './schemas/common.js';
import { problem } from './schemas/problem.js';

/** A JSON response entry for createRoute. */
export const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({ description, content: { 'application/json': { schema } } });

/** One page of a list (README "Lists"): JSON with `nextCursor`, and the X-Next-Cursor header. */
export const jsonPage = <T extends z.ZodType>(schema: T, description = 'One page') => ({
  description,
  headers: nextCursorHeaderDoc,
  content: { 'application/json': { schema } },
});

/** A required JSON request body for createRoute. */
export const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true as const } });

/** An application/problem+json response (the one shared Problem schema). */
export const problemJson = (description: string) => ({ description, content: { 'application/problem+json': { schema: problem } } });

/**
 * Statuses any operation can return, added to every route by `route()`: refused before the
 * handler runs (Host 421, Origin 403, auth 401/403/429, body 413/415) or a busy database (503).
 */
function commonErrors(method: RouteConfig['method']) {
  const writes = method === 'post' || method === 'put' || method === 'patch' || method === 'delete';
  const all = {
    400: problemResponses[400],
    401: problemJson('`unauthorized`: a bearer token is required (any non-loopback caller) or the one sent is unknown'),
    403: problemJson('`forbidden` (admin scope required) or `origin_not_allowed` (cross-site request)'),
    413: problemJson('`payload_too_large`: the body is over `api.maxBodyBytes`'),
    415: problemJson('`unsupported_media_type`: writes must be sent as application/json'),
    421: problemJson('`host_not_allowed`: the Host header does not name this daemon'),
    429: {
      ...problemJson('`too_many_requests`: too many failed authentications from this address; retry after Retry-After seconds'),
      headers: retryAfterHeaderDoc,
    },
    500: problemJson('`internal_error`: a bug; the request may be retried with the same Idempotency-Key'),
    503: problemJson(
      '`storage_unavailable` (the database cannot be written: disk full, read-only or I/O error; nothing was saved), `database_busy`, `shutting_down` (retry with the same Idempotency-Key), or a device that is offline',
    ),
  };
  if (writes) return all;
  // Typed as `all` so every status has content (which keeps handler return types checked); a GET has no 415.
  const { 415: _unused, ...reads } = all;
  return reads as typeof all;
}

/** Loopback callers need no token (unless config says so); everyone else sends `Authorization: Bearer`. */
export const TOKEN_OR_LOOPBACK: NonNullable<RouteConfig['security']> = [{}, { bearerAuth: [] }];
/** No authentication at all (health). */
export const PUBLIC: NonNullable<RouteConfig['security']> = [{}];

type Described = { summary: string; operationId: string; tags: string[] };

/**
 * createRoute with what every operation documents: summary, operationId, tags, security (token
 * or loopback unless given) and the common error statuses. Route-specific statuses win.
 */
export function route<const R extends RouteConfig & Described>(config: R) {
  const common = commonErrors(config.method);
  if (config.security === PUBLIC) {
    // No authentication, so no 401 and no failed-auth 429 (the type keeps them; see commonErrors).
    delete (common as Partial<typeof common>)[401];
    delete (common as Partial<typeof common>)[429];
  }
  type Responses = Omit<ReturnType<typeof commonErrors>, keyof R['responses']> & R['responses'];
  const responses = { ...common, ...config.responses } as unknown as Responses;
  return createRoute({ security: TOKEN_OR_LOOPBACK, ...config, responses } as Omit<R, 'responses'> & { responses: Responses });
}

/** What @hono/zod-openapi accepts as a JSON request (its media-type gate): else 415. */
const JSON_REQUEST = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

/**
 * The JSON body of a route that validates by itself (the evaluate fast path), refused exactly as
 * `app.openapi()`'s validators refuse it: 415 for a content type it does not declare, 400
 * `malformed_json` for a body that is not JSON.
 */
export async function jsonBody(c: Context): Promise<unknown> {
  if (!JSON_REQUEST.test(c.req.header('content-type') ?? '')) throw new HTTPException(415, { message: 'Unsupported Media Type' });
  try {
    return await c.req.json();
  } catch {
    throw new HTTPException(400, { message: 'Malformed JSON in request body' });
  }
}

/** `schema`'s output for `input`, or the same 4xx problem the app's validation hook gives (validationError). */
export async function parsed<T extends z.ZodType>(schema: T, input: unknown): Promise<z.output<T>> {
  const r = await schema.safeParseAsync(input);
  if (!r.success) throw validationError(r.error, input);
  return r.data;
}
