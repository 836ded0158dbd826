import { silentLogger } from '../../src/common/logger.js';
import type { DriverContext } from '../../src/drivers/driver-context.js';
import type { HubEventMap, HubEventType } from '../../src/drivers/events.js';

export interface Recorded {
  type: HubEventType;
  data: HubEventMap[HubEventType];
}

/** A driver context that records events, with fast backoff so reconnect tests stay short. */
export function testContext(): DriverContext & { events: Recorded[] } {
  const events: Recorded[] = [];
  return {
    events,
    logger: silentLogger(),
    emit: (type, data) => void events.push({ type, data }),
    now: () => new Date(),
    backoff: { minMs: 50, maxMs: 400 },
    statusTimeoutMs: 1000,
  };
}
