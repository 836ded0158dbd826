import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { EventLog, LoggedEvent } from '../common/event-log.js';
import { fieldError } from '../common/errors.js';
import type { App } from './env.js';
import { json, route } from './route-helpers.js';
import { problemResponses } from './schemas/common.js';
import { eventBatch } from './schemas/device-views.js';

const KEEPALIVE_MS = 15_000;
const MAX_POLL_S = 60;

const pollQuery = z.object({
  after: z
    .string()
    .regex(/^\d{1,15}$/, 'a sequence number')
    .optional()
    .openapi({ description: 'Last sequence id seen; absent = only learn the current one' }),
  timeout: z
    .string()
    .regex(/^\d{1,3}$/, 'seconds')
    .optional()
    .openapi({ description: `Seconds to wait for an event (0-${MAX_POLL_S}, default 25)` }),
});

/** The request and the 200 of an SSE event stream with Last-Event-ID / `?after=` replay (GET /v1/events and the console's). */
export function sseStreamSpec(afterDescription: string, dataDescription: string) {
  return {
    request: {
      query: z.object({
        after: z
          .string()
          .regex(/^\d{1,15}$/)
          .optional()
          .openapi({ description: afterDescription }),
      }),
      headers: z.object({
        'last-event-id': z
          .string()
          .regex(/^\d{1,15}$/)
          .optional()
          .openapi({ description: 'The last sequence id received' }),
      }),
    },
    responses: {
      200: {
        description: 'An endless text/event-stream',
        content: { 'text/event-stream': { schema: z.string().openapi({ description: dataDescription }) } },
      },
      ...problemResponses,
    },
  };
}

export function seqOf(v: string | undefined): number | null {
  if (v === undefined || v === '') return null;
  if (!/^\d{1,15}$/.test(v)) throw fieldError('Last-Event-ID', 'must be a sequence number');
  return Number(v);
}

/** The notice for a cursor whose events are (partly) gone. */
function lostNotice(after: number, held: LoggedEvent[]): { lost: true; after: number; oldestSeq: number | null; detail: string } {
  return {
    lost: true,
    after,
    oldestSeq: held[0]?.seq ?? null,
    detail:
      'events after this id are no longer held (the daemon restarted, or the cursor is too old or unknown); what is held follows; re-read GET /v1/devices',
  };
}

/**
 * Device events (GW-2): SSE with sequence ids and Last-Event-ID replay, and the same stream as
 * long-poll for tills that cannot read SSE. Without a cursor, both start from now: an old
 * card.read is never replayed to a till that did not ask for it.
 */
export function eventRoutes(events: EventLog) {
  return (app: App): void => {
    app.openAPIRegistry.registerPath(
      route({
        method: 'get',
        path: '/v1/events',
        tags: ['Devices'],
        summary: 'Device events as Server-Sent Events (GW-2)',
        operationId: 'streamEvents',
        description:
          'Each event is `id: <seq>`, `event: <type>` (card.read, card.rejected, card.removed, device.state, printer.status, job.done) and `data:` a DeviceEvent as JSON. ' +
          'Send `Last-Event-ID` (or `?after=`) to replay what was missed; without it the stream starts from now. ' +
          'When events after that id are no longer held (daemon restart, too old, unknown), an `events.lost` event without an id comes first (`data`: `{lost: true, after, oldestSeq, detail}`), then everything still held: re-read GET /v1/devices. ' +
          'A comment line is sent every 15 s as keep-alive.',
        ...sseStreamSpec('Same as Last-Event-ID, for clients that cannot set headers', 'SSE frames; `data` is a DeviceEvent'),
      }),
    );
    app.get('/v1/events', (c) => sseEvents(c, events, seqOf(c.req.header('last-event-id') ?? c.req.query('after'))));

    app.openapi(
      route({
        method: 'get',
        path: '/v1/events/poll',
        tags: ['Devices'],
        summary: 'Device events by long-poll, for tills that cannot read SSE (GW-2)',
        operationId: 'pollEvents',
        description:
          'Long-poll: events after `after`, waiting up to `timeout` seconds for the first. Answers `{events, lastSeq}`; pass lastSeq as the next `after`. When events after `after` are gone, answers at once with `lost: true` and `oldestSeq`.',
        request: { query: pollQuery },
        responses: { 200: json(eventBatch), ...problemResponses },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const after = seqOf(q.after);
        const timeoutS = Math.min(MAX_POLL_S, q.timeout === undefined ? 25 : Number(q.timeout));
        if (after === null) return c.json({ events: [], lastSeq: events.lastSeq }, 200);
        const r = events.replay(after);
        if (!r.complete) {
          // Answer at once: the till must learn that events were lost and re-read state.
          const { lost, oldestSeq } = lostNotice(after, r.events);
          return c.json({ events: r.events as z.infer<typeof eventBatch>['events'], lastSeq: r.events.at(-1)?.seq ?? events.lastSeq, lost, oldestSeq }, 200);
        }
        const got = await events.waitAfter(after, timeoutS * 1000, c.req.raw.signal);
        const lastSeq = got.length ? got[got.length - 1]!.seq : Math.min(after, events.lastSeq);
        return c.json({ events: got as z.infer<typeof eventBatch>['events'], lastSeq }, 200);
      },
    );
  };
}

/**
 * The SSE response of GW-2 over `events` from cursor `from` (null = from now): an `events.lost`
 * notice first when the log cannot serve the cursor, then every held event after it, then live
 * ones, with a keep-alive comment every 15 s. `view` may reshape an event's data for a reader
 * that must not see all of it (the console masks card numbers).
 */
export function sseEvents(c: Context, events: EventLog, from: number | null, view: (e: LoggedEvent) => LoggedEvent = (e) => e): Response {
  return streamSSE(c, async (stream) => {
    const send = (e: LoggedEvent) => stream.writeSSE({ id: String(e.seq), event: e.type, data: JSON.stringify({ ...view(e) }) });
    let last = from ?? events.lastSeq;
    const queue: LoggedEvent[] = [];
    let wake: (() => void) | null = null;
    const unsubscribe = events.subscribe((e) => {
      queue.push(e);
      wake?.();
    });
    stream.onAbort(() => wake?.());
    try {
      const r = events.replay(last);
      // A cursor the log cannot fully serve (from before a daemon restart, evicted, or never
      // issued) says so first, without an id, then replays everything still held.
      if (!r.complete) {
        await stream.writeSSE({ event: 'events.lost', data: JSON.stringify(lostNotice(last, r.events)) });
        last = Math.min(last, events.lastSeq);
      }
      for (const e of r.events) {
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
}
