import type { EventLog, LoggedEvent } from '../common/event-log.js';
import type { CardReadEvent } from '../drivers/events.js';
import type { App } from './env.js';
import { seqOf, sseEvents, sseStreamSpec } from './events.js';
import { route } from './route-helpers.js';

/**
 * A card number as the technician console shows it (GW-2, GW-7): digits in groups of four, all
 * hidden but the last four, and the first four too when the number is long enough (12+) that
 * eight digits stay hidden: "6009 •••• •••• 0021", "•••• 0001".
 */
export function consoleCardNumber(number: string): string {
  const n = number.length;
  const keepHead = n >= 12 ? 4 : 0;
  const shown = [...number].map((ch, i) => (i < keepHead || i >= n - 4 ? ch : '•')).join('');
  const groups: string[] = [];
  for (let end = n; end > 0; end -= 4) groups.unshift(shown.slice(Math.max(0, end - 4), end));
  return groups.join(' ');
}

/** The console's view of an event: a card.read keeps its device, source and scheme and a masked number; nothing else about the card. */
export function consoleView(e: LoggedEvent): LoggedEvent {
  if (e.type !== 'card.read') return e;
  const d = e.data as CardReadEvent;
  return { ...e, data: { deviceId: d.deviceId, source: d.source, scheme: d.scheme, cardNumber: consoleCardNumber(d.cardNumber), known: d.card != null } };
}

/**
 * GET /v1/admin/console/events: the device event stream of GET /v1/events for the technician
 * console, every held event replayed on connect (`?after=0`), card numbers masked. Under
 * /v1/admin, so only loopback or an admin token reads it.
 */
export function consoleEventRoutes(events: EventLog) {
  return (app: App): void => {
    app.openAPIRegistry.registerPath(
      route({
        method: 'get',
        path: '/v1/admin/console/events',
        tags: ['Operations'],
        summary: 'Device events for the technician console, card numbers masked (GW-7)',
        operationId: 'streamConsoleEvents',
        description:
          'The same Server-Sent Events as GET /v1/events (ids, `Last-Event-ID` / `?after=` replay, `events.lost`, keep-alive), for the console at /console: ' +
          'a `card.read` carries only `deviceId`, `source`, `scheme`, `known` and `cardNumber` masked as `6009 •••• •••• 0021`. `?after=0` replays every event still held.',
        ...sseStreamSpec('Replay events after this id (0 = all held); absent = from now', 'SSE frames; `data` is a DeviceEvent, card numbers masked'),
      }),
    );
    app.get('/v1/admin/console/events', (c) => sseEvents(c, events, seqOf(c.req.header('last-event-id') ?? c.req.query('after')), consoleView));
  };
}
