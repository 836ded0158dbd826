import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { AppError, ERRORS, type FieldError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { maskDigits } from '../common/logger.js';

/** application/problem+json body for an AppError (API.md "Errors"). */
export function problemBody(e: AppError): Record<string, unknown> {
  return {
    type: `https://tillgate.invalid/problems/${e.code}`,
    title: ERRORS[e.code].title,
    status: e.status,
    code: e.code,
    detail: e.message,
    ...(e.errors ? { errors: e.errors } : {}),
    ...(e.extra ?? {}),
  };
}

export function problemResponse(e: AppError): Response {
  const headers: Record<string, string> = { 'content-type': 'application/problem+json; charset=utf-8' };
  // An error that says when to come back (idempotency_in_progress) carries it as Retry-After too.
  const retryAfterS = e.extra?.retryAfterS;
  if (typeof retryAfterS === 'number') headers['retry-after'] = String(retryAfterS);
  return new Response(JSON.stringify(problemBody(e)), { status: e.status, headers });
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** Zod issues → field errors with dotted paths; an unknown key is named by its own path; an absent field says "required". */
export function zodFieldErrors(err: ZodError, input?: unknown, prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const i of err.issues) {
    const base = [prefix, ...i.path.map(String)].filter(Boolean);
    if (i.code === 'unrecognized_keys') {
      for (const k of i.keys) out.push({ path: [...base, k].join('.'), message: 'unknown field' });
    } else {
      const missing = input !== undefined && i.path.length > 0 && valueAt(input, i.path) === undefined && i.code !== 'custom';
      out.push({ path: base.join('.') || '(body)', message: missing ? 'required' : i.message });
    }
  }
  return out;
}

export function validationError(err: ZodError, input?: unknown, prefix = ''): AppError {
  const errors = zodFieldErrors(err, input, prefix);
  return new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
}

/** The app's onError: AppError → its problem; framework errors → a stable code; anything else → 500, logged. */
export function errorHandler(logger: Logger) {
  return function onError(err: Error, c: Context): Response {
    if (err instanceof AppError) return problemResponse(err);
    if (err instanceof HTTPException) {
      if (err.status === 400 && /JSON/i.test(err.message)) {
        return problemResponse(new AppError('malformed_json', err.message, [{ path: '(body)', message: 'not valid JSON' }]));
      }
      if (err.status === 413) return problemResponse(new AppError('payload_too_large'));
      if (err.status === 401) return problemResponse(new AppError('unauthorized'));
      return problemResponse(new AppError('validation_failed', err.message));
    }
    logger.error({ err, method: c.req.method, path: maskDigits(c.req.path) }, 'unhandled error');
    return problemResponse(new AppError('internal_error'));
  };
}
