import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { EventLog, LoggedEvent } from '../common/event-log.js';
import { fieldError } from '../common/errors.js';
import type { App } from './env.js';
import { json } from './route-helpers.js';
import { problemResponses } from './schemas/common.js';

const KEEPALIVE_MS = 15_000;
const MAX_POLL_S = 60;

const loggedEvent = z.object({ seq: z.number(), type: z.string(), at: z.string(), data: z.looseObject({}) }).openapi('DeviceEvent');
const pollQuery = z.object({
  after: z.string().regex(/^\d{1,15}$/, 'a sequence number').optional().openapi({ description: 'Last sequence id seen; absent = only learn the current one' }),
  timeout: z.string().regex(/^\d{1,3}$/, 'seconds').optional().openapi({ description: `Seconds to wait for an event (0-${MAX_POLL_S}, default 25)` }),
});

function seqOf(v: string | undefined): number | null {
  if (v === undefined || v === '') return null;
  if (!/^\d{1,15}$/.test(v)) throw fieldError('Last-Event-ID', 'must be a sequence number');
  return Number(v);
}

/**
 * Device events (GW-2): SSE with sequence ids and Last-Event-ID replay, and the same stream as
 * long-poll for tills that cannot read SSE. Without a cursor, both start from now: an old
 * card.read is never replayed to a till that did not ask for it.
 */
export function eventRoutes(events: EventLog) {
  return (app: App): void => {
    app.get('/v1/events', (c) => {
      const from = seqOf(c.req.header('last-event-id') ?? c.req.query('after'));
      return streamSSE(c, async (stream) => {
        const send = (e: LoggedEvent) => stream.writeSSE({ id: String(e.seq), event: e.type, data: JSON.stringify({ ...e }) });
        // A cursor ahead of this process (the daemon restarted) replays everything still held.
        let last = from !== null && from > events.lastSeq ? 0 : (from ?? events.lastSeq);
        const queue: LoggedEvent[] = [];
        let wake: (() => void) | null = null;
        const unsubscribe = events.subscribe((e) => {
          queue.push(e);
          wake?.();
        });
        stream.onAbort(() => wake?.());
        try {
          for (const e of events.since(last)) {
            await send(e);
            last = e.seq;
          }
          while (!stream.aborted) {
            const e = queue.shift();
            if (e) {
              if (e.seq > last) {
                await send(e);
                last = e.seq;
              }
              continue;
            }
            await new Promise<void>((resolve) => {
              const t = setTimeout(resolve, KEEPALIVE_MS);
              wake = () => (clearTimeout(t), resolve());
            });
            wake = null;
            if (queue.length === 0 && !stream.aborted) await stream.write(': keepalive\n\n');
          }
        } finally {
          unsubscribe();
        }
      });
    });

    app.openapi(
      createRoute({
        method: 'get', path: '/v1/events/poll', tags: ['Devices'],
        description: 'Long-poll: events after `after`, waiting up to `timeout` seconds for the first. Answers `{events, lastSeq}`; pass lastSeq as the next `after`.',
        request: { query: pollQuery },
        responses: { 200: json(z.object({ events: z.array(loggedEvent), lastSeq: z.number() }).openapi('EventBatch')), ...problemResponses },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const after = seqOf(q.after);
        const timeoutS = Math.min(MAX_POLL_S, q.timeout === undefined ? 25 : Number(q.timeout));
        if (after === null) return c.json({ events: [], lastSeq: events.lastSeq }, 200);
        const got = await events.waitAfter(after, timeoutS * 1000, c.req.raw.signal);
        const lastSeq = got.length ? got[got.length - 1]!.seq : Math.min(after, events.lastSeq);
        return c.json({ events: got as z.infer<typeof loggedEvent>[], lastSeq }, 200);
      },
    );
  };
}
