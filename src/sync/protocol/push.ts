import { z } from '@hono/zod-openapi';
import { seq, storeId } from './common.js';
import { eventEnvelope } from './events.js';

/**
 * Most events in one push; a store with more pending sends several batches. 500 events parse and
 * validate in ~2-3 ms, so one push never holds central's event loop for long.
 */
export const MAX_PUSH_EVENTS = 500;

/**
 * POST /sync/v1/push (SYNC-2). `events[i].storeSeq` must be `fromSeq + i`. Central accepts a
 * batch that starts at or before its acked sequence + 1 (a resend overlaps, and changes nothing);
 * one that starts later is 409 `sequence_gap` with `expectedSeq`.
 */
export const pushRequest = z
  .strictObject({
    storeId,
    fromSeq: seq,
    events: z.array(eventEnvelope).min(1).max(MAX_PUSH_EVENTS),
  })
  .superRefine((b, ctx) => {
    b.events.forEach((e, i) => {
      if (e.storeSeq !== b.fromSeq + i)
        ctx.addIssue({ code: 'custom', path: ['events', i, 'storeSeq'], message: `expected ${b.fromSeq + i}: events must be contiguous from fromSeq` });
    });
  })
  .openapi('PushRequest');
export type PushRequest = z.infer<typeof pushRequest>;

export const pushResponse = z.object({ ackedSeq: z.number().int().min(0) }).openapi('PushResponse');
export type PushResponse = z.infer<typeof pushResponse>;
