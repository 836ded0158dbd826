import { z } from 'zod';
import { AppError } from '../common/errors.js';

/**
 * The pull cursor (opaque to stores): base64url JSON.
 *   e  database epoch (a cursor from another database is expired)
 *   r  feed rows up to rev r have been read …
 *   p  … except those of transactions that were still running at the read (their xids)
 *   n  this paging run is a snapshot (started without a cursor)
 * Why this never skips a change: a feed row gets its rev (a sequence) while its transaction runs.
 * A row not visible to a read belongs to a transaction that was running then (its xid is in p)
 * or that took its rev after the read (so rev > r).
 */
const xid = z.string().regex(/^\d{1,20}$/);
const cursorSchema = z.strictObject({ e: z.string().max(64), r: z.number().int().min(0), p: z.array(xid).max(1000), n: z.boolean() });
export type Cursor = z.infer<typeof cursorSchema>;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(text: string, epoch: string, lastRev: number): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const r = cursorSchema.safeParse(parsed);
  if (!r.success) throw new AppError('validation_failed', 'cursor: not a cursor this service issued', [{ path: 'cursor', message: 'not a valid cursor' }]);
  if (r.data.e !== epoch || r.data.r > lastRev)
    throw new AppError('cursor_expired', 'the cursor belongs to another or an older database; pull without a cursor for a snapshot');
  return r.data;
}
