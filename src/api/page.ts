import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../common/errors.js';

/**
 * Lists (GW-5): every list answers one page at a time, so no request holds the event loop for
 * the size of a table. `limit` (default 100, at most 1000; a route may keep its documented
 * default) and an opaque `cursor`, the keyset position after the last row returned, never an
 * OFFSET. The next page's cursor is `nextCursor` in the JSON body (null on the last page) and
 * the `X-Next-Cursor` header (absent on the last page), which is how CSV exports page.
 */
export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;

export const limitParam = (dflt = DEFAULT_LIMIT, max = MAX_LIMIT) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(max)
    .default(dflt)
    .openapi({ description: `Rows per page (1-${max}, default ${dflt})` });
export const cursorParam = z.string().max(512).optional().openapi({ description: 'nextCursor of the previous page; absent = first page' });

export const pageQuery = z.object({ limit: limitParam(), cursor: cursorParam });

/** A cursor's key: the sort key of the last row returned (a string, a number, or a tuple of them). */
export type CursorKey = string | number | (string | number)[];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify({ k: key })).toString('base64url');
}

/** The key in `cursor`, checked against `shape`; 400 cursor_invalid naming `cursor` otherwise. */
export function decodeCursor<K extends CursorKey>(cursor: string | undefined, shape: z.ZodType<K>): K | null {
  if (cursor === undefined || cursor === '') return null;
  let parsed: unknown;
  try {
    parsed = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown }).k;
  } catch {
    parsed = undefined;
  }
  const r = shape.safeParse(parsed);
  if (!r.success)
    throw new AppError('cursor_invalid', 'cursor: not a cursor this list gave out', [{ path: 'cursor', message: 'not a cursor this list gave out' }]);
  return r.data;
}

/**
 * One page from rows fetched with `limit + 1` (the extra row only says that more exist): the
 * rows to return and the cursor after the last of them.
 */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => CursorKey): { items: T[]; nextCursor: string | null } {
  const items = rows.length > limit ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

/** Sets X-Next-Cursor when there is a next page (for clients that page by header, and CSV). */
export function nextCursorHeader(c: Context, nextCursor: string | null): void {
  if (nextCursor !== null) c.header('X-Next-Cursor', nextCursor);
}

export const stringKey = z.string().max(256);
export const intKey = z.number().int().min(0);
